import type { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';
import { Injectable, Logger } from '@nestjs/common';
import { RepeatingTask } from '../../../common/timers/repeating-task';
import { AppConfig } from '../../../config';
import { ExportJobsService } from '../exports/export-jobs.service';

/**
 * Like the exam sweeper: a timer in every worker, not a queue job, so expired files are deleted
 * and lost or stalled builds queued again even when Redis lost the jobs (EXPORT_SWEEP_SECONDS).
 */
@Injectable()
export class EvidenceSweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly task: RepeatingTask;

  constructor(exports: ExportJobsService, config: AppConfig) {
    this.task = new RepeatingTask(
      'evidence export sweep',
      () => exports.sweep(),
      config.evidence.sweepMs,
      new Logger(EvidenceSweeper.name),
    );
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }
}
