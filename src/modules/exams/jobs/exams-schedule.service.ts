import type { OnApplicationBootstrap } from '@nestjs/common';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../../config';
import { JobQueueService } from '../../../queue/job-queue.service';
import { JobName } from '../../../queue/jobs';

/** Worker start-up: the sweeper runs every EXAM_SWEEP_SECONDS (upsert: replicas agree). */
@Injectable()
export class ExamsScheduleService implements OnApplicationBootstrap {
  constructor(
    private readonly jobs: JobQueueService,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.upsertSchedule(
      'exam-attempt-sweeper',
      { name: JobName.AttemptSweep, data: {} },
      { everyMs: this.config.exams.sweepMs },
    );
  }
}
