import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

export const ORG_UNIT_KINDS = [
  'province',
  'city',
  'county',
  'bureau',
  'department',
  'other',
] as const;
export type OrgUnitKind = (typeof ORG_UNIT_KINDS)[number];

@Entity('org_unit')
@Check('CHK_org_unit_kind', `"kind" IN ('province','city','county','bureau','department','other')`)
@Check('CHK_org_unit_depth', `"depth" >= 0`)
export class OrgUnitEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('IDX_org_unit_parent')
  @Column({ type: 'uuid', nullable: true })
  parentId!: string | null;

  @ManyToOne(() => OrgUnitEntity, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'parent_id' })
  parent?: OrgUnitEntity | null;

  /** Short stable code used by imports, e.g. "XFJ-BGS". */
  @Index('UQ_org_unit_code', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  code!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ type: 'varchar', length: 20 })
  kind!: OrgUnitKind;

  /** Materialised path of ids, "/<root>/<child>/…/<self>/": subtree = path LIKE '<path>%'. */
  @Index('UQ_org_unit_path', { unique: true })
  @Column({ type: 'text', collation: 'C' })
  path!: string;

  @Column({ type: 'int' })
  depth!: number;

  @Column({ type: 'int', default: 0 })
  sortOrder!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
