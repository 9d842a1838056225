/**
 * The exam countdown, derived from the server (web.md §6.2): each view or heartbeat answer fixes
 * `deadlineMono = performance.now() at receipt + remainingSeconds`, and the display is computed
 * from it. Nothing is decremented, so a throttled or frozen background tab shows the right time
 * as soon as it runs again.
 */
export class ServerCountdown {
  private deadlineMono: number | null = null;

  /** A server answer received at `receivedAtMono` (performance.now()) said `remainingSeconds`. */
  sync(remainingSeconds: number, receivedAtMono: number): void {
    this.deadlineMono = receivedAtMono + Math.max(0, remainingSeconds) * 1000;
  }

  get synced(): boolean {
    return this.deadlineMono !== null;
  }

  /** Whole seconds left at `nowMono`, rounded up, never below 0 (null before the first sync). */
  remaining(nowMono: number): number | null {
    if (this.deadlineMono === null) return null;
    return Math.max(0, Math.ceil((this.deadlineMono - nowMono) / 1000));
  }
}

/** 1:02:03 or 02:03. */
export function formatRemaining(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const mm = String(m).padStart(2, '0');
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** "剩余约 N 分钟" for people who prefer no ticking clock. */
export function formatRemainingRough(seconds: number): string {
  return seconds < 60 ? '剩余不足 1 分钟' : `剩余约 ${Math.ceil(seconds / 60)} 分钟`;
}

export type TimerLevel = 'normal' | 'warning' | 'danger';

/** The visual change at 5 minutes and at 1 minute. */
export function timerLevel(seconds: number): TimerLevel {
  if (seconds <= 60) return 'danger';
  if (seconds <= 300) return 'warning';
  return 'normal';
}

const ANNOUNCE_AT: [number, string][] = [
  [600, '剩余 10 分钟'],
  [300, '剩余 5 分钟'],
  [60, '剩余 1 分钟'],
  [30, '剩余 30 秒'],
];

/**
 * The live-region announcement when the time left crosses 10 min, 5 min, 1 min or 30 s between
 * two readings (`previous` null: the first reading announces nothing).
 */
export function announcementFor(previous: number | null, current: number): string | null {
  if (previous === null || current >= previous) return null;
  let text: string | null = null;
  for (const [at, label] of ANNOUNCE_AT) {
    if (previous > at && current <= at && current > 0) text = label;
  }
  return text;
}

/** Heartbeat every 60 s with ±10 s jitter (`random` in [0, 1)). */
export function heartbeatDelayMs(random: number = Math.random()): number {
  return 50_000 + Math.floor(random * 20_000);
}
