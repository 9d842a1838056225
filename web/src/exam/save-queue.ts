import type { KeyValueStore } from './storage';
import { examKey, readJson, writeJson } from './storage';

/** One answer change waiting for the server. */
export interface PendingSave {
  position: number;
  seq: number;
  response: string[];
}

export interface SaveAck {
  /** false: a newer save was already stored; still a success for this change. */
  applied: boolean;
  seq: number;
  savedAt: string;
}

/** What a failed save means for the queue. */
export type FailureKind =
  /** network or server trouble: keep it and retry with backoff */
  | 'retry'
  /** 409 EXAMS.ATTEMPT_CLOSED: the attempt is over, stop */
  | 'closed'
  /** the sign-in ended: wait for `resume()` after signing in again */
  | 'paused'
  /** the server refused this answer (validation): drop it */
  | 'rejected';

export type PositionState = 'saving' | 'retrying' | 'saved' | 'rejected';

export interface PositionStatus {
  state: PositionState;
  /** Server time of the last stored save. */
  savedAt: string | null;
}

export interface Scheduler {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export interface SaveQueueOptions {
  attemptId: string;
  store: KeyValueStore;
  send(save: PendingSave): Promise<SaveAck>;
  classify(error: unknown): FailureKind;
  /** Called after every state change (the page copies the status into reactive state). */
  onChange?(): void;
  onClosed?(): void;
  onPaused?(): void;
  onRejected?(save: PendingSave, error: unknown): void;
  scheduler?: Scheduler;
}

/** 1, 2, 4, 8, 15, 15… seconds after the 1st, 2nd… failure in a row. */
export function backoffMs(failures: number): number {
  return Math.min(15, 2 ** Math.max(0, failures - 1)) * 1000;
}

const defaultScheduler: Scheduler = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/**
 * The answer save queue of one attempt (web.md §6.3): each change gets
 * `seq = max(server seq, local seq) + 1`; the latest unsent change per position is kept in
 * localStorage until the server confirms it; at most one request per position is in flight and a
 * newer change waits for it, so a lower seq is never sent after a higher one; failures retry with
 * backoff (1, 2, 4 … 15 s) and at once on `retryNow()` (online, page visible).
 */
export class SaveQueue {
  private readonly pending = new Map<number, PendingSave>();
  private readonly inFlight = new Set<number>();
  private readonly seqs = new Map<number, number>();
  private readonly failed = new Set<number>();
  private readonly statuses = new Map<number, PositionStatus>();
  private failures = 0;
  private timer: unknown = null;
  private waiters: (() => void)[] = [];
  private readonly scheduler: Scheduler;
  paused = false;
  closed = false;

  constructor(private readonly o: SaveQueueOptions) {
    this.scheduler = o.scheduler ?? defaultScheduler;
  }

  private get key(): string {
    return examKey(this.o.attemptId, 'queue');
  }

  /**
   * Starts from the server's view: its seq per position, plus local entries newer than it (kept
   * from before a reload or while offline). Returns those local entries: the page shows them and
   * `retryNow()` sends them.
   */
  load(server: { position: number; seq: number | null }[]): PendingSave[] {
    for (const q of server) {
      if (q.seq !== null) {
        this.seqs.set(q.position, q.seq);
        this.statuses.set(q.position, { state: 'saved', savedAt: null });
      }
    }
    const local = readJson<PendingSave[]>(this.o.store, this.key, []);
    const restored: PendingSave[] = [];
    for (const p of local) {
      if (!p || typeof p.position !== 'number' || !Array.isArray(p.response)) continue;
      if (p.seq > (this.seqs.get(p.position) ?? 0)) {
        this.pending.set(p.position, p);
        this.seqs.set(p.position, p.seq);
        this.statuses.set(p.position, { state: 'retrying', savedAt: null });
        this.failed.add(p.position);
        restored.push(p);
      }
    }
    this.persist();
    return restored;
  }

  /** A new answer for a position: queued and sent (after the one in flight, if any). */
  change(position: number, response: string[]): number {
    const seq = (this.seqs.get(position) ?? 0) + 1;
    this.seqs.set(position, seq);
    this.pending.set(position, { position, seq, response: [...response] });
    const prev = this.statuses.get(position);
    this.statuses.set(position, {
      state: this.failed.has(position) ? 'retrying' : 'saving',
      savedAt: prev?.savedAt ?? null,
    });
    this.persist();
    this.kick(position);
    this.o.onChange?.();
    return seq;
  }

  status(position: number): PositionStatus | undefined {
    return this.statuses.get(position);
  }

  /** Positions with a change the server has not confirmed. */
  unsynced(): PendingSave[] {
    return [...this.pending.values()].sort((a, b) => a.position - b.position);
  }

  get hasUnsynced(): boolean {
    return this.pending.size > 0;
  }

  /** True after a failure until a save goes through again. */
  get retrying(): boolean {
    return this.failed.size > 0 && this.pending.size > 0;
  }

  /** The newest `savedAt` of any position (for the overall status). */
  lastSavedAt(): string | null {
    let last: string | null = null;
    for (const s of this.statuses.values()) {
      if (s.savedAt && (!last || s.savedAt > last)) last = s.savedAt;
    }
    return last;
  }

  /** Sends everything waiting now (online, page visible, sign-in back). */
  retryNow(): void {
    if (this.timer !== null) {
      this.scheduler.clear(this.timer);
      this.timer = null;
    }
    for (const position of [...this.pending.keys()]) this.kick(position);
  }

  /** After signing in again. */
  resume(): void {
    this.paused = false;
    this.persist();
    this.retryNow();
  }

  /** Resolves once nothing is unsynced, or the queue closed or paused. */
  flush(): Promise<void> {
    this.retryNow();
    if (!this.pending.size || this.closed) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Gives up the unsynced answers (the examinee chose to hand in without them). */
  abandon(): PendingSave[] {
    const dropped = this.unsynced();
    this.pending.clear();
    this.failed.clear();
    for (const d of dropped) {
      const s = this.statuses.get(d.position);
      this.statuses.set(d.position, { state: 'saved', savedAt: s?.savedAt ?? null });
    }
    this.persist();
    this.settle();
    return dropped;
  }

  /** Stops for good (the attempt ended); returns what was never stored. */
  close(): PendingSave[] {
    this.closed = true;
    if (this.timer !== null) this.scheduler.clear(this.timer);
    this.timer = null;
    const left = this.unsynced();
    this.settle();
    return left;
  }

  private kick(position: number): void {
    if (this.paused || this.closed || this.inFlight.has(position)) return;
    const save = this.pending.get(position);
    if (!save) return;
    this.inFlight.add(position);
    this.o.send(save).then(
      (ack) => this.succeeded(save, ack),
      (error: unknown) => this.failedWith(save, error),
    );
  }

  private succeeded(save: PendingSave, ack: SaveAck): void {
    this.inFlight.delete(save.position);
    if (ack.seq > (this.seqs.get(save.position) ?? 0)) this.seqs.set(save.position, ack.seq);
    const current = this.pending.get(save.position);
    if (current && current.seq <= save.seq) this.pending.delete(save.position);
    this.failed.delete(save.position);
    this.failures = 0;
    const newer = this.pending.get(save.position);
    this.statuses.set(save.position, {
      state: newer ? 'saving' : 'saved',
      savedAt: ack.savedAt,
    });
    this.persist();
    if (newer) this.kick(save.position);
    this.o.onChange?.();
    this.settle();
  }

  private failedWith(save: PendingSave, error: unknown): void {
    this.inFlight.delete(save.position);
    if (this.closed) return;
    const kind = this.o.classify(error);
    if (kind === 'closed') {
      this.o.onChange?.();
      this.o.onClosed?.();
      return;
    }
    if (kind === 'rejected') {
      if (this.pending.get(save.position)?.seq === save.seq) this.pending.delete(save.position);
      const s = this.statuses.get(save.position);
      this.statuses.set(save.position, { state: 'rejected', savedAt: s?.savedAt ?? null });
      this.persist();
      this.o.onRejected?.(save, error);
      this.o.onChange?.();
      this.settle();
      if (this.pending.has(save.position)) this.kick(save.position);
      return;
    }
    this.failed.add(save.position);
    const s = this.statuses.get(save.position);
    this.statuses.set(save.position, { state: 'retrying', savedAt: s?.savedAt ?? null });
    if (kind === 'paused') {
      if (!this.paused) {
        this.paused = true;
        this.o.onPaused?.();
      }
      this.o.onChange?.();
      return;
    }
    this.failures += 1;
    if (this.timer === null) {
      this.timer = this.scheduler.set(() => {
        this.timer = null;
        this.retryNow();
      }, backoffMs(this.failures));
    }
    this.o.onChange?.();
  }

  private settle(): void {
    if (this.pending.size && !this.closed) return;
    const w = this.waiters;
    this.waiters = [];
    for (const resolve of w) resolve();
  }

  /**
   * Writes this queue's unsynced changes, keeping entries another tab of the same attempt stored
   * that are newer than anything this one knows for their position (two tabs share the key; a
   * tab must not erase the other's answers that are not on the server yet).
   */
  private persist(): void {
    const entries = new Map(this.unsynced().map((p) => [p.position, p]));
    for (const p of readJson<PendingSave[]>(this.o.store, this.key, [])) {
      if (!p || typeof p.position !== 'number' || typeof p.seq !== 'number') continue;
      if (!Array.isArray(p.response)) continue;
      const mine = entries.get(p.position);
      const known = mine?.seq ?? this.seqs.get(p.position) ?? 0;
      if (p.seq > known) entries.set(p.position, p);
    }
    writeJson(
      this.o.store,
      this.key,
      [...entries.values()].sort((a, b) => a.position - b.position),
    );
  }
}
