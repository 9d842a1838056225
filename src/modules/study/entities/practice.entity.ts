import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { LawEntity } from '../../curriculum';
import type { QuestionType } from '../../question-bank';
import { QuestionRevisionEntity, QuestionEntity } from '../../question-bank';
import { StaffEntity } from '../../staff';

export const PRACTICE_SOURCES = ['law', 'wrong_book'] as const;
export type PracticeSource = (typeof PRACTICE_SOURCES)[number];

export const QUIZ_STATUSES = ['open', 'finished'] as const;
export type QuizStatus = (typeof QUIZ_STATUSES)[number];

/** One practice quiz (练习): questions drawn for one person, answered one at a time. */
@Entity('practice_quiz')
@Index('IDX_practice_quiz_staff', ['staffId', 'startedAt'])
@Check('CHK_practice_quiz_source', `"source" IN ('law','wrong_book')`)
@Check('CHK_practice_quiz_status', `"status" IN ('open','finished')`)
@Check(
  'CHK_practice_quiz_counts',
  `"question_count" >= 1 AND "answered_count" BETWEEN 0 AND "question_count" AND "correct_count" BETWEEN 0 AND "answered_count"`,
)
export class PracticeQuizEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  staffId!: string;

  @ManyToOne(() => StaffEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'staff_id' })
  staff?: StaffEntity;

  @Column({ type: 'varchar', length: 16 })
  source!: PracticeSource;

  /** The law practised (null for a wrong-answer-book quiz across laws). */
  @Column({ type: 'uuid', nullable: true })
  lawId!: string | null;

  @ManyToOne(() => LawEntity, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'law_id' })
  law?: LawEntity | null;

  /** What was asked for, for display: 《民法典》第一编/第二章, 第 1–20 条, 错题本 … */
  @Column({ type: 'varchar', length: 300 })
  scopeLabel!: string;

  @Column({ type: 'int' })
  questionCount!: number;

  @Column({ type: 'int', default: 0 })
  answeredCount!: number;

  @Column({ type: 'int', default: 0 })
  correctCount!: number;

  @Column({ type: 'varchar', length: 16, default: 'open' })
  status!: QuizStatus;

  @Column({ type: 'timestamptz' })
  startedAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  lastAnsweredAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  /** Minutes the finished quiz earned (0 when it earned no study record). */
  @Column({ type: 'int', nullable: true })
  creditedMinutes!: number | null;
}

/** A question of a practice quiz as its person sees it, and their one answer. */
@Entity('practice_question')
@Index('IDX_practice_question_question', ['questionId'])
export class PracticeQuestionEntity {
  @PrimaryColumn({ type: 'uuid' })
  quizId!: string;

  @ManyToOne(() => PracticeQuizEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'quiz_id' })
  quiz?: PracticeQuizEntity;

  @PrimaryColumn({ type: 'int' })
  position!: number;

  @Column({ type: 'uuid' })
  questionId!: string;

  @ManyToOne(() => QuestionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'question_id' })
  question?: QuestionEntity;

  @Column({ type: 'uuid' })
  revisionId!: string;

  @ManyToOne(() => QuestionRevisionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'revision_id' })
  revision?: QuestionRevisionEntity;

  @Column({ type: 'varchar', length: 20 })
  type!: QuestionType;

  /** optionOrder[i] = index of the revision's option shown at display position i */
  @Column({ type: 'int', array: true })
  optionOrder!: number[];

  @Column({ type: 'jsonb', nullable: true })
  response!: string[] | null;

  @Column({ type: 'boolean', nullable: true })
  correct!: boolean | null;

  @Column({ type: 'timestamptz', nullable: true })
  answeredAt!: Date | null;
}
