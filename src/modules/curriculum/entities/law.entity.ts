import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

export const LAW_CATEGORIES = [
  'constitution',
  'law',
  'administrative_regulation',
  'party_regulation',
  'local_regulation',
  'departmental_rule',
  'other',
] as const;
export type LawCategory = (typeof LAW_CATEGORIES)[number];

export const LAW_CATEGORY_LABELS: Record<LawCategory, string> = {
  constitution: '宪法',
  law: '法律',
  administrative_regulation: '行政法规',
  party_regulation: '党内法规',
  local_regulation: '地方性法规',
  departmental_rule: '部门规章',
  other: '其他',
};

@Entity('law')
@Check(
  'CHK_law_category',
  `"category" IN ('constitution','law','administrative_regulation','party_regulation','local_regulation','departmental_rule','other')`,
)
export class LawEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Full official title, e.g. 中华人民共和国民法典. Imports find the law by it. */
  @Index('UQ_law_title', { unique: true })
  @Column({ type: 'varchar', length: 200 })
  title!: string;

  /** 民法典 */
  @Column({ type: 'varchar', length: 100 })
  shortTitle!: string;

  @Column({ type: 'varchar', length: 32 })
  category!: LawCategory;

  @Column({ type: 'varchar', length: 200, nullable: true })
  issuingBody!: string | null;

  /** First adoption or promulgation date found in the text. */
  @Column({ type: 'date', nullable: true })
  promulgatedOn!: string | null;

  @Column({ type: 'uuid', nullable: true })
  currentVersionId!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
