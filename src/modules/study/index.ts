export { StudyModule } from './study.module';
export { STUDY_KINDS, StudyRecordEntity } from './entities/study-record.entity';
export type { RecordStatus, StudyKind } from './entities/study-record.entity';
export { KIND_LABELS, STATUS_LABELS } from './study-labels';
export { StudyLedgerService } from './records/study-ledger.service';
