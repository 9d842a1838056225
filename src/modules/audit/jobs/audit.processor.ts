import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { JobName, QueueName } from '../../../queue/jobs';
import type { JobsOn } from '../../../queue/jobs';

type AuditJob = JobsOn<QueueName.Audit>;
import { AuditMaintenanceService } from '../audit-maintenance.service';

@Processor(QueueName.Audit)
export class AuditProcessor extends WorkerHost {
  constructor(private readonly maintenance: AuditMaintenanceService) {
    super();
  }

  async process(job: Job<AuditJob['data'], unknown, AuditJob['name']>): Promise<unknown> {
    const item = { name: job.name, data: job.data } as AuditJob;
    switch (item.name) {
      case JobName.AuditMaintenance:
        return this.maintenance.run(item.data.trigger);
    }
  }
}
