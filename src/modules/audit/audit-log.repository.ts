import { Injectable } from '@nestjs/common';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { subtreePatterns } from '../../database/sql';
import { TransactionHost } from '../../database/transaction-host';
import { AuditLogEntity } from './entities/audit-log.entity';

/** Arbitrary constant: the transaction-level advisory lock that orders the hash chain. */
const AUDIT_CHAIN_LOCK = 7_240_102;

export interface AuditFilter {
  scopePaths: string[] | 'all';
  action?: string;
  actorId?: string;
  actorStaffNo?: string;
  targetType?: string;
  targetId?: string;
  success?: boolean;
  from?: Date;
  to?: Date;
  offset: number;
  limit: number;
}

@Injectable()
export class AuditLogRepository {
  constructor(private readonly tx: TransactionHost) {}

  /** Must run inside a transaction: holds the chain lock until commit. */
  async lockChainAndReadHead(): Promise<{ nextId: string; prevHash: string | null }> {
    const m = this.tx.manager;
    await m.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK]);
    const head = await m.query<
      {
        hash: string;
      }[]
    >('SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1');
    const [{ id }] = await m.query<
      {
        id: string;
      }[]
    >(`SELECT nextval('audit_log_id_seq')::text AS id`);
    return { nextId: id, prevHash: head[0]?.hash ?? null };
  }

  async insert(row: AuditLogEntity): Promise<void> {
    await this.tx.repository(AuditLogEntity).insert(row as QueryDeepPartialEntity<AuditLogEntity>);
  }

  /** Rows in chain order after `afterId`, for verification. */
  async batchAfter(afterId: string | null, limit: number): Promise<AuditLogEntity[]> {
    const qb = this.tx
      .repository(AuditLogEntity)
      .createQueryBuilder('a')
      .orderBy('a.id', 'ASC')
      .limit(limit);
    if (afterId !== null) qb.where('a.id > :afterId', { afterId });
    return qb.getMany();
  }

  findById(id: string): Promise<AuditLogEntity | null> {
    return this.tx.repository(AuditLogEntity).findOneBy({ id });
  }

  /** The rows right before and after one, in chain order. */
  async neighbours(
    id: string,
  ): Promise<{ before: AuditLogEntity | null; after: AuditLogEntity | null }> {
    const qb = () => this.tx.repository(AuditLogEntity).createQueryBuilder('a').limit(1);
    const before = await qb().where('a.id < :id', { id }).orderBy('a.id', 'DESC').getOne();
    const after = await qb().where('a.id > :id', { id }).orderBy('a.id', 'ASC').getOne();
    return { before, after };
  }

  async findRetentionAnchor(anchorHash: string): Promise<AuditLogEntity | null> {
    return this.tx
      .repository(AuditLogEntity)
      .createQueryBuilder('a')
      .where(`a.action = 'audit.retention'`)
      .andWhere(`a.details->>'anchorHash' = :anchorHash`, { anchorHash })
      .getOne();
  }

  /**
   * Deletes the oldest part of the chain: every row before the first one that is not older than
   * the cutoff (so what remains is an unbroken suffix), through the owner's SECURITY DEFINER
   * function (the runtime role has no DELETE); its trigger still refuses rows younger than 180
   * days. Returns the newest deleted row.
   */
  async deleteOlderThan(
    cutoff: Date,
  ): Promise<{ count: number; lastId: string; lastHash: string } | null> {
    const rows = await this.tx.manager.query<{ count: number; lastId: string; lastHash: string }[]>(
      `SELECT deleted_count::int AS "count", last_id::text AS "lastId", last_hash AS "lastHash"
         FROM audit_log_apply_retention($1)`,
      [cutoff],
    );
    return rows[0] ?? null;
  }

  /** The newest row, and the newest row written with the unkeyed scheme. */
  async head(): Promise<{
    headId: string | null;
    headHash: string | null;
    legacyId: string | null;
  }> {
    const [row] = await this.tx.manager.query<
      { headId: string | null; headHash: string | null; legacyId: string | null }[]
    >(
      `SELECT (SELECT id::text FROM audit_log ORDER BY id DESC LIMIT 1) AS "headId",
              (SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1) AS "headHash",
              (SELECT max(id)::text FROM audit_log WHERE hash_alg = 'sha256') AS "legacyId"`,
    );
    return row;
  }

  /** What the connected role could do to audit_log behind the application's back. */
  async runtimePowers(): Promise<{ superuser: boolean; owner: boolean; canRewrite: boolean }> {
    const [row] = await this.tx.manager.query<
      { superuser: boolean; owner: boolean; canRewrite: boolean }[]
    >(
      `SELECT r.rolsuper AS superuser,
              pg_has_role(current_user, c.relowner, 'USAGE') AS owner,
              has_table_privilege(c.oid, 'UPDATE, DELETE, TRUNCATE') AS "canRewrite"
         FROM pg_roles r, pg_class c
        WHERE r.rolname = current_user AND c.oid = 'audit_log'::regclass`,
    );
    return row;
  }

  async search(filter: AuditFilter): Promise<[AuditLogEntity[], number]> {
    const qb = this.tx.repository(AuditLogEntity).createQueryBuilder('a');
    if (filter.scopePaths !== 'all') {
      qb.innerJoin('org_unit', 'u', 'u.id = a.unit_id').andWhere('u.path LIKE ANY(:scope)', {
        scope: subtreePatterns(filter.scopePaths),
      });
    }
    if (filter.action) qb.andWhere('a.action = :action', { action: filter.action });
    if (filter.actorId) qb.andWhere('a.actor_id = :actorId', { actorId: filter.actorId });
    if (filter.actorStaffNo) {
      qb.andWhere('a.actor_staff_no = :actorStaffNo', { actorStaffNo: filter.actorStaffNo });
    }
    if (filter.targetType) {
      qb.andWhere('a.target_type = :targetType', { targetType: filter.targetType });
    }
    if (filter.targetId) qb.andWhere('a.target_id = :targetId', { targetId: filter.targetId });
    if (filter.success !== undefined) {
      qb.andWhere('a.success = :success', { success: filter.success });
    }
    if (filter.from) qb.andWhere('a.occurred_at >= :from', { from: filter.from });
    if (filter.to) qb.andWhere('a.occurred_at < :to', { to: filter.to });
    return qb.orderBy('a.id', 'DESC').offset(filter.offset).limit(filter.limit).getManyAndCount();
  }
}
