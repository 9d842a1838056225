import { Injectable, Logger } from '@nestjs/common';

/** Results of subtrees with at least this many required people are shared for a while. */
export const CACHE_MIN_PEOPLE = 2000;
/** Served as they are for this long after being computed. */
export const CACHE_FRESH_MS = 30_000;
/** After that, served while one refresh runs, up to this age; older ones are waited for. */
export const CACHE_STALE_MS = 5 * 60_000;
const MAX_ENTRIES = 200;

interface Entry {
  planId: string;
  value?: unknown;
  at: number;
  refreshing?: Promise<unknown>;
}

/**
 * Dashboard results of big subtrees, shared for a short while. A province's figures read every
 * study record and attempt of the year (seconds), while the figures HR looks at may be half a
 * minute old: fresh for CACHE_FRESH_MS, then the stale value is served while one refresh runs
 * (stale-while-revalidate), and a value older than CACHE_STALE_MS is waited for. Only results
 * over at least CACHE_MIN_PEOPLE required people are kept, so anything smaller is always live.
 * Concurrent misses share one computation. Per process; a plan's entries are dropped when this
 * process changes its exemptions or closes it.
 */
@Injectable()
export class ComplianceCache {
  private readonly logger = new Logger(ComplianceCache.name);
  private readonly entries = new Map<string, Entry>();

  /** The value under `key`, computed (with the number of people it covers) when needed. */
  async get<T>(
    key: string,
    planId: string,
    compute: () => Promise<{ value: T; people: number }>,
  ): Promise<T> {
    const e = this.entries.get(key);
    const age = e && e.value !== undefined ? this.now() - e.at : Infinity;
    if (e && age < CACHE_FRESH_MS) return e.value as T;
    if (e && age < CACHE_STALE_MS) {
      if (!e.refreshing) {
        this.refresh(key, planId, compute).catch((err: unknown) =>
          this.logger.warn(`refreshing ${key} failed: ${String(err)}`),
        );
      }
      return e.value as T;
    }
    return (e?.refreshing ?? this.refresh(key, planId, compute)) as Promise<T>;
  }

  /** Drops a plan's entries (its exemptions changed, or it closed). */
  forget(planId: string): void {
    for (const [key, e] of this.entries) if (e.planId === planId) this.entries.delete(key);
  }

  /** Drops every entry. */
  forgetAll(): void {
    this.entries.clear();
  }

  /** Milliseconds on a monotonic clock (tests move it). */
  protected now(): number {
    return performance.now();
  }

  private refresh<T>(
    key: string,
    planId: string,
    compute: () => Promise<{ value: T; people: number }>,
  ): Promise<T> {
    const e: Entry = this.entries.get(key) ?? { planId, at: 0 };
    const run = (async () => {
      try {
        const { value, people } = await compute();
        if (this.entries.get(key) === e) {
          if (people >= CACHE_MIN_PEOPLE) {
            e.value = value;
            e.at = this.now();
          } else {
            this.entries.delete(key);
          }
        }
        return value;
      } catch (err) {
        if (this.entries.get(key) === e && e.value === undefined) this.entries.delete(key);
        throw err;
      } finally {
        e.refreshing = undefined;
      }
    })();
    e.refreshing = run;
    if (!this.entries.has(key)) {
      this.entries.set(key, e);
      if (this.entries.size > MAX_ENTRIES) {
        const oldest = this.entries.keys().next().value;
        if (oldest !== undefined) this.entries.delete(oldest);
      }
    }
    return run;
  }
}
