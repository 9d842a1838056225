import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { LawEntity } from './law.entity';

/** One text of a law. Versions are never changed or deleted: questions point at them. */
@Entity('law_version')
@Index('UQ_law_version_no', ['lawId', 'versionNo'], { unique: true })
@Index('UQ_law_version_content', ['lawId', 'contentHash'], { unique: true })
export class LawVersionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  lawId!: string;

  @ManyToOne(() => LawEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'law_id' })
  law?: LawEntity;

  @Column({ type: 'int' })
  versionNo!: number;

  /** e.g. 2018年12月29日修订 */
  @Column({ type: 'varchar', length: 200 })
  label!: string;

  @Column({ type: 'date', nullable: true })
  effectiveDate!: string | null;

  /** Where the text came from: a file name, an upload, a URL. */
  @Column({ type: 'varchar', length: 300 })
  source!: string;

  /** Dated events of the metadata block (adopted, amended, promulgated …). */
  @Column({ type: 'jsonb' })
  events!: { date: string; event: string }[];

  /** SHA-256 over the structure and every article: the same text imports as the same version. */
  @Column({ type: 'char', length: 64 })
  contentHash!: string;

  @Column({ type: 'int' })
  articleCount!: number;

  @Column({ type: 'timestamptz' })
  importedAt!: Date;

  @Column({ type: 'uuid', nullable: true })
  importedBy!: string | null;
}
