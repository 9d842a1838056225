import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { LawNodeEntity } from './law-node.entity';
import { LawVersionEntity } from './law-version.entity';

@Entity('law_article')
@Index('UQ_law_article_number', ['versionId', 'number'], { unique: true })
// GIN trigram index for substring search of Chinese text; created by hand in the migration.
@Index('IDX_law_article_text_trgm', { synchronize: false })
export class LawArticleEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  versionId!: string;

  @ManyToOne(() => LawVersionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'version_id' })
  version?: LawVersionEntity;

  @Index('IDX_law_article_node')
  @Column({ type: 'uuid', nullable: true })
  nodeId!: string | null;

  @ManyToOne(() => LawNodeEntity, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'node_id' })
  node?: LawNodeEntity | null;

  @Column({ type: 'int' })
  number!: number;

  /** 第一千零七十七条 */
  @Column({ type: 'varchar', length: 32 })
  label!: string;

  /** 款 and 项 in order, one per line (full-text search runs over this column). */
  @Column({ type: 'text' })
  text!: string;

  @Column({ type: 'char', length: 64 })
  contentHash!: string;
}
