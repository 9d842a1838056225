import { Clock } from '../../src/common/clock/clock';

/**
 * Real time plus an offset the test controls: PostgreSQL and BullMQ keep running in real time
 * while the application believes it is later. `freeze()` stops the application's time where it
 * is (set and advance still move it) for tests that count seconds between requests, which a
 * loaded machine would otherwise stretch.
 */
export class TestClock extends Clock {
  private offsetMs = 0;
  private frozenAtMs: number | null = null;

  now(): Date {
    return new Date(this.frozenAtMs ?? Date.now() + this.offsetMs);
  }

  advance(ms: number): void {
    if (this.frozenAtMs !== null) this.frozenAtMs += ms;
    else this.offsetMs += ms;
  }

  set(instant: Date | string): void {
    const ms = new Date(instant).getTime();
    if (this.frozenAtMs !== null) this.frozenAtMs = ms;
    else this.offsetMs = ms - Date.now();
  }

  /** Stops the clock at its current reading until unfreeze() or reset(). */
  freeze(): void {
    this.frozenAtMs = this.now().getTime();
  }

  /** Lets the clock run again from where it stands. */
  unfreeze(): void {
    if (this.frozenAtMs === null) return;
    this.offsetMs = this.frozenAtMs - Date.now();
    this.frozenAtMs = null;
  }

  reset(): void {
    this.offsetMs = 0;
    this.frozenAtMs = null;
  }
}
