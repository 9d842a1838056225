import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { CurriculumModule } from '../curriculum/curriculum.module';
import { OrgUnitsModule } from '../org-units/org-units.module';
import { QuestionBankModule } from '../question-bank/question-bank.module';
import { StaffModule } from '../staff/staff.module';
import { AttemptFinalizer } from './attempt-finalizer.service';
import { AttemptRepository } from './attempt.repository';
import { DeadlineScheduler } from './deadline-scheduler';
import { ExamAttemptsController } from './exam-attempts.controller';
import { ExamAuthoringService } from './exam-authoring.service';
import { ExamTakingService } from './exam-taking.service';
import { ExamRepository } from './exam.repository';
import { ExamsController } from './exams.controller';
import { RevisionCache } from './revision-cache';

@Module({
  imports: [AuditModule, CurriculumModule, OrgUnitsModule, QuestionBankModule, StaffModule],
  controllers: [ExamsController, ExamAttemptsController],
  providers: [
    ExamRepository,
    AttemptRepository,
    ExamAuthoringService,
    ExamTakingService,
    AttemptFinalizer,
    DeadlineScheduler,
    RevisionCache,
  ],
  exports: [AttemptFinalizer],
})
export class ExamsModule {}
