import type { DynamicModule } from '@nestjs/common';
import { Module } from '@nestjs/common';
import type { AppConfig } from './config';
import { CoreModule } from './core.module';
import { AuditJobsModule } from './modules/audit/audit.jobs.module';
import { EvidenceJobsModule } from './modules/evidence/evidence.jobs.module';
import { ExamsJobsModule } from './modules/exams/exams.jobs.module';
import { NotificationsJobsModule } from './modules/notifications/notifications.jobs.module';
import { SessionsJobsModule } from './modules/sessions/sessions.jobs.module';

/** Every feature's worker side (processors, schedulers, sweepers). */
export const JOB_MODULES = [
  AuditJobsModule,
  EvidenceJobsModule,
  ExamsJobsModule,
  NotificationsJobsModule,
  SessionsJobsModule,
];

/** The worker process (APP_ROLE=worker): queue processors only, no HTTP. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: WorkerModule, imports: [CoreModule.forRoot(config), ...JOB_MODULES] };
  }
}
