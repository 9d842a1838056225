import { Module } from '@nestjs/common';
import { AuditModule } from './audit.module';
import { AuditProcessor } from './jobs/audit.processor';
import { AuditScheduleService } from './jobs/audit-schedule.service';

/** Worker side of the audit module; imported only by WorkerModule. */
@Module({
  imports: [AuditModule],
  providers: [AuditProcessor, AuditScheduleService],
})
export class AuditJobsModule {}
