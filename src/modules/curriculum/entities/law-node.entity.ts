import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import type { StructureLevel } from '../law-text/law-text-parser';
import { LawVersionEntity } from './law-version.entity';

/** 编 / 分编 / 章 / 节 (and 序言, 附则) of one law version, in text order. */
@Entity('law_node')
@Index('UQ_law_node_key', ['versionId', 'key'], { unique: true })
@Check('CHK_law_node_level', `"level" IN ('part','subpart','chapter','section')`)
export class LawNodeEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  versionId!: string;

  @ManyToOne(() => LawVersionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'version_id' })
  version?: LawVersionEntity;

  @Column({ type: 'uuid', nullable: true })
  parentId!: string | null;

  @ManyToOne(() => LawNodeEntity, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'parent_id' })
  parent?: LawNodeEntity | null;

  @Column({ type: 'varchar', length: 16 })
  level!: StructureLevel;

  @Column({ type: 'int', nullable: true })
  number!: number | null;

  /** 第一编, 第三章, 序言 */
  @Column({ type: 'varchar', length: 32 })
  label!: string;

  @Column({ type: 'varchar', length: 200 })
  title!: string;

  /** Labels from the top: 第一编/第二章/第一节 */
  @Column({ type: 'varchar', length: 200 })
  key!: string;

  /** Text of the node itself (the 宪法 preamble). */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  paragraphs!: string[];

  @Column({ type: 'int' })
  sortOrder!: number;

  /** First and last article under the node (null when it holds none). */
  @Column({ type: 'int', nullable: true })
  firstArticle!: number | null;

  @Column({ type: 'int', nullable: true })
  lastArticle!: number | null;
}
