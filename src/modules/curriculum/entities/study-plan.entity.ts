import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { numeric } from '../../../database/numeric.transformer';
import { OrgUnitEntity } from '../../org-units';

export const PLAN_STATUSES = ['draft', 'active', 'closed'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

/** 学法考法年度计划: one unit's requirements and targets for one year. */
@Entity('study_plan')
@Index('UQ_study_plan_unit_year', ['unitId', 'year'], { unique: true })
@Check('CHK_study_plan_period', `"period_end" >= "period_start"`)
@Check('CHK_study_plan_status', `"status" IN ('draft','active','closed')`)
@Check(
  'CHK_study_plan_targets',
  `"participation_target" BETWEEN 0 AND 100 AND "exam_target" BETWEEN 0 AND 100 AND "pass_target" BETWEEN 0 AND 100 AND "pass_mark" BETWEEN 0 AND 100 AND "required_hours" >= 0`,
)
export class StudyPlanEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('IDX_study_plan_unit')
  @Column({ type: 'uuid' })
  unitId!: string;

  @ManyToOne(() => OrgUnitEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id' })
  unit?: OrgUnitEntity;

  @Column({ type: 'int' })
  year!: number;

  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @Column({ type: 'date' })
  periodStart!: string;

  @Column({ type: 'date' })
  periodEnd!: string;

  @Column({ type: 'numeric', precision: 6, scale: 1, transformer: numeric })
  requiredHours!: number;

  @Column({ type: 'numeric', precision: 5, scale: 2, default: 100, transformer: numeric })
  participationTarget!: number;

  @Column({ type: 'numeric', precision: 5, scale: 2, default: 100, transformer: numeric })
  examTarget!: number;

  @Column({ type: 'numeric', precision: 5, scale: 2, default: 100, transformer: numeric })
  passTarget!: number;

  /** Default pass mark (percent of the paper's points) for the plan's exams. */
  @Column({ type: 'numeric', precision: 5, scale: 2, default: 60, transformer: numeric })
  passMark!: number;

  @Column({ type: 'varchar', length: 16, default: 'draft' })
  status!: PlanStatus;

  /** When the 普法责任清单 was published (readable without signing in); null = not published. */
  @Column({ type: 'timestamptz', nullable: true })
  listPublishedAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
