import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { numeric } from '../../../database/numeric.transformer';
import { QuestionRevisionEntity, QuestionEntity } from '../../question-bank';
import type { QuestionType } from '../../question-bank';
import { StaffEntity } from '../../staff';
import { ExamEntity } from './exam.entity';

/** A fixed paper's question at a position (revision pinned when the exam is published). */
@Entity('exam_fixed_question')
export class ExamFixedQuestionEntity {
  @PrimaryColumn({ type: 'uuid' })
  examId!: string;

  @ManyToOne(() => ExamEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'exam_id' })
  exam?: ExamEntity;

  @PrimaryColumn({ type: 'int' })
  position!: number;

  @Column({ type: 'uuid' })
  questionId!: string;

  @ManyToOne(() => QuestionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'question_id' })
  question?: QuestionEntity;

  @Column({ type: 'uuid', nullable: true })
  revisionId!: string | null;

  @ManyToOne(() => QuestionRevisionEntity, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'revision_id' })
  revision?: QuestionRevisionEntity | null;

  @Column({ type: 'numeric', precision: 6, scale: 2, transformer: numeric })
  points!: number;
}

/** One line of a random paper's blueprint: how many of which questions, worth how much. */
@Entity('exam_blueprint_rule')
@Check('CHK_exam_rule_count', `"count" BETWEEN 1 AND 500`)
@Check(
  'CHK_exam_rule_difficulty',
  `"difficulty_min" BETWEEN 1 AND 5 AND "difficulty_max" BETWEEN "difficulty_min" AND 5`,
)
export class ExamBlueprintRuleEntity {
  @PrimaryColumn({ type: 'uuid' })
  examId!: string;

  @ManyToOne(() => ExamEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'exam_id' })
  exam?: ExamEntity;

  @PrimaryColumn({ type: 'int' })
  position!: number;

  @Column({ type: 'varchar', length: 20 })
  type!: QuestionType;

  @Column({ type: 'int' })
  count!: number;

  @Column({ type: 'numeric', precision: 6, scale: 2, transformer: numeric })
  pointsEach!: number;

  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  lawIds!: string[];

  @Column({ type: 'int', nullable: true })
  articleFrom!: number | null;

  @Column({ type: 'int', nullable: true })
  articleTo!: number | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  tags!: string[];

  @Column({ type: 'int', default: 1 })
  difficultyMin!: number;

  @Column({ type: 'int', default: 5 })
  difficultyMax!: number;
}

/** The questions a blueprint rule may draw from, frozen (with revisions) when published. */
@Entity('exam_pool_question')
@Index('IDX_exam_pool_rule', ['examId', 'rulePosition'])
export class ExamPoolQuestionEntity {
  @PrimaryColumn({ type: 'uuid' })
  examId!: string;

  @ManyToOne(() => ExamEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'exam_id' })
  exam?: ExamEntity;

  @PrimaryColumn({ type: 'int' })
  rulePosition!: number;

  @PrimaryColumn({ type: 'uuid' })
  questionId!: string;

  @Column({ type: 'uuid' })
  revisionId!: string;

  @ManyToOne(() => QuestionRevisionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'revision_id' })
  revision?: QuestionRevisionEntity;
}

/** Who may sit the exam: fixed from the audience when it is published. */
@Entity('exam_candidate')
@Index('IDX_exam_candidate_staff', ['staffId'])
export class ExamCandidateEntity {
  @PrimaryColumn({ type: 'uuid' })
  examId!: string;

  @ManyToOne(() => ExamEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'exam_id' })
  exam?: ExamEntity;

  @PrimaryColumn({ type: 'uuid' })
  staffId!: string;

  @ManyToOne(() => StaffEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'staff_id' })
  staff?: StaffEntity;

  /** Extra time granted to this person (seconds), applied to their attempts. */
  @Column({ type: 'int', default: 0 })
  extraSeconds!: number;
}

/**
 * A corrected answer key for one question of one exam. Grading uses it instead of the pinned
 * revision's key, and recording it regrades every finished attempt with the question; the
 * previous key, who corrected it and why are in the audit log.
 */
@Entity('exam_key_correction')
export class ExamKeyCorrectionEntity {
  @PrimaryColumn({ type: 'uuid' })
  examId!: string;

  @ManyToOne(() => ExamEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'exam_id' })
  exam?: ExamEntity;

  @PrimaryColumn({ type: 'uuid' })
  questionId!: string;

  @ManyToOne(() => QuestionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'question_id' })
  question?: QuestionEntity;

  /** In the bank's API form (letters, or accepted answers per blank). */
  @Column({ type: 'jsonb' })
  answer!: unknown;

  @Column({ type: 'varchar', length: 500 })
  reason!: string;

  @Column({ type: 'uuid' })
  correctedBy!: string;

  @Column({ type: 'timestamptz' })
  correctedAt!: Date;
}
