import type { Logger } from '@nestjs/common';

/**
 * Work that repeats on a timer inside this process (the sweepers): once at start, then
 * `intervalMs` after each run ended, so runs never overlap; `stop` waits for the run in flight.
 * A failed run is logged and the next one comes as usual. The timer does not keep the process
 * alive.
 */
export class RepeatingTask {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly name: string,
    private readonly work: () => Promise<unknown>,
    private readonly intervalMs: number,
    private readonly logger: Logger,
  ) {}

  start(firstDelayMs = 0): void {
    this.stopped = false;
    this.plan(firstDelayMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private plan(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.work()
        .then(
          () => undefined,
          (err: unknown) => this.logger.error(`${this.name} failed: ${String(err)}`),
        )
        .finally(() => {
          this.running = undefined;
          this.plan(this.intervalMs);
        });
    }, delayMs);
    this.timer.unref();
  }
}
