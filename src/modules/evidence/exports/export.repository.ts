import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { RoleGrant } from '../../../common/auth';
import { subtreePatterns } from '../../../database/sql';
import { TransactionHost } from '../../../database/transaction-host';
import { EvidenceExportEntity } from '../entities/evidence-export.entity';
import type { ExportStatus } from '../entities/evidence-export.entity';

export interface ExportFilter {
  scopePaths: string[];
  /** As shown: a done export past its expiry counts as expired before the sweeper gets to it. */
  status?: ExportStatus;
  unitId?: string;
  year?: number;
  now: Date;
  offset: number;
  limit: number;
}

/** What an export's response shows beside its row: names of its unit, people and plan. */
export interface ExportNames {
  id: string;
  unitName: string;
  unitPath: string;
  requesterNo: string;
  requesterName: string;
  subjectNo: string | null;
  subjectName: string | null;
  planTitle: string | null;
}

/** A download link's sign-in as ExportRepository.linkHolder reads it. */
export interface LinkHolder {
  staffId: string;
  staffNo: string;
  name: string;
  unitId: string;
  active: boolean;
  revokedAt: Date | null;
  expiresAt: Date;
  grants: RoleGrant[];
}

/** The file facts a finished build writes. */
export interface FinishedFile {
  fileName: string;
  size: number;
  sha256: string;
  staffCount: number;
  auditId: string;
  finishedAt: Date;
  expiresAt: Date;
}

/**
 * evidence_export rows. A build claims its export (bumping `builds`) and writes only while its
 * number is still the current one, so a build the sweeper presumed dead cannot overwrite the
 * one that replaced it.
 */
@Injectable()
export class ExportRepository {
  constructor(
    private readonly tx: TransactionHost,
    private readonly dataSource: DataSource,
  ) {}

  async insert(row: EvidenceExportEntity): Promise<void> {
    await this.tx.repository(EvidenceExportEntity).insert(row);
  }

  findById(id: string): Promise<EvidenceExportEntity | null> {
    return this.tx.repository(EvidenceExportEntity).findOneBy({ id });
  }

  findBySha256(sha256: string): Promise<EvidenceExportEntity | null> {
    return this.tx.repository(EvidenceExportEntity).findOneBy({ sha256 });
  }

  /**
   * The sign-in a download link was issued under, with its person's grants: whether it still
   * stands and still reaches the export is decided by the caller.
   */
  async linkHolder(sessionId: string, staffId: string): Promise<LinkHolder | null> {
    const rows = await this.tx.manager.query<LinkHolder[]>(
      `SELECT st.id AS "staffId", st.staff_no AS "staffNo", st.name, st.unit_id AS "unitId",
              st.active, s.revoked_at AS "revokedAt", s.expires_at AS "expiresAt",
              COALESCE(
                (SELECT json_agg(json_build_object('role', r.role, 'unitId', r.unit_id,
                                                   'unitPath', u.path))
                   FROM role_assignment r JOIN org_unit u ON u.id = r.unit_id
                  WHERE r.staff_id = st.id),
                '[]'::json) AS grants
         FROM auth_session s
         JOIN staff st ON st.id = s.staff_id
        WHERE s.id = $1 AND st.id = $2`,
      [sessionId, staffId],
    );
    return rows[0] ?? null;
  }

  /** The names shown with exports, by export id. */
  async names(ids: string[]): Promise<Map<string, ExportNames>> {
    if (!ids.length) return new Map();
    const rows = await this.tx.manager.query<ExportNames[]>(
      `SELECT x.id, u.name AS "unitName", u.path AS "unitPath", r.staff_no AS "requesterNo",
              r.name AS "requesterName", s.staff_no AS "subjectNo", s.name AS "subjectName",
              p.title AS "planTitle"
         FROM evidence_export x
         JOIN org_unit u ON u.id = x.unit_id
         JOIN staff r ON r.id = x.requested_by
         LEFT JOIN staff s ON s.id = x.staff_id
         LEFT JOIN study_plan p ON p.id = x.plan_id
        WHERE x.id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r]));
  }

  search(filter: ExportFilter): Promise<[EvidenceExportEntity[], number]> {
    const qb = this.tx
      .repository(EvidenceExportEntity)
      .createQueryBuilder('x')
      .innerJoin('org_unit', 'u', 'u.id = x.unit_id')
      .where('u.path LIKE ANY(:scope)', { scope: subtreePatterns(filter.scopePaths) });
    if (filter.status === 'expired') {
      qb.andWhere(`(x.status = 'expired' OR (x.status = 'done' AND x.expires_at <= :now))`, {
        now: filter.now,
      });
    } else if (filter.status === 'done') {
      qb.andWhere(`x.status = 'done' AND x.expires_at > :now`, { now: filter.now });
    } else if (filter.status) {
      qb.andWhere('x.status = :status', { status: filter.status });
    }
    if (filter.unitId) qb.andWhere('x.unit_id = :unitId', { unitId: filter.unitId });
    if (filter.year) qb.andWhere('x.year = :year', { year: filter.year });
    return qb
      .orderBy('x.requested_at', 'DESC')
      .addOrderBy('x.id', 'DESC')
      .offset(filter.offset)
      .limit(filter.limit)
      .getManyAndCount();
  }

  /**
   * Starts a build: a queued export, or a running one whose build went silent before
   * `staleBefore`. Returns the row with its new build number, or null (done, expired, failed or
   * being built).
   */
  async claim(id: string, now: Date, staleBefore: Date): Promise<EvidenceExportEntity | null> {
    const [rows] = await this.tx.manager.query<[{ id: string }[], number]>(
      `UPDATE evidence_export
          SET status = 'running', builds = builds + 1, progress = 0, started_at = $2,
              heartbeat_at = $2, error = NULL
        WHERE id = $1 AND (status = 'queued' OR (status = 'running' AND heartbeat_at < $3))
        RETURNING id`,
      [id, now, staleBefore],
    );
    return rows.length ? this.findById(id) : null;
  }

  /**
   * Progress of a build, written outside any open transaction (the build reads inside one, and
   * readers must see the progress at once). False when the build was superseded.
   */
  async progress(id: string, build: number, progress: number, now: Date): Promise<boolean> {
    const [, n] = await this.dataSource.query<[unknown, number]>(
      `UPDATE evidence_export SET progress = $3, heartbeat_at = $4
        WHERE id = $1 AND builds = $2 AND status = 'running'`,
      [id, build, Math.max(0, Math.min(99, Math.floor(progress))), now],
    );
    return n === 1;
  }

  async finish(id: string, build: number, file: FinishedFile): Promise<boolean> {
    const [, n] = await this.tx.manager.query<[unknown, number]>(
      `UPDATE evidence_export
          SET status = 'done', progress = 100, file_name = $3, size = $4, sha256 = $5,
              staff_count = $6, audit_id = $7, finished_at = $8, expires_at = $9,
              heartbeat_at = $8, error = NULL
        WHERE id = $1 AND builds = $2 AND status = 'running'`,
      [
        id,
        build,
        file.fileName,
        file.size,
        file.sha256,
        file.staffCount,
        file.auditId,
        file.finishedAt,
        file.expiresAt,
      ],
    );
    return n === 1;
  }

  /** A failed build: queued again for the next try, or failed for good. */
  async fail(
    id: string,
    build: number,
    error: string,
    final: boolean,
    now: Date,
  ): Promise<boolean> {
    const [, n] = await this.dataSource.query<[unknown, number]>(
      `UPDATE evidence_export
          SET status = $3::varchar, error = $4, progress = 0, heartbeat_at = $5,
              finished_at = CASE WHEN $3::varchar = 'failed' THEN $5::timestamptz ELSE NULL END
        WHERE id = $1 AND builds = $2 AND status = 'running'`,
      [id, build, final ? 'failed' : 'queued', error.slice(0, 500), now],
    );
    return n === 1;
  }

  /** Finished exports past their expiry. */
  expiredDone(now: Date, limit: number): Promise<EvidenceExportEntity[]> {
    return this.tx
      .repository(EvidenceExportEntity)
      .createQueryBuilder('x')
      .where(`x.status = 'done' AND x.expires_at <= :now`, { now })
      .orderBy('x.expires_at')
      .limit(limit)
      .getMany();
  }

  async markExpired(id: string): Promise<boolean> {
    const [, n] = await this.tx.manager.query<[unknown, number]>(
      `UPDATE evidence_export SET status = 'expired' WHERE id = $1 AND status = 'done'`,
      [id],
    );
    return n === 1;
  }

  /**
   * Exports whose job seems lost: queued with no sign of life since `queuedBefore`, or running
   * with a build silent since `runningBefore`. Each is put back to queued with a fresh heartbeat
   * (so the next sweep leaves it alone for a while) and returned, to be queued again.
   */
  async requeueLost(queuedBefore: Date, runningBefore: Date, now: Date, limit: number) {
    const [rows] = await this.tx.manager.query<[{ id: string }[], number]>(
      `UPDATE evidence_export SET status = 'queued', heartbeat_at = $3
        WHERE id IN (SELECT id FROM evidence_export
                      WHERE (status = 'queued' AND heartbeat_at < $1)
                         OR (status = 'running' AND heartbeat_at < $2)
                      ORDER BY heartbeat_at LIMIT $4 FOR UPDATE SKIP LOCKED)
        RETURNING id`,
      [queuedBefore, runningBefore, now, limit],
    );
    return rows.map((r) => r.id);
  }
}
