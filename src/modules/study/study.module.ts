import { ContentStoreModule } from '../../common/files/content-store';
import { Module } from '@nestjs/common';
import { UploadModule } from '../../common/http/upload.module';
import { AuditModule } from '../audit';
import { CurriculumModule } from '../curriculum';
import { ExamsModule } from '../exams';
import { OrgUnitsModule } from '../org-units';
import { QuestionBankModule } from '../question-bank';
import { StaffModule } from '../staff';
import { MyStudyController } from './my-study.controller';
import { PracticeController } from './practice/practice.controller';
import { PracticeRepository } from './practice/practice.repository';
import { PracticeService } from './practice/practice.service';
import { ReadingLogRepository } from './reading/reading-log.repository';
import { ReadingService } from './reading/reading.service';
import { StudyLedgerService } from './records/study-ledger.service';
import { StudyRecordRepository } from './records/study-record.repository';
import { StudyRecordsController } from './records/study-records.controller';
import { StudyRecordsService } from './records/study-records.service';
import { StudySummaryService } from './records/study-summary.service';

/**
 * The study ledger and the activities that feed it: self-study reading, practice quizzes with
 * the wrong-answer book, court hearings and external training (sessions credit from their module).
 */
@Module({
  imports: [
    AuditModule,
    ContentStoreModule,
    CurriculumModule,
    ExamsModule,
    OrgUnitsModule,
    QuestionBankModule,
    StaffModule,
    UploadModule,
  ],
  controllers: [MyStudyController, PracticeController, StudyRecordsController],
  providers: [
    StudyRecordRepository,
    StudyLedgerService,
    ReadingLogRepository,
    ReadingService,
    PracticeRepository,
    PracticeService,
    StudyRecordsService,
    StudySummaryService,
  ],
  exports: [StudyLedgerService],
})
export class StudyModule {}
