import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
// By name, not by class: staff depends on auth (its module and services), so auth's entities
// must not load staff's public file at run time.
import type { StaffEntity } from '../../staff';

/** Kept apart from the roster so roster reads and exports never touch password hashes. */
@Entity('staff_credential')
export class StaffCredentialEntity {
  @PrimaryColumn({ type: 'uuid' })
  staffId!: string;

  @OneToOne('StaffEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'staff_id' })
  staff?: StaffEntity;

  /** argon2id encoded hash (parameters inside the string). */
  @Column({ type: 'text' })
  passwordHash!: string;

  @Column({ type: 'boolean', default: true })
  mustChangePassword!: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  passwordChangedAt!: Date | null;

  @Column({ type: 'int', default: 0 })
  failedAttempts!: number;

  /** Bumped on password change, disable and role change: older access tokens are refused. */
  @Column({ type: 'int', default: 0 })
  tokenVersion!: number;

  @Column({ type: 'timestamptz', nullable: true })
  lockedUntil!: Date | null;
}
