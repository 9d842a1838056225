import type { OnApplicationBootstrap } from '@nestjs/common';
import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../config';
import type { Principal } from '../../common/auth';
import { scopePaths } from '../../common/auth';
import { Clock } from '../../common/clock/clock';
import { RequestContext } from '../../common/http/request-context';
import { TransactionHost } from '../../database/transaction-host';
import type { AuditAnchor } from './audit-anchor.store';
import { AuditAnchorStore } from './audit-anchor.store';
import { GENESIS_HASH, auditRowHash } from './audit-hash';
import { AuditKey } from './audit-key.service';
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

export const CHAIN_BREAKS = [
  'hash_mismatch',
  'prev_hash_mismatch',
  'unknown_anchor',
  'unkeyed_row',
  'truncated',
  'head_mismatch',
  'anchor_invalid',
] as const;

export interface ChainVerification {
  ok: boolean;
  checked: number;
  firstId: string | null;
  lastId: string | null;
  brokenAtId?: string;
  reason?: (typeof CHAIN_BREAKS)[number];
  /** The anchored head this walk was compared with (null: none yet). */
  anchor: { headId: string | null; writtenAt: string } | null;
}

const VERIFY_BATCH = 5000;

@Injectable()
export class AuditService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AuditService.name);

  constructor(
    private readonly repo: AuditLogRepository,
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly key: AuditKey,
    private readonly anchors: AuditAnchorStore,
  ) {}

  /**
   * Says loudly when the database role could rewrite the log itself, and anchors the current
   * head when there is no anchor yet (a new deployment, or the first start after the chain
   * became keyed: the rows there are then the only ones that may be unkeyed).
   */
  async onApplicationBootstrap(): Promise<void> {
    const powers = await this.repo.runtimePowers();
    if (powers.superuser || powers.owner || powers.canRewrite) {
      this.logger.warn(
        `the database role of DATABASE_URL can rewrite audit_log (${Object.entries(powers)
          .filter(([, v]) => v)
          .map(([k]) => k)
          .join(', ')}): use a least-privilege runtime role (README "Database roles")`,
      );
    }
    if ((await this.anchors.read()).status !== 'none') return;
    const head = await this.repo.head();
    await this.anchors.write({
      headId: head.headId,
      headHash: head.headHash,
      legacyThroughId: head.legacyId,
      writtenAt: this.clock.now().toISOString(),
    });
  }

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
      row.hashAlg = 'hmac-sha256';
      row.hash = auditRowHash(row.prevHash, row, this.key.value);
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
    const stored = await this.anchors.read();
    const intact =
      stored.status !== 'invalid' &&
      this.linkHolds(
        row,
        stored.status === 'ok' ? stored.anchor : null,
        before?.hashAlg === 'hmac-sha256',
      ) === null &&
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

  /**
   * Walks the whole chain in id order and reports the first broken link, then compares its end
   * with the anchored head (kept outside the database): a chain that ends before the anchored
   * head was truncated. A sound chain becomes the new anchor.
   */
  async verifyChain(): Promise<ChainVerification> {
    const stored = await this.anchors.read();
    if (stored.status === 'invalid') {
      return {
        ok: false,
        checked: 0,
        firstId: null,
        lastId: null,
        reason: 'anchor_invalid',
        anchor: null,
      };
    }
    const anchor = stored.status === 'ok' ? stored.anchor : null;
    const compared = anchor && { headId: anchor.headId, writtenAt: anchor.writtenAt };
    const broken = (
      id: string,
      reason: NonNullable<ChainVerification['reason']>,
    ): ChainVerification => ({
      ok: false,
      checked,
      firstId,
      lastId: null,
      brokenAtId: id,
      reason,
      anchor: compared,
    });
    let checked = 0;
    let prev: AuditLogEntity | null = null;
    let firstId: string | null = null;
    let startsAtRetention = false;
    let headSeen = false;
    let keyedSeen = false;
    let legacyId: string | null = null;
    for (;;) {
      const batch = await this.repo.batchAfter(prev?.id ?? null, VERIFY_BATCH);
      if (!batch.length) break;
      for (const row of batch) {
        if (prev === null) {
          firstId = row.id;
          if (row.prevHash !== GENESIS_HASH) {
            const retention = await this.repo.findRetentionAnchor(row.prevHash);
            if (!retention) return broken(row.id, 'unknown_anchor');
            startsAtRetention = true;
          }
        } else if (row.prevHash !== prev.hash) {
          return broken(row.id, 'prev_hash_mismatch');
        }
        const fault = this.linkHolds(row, anchor, keyedSeen);
        if (fault) return broken(row.id, fault);
        if (row.hashAlg === 'sha256') legacyId = row.id;
        else keyedSeen = true;
        if (anchor?.headId === row.id) {
          if (row.hash !== anchor.headHash) return broken(row.id, 'head_mismatch');
          headSeen = true;
        }
        checked += 1;
        prev = row;
      }
    }
    if (anchor?.headId && !headSeen) {
      // the anchored head may only be gone as part of the oldest rows retention deleted
      const beforeChain =
        startsAtRetention && firstId !== null && BigInt(anchor.headId) < BigInt(firstId);
      if (!beforeChain) return broken(anchor.headId, 'truncated');
    }
    const lastId = prev?.id ?? null;
    await this.anchors.write({
      headId: lastId ?? anchor?.headId ?? null,
      headHash: prev?.hash ?? anchor?.headHash ?? null,
      legacyThroughId: maxId(legacyId, anchor ? anchor.legacyThroughId : null),
      writtenAt: this.clock.now().toISOString(),
    });
    return { ok: true, checked, firstId, lastId, anchor: compared };
  }

  /**
   * Whether one row's own hash holds: keyed rows with the chain key; unkeyed rows only where the
   * chain was unkeyed (before the first keyed row and, once anchored, up to the anchor's
   * `legacyThroughId`), so nobody can rewrite a row and pass it off as an old, unkeyed one.
   */
  private linkHolds(
    row: AuditLogEntity,
    anchor: AuditAnchor | null,
    keyedSeen: boolean,
  ): 'unkeyed_row' | 'hash_mismatch' | null {
    if (row.hashAlg === 'sha256') {
      const legacyAllowed =
        !keyedSeen &&
        (anchor === null ||
          (anchor.legacyThroughId !== null && BigInt(row.id) <= BigInt(anchor.legacyThroughId)));
      if (!legacyAllowed) return 'unkeyed_row';
      return auditRowHash(row.prevHash, row) === row.hash ? null : 'hash_mismatch';
    }
    return auditRowHash(row.prevHash, row, this.key.value) === row.hash ? null : 'hash_mismatch';
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

function maxId(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return BigInt(a) > BigInt(b) ? a : b;
}
