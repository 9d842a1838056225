import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AuditModule } from '../audit';
import { CurriculumModule } from '../curriculum';
import { NotificationsModule } from '../notifications';
import { OrgUnitsModule } from '../org-units';
import { QuestionBankModule } from '../question-bank';
import { StaffModule } from '../staff';
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
