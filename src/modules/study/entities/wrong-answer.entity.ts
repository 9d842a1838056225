import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { QuestionEntity } from '../../question-bank';
import { StaffEntity } from '../../staff';

/**
 * 错题本: a question a person answered wrongly in practice. It stays in the book until they answer
 * it right twice in a row; the row is kept afterwards (inBook false) as history, and a later
 * wrong answer puts it back.
 */
@Entity('wrong_answer_book')
@Index('IDX_wrong_answer_book_open', ['staffId', 'lastWrongAt'], { where: '"in_book"' })
@Check('CHK_wrong_answer_book_counts', `"wrong_count" >= 1 AND "right_streak" >= 0`)
export class WrongAnswerEntity {
  @PrimaryColumn({ type: 'uuid' })
  staffId!: string;

  @ManyToOne(() => StaffEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'staff_id' })
  staff?: StaffEntity;

  @PrimaryColumn({ type: 'uuid' })
  questionId!: string;

  @ManyToOne(() => QuestionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'question_id' })
  question?: QuestionEntity;

  @Column({ type: 'boolean', default: true })
  inBook!: boolean;

  /** Right answers in a row since the last wrong one. */
  @Column({ type: 'int', default: 0 })
  rightStreak!: number;

  @Column({ type: 'int', default: 1 })
  wrongCount!: number;

  @Column({ type: 'timestamptz' })
  firstWrongAt!: Date;

  @Column({ type: 'timestamptz' })
  lastWrongAt!: Date;

  @Column({ type: 'timestamptz' })
  lastAnsweredAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  clearedAt!: Date | null;
}
