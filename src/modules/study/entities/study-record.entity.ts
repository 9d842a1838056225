import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { numeric } from '../../../database/numeric.transformer';
import { LawEntity } from '../../curriculum';
import { StaffEntity } from '../../staff';

export const STUDY_KINDS = [
  'session',
  'makeup_study',
  'self_study',
  'practice',
  'court_hearing',
  'external_training',
] as const;
export type StudyKind = (typeof STUDY_KINDS)[number];

/** credited counts; pending waits for a secretary (court hearings, training); the rest do not. */
export const RECORD_STATUSES = ['credited', 'pending', 'rejected', 'revoked'] as const;
export type RecordStatus = (typeof RECORD_STATUSES)[number];

/**
 * One study activity of one person: the ledger every participation figure is computed from.
 * Evidence: never deleted; a record that no longer counts is rejected or revoked.
 */
@Entity('study_record')
// one record per person and source (a session, a quiz, a day of reading …)
@Index('UQ_study_record_source', ['kind', 'sourceKey', 'staffId'], { unique: true })
@Index('IDX_study_record_staff_day', ['staffId', 'occurredOn'])
// credited records by person and day with their hours, for the compliance figures: a partial
// covering index (INCLUDE), made by a hand-written migration
@Index('IDX_study_record_credited', { synchronize: false })
@Check('CHK_study_record_hours', `"hours" >= 0 AND "hours" <= 24`)
@Check(
  'CHK_study_record_kind',
  `"kind" IN ('session','makeup_study','self_study','practice','court_hearing','external_training')`,
)
@Check('CHK_study_record_status', `"status" IN ('credited','pending','rejected','revoked')`)
export class StudyRecordEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  staffId!: string;

  @ManyToOne(() => StaffEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'staff_id' })
  staff?: StaffEntity;

  @Column({ type: 'varchar', length: 24 })
  kind!: StudyKind;

  /**
   * What the record is of, unique per person and kind: a session id, a quiz id, a reading day
   * ("2026-11-27"), a submitted claim's own id.
   */
  @Column({ type: 'varchar', length: 100 })
  sourceKey!: string;

  @Column({ type: 'varchar', length: 16, default: 'credited' })
  status!: RecordStatus;

  /** The study day, in the configured time zone. */
  @Column({ type: 'date' })
  occurredOn!: string;

  /** Hours this activity earns (counted only while credited). */
  @Column({ type: 'numeric', precision: 5, scale: 2, transformer: numeric })
  hours!: number;

  @Column({ type: 'varchar', length: 200 })
  title!: string;

  /** Kind-specific facts: court and case, certificate file, quiz score … */
  @Column({ type: 'jsonb', nullable: true })
  details!: Record<string, unknown> | null;

  @Column({ type: 'uuid', nullable: true })
  decidedBy!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  decisionNote!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}

/** The laws (and articles; 0 = the law as a whole) a study record covered. */
@Entity('study_record_law')
@Index('IDX_study_record_law_law', ['lawId'])
export class StudyRecordLawEntity {
  @PrimaryColumn({ type: 'uuid' })
  recordId!: string;

  @ManyToOne(() => StudyRecordEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'record_id' })
  record?: StudyRecordEntity;

  @PrimaryColumn({ type: 'uuid' })
  lawId!: string;

  @ManyToOne(() => LawEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'law_id' })
  law?: LawEntity;

  @PrimaryColumn({ type: 'int', default: 0 })
  articleNumber!: number;
}
