import { Clock } from '../../src/common/clock/clock';

/**
 * Real time plus an offset the test controls: PostgreSQL and BullMQ keep running in real time
 * while the application believes it is later.
 */
export class TestClock extends Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }

  set(instant: Date | string): void {
    this.offsetMs = new Date(instant).getTime() - Date.now();
  }

  reset(): void {
    this.offsetMs = 0;
  }
}
