import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { QuestionType } from '../question-content';

export const QUESTION_STATUSES = ['draft', 'active', 'retired'] as const;
export type QuestionStatus = (typeof QUESTION_STATUSES)[number];

/**
 * A question and its current state. The content lives in revisions; the fields here that
 * repeat the current revision (type, difficulty, tags, normalised stem) are for filtering.
 */
@Entity('question')
@Check(
  'CHK_question_type',
  `"type" IN ('single_choice','multiple_choice','true_false','fill_blank','short_answer')`,
)
@Check('CHK_question_status', `"status" IN ('draft','active','retired')`)
@Check('CHK_question_difficulty', `"difficulty" BETWEEN 1 AND 5`)
@Index('IDX_question_pool', ['status', 'needsReview', 'type', 'difficulty'])
// GIN trigram index for near-duplicate stems; created by hand in the migration.
@Index('IDX_question_stem_trgm', { synchronize: false })
export class QuestionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Stable code; imports are idempotent by it. */
  @Index('UQ_question_code', { unique: true })
  @Column({ type: 'varchar', length: 40 })
  code!: string;

  @Column({ type: 'varchar', length: 20 })
  type!: QuestionType;

  @Column({ type: 'varchar', length: 16, default: 'draft' })
  status!: QuestionStatus;

  @Column({ type: 'int' })
  difficulty!: number;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  tags!: string[];

  @Index('IDX_question_stem_norm')
  @Column({ type: 'text' })
  stemNormalized!: string;

  /** A cited article changed in a newer law version: kept out of random papers until reviewed. */
  @Column({ type: 'boolean', default: false })
  needsReview!: boolean;

  @Column({ type: 'varchar', length: 500, nullable: true })
  reviewReason!: string | null;

  @Column({ type: 'uuid', nullable: true })
  currentRevisionId!: string | null;

  @Column({ type: 'int', default: 0 })
  currentRevisionNo!: number;

  @Column({ type: 'uuid', nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
