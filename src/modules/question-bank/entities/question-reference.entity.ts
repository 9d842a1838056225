import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { LawVersionEntity, LawEntity } from '../../curriculum';
import { QuestionRevisionEntity } from './question-revision.entity';

/** A revision rests on this article of this law version. */
@Entity('question_reference')
@Index('UQ_question_reference', ['revisionId', 'lawVersionId', 'articleNumber'], { unique: true })
@Index('IDX_question_reference_article', ['lawVersionId', 'articleNumber'])
@Index('IDX_question_reference_law', ['lawId', 'articleNumber'])
export class QuestionReferenceEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  revisionId!: string;

  @ManyToOne(() => QuestionRevisionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'revision_id' })
  revision?: QuestionRevisionEntity;

  @Column({ type: 'uuid' })
  lawId!: string;

  @ManyToOne(() => LawEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'law_id' })
  law?: LawEntity;

  /**
   * The version the question was written against. Null while the law is known only by title
   * (the bundled bank loaded before the law text): the first import of the text fills it in.
   */
  @Column({ type: 'uuid', nullable: true })
  lawVersionId!: string | null;

  @ManyToOne(() => LawVersionEntity, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'law_version_id' })
  lawVersion?: LawVersionEntity;

  @Column({ type: 'int' })
  articleNumber!: number;
}
