import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AuditModule } from '../audit/audit.module';
import { CurriculumModule } from '../curriculum/curriculum.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { OrgUnitsModule } from '../org-units/org-units.module';
import { QuestionBankModule } from '../question-bank/question-bank.module';
import { StaffModule } from '../staff/staff.module';
import { AnswerKeySecrecyInterceptor } from './taking/answer-key-secrecy.interceptor';
import { AttemptFinalizer } from './taking/attempt-finalizer.service';
import { AttemptRepository } from './attempt.repository';
import { DeadlineScheduler } from './taking/deadline-scheduler.service';
import { ExamAttemptsController } from './taking/exam-attempts.controller';
import { ExamAuthoringService } from './authoring/exam-authoring.service';
import { ExamDisclosureService } from './taking/exam-disclosure.service';
import { ExamGradingService } from './results/exam-grading.service';
import { ExamMakeupService } from './results/exam-makeup.service';
import { ExamResultsController } from './results/exam-results.controller';
import { ExamResultsRepository } from './results/exam-results.repository';
import { ExamResultsService } from './results/exam-results.service';
import { ExamTakingService } from './taking/exam-taking.service';
import { ExamRepository } from './exam.repository';
import { ExamsController } from './authoring/exams.controller';
import { KeyCorrections } from './results/key-corrections.service';
import { RevisionCache } from './revision-cache.service';

@Module({
  imports: [
    AuditModule,
    CurriculumModule,
    NotificationsModule,
    OrgUnitsModule,
    QuestionBankModule,
    StaffModule,
  ],
  controllers: [ExamsController, ExamResultsController, ExamAttemptsController],
  providers: [
    ExamRepository,
    AttemptRepository,
    ExamAuthoringService,
    ExamTakingService,
    AttemptFinalizer,
    DeadlineScheduler,
    RevisionCache,
    ExamResultsRepository,
    KeyCorrections,
    ExamResultsService,
    ExamGradingService,
    ExamMakeupService,
    ExamDisclosureService,
    { provide: APP_INTERCEPTOR, useClass: AnswerKeySecrecyInterceptor },
  ],
  exports: [AttemptFinalizer, ExamResultsService, ExamDisclosureService],
})
export class ExamsModule {}
