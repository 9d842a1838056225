import type { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';
import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../../config';
import { AttemptFinalizer } from '../attempt-finalizer.service';

/**
 * The sweeper, on a timer inside every worker process rather than a queue job: it must keep
 * finishing overdue attempts when Redis has lost its jobs (FLUSHALL, failover) or is backlogged
 * by a deadline storm. It sweeps at start-up, then every EXAM_SWEEP_SECONDS after the previous
 * sweep ended; sweepers in several workers share the work (locked rows are skipped).
 */
@Injectable()
export class AttemptSweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(AttemptSweeper.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly finalizer: AttemptFinalizer,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.plan(0);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private plan(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.finalizer
        .sweep()
        .then(
          () => undefined,
          (err: unknown) => this.logger.error(`sweep failed: ${String(err)}`),
        )
        .finally(() => {
          this.running = undefined;
          this.plan(this.config.exams.sweepMs);
        });
    }, delayMs);
    this.timer.unref();
  }
}
