import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

export const AUDIT_HASH_ALGS = ['sha256', 'hmac-sha256'] as const;
export type AuditHashAlg = (typeof AUDIT_HASH_ALGS)[number];

/**
 * Append-only, hash-chained. A trigger (migration ProtectAuditLog) refuses UPDATE, TRUNCATE and
 * any DELETE except retention of rows older than 180 days; the runtime role has only SELECT and
 * INSERT (database-setup.ts); the chain is keyed with AUDIT_HMAC_KEY (migration KeyAuditChain).
 */
@Entity('audit_log')
@Check('CHK_audit_log_hash_alg', `"hash_alg" IN ('sha256','hmac-sha256')`)
@Index('IDX_audit_log_occurred', ['occurredAt'])
@Index('IDX_audit_log_actor', ['actorId', 'occurredAt'])
@Index('IDX_audit_log_action', ['action', 'occurredAt'])
export class AuditLogEntity {
  /** Taken from audit_log_id_seq under the chain lock, so id order is chain order. */
  @PrimaryColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ type: 'uuid', nullable: true })
  actorId!: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  actorStaffNo!: string | null;

  @Column({ type: 'varchar', length: 64 })
  action!: string;

  @Column({ type: 'varchar', length: 32, nullable: true })
  targetType!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  targetId!: string | null;

  /** Org unit the event belongs to, for scoping who may read it. */
  @Index('IDX_audit_log_unit')
  @Column({ type: 'uuid', nullable: true })
  unitId!: string | null;

  @Column({ type: 'boolean' })
  success!: boolean;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  requestId!: string | null;

  @Column({ type: 'jsonb' })
  details!: Record<string, unknown>;

  @Column({ type: 'char', length: 64 })
  prevHash!: string;

  /** sha256: unkeyed, rows written before KeyAuditChain; hmac-sha256: keyed with AUDIT_HMAC_KEY. */
  @Column({ type: 'varchar', length: 16 })
  hashAlg!: AuditHashAlg;

  @Index('UQ_audit_log_hash', { unique: true })
  @Column({ type: 'char', length: 64 })
  hash!: string;
}
