import type { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';
import { Injectable, Logger } from '@nestjs/common';
import { RepeatingTask } from '../../../common/timers/repeating-task';
import { AppConfig } from '../../../config';
import { AttemptFinalizer } from '../taking/attempt-finalizer.service';

/**
 * The sweeper, on a timer inside every worker process rather than a queue job: it must keep
 * finishing overdue attempts when Redis has lost its jobs (FLUSHALL, failover) or is backlogged
 * by a deadline storm. It sweeps at start-up, then every EXAM_SWEEP_SECONDS after the previous
 * sweep ended; sweepers in several workers share the work (locked rows are skipped).
 */
@Injectable()
export class AttemptSweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly task: RepeatingTask;

  constructor(finalizer: AttemptFinalizer, config: AppConfig) {
    this.task = new RepeatingTask(
      'attempt sweep',
      () => finalizer.sweep(),
      config.exams.sweepMs,
      new Logger(AttemptSweeper.name),
    );
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }
}
