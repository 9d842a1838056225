import type { OnApplicationBootstrap } from '@nestjs/common';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../../config';
import { JobQueueService } from '../../../queue/job-queue.service';
import { JobName } from '../../../queue/jobs';

/** Worker start-up: (re)declares the nightly schedule; upsert keeps replicas idempotent. */
@Injectable()
export class AuditScheduleService implements OnApplicationBootstrap {
  constructor(
    private readonly jobs: JobQueueService,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.upsertSchedule(
      'audit-maintenance-nightly',
      { name: JobName.AuditMaintenance, data: { trigger: 'schedule' } },
      this.config.audit.maintenanceCron,
    );
  }
}
