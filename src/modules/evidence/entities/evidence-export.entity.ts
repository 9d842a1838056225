import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { numeric } from '../../../database/numeric.transformer';
import { StudyPlanEntity } from '../../curriculum';
import { OrgUnitEntity } from '../../org-units';
import { StaffEntity } from '../../staff';

export const EXPORT_KINDS = ['unit_workbook', 'dossier'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

export const EXPORT_STATUSES = ['queued', 'running', 'done', 'failed', 'expired'] as const;
export type ExportStatus = (typeof EXPORT_STATUSES)[number];

/**
 * One HR evidence export: a unit's workbook or one person's dossier for a year, built by a
 * BullMQ job into a file kept by its SHA-256 until it expires. Evidence: never deleted; an
 * expired export keeps its row (and so stays verifiable), only the file goes.
 */
@Entity('evidence_export')
@Index('IDX_evidence_export_unit', ['unitId', 'requestedAt'])
@Index('IDX_evidence_export_status', ['status', 'heartbeatAt'])
@Index('UQ_evidence_export_sha256', ['sha256'], { unique: true, where: '"sha256" IS NOT NULL' })
@Check('CHK_evidence_export_kind', `"kind" IN ('unit_workbook','dossier')`)
@Check('CHK_evidence_export_status', `"status" IN ('queued','running','done','failed','expired')`)
@Check('CHK_evidence_export_progress', `"progress" BETWEEN 0 AND 100`)
@Check('CHK_evidence_export_staff', `("kind" = 'dossier') = ("staff_id" IS NOT NULL)`)
export class EvidenceExportEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: ExportKind;

  /** The unit exported (with its subtree), or the person's unit for a dossier. */
  @Column({ type: 'uuid' })
  unitId!: string;

  @ManyToOne(() => OrgUnitEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id' })
  unit?: OrgUnitEntity;

  /** The person of a dossier export. */
  @Column({ type: 'uuid', nullable: true })
  staffId!: string | null;

  @ManyToOne(() => StaffEntity, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'staff_id' })
  staff?: StaffEntity | null;

  /** The plan applied (asked for, or the one that applies to the unit in the year); none = no requirements. */
  @Column({ type: 'uuid', nullable: true })
  planId!: string | null;

  @ManyToOne(() => StudyPlanEntity, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'plan_id' })
  plan?: StudyPlanEntity | null;

  @Column({ type: 'int' })
  year!: number;

  @Column({ type: 'uuid' })
  requestedBy!: string;

  @ManyToOne(() => StaffEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'requested_by' })
  requester?: StaffEntity;

  @Column({ type: 'timestamptz' })
  requestedAt!: Date;

  @Column({ type: 'varchar', length: 16, default: 'queued' })
  status!: ExportStatus;

  /** Percent built (0–100). */
  @Column({ type: 'int', default: 0 })
  progress!: number;

  /** Builds started; a build writes only while its number is the current one. */
  @Column({ type: 'int', default: 0 })
  builds!: number;

  /** Last sign of life: the request, or the build's last progress write (the sweeper's clue). */
  @Column({ type: 'timestamptz' })
  heartbeatAt!: Date;

  /** People in the file. */
  @Column({ type: 'int', nullable: true })
  staffCount!: number | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  fileName!: string | null;

  @Column({ type: 'bigint', nullable: true, transformer: numeric })
  size!: number | null;

  @Column({ type: 'char', length: 64, nullable: true })
  sha256!: string | null;

  /** The audit row that records the SHA-256 (action evidence.export_done). */
  @Column({ type: 'bigint', nullable: true })
  auditId!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  error!: string | null;
}
