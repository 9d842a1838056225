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
import { OrgUnitEntity } from '../../org-units';

@Entity('staff')
@Check('CHK_staff_employment', `"employment_end" IS NULL OR "employment_end" >= "employment_start"`)
export class StaffEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** 工号 */
  @Index('UQ_staff_staff_no', { unique: true })
  @Column({ type: 'varchar', length: 32 })
  staffNo!: string;

  @Column({ type: 'varchar', length: 50 })
  name!: string;

  @Index('IDX_staff_unit')
  @Column({ type: 'uuid' })
  unitId!: string;

  @ManyToOne(() => OrgUnitEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id' })
  unit?: OrgUnitEntity;

  @Column({ type: 'varchar', length: 100, nullable: true })
  position!: string | null;

  @Column({ type: 'boolean', default: false })
  partyMember!: boolean;

  @Column({ type: 'date' })
  employmentStart!: string;

  @Column({ type: 'date', nullable: true })
  employmentEnd!: string | null;

  /** Account enabled. A disabled account cannot sign in and its tokens stop working. */
  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
