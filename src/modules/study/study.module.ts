import { Module } from '@nestjs/common';
import { StudyLedgerService } from './study-ledger.service';
import { StudyRecordRepository } from './study-record.repository';

/** The study ledger (and, in time, self-study reading, practice, hearings, training). */
@Module({
  providers: [StudyRecordRepository, StudyLedgerService],
  exports: [StudyLedgerService],
})
export class StudyModule {}
