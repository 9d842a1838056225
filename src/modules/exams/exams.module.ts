import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AuditModule } from '../audit';
import { CurriculumModule } from '../curriculum';
import { NotificationsModule } from '../notifications';
import { OrgUnitsModule } from '../org-units';
import { QuestionBankModule } from '../question-bank';
import { StaffModule } from '../staff';
import { AnswerKeySecrecyInterceptor } from './answer-key-secrecy.interceptor';
import { AttemptFinalizer } from './attempt-finalizer.service';
import { AttemptRepository } from './attempt.repository';
import { DeadlineScheduler } from './deadline-scheduler';
import { ExamAttemptsController } from './exam-attempts.controller';
import { ExamAuthoringService } from './exam-authoring.service';
import { ExamDisclosureService } from './exam-disclosure.service';
import { ExamGradingService } from './exam-grading.service';
import { ExamMakeupService } from './exam-makeup.service';
import { ExamResultsController } from './exam-results.controller';
import { ExamResultsRepository } from './exam-results.repository';
import { ExamResultsService } from './exam-results.service';
import { ExamTakingService } from './exam-taking.service';
import { ExamRepository } from './exam.repository';
import { ExamsController } from './exams.controller';
import { KeyCorrections } from './key-corrections';
import { RevisionCache } from './revision-cache';

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
