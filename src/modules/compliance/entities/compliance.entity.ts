import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { StudyPlanEntity } from '../../curriculum';
import { StaffEntity } from '../../staff';
import { StudyRecordEntity } from '../../study';
import type { ComplianceRow, SessionRow, StudiedRow } from '../compliance-figures';

/**
 * An approved removal of one person from a plan's required staff (retired, long sick leave,
 * 借调, new hire): who approved it and when. Revoked rather than deleted.
 */
@Entity('plan_exemption')
@Index('UQ_plan_exemption_active', ['planId', 'staffId'], {
  unique: true,
  where: '"revoked_at" IS NULL',
})
export class PlanExemptionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  planId!: string;

  @ManyToOne(() => StudyPlanEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'plan_id' })
  plan?: StudyPlanEntity;

  @Column({ type: 'uuid' })
  staffId!: string;

  @ManyToOne(() => StaffEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'staff_id' })
  staff?: StaffEntity;

  @Column({ type: 'varchar', length: 500 })
  reason!: string;

  /** Who approved it, as written on the approval (局党组, 局长 王五 …). */
  @Column({ type: 'varchar', length: 100 })
  approvedBy!: string;

  @Column({ type: 'date' })
  approvedOn!: string;

  @Column({ type: 'uuid', nullable: true })
  recordedBy!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  recordedAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  revokedBy!: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  revokeReason!: string | null;
}

/** A closed plan's figures, frozen with the rows they were computed from. */
@Entity('plan_snapshot')
export class PlanSnapshotEntity {
  @PrimaryColumn({ type: 'uuid' })
  planId!: string;

  @ManyToOne(() => StudyPlanEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'plan_id' })
  plan?: StudyPlanEntity;

  @Column({ type: 'timestamptz' })
  frozenAt!: Date;

  /** One row per required person, as computed at closing. */
  @Column({ type: 'jsonb' })
  rows!: ComplianceRow[];

  /** One row per session held in the period. */
  @Column({ type: 'jsonb' })
  sessions!: SessionRow[];

  /** The date the figures were evaluated at (the period's end, or the closing day if earlier). */
  @Column({ type: 'date' })
  asOf!: string;

  /**
   * What the required people studied (laws, court hearings), for the report's sentences; null
   * in snapshots taken before it was kept, whose reports read the records instead.
   */
  @Column({ type: 'jsonb', nullable: true })
  studied!: StudiedRow[] | null;
}

/**
 * Which required-law facts the figures need, kept as study records arrive: one row per credited
 * study record and law it covered (articles collapsed), with the record's person and day, so the
 * first day a person studied a law in a period is one index probe instead of a join of the
 * whole ledger. Written only by database triggers on study_record and study_record_law (same
 * transaction as the write; see migration MaintainLawStudy), never by the application; rebuilt
 * from the ledger by `npm run cli -- compliance:rebuild`.
 */
@Entity('compliance_law_study')
@Index('IDX_compliance_law_study_person', ['staffId', 'lawId', 'occurredOn'])
export class ComplianceLawStudyEntity {
  @PrimaryColumn({ type: 'uuid' })
  recordId!: string;

  @ManyToOne(() => StudyRecordEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'record_id' })
  record?: StudyRecordEntity;

  @PrimaryColumn({ type: 'uuid' })
  lawId!: string;

  @Column({ type: 'uuid' })
  staffId!: string;

  @Column({ type: 'date' })
  occurredOn!: string;
}
