import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { JobName, QueueName } from '../../../queue/jobs';
import type { JobItem } from '../../../queue/jobs';
import { AuditMaintenanceService } from '../audit-maintenance.service';

@Processor(QueueName.Audit)
export class AuditProcessor extends WorkerHost {
  constructor(private readonly maintenance: AuditMaintenanceService) {
    super();
  }

  async process(job: Job<JobItem['data'], unknown, JobItem['name']>): Promise<unknown> {
    switch (job.name) {
      case JobName.AuditMaintenance:
        return this.maintenance.run(job.data.trigger);
    }
  }
}
