import { randomUUID } from 'node:crypto';
import type { ReadStream } from 'node:fs';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { Principal } from '../../../common/auth';
import { pathInScope, scopePaths } from '../../../common/auth';
import { Clock, localDateTime } from '../../../common/clock/clock';
import { ContentStore } from '../../../common/files/content-store';
import type { Page } from '../../../common/pagination/pagination';
import { offsetOf, pageOf } from '../../../common/pagination/pagination';
import { RedisFallback } from '../../../common/rate-limit/redis-fallback';
import { AppConfig } from '../../../config';
import { REDIS } from '../../../queue/redis.module';
import { JWT_SECRET } from '../../auth';
import { TransactionHost } from '../../../database/transaction-host';
import { AuditService } from '../../audit';
import type { StudyPlanEntity } from '../../curriculum';
import { PlansService } from '../../curriculum';
import type { OrgUnitEntity } from '../../org-units';
import { OrgUnitsService } from '../../org-units';
import { EVIDENCE_READER_ROLES } from '../dossiers/dossiers.service';
import type {
  CreateExportDto,
  ExportDto,
  ExportLinkDto,
  ListExportsQueryDto,
  VerifyResultDto,
} from '../dto/export.dto';
import {
  DOWNLOAD_LINK_PATH,
  DOWNLOAD_LINK_TTL_MS,
  linkKey,
  readLink,
  signLink,
} from './download-link';
import { EvidenceExportEntity } from '../entities/evidence-export.entity';
import type { ExportStatus } from '../entities/evidence-export.entity';
import { EXPORT_KIND_LABELS, EXPORT_STATUS_LABELS } from '../evidence-labels';
import { EvidenceErrors } from '../evidence.errors';
import { EvidenceRepository } from '../evidence.repository';
import { ExportQueue } from './export-queue.service';
import type { ExportNames } from './export.repository';
import { ExportRepository } from './export.repository';

/** Where the export files are kept in the content store (by SHA-256). */
export const EXPORT_AREA = 'evidence-exports';

/** A file to stream to the client. */
export interface ExportFile {
  stream: ReadStream;
  size: number;
  fileName: string;
}

/** Used link nonces of this process, while Redis is unavailable (key → expiry ms). */
const usedLinks = new Map<string, number>();

/** An upload to verify, as the digesting upload storage hands it over. */
export interface DigestedUpload {
  sha256: string;
  size: number;
  /** The first bytes, to tell an .xlsx (a zip) from anything else. */
  head: Buffer;
}

/** Verification's answer when no export in the caller's scope has the file's SHA-256. */
export const NO_MATCH_REASON = '文件与任何导出记录都不一致，可能已被修改或并非本平台导出';
/** … and when one has, but the audit entry that recorded it does not vouch for it. */
export const AUDIT_BROKEN_REASON =
  '文件与导出记录一致，但登记该文件 SHA-256 的审计日志条目不完整或已被改动，不能据此证明文件未被修改';

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/**
 * HR evidence exports through the API: requests (queued for a worker, see ExportJobsService),
 * their status and progress, the download while the file is kept, and verification of a file
 * against the SHA-256 recorded in the audit log. HR and admins only, inside their unit scope;
 * an export outside it is a 404, and a file from outside it verifies as no match.
 */
@Injectable()
export class ExportsService {
  private readonly logger = new Logger(ExportsService.name);

  constructor(
    private readonly exports: ExportRepository,
    private readonly evidence: EvidenceRepository,
    private readonly queue: ExportQueue,
    private readonly units: OrgUnitsService,
    private readonly plans: PlansService,
    private readonly store: ContentStore,
    private readonly audit: AuditService,
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly fallback: RedisFallback,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(JWT_SECRET) private readonly secret: string,
  ) {}

  async request(principal: Principal, dto: CreateExportDto): Promise<ExportDto> {
    const scope = scopePaths(principal, EVIDENCE_READER_ROLES);
    let unit: OrgUnitEntity | null;
    let staffId: string | null = null;
    if (dto.kind === 'dossier') {
      const person = dto.staffId ? await this.evidence.person(dto.staffId) : null;
      if (!person || !pathInScope(scope, person.unitPath)) throw EvidenceErrors.STAFF_NOT_FOUND();
      if (dto.unitId && dto.unitId !== person.unitId) {
        throw EvidenceErrors.INVALID_REQUEST({ reason: 'unitId 与该人员所在单位不一致' });
      }
      unit = await this.units.findById(person.unitId);
      staffId = person.staffId;
    } else {
      unit = dto.unitId ? await this.units.findById(dto.unitId) : null;
    }
    if (!unit || !pathInScope(scope, unit.path)) throw EvidenceErrors.UNIT_NOT_FOUND();
    const plan = await this.planFor(unit, dto.year, dto.planId);

    const now = this.clock.now();
    const row = new EvidenceExportEntity();
    row.id = randomUUID();
    row.kind = dto.kind;
    row.unitId = unit.id;
    row.staffId = staffId;
    row.planId = plan?.id ?? null;
    row.year = dto.year;
    row.requestedBy = principal.staffId;
    row.requestedAt = now;
    row.status = 'queued';
    row.progress = 0;
    row.builds = 0;
    row.heartbeatAt = now;
    await this.tx.run(async () => {
      await this.exports.insert(row);
      await this.audit.record({
        action: 'evidence.export_request',
        target: { type: 'evidence_export', id: row.id },
        unitId: unit.id,
        details: {
          kind: row.kind,
          year: row.year,
          unitName: unit.name,
          planId: row.planId,
          staffId: row.staffId,
        },
      });
    });
    try {
      await this.queue.queue(row.id);
    } catch (err) {
      // Redis is only a trigger: the sweeper queues what is left queued
      this.logger.warn(`export ${row.id} not queued now, the sweeper will: ${String(err)}`);
    }
    return this.get(principal, row.id);
  }

  async list(principal: Principal, query: ListExportsQueryDto): Promise<Page<ExportDto>> {
    const [rows, total] = await this.exports.search({
      scopePaths: scopePaths(principal, EVIDENCE_READER_ROLES),
      unitId: query.unitId,
      year: query.year,
      status: query.status,
      now: this.clock.now(),
      offset: offsetOf(query),
      limit: query.pageSize,
    });
    const names = await this.exports.names(rows.map((r) => r.id));
    return pageOf(
      rows.map((r) => toDto(r, names.get(r.id) as ExportNames, this.clock.now())),
      total,
      query,
    );
  }

  async get(principal: Principal, id: string): Promise<ExportDto> {
    const { row, names } = await this.visible(principal, id);
    return toDto(row, names, this.clock.now());
  }

  /** The file of a finished export, as a stream (audited). */
  async download(principal: Principal, id: string): Promise<ExportFile> {
    const { row, names } = await this.visible(principal, id);
    return this.open(row, names, undefined);
  }

  /**
   * A short-lived link to the file (POST /exports/:id/link) that the browser can open itself,
   * so a large workbook streams to disk instead of being held in the page's memory, and no
   * Bearer token goes into a URL. The link names this export, this person and this sign-in, is
   * signed with a key used for nothing else, works once, and for DOWNLOAD_LINK_TTL_MS.
   */
  async link(principal: Principal, id: string): Promise<ExportLinkDto> {
    const { row } = await this.visible(principal, id);
    this.assertDownloadable(row);
    const expiresAt = this.clock.nowMs() + DOWNLOAD_LINK_TTL_MS;
    const token = signLink(linkKey(this.secret), {
      exportId: row.id,
      staffId: principal.staffId,
      sessionId: principal.sessionId,
      expiresAt,
    });
    return {
      url: `${DOWNLOAD_LINK_PATH}/${token}`,
      expiresAt: new Date(expiresAt).toISOString(),
    };
  }

  /**
   * The file behind a download link (public route): the signature, then the expiry, then that
   * the link is used for the first time, then that its sign-in still stands and still reaches
   * the export. Audited like the Bearer download, with the link's holder as the actor.
   */
  async redeem(token: string): Promise<ExportFile> {
    const claims = readLink(linkKey(this.secret), token);
    if (!claims) throw EvidenceErrors.LINK_INVALID();
    const now = this.clock.nowMs();
    if (claims.expiresAt <= now) throw EvidenceErrors.LINK_EXPIRED();
    const ttlSeconds = Math.ceil((claims.expiresAt - now) / 1000) + 1;
    if (!(await this.firstUse(claims.nonce, ttlSeconds))) throw EvidenceErrors.LINK_EXPIRED();
    const holder = await this.exports.linkHolder(claims.sessionId, claims.staffId);
    if (
      !holder ||
      !holder.active ||
      holder.revokedAt ||
      new Date(holder.expiresAt).getTime() <= now
    ) {
      throw EvidenceErrors.LINK_INVALID();
    }
    const row = await this.exports.findById(claims.exportId);
    const names = row ? (await this.exports.names([row.id])).get(row.id) : undefined;
    const scope = scopePaths(
      {
        staffId: holder.staffId,
        staffNo: holder.staffNo,
        name: holder.name,
        unitId: holder.unitId,
        sessionId: claims.sessionId,
        mustChangePassword: false,
        grants: holder.grants,
      },
      EVIDENCE_READER_ROLES,
    );
    if (!row || !names || !pathInScope(scope, names.unitPath)) {
      throw EvidenceErrors.EXPORT_NOT_FOUND();
    }
    return this.open(row, names, { id: holder.staffId, staffNo: holder.staffNo });
  }

  /** True the first time a link's nonce is seen (shared through Redis, per process without). */
  private async firstUse(nonce: string, ttlSeconds: number): Promise<boolean> {
    const key = `${this.config.redis.prefix}export-link:${nonce}`;
    return this.fallback.run(
      this.redis,
      'download links',
      async () => (await this.redis.set(key, '1', 'EX', ttlSeconds, 'NX')) === 'OK',
      () => {
        const now = this.clock.nowMs();
        for (const [k, until] of usedLinks) if (until <= now) usedLinks.delete(k);
        if (usedLinks.has(key)) return false;
        usedLinks.set(key, now + ttlSeconds * 1000);
        return true;
      },
    );
  }

  private assertDownloadable(row: EvidenceExportEntity): void {
    const now = this.clock.now();
    if (statusOf(row, now) === 'expired') {
      throw EvidenceErrors.EXPORT_EXPIRED({
        expiredAt: localDateTime(row.expiresAt ?? now, this.config.timeZone),
      });
    }
    if (row.status !== 'done' || !row.sha256 || !row.fileName) {
      throw EvidenceErrors.EXPORT_NOT_READY({ status: EXPORT_STATUS_LABELS[row.status] });
    }
  }

  private async open(
    row: EvidenceExportEntity,
    names: ExportNames,
    actor: { id: string; staffNo: string } | undefined,
  ): Promise<ExportFile> {
    this.assertDownloadable(row);
    const sha256 = row.sha256 as string;
    const fileName = row.fileName as string;
    const file = await this.store.open(EXPORT_AREA, sha256);
    if (!file) throw EvidenceErrors.EXPORT_FILE_CORRUPT();
    try {
      await this.audit.record({
        action: 'evidence.export_download',
        target: { type: 'evidence_export', id: row.id },
        unitId: row.unitId,
        actor,
        details: {
          fileName,
          sha256,
          unitName: names.unitName,
          via: actor ? 'link' : 'bearer',
        },
      });
    } catch (err) {
      file.stream.destroy();
      throw err;
    }
    return { stream: file.stream, size: file.size, fileName };
  }

  /**
   * Whether a file is an unmodified export: its SHA-256 is an export's, recorded when the export
   * was built in the audit entry that the export row points to, and that entry is intact. A
   * file of an export outside the caller's scope answers like an unknown file.
   */
  async verify(principal: Principal, upload: DigestedUpload | undefined): Promise<VerifyResultDto> {
    if (!upload) throw EvidenceErrors.FILE_MISSING();
    if (upload.size < ZIP_MAGIC.length || !upload.head.subarray(0, 4).equals(ZIP_MAGIC)) {
      throw EvidenceErrors.FILE_NOT_XLSX();
    }
    const row = await this.exports.findBySha256(upload.sha256);
    const names = row ? (await this.exports.names([row.id])).get(row.id) : undefined;
    const visible =
      row &&
      names &&
      row.finishedAt &&
      pathInScope(scopePaths(principal, EVIDENCE_READER_ROLES), names.unitPath);
    let out: VerifyResultDto = {
      match: false,
      reason: NO_MATCH_REASON,
      sha256: upload.sha256,
      size: upload.size,
    };
    if (visible) {
      const entry = row.auditId ? await this.audit.checkEntry(row.auditId) : null;
      const recorded = entry?.row.details as { sha256?: unknown } | undefined;
      const intact =
        !!entry &&
        entry.intact &&
        entry.row.action === 'evidence.export_done' &&
        entry.row.targetId === row.id &&
        recorded?.sha256 === upload.sha256;
      out = {
        match: true,
        ...(intact ? {} : { reason: AUDIT_BROKEN_REASON }),
        sha256: upload.sha256,
        size: upload.size,
        export: {
          id: row.id,
          kind: row.kind,
          kindLabel: EXPORT_KIND_LABELS[row.kind],
          unit: { id: row.unitId, name: names.unitName },
          staff: subjectOf(row, names),
          year: row.year,
          plan: row.planId ? { id: row.planId, title: names.planTitle ?? '' } : null,
          fileName: row.fileName ?? '',
          size: row.size ?? upload.size,
          sha256: upload.sha256,
          requestedBy: {
            id: row.requestedBy,
            staffNo: names.requesterNo,
            name: names.requesterName,
          },
          requestedAt: row.requestedAt.toISOString(),
          finishedAt: (row.finishedAt as Date).toISOString(),
          status: row.status,
        },
        audit: {
          entryId: entry?.row.id ?? null,
          recordedAt: entry?.row.occurredAt.toISOString() ?? null,
          // the entry must vouch for this very export and file, not only be unbroken
          intact,
        },
      };
    }
    await this.audit.record({
      action: 'evidence.export_verify',
      target: out.export ? { type: 'evidence_export', id: out.export.id } : undefined,
      unitId: out.export ? out.export.unit.id : null,
      details: { sha256: upload.sha256, size: upload.size, match: out.match },
    });
    return out;
  }

  // ---- helpers ----

  /** The plan asked for (checked against the unit and year), or the one that applies. */
  private async planFor(
    unit: OrgUnitEntity,
    year: number,
    planId: string | undefined,
  ): Promise<StudyPlanEntity | null> {
    if (!planId) return this.plans.applicablePlan(unit.path, year);
    const plan = await this.plans.findPlan(planId);
    const planUnit = plan ? await this.units.findById(plan.unitId) : null;
    if (!plan || !planUnit || plan.status === 'draft') throw EvidenceErrors.PLAN_NOT_FOUND();
    if (!unit.path.startsWith(planUnit.path)) throw EvidenceErrors.UNIT_OUTSIDE_PLAN();
    if (plan.year !== year) {
      throw EvidenceErrors.INVALID_REQUEST({
        reason: `所选计划是${plan.year}年度的，与导出年度${year}不一致`,
      });
    }
    return plan;
  }

  private async visible(
    principal: Principal,
    id: string,
  ): Promise<{ row: EvidenceExportEntity; names: ExportNames }> {
    const row = await this.exports.findById(id);
    const names = row ? (await this.exports.names([row.id])).get(row.id) : undefined;
    if (
      !row ||
      !names ||
      !pathInScope(scopePaths(principal, EVIDENCE_READER_ROLES), names.unitPath)
    ) {
      throw EvidenceErrors.EXPORT_NOT_FOUND();
    }
    return { row, names };
  }
}

function subjectOf(row: EvidenceExportEntity, names: ExportNames) {
  return row.staffId
    ? { id: row.staffId, staffNo: names.subjectNo ?? '', name: names.subjectName ?? '' }
    : null;
}

/** An export past its expiry is expired, whether or not the sweeper has deleted its file yet. */
function statusOf(row: EvidenceExportEntity, now: Date): ExportStatus {
  return row.status === 'done' && row.expiresAt && row.expiresAt <= now ? 'expired' : row.status;
}

function toDto(row: EvidenceExportEntity, names: ExportNames, now: Date): ExportDto {
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  const status = statusOf(row, now);
  return {
    id: row.id,
    kind: row.kind,
    kindLabel: EXPORT_KIND_LABELS[row.kind],
    status,
    statusLabel: EXPORT_STATUS_LABELS[status],
    progress: row.progress,
    unit: { id: row.unitId, name: names.unitName },
    staff: subjectOf(row, names),
    year: row.year,
    plan: row.planId ? { id: row.planId, title: names.planTitle ?? '' } : null,
    staffCount: row.staffCount,
    fileName: row.fileName,
    size: row.size,
    sha256: row.sha256,
    auditEntryId: row.auditId,
    requestedBy: { id: row.requestedBy, staffNo: names.requesterNo, name: names.requesterName },
    requestedAt: row.requestedAt.toISOString(),
    startedAt: iso(row.startedAt),
    finishedAt: iso(row.finishedAt),
    expiresAt: iso(row.expiresAt),
    error: row.error,
  };
}
