import type { DynamicModule } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { AllExceptionsFilter } from './common/http/all-exceptions.filter';
import { createValidationPipe } from './common/validation';
import type { AppConfig } from './config';
import { CoreModule } from './core.module';
import { AuditModule } from './modules/audit/audit.module';
import { AuthModule } from './modules/auth/auth.module';
import { ComplianceModule } from './modules/compliance/compliance.module';
import { CurriculumModule } from './modules/curriculum/curriculum.module';
import { GlobalAuthGuard } from './modules/auth/tokens/global-auth.guard';
import { DemoModule } from './modules/demo/demo.module';
import { EvidenceModule } from './modules/evidence/evidence.module';
import { ExamsModule } from './modules/exams/exams.module';
import { HealthModule } from './modules/health/health.module';
import { NotificationsModule } from './modules/notifications/notifications.module';
import { OrgUnitsModule } from './modules/org-units/org-units.module';
import { QuestionBankModule } from './modules/question-bank/question-bank.module';
import { SessionsModule } from './modules/sessions/sessions.module';
import { StaffModule } from './modules/staff/staff.module';
import { StudyModule } from './modules/study/study.module';
import { WebModule } from './modules/web/web.module';
import { JOB_MODULES } from './worker.module';

export const FEATURE_MODULES = [
  AuditModule,
  AuthModule,
  OrgUnitsModule,
  StaffModule,
  CurriculumModule,
  QuestionBankModule,
  ExamsModule,
  StudyModule,
  NotificationsModule,
  SessionsModule,
  ComplianceModule,
  EvidenceModule,
  DemoModule,
  HealthModule,
  WebModule,
];

/** The API process; with APP_ROLE=all it also runs every worker. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config),
        ...FEATURE_MODULES,
        ...(config.runsWorkers ? JOB_MODULES : []),
      ],
      providers: [
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_GUARD, useClass: GlobalAuthGuard },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
      ],
    };
  }
}
