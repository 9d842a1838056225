import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { QuestionType } from '../question-content';

/** A letter, letters, accepted answers per blank, or a reference answer (see QuestionContent). */
export type QuestionAnswer = string | string[] | string[][];
import { QuestionEntity } from './question.entity';

/**
 * The content of a question at one point in time. Never changed after it is written: exams pin
 * the revision they used.
 */
@Entity('question_revision')
@Index('UQ_question_revision_no', ['questionId', 'revisionNo'], { unique: true })
export class QuestionRevisionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  questionId!: string;

  @ManyToOne(() => QuestionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'question_id' })
  question?: QuestionEntity;

  @Column({ type: 'int' })
  revisionNo!: number;

  @Column({ type: 'varchar', length: 20 })
  type!: QuestionType;

  @Column({ type: 'text' })
  stem!: string;

  /** Choice texts in order (A, B, …); 正确/错误 for true/false; empty otherwise. */
  @Column({ type: 'jsonb' })
  options!: string[];

  /**
   * single_choice and true_false: "B"; multiple_choice: ["A","C"]; fill_blank: accepted answers
   * per blank [["十五日","15日"]]; short_answer: the reference answer.
   */
  @Column({ type: 'jsonb' })
  answer!: QuestionAnswer;

  @Column({ type: 'jsonb', default: () => `'[]'` })
  keywords!: string[];

  /** fill_blank: more accepted answers per blank, [["诚实信用"]]; empty for none. */
  @Column({ type: 'jsonb', default: () => `'[]'` })
  synonyms!: string[][];

  /** fill_blank: the blanks may be answered in any order. */
  @Column({ type: 'boolean', default: false })
  orderFree!: boolean;

  @Column({ type: 'text' })
  explanation!: string;

  @Column({ type: 'int' })
  difficulty!: number;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  tags!: string[];

  @Column({ type: 'varchar', length: 200, nullable: true })
  evidence!: string | null;

  /** SHA-256 of the content: an import that changes nothing writes nothing. */
  @Column({ type: 'char', length: 64 })
  contentHash!: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  changeNote!: string | null;

  @Column({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'uuid', nullable: true })
  createdBy!: string | null;
}
