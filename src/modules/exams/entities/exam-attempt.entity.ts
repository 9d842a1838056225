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
import { numeric } from '../../../database/numeric.transformer';
import type { QuestionType } from '../../question-bank';
import { QuestionRevisionEntity } from '../../question-bank';
import { StaffEntity } from '../../staff';
import { ExamEntity } from './exam.entity';

export const ATTEMPT_STATUSES = ['in_progress', 'finished'] as const;
export type AttemptStatus = (typeof ATTEMPT_STATUSES)[number];
export const FINALISED_BY = ['examinee', 'timer', 'sweeper', 'read'] as const;
export type FinalisedBy = (typeof FINALISED_BY)[number];

/** One sitting. Evidence: never deleted. */
@Entity('exam_attempt')
@Index('UQ_exam_attempt_no', ['examId', 'staffId', 'attemptNo'], { unique: true })
// at most one open attempt per person and exam
@Index('UQ_exam_attempt_open', ['examId', 'staffId'], {
  unique: true,
  where: `"status" = 'in_progress'`,
})
@Index('IDX_exam_attempt_due', ['deadlineAt'], { where: `"status" = 'in_progress'` })
@Check('CHK_exam_attempt_status', `"status" IN ('in_progress','finished')`)
export class ExamAttemptEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  examId!: string;

  @ManyToOne(() => ExamEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'exam_id' })
  exam?: ExamEntity;

  @Index('IDX_exam_attempt_staff')
  @Column({ type: 'uuid' })
  staffId!: string;

  @ManyToOne(() => StaffEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'staff_id' })
  staff?: StaffEntity;

  @Column({ type: 'int' })
  attemptNo!: number;

  @Column({ type: 'varchar', length: 16, default: 'in_progress' })
  status!: AttemptStatus;

  @Column({ type: 'timestamptz' })
  startedAt!: Date;

  /** min(start + duration, window close) + extra time: saves are accepted until deadline + grace. */
  @Column({ type: 'timestamptz' })
  deadlineAt!: Date;

  /** min(submit, deadline). */
  @Column({ type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  finalisedBy!: FinalisedBy | null;

  @Column({ type: 'numeric', precision: 8, scale: 2, nullable: true, transformer: numeric })
  score!: number | null;

  @Column({ type: 'numeric', precision: 8, scale: 2, transformer: numeric })
  maxScore!: number;

  /** null while a short answer waits for a person. */
  @Column({ type: 'boolean', nullable: true })
  passed!: boolean | null;

  @Column({ type: 'boolean', default: false })
  gradingPending!: boolean;

  @Column({ type: 'int', default: 0 })
  focusLossCount!: number;
}

/** A question of an attempt's paper: the pinned revision, its points and option order. */
@Entity('attempt_question')
export class AttemptQuestionEntity {
  @PrimaryColumn({ type: 'uuid' })
  attemptId!: string;

  @ManyToOne(() => ExamAttemptEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'attempt_id' })
  attempt?: ExamAttemptEntity;

  /** 1-based, the order the examinee sees. */
  @PrimaryColumn({ type: 'int' })
  position!: number;

  @Column({ type: 'uuid' })
  questionId!: string;

  @Index('IDX_attempt_question_revision')
  @Column({ type: 'uuid' })
  revisionId!: string;

  @ManyToOne(() => QuestionRevisionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'revision_id' })
  revision?: QuestionRevisionEntity;

  @Column({ type: 'varchar', length: 20 })
  type!: QuestionType;

  @Column({ type: 'numeric', precision: 6, scale: 2, transformer: numeric })
  points!: number;

  /** optionOrder[i] = index in the revision's options of the option shown at position i. */
  @Column({ type: 'int', array: true, default: () => "'{}'" })
  optionOrder!: number[];
}

/** The examinee's latest answer to one question, written by the one-statement save. */
@Entity('attempt_answer')
export class AttemptAnswerEntity {
  @PrimaryColumn({ type: 'uuid' })
  attemptId!: string;

  @ManyToOne(() => ExamAttemptEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'attempt_id' })
  attempt?: ExamAttemptEntity;

  @PrimaryColumn({ type: 'int' })
  position!: number;

  /** Display letters, blank fillings or text; see SaveAnswerDto. */
  @Column({ type: 'jsonb' })
  response!: string[];

  /** The client's sequence number: a lower one never overwrites a higher one. */
  @Column({ type: 'bigint', transformer: numeric })
  seq!: number;

  @Column({ type: 'timestamptz' })
  savedAt!: Date;

  @Column({ type: 'numeric', precision: 6, scale: 2, nullable: true, transformer: numeric })
  score!: number | null;

  @Column({ type: 'uuid', nullable: true })
  gradedBy!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  gradedAt!: Date | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  feedback!: string | null;
}

/** Focus-loss and similar events reported by the examinee's client. */
@Entity('attempt_event')
@Index('IDX_attempt_event_attempt', ['attemptId', 'occurredAt'])
export class AttemptEventEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  attemptId!: string;

  @ManyToOne(() => ExamAttemptEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'attempt_id' })
  attempt?: ExamAttemptEntity;

  @Column({ type: 'varchar', length: 32 })
  kind!: string;

  @Column({ type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ type: 'jsonb', nullable: true })
  details!: Record<string, string | number | boolean | null> | null;
}

/** Extra time granted to one person for one exam: why, by whom, when. */
@Entity('exam_extra_time')
export class ExamExtraTimeEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('IDX_exam_extra_time_exam')
  @Column({ type: 'uuid' })
  examId!: string;

  @ManyToOne(() => ExamEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'exam_id' })
  exam?: ExamEntity;

  @Column({ type: 'uuid' })
  staffId!: string;

  @ManyToOne(() => StaffEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'staff_id' })
  staff?: StaffEntity;

  @Column({ type: 'int' })
  seconds!: number;

  @Column({ type: 'varchar', length: 500 })
  reason!: string;

  @Column({ type: 'uuid' })
  grantedBy!: string;

  @Column({ type: 'timestamptz' })
  grantedAt!: Date;
}
