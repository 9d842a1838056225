/**
 * Reading credit for the law reader (web.md §5.6): a heartbeat for the article most in view,
 * only while the page is visible and the person acted within the last two minutes, each one
 * `nextHeartbeatSeconds` after the previous answer, none after `capReached`. Plain TypeScript
 * with its clock, timers and visibility passed in, so it can be tested without a browser.
 */

/** The answer of POST /me/reading/heartbeat that matters here. */
export interface HeartbeatResult {
  creditedMinutes: number;
  capMinutes: number;
  capReached: boolean;
  nextHeartbeatSeconds: number;
}

export interface ReadingCreditDeps {
  send(articleNumber: number): Promise<HeartbeatResult>;
  /** Called after each answer (show 今日已计入自学 N 分钟). */
  onResult?(result: HeartbeatResult): void;
  /** Called when a heartbeat fails; the schedule goes on after the usual interval. */
  onError?(error: unknown): void;
  now?: () => number;
  isVisible?: () => boolean;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

/** No input for this long and the reader stops reporting (until the next input). */
export const IDLE_AFTER_MS = 2 * 60_000;
/** The server's interval until it says otherwise; the first beat waits this long too. */
export const DEFAULT_INTERVAL_SECONDS = 30;

export class ReadingCredit {
  private article: number | null = null;
  private lastInput: number;
  private intervalMs = DEFAULT_INTERVAL_SECONDS * 1000;
  private timer: unknown = null;
  private inFlight = false;
  private stopped = false;
  private capped = false;
  private readonly now: () => number;
  private readonly visible: () => boolean;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;

  constructor(private readonly deps: ReadingCreditDeps) {
    this.now = deps.now ?? (() => Date.now());
    this.visible = deps.isVisible ?? (() => document.visibilityState === 'visible');
    this.setTimer = deps.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = deps.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
    this.lastInput = this.now();
  }

  /** True once the server said today's cap is reached: nothing more is sent. */
  get capReached(): boolean {
    return this.capped;
  }

  /** Heartbeats would be sent now (visible, recent input, an article, not capped). */
  get active(): boolean {
    return (
      !this.stopped &&
      !this.capped &&
      this.article !== null &&
      this.visible() &&
      this.now() - this.lastInput < IDLE_AFTER_MS
    );
  }

  /** The article most in view changed (null: none). */
  setArticle(articleNumber: number | null): void {
    this.article = articleNumber;
    this.resume();
  }

  /** Pointer, key, touch, scroll or wheel input. */
  noteInput(): void {
    this.lastInput = this.now();
    this.resume();
  }

  /** The page became visible or hidden. */
  visibilityChanged(): void {
    if (this.visible()) this.resume();
    else this.cancel();
  }

  stop(): void {
    this.stopped = true;
    this.cancel();
  }

  /** Starts a full interval from now if nothing is scheduled: time on screen comes first. */
  private resume(): void {
    if (this.timer !== null || this.inFlight || !this.active) return;
    this.schedule();
  }

  private schedule(): void {
    this.cancel();
    this.timer = this.setTimer(() => void this.beat(), this.intervalMs);
  }

  private cancel(): void {
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = null;
  }

  private async beat(): Promise<void> {
    this.timer = null;
    // hidden or idle now: wait for the next input or visibility change
    if (!this.active || this.article === null) return;
    this.inFlight = true;
    try {
      const result = await this.deps.send(this.article);
      if (result.nextHeartbeatSeconds > 0) this.intervalMs = result.nextHeartbeatSeconds * 1000;
      if (result.capReached) this.capped = true;
      this.deps.onResult?.(result);
    } catch (error) {
      this.deps.onError?.(error);
    } finally {
      this.inFlight = false;
    }
    if (this.active) this.schedule();
  }
}
