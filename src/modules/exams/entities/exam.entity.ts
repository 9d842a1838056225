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
import { StudyPlanEntity } from '../../curriculum';
import { OrgUnitEntity } from '../../org-units';
import type { MultipleChoiceScoring } from '../grading/grading';

export const EXAM_KINDS = ['official', 'mock', 'makeup'] as const;
export type ExamKind = (typeof EXAM_KINDS)[number];
export const EXAM_STATUSES = ['draft', 'published', 'closed', 'archived'] as const;
export type ExamStatus = (typeof EXAM_STATUSES)[number];
export const PAPER_MODES = ['fixed', 'random'] as const;
export type PaperMode = (typeof PAPER_MODES)[number];
export const SCORE_POLICIES = ['highest', 'latest'] as const;
export type ScorePolicy = (typeof SCORE_POLICIES)[number];
export const REVIEW_CONTENTS = ['score_only', 'with_answers'] as const;
export type ReviewContent = (typeof REVIEW_CONTENTS)[number];
export const REVIEW_TIMINGS = ['after_submit', 'after_close'] as const;
export type ReviewTiming = (typeof REVIEW_TIMINGS)[number];

@Entity('exam')
@Check('CHK_exam_kind', `"kind" IN ('official','mock','makeup')`)
@Check('CHK_exam_status', `"status" IN ('draft','published','closed','archived')`)
@Check('CHK_exam_window', `"closes_at" > "opens_at"`)
@Check('CHK_exam_duration', `"duration_seconds" BETWEEN 60 AND 86400`)
@Check('CHK_exam_attempts', `"attempts_allowed" BETWEEN 1 AND 20`)
@Check('CHK_exam_pass_mark', `"pass_mark" BETWEEN 0 AND 100`)
export class ExamEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** The unit that owns the exam: its secretaries and admins manage it. */
  @Index('IDX_exam_unit')
  @Column({ type: 'uuid' })
  unitId!: string;

  @ManyToOne(() => OrgUnitEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id' })
  unit?: OrgUnitEntity;

  @Index('IDX_exam_plan')
  @Column({ type: 'uuid', nullable: true })
  planId!: string | null;

  @ManyToOne(() => StudyPlanEntity, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'plan_id' })
  plan?: StudyPlanEntity | null;

  /** A make-up exam's official exam. */
  @Column({ type: 'uuid', nullable: true })
  parentExamId!: string | null;

  @ManyToOne(() => ExamEntity, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'parent_exam_id' })
  parentExam?: ExamEntity | null;

  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: ExamKind;

  @Column({ type: 'varchar', length: 16, default: 'draft' })
  status!: ExamStatus;

  @Column({ type: 'timestamptz' })
  opensAt!: Date;

  @Column({ type: 'timestamptz' })
  closesAt!: Date;

  @Column({ type: 'int' })
  durationSeconds!: number;

  /** Percent of the paper's points. */
  @Column({ type: 'numeric', precision: 5, scale: 2, transformer: numeric })
  passMark!: number;

  @Column({ type: 'int', default: 1 })
  attemptsAllowed!: number;

  @Column({ type: 'varchar', length: 16, default: 'highest' })
  scorePolicy!: ScorePolicy;

  @Column({ type: 'varchar', length: 16 })
  paperMode!: PaperMode;

  @Column({ type: 'boolean', default: false })
  shuffleQuestions!: boolean;

  @Column({ type: 'boolean', default: false })
  shuffleOptions!: boolean;

  @Column({ type: 'varchar', length: 16, default: 'all_or_nothing' })
  multipleChoiceScoring!: MultipleChoiceScoring;

  @Column({ type: 'varchar', length: 16, default: 'score_only' })
  reviewContent!: ReviewContent;

  @Column({ type: 'varchar', length: 16, default: 'after_submit' })
  reviewTiming!: ReviewTiming;

  /** Points of one paper (every paper of an exam has the same total). */
  @Column({ type: 'numeric', precision: 8, scale: 2, default: 0, transformer: numeric })
  totalPoints!: number;

  /** Unit ids of the audience definition (fixed into candidates when published). */
  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  audienceUnitIds!: string[];

  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  audienceStaffIds!: string[];

  @Column({ type: 'timestamptz', nullable: true })
  publishedAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
