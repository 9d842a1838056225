import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import type { RoleName } from '../../../common/auth/principal';
import { OrgUnitEntity } from '../../org-units';
import { StaffEntity } from './staff.entity';

@Entity('role_assignment')
@Index('UQ_role_assignment', ['staffId', 'role', 'unitId'], { unique: true })
@Check('CHK_role_assignment_role', `"role" IN ('staff','secretary','hr','admin')`)
export class RoleAssignmentEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  staffId!: string;

  @ManyToOne(() => StaffEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'staff_id' })
  staff?: StaffEntity;

  @Column({ type: 'varchar', length: 16 })
  role!: RoleName;

  @Index('IDX_role_assignment_unit')
  @Column({ type: 'uuid' })
  unitId!: string;

  @ManyToOne(() => OrgUnitEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id' })
  unit?: OrgUnitEntity;

  @Column({ type: 'uuid', nullable: true })
  grantedBy!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
