import type { FailureKind, Scheduler } from './save-queue';
import { backoffMs } from './save-queue';
import type { KeyValueStore } from './storage';
import { examKey, readJson, writeJson } from './storage';

export type AttemptEventKind = 'focus_lost' | 'focus_returned' | 'page_hidden' | 'page_visible';

export interface QueuedEvent {
  kind: AttemptEventKind;
  clientTime: string;
}

export interface EventQueueOptions {
  attemptId: string;
  store: KeyValueStore;
  send(event: QueuedEvent): Promise<unknown>;
  classify(error: unknown): FailureKind;
  scheduler?: Scheduler;
}

/**
 * Integrity events (web.md §6.6), sent one at a time in order, kept in localStorage while offline
 * and retried like answers. After the attempt ends (409) the rest is dropped: nobody reads them.
 */
export class EventQueue {
  private items: QueuedEvent[];
  private sending = false;
  private failures = 0;
  private timer: unknown = null;
  paused = false;
  stopped = false;
  private readonly scheduler: Scheduler;

  constructor(private readonly o: EventQueueOptions) {
    this.items = readJson<QueuedEvent[]>(o.store, examKey(o.attemptId, 'events'), []);
    this.scheduler = o.scheduler ?? {
      set: (fn, ms) => setTimeout(fn, ms),
      clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
    };
  }

  get length(): number {
    return this.items.length;
  }

  push(kind: AttemptEventKind, clientTime: string): void {
    if (this.stopped) return;
    this.items.push({ kind, clientTime });
    this.persist();
    void this.pump();
  }

  retryNow(): void {
    if (this.timer !== null) this.scheduler.clear(this.timer);
    this.timer = null;
    void this.pump();
  }

  resume(): void {
    this.paused = false;
    this.retryNow();
  }

  stop(): void {
    this.stopped = true;
    this.items = [];
    this.persist();
  }

  private async pump(): Promise<void> {
    if (this.sending || this.paused || this.stopped) return;
    this.sending = true;
    try {
      while (this.items.length && !this.paused && !this.stopped) {
        const next = this.items[0];
        try {
          await this.o.send(next);
        } catch (error) {
          const kind = this.o.classify(error);
          if (kind === 'closed') {
            this.stop();
            return;
          }
          if (kind === 'paused') {
            this.paused = true;
            return;
          }
          if (kind === 'retry') {
            this.failures += 1;
            if (this.timer === null) {
              this.timer = this.scheduler.set(() => {
                this.timer = null;
                void this.pump();
              }, backoffMs(this.failures));
            }
            return;
          }
          // rejected: drop this one and go on
        }
        this.failures = 0;
        this.items.shift();
        this.persist();
      }
    } finally {
      this.sending = false;
    }
  }

  private persist(): void {
    writeJson(this.o.store, examKey(this.o.attemptId, 'events'), this.items);
  }
}
