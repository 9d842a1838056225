import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../config';
import type { Principal } from '../../common/auth';
import { scopePaths } from '../../common/auth';
import { Clock } from '../../common/clock/clock';
import { RequestContext } from '../../common/http/request-context';
import { TransactionHost } from '../../database/transaction-host';
import { GENESIS_HASH, auditRowHash } from './audit-hash';
import type { AuditFilter } from './audit-log.repository';
import { AuditLogRepository } from './audit-log.repository';
import { AuditLogEntity } from './entities/audit-log.entity';

/** A fact worth keeping. `actor`, `ip` and `requestId` default to the current request's. */
export interface AuditEntry {
  action: string;
  success?: boolean;
  actor?: { id: string; staffNo: string } | null;
  target?: { type: string; id: string };
  unitId?: string | null;
  details?: Record<string, unknown>;
}

export interface ChainVerification {
  ok: boolean;
  checked: number;
  firstId: string | null;
  lastId: string | null;
  brokenAtId?: string;
  reason?: 'hash_mismatch' | 'prev_hash_mismatch' | 'unknown_anchor';
}

const VERIFY_BATCH = 5000;

@Injectable()
export class AuditService {
  private readonly logger = new Logger(AuditService.name);

  constructor(
    private readonly repo: AuditLogRepository,
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /**
   * Appends a row to the chain. Inside an open transaction it commits or rolls back with it
   * (and holds the chain lock until then); otherwise it commits on its own.
   */
  async record(entry: AuditEntry): Promise<void> {
    await this.append(entry);
  }

  /** As `record`, returning the new row's id (for a caller that keeps a reference to it). */
  async append(entry: AuditEntry): Promise<string> {
    const ctx = RequestContext.current();
    return this.tx.run(async () => {
      const { nextId, prevHash } = await this.repo.lockChainAndReadHead();
      const actor = entry.actor === undefined ? ctx?.actor : entry.actor;
      const row = new AuditLogEntity();
      row.id = nextId;
      row.occurredAt = this.clock.now();
      row.actorId = actor?.id ?? null;
      row.actorStaffNo = actor?.staffNo ?? null;
      row.action = entry.action;
      row.targetType = entry.target?.type ?? null;
      row.targetId = entry.target?.id ?? null;
      row.unitId = entry.unitId ?? null;
      row.success = entry.success ?? true;
      row.ip = ctx?.ip?.slice(0, 64) ?? null;
      row.requestId = ctx?.requestId?.slice(0, 64) ?? null;
      row.details = JSON.parse(JSON.stringify(entry.details ?? {})) as Record<string, unknown>;
      row.prevHash = prevHash ?? GENESIS_HASH;
      row.hash = auditRowHash(row.prevHash, row);
      await this.repo.insert(row);
      return row.id;
    });
  }

  /**
   * One row and its links, for vouching for something it recorded (an export's SHA-256) without
   * walking the whole chain: the row's hash matches its content, the row before it ends in the
   * hash it starts from (or it starts the chain), and the row after it, if any, starts from its
   * hash. The full walk is verifyChain (GET /audit/verify and the nightly job).
   */
  async checkEntry(id: string): Promise<{ row: AuditLogEntity; intact: boolean } | null> {
    const row = await this.repo.findById(id);
    if (!row) return null;
    const { before, after } = await this.repo.neighbours(row.id);
    const startsRight = before
      ? before.hash === row.prevHash
      : row.prevHash === GENESIS_HASH || !!(await this.repo.findRetentionAnchor(row.prevHash));
    const intact =
      auditRowHash(row.prevHash, row) === row.hash &&
      startsRight &&
      (after === null || after.prevHash === row.hash);
    return { row, intact };
  }

  /**
   * Rows about units inside the principal's admin scope; an admin of a root unit (a whole
   * province) also sees rows that belong to no unit, such as failed sign-ins.
   */
  searchVisibleTo(
    principal: Principal,
    filter: Omit<AuditFilter, 'scopePaths'>,
  ): Promise<[AuditLogEntity[], number]> {
    const scope = scopePaths(principal, ['admin']);
    const isRootAdmin = scope.some((p) => p.split('/').filter(Boolean).length === 1);
    return this.repo.search({ ...filter, scopePaths: isRootAdmin ? 'all' : scope });
  }

  /** Walks the whole chain in id order and reports the first broken link. */
  async verifyChain(): Promise<ChainVerification> {
    let checked = 0;
    let prev: AuditLogEntity | null = null;
    let firstId: string | null = null;
    for (;;) {
      const batch = await this.repo.batchAfter(prev?.id ?? null, VERIFY_BATCH);
      if (!batch.length) break;
      for (const row of batch) {
        if (prev === null) {
          firstId = row.id;
          if (row.prevHash !== GENESIS_HASH) {
            const anchor = await this.repo.findRetentionAnchor(row.prevHash);
            if (!anchor) return broken(checked, firstId, row.id, 'unknown_anchor');
          }
        } else if (row.prevHash !== prev.hash) {
          return broken(checked, firstId, row.id, 'prev_hash_mismatch');
        }
        if (auditRowHash(row.prevHash, row) !== row.hash) {
          return broken(checked, firstId, row.id, 'hash_mismatch');
        }
        checked += 1;
        prev = row;
      }
    }
    return { ok: true, checked, firstId, lastId: prev?.id ?? null };
  }

  /**
   * Deletes rows past the retention period (never fewer than 180 days) and records the newest
   * deleted row's hash as the anchor the remaining chain starts from.
   */
  async applyRetention(): Promise<{ deleted: number }> {
    const cutoff = new Date(this.clock.nowMs() - this.config.audit.retentionDays * 86_400_000);
    return this.tx.run(async () => {
      await this.repo.lockChainAndReadHead();
      const result = await this.repo.deleteOlderThan(cutoff);
      if (!result) return { deleted: 0 };
      await this.record({
        action: 'audit.retention',
        actor: null,
        details: {
          cutoff: cutoff.toISOString(),
          deletedCount: result.count,
          deletedThroughId: result.lastId,
          anchorHash: result.lastHash,
        },
      });
      this.logger.log(
        `audit retention deleted ${result.count} rows before ${cutoff.toISOString()}`,
      );
      return { deleted: result.count };
    });
  }
}

function broken(
  checked: number,
  firstId: string | null,
  id: string,
  reason: ChainVerification['reason'],
): ChainVerification {
  return { ok: false, checked, firstId, lastId: null, brokenAtId: id, reason };
}
