import { unlink } from 'node:fs/promises';
import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../../../common/clock/clock';
import { AppError } from '../../../common/errors';
import { ContentStore } from '../../../common/files/content-store';
import { collectGarbage } from '../../../common/memory/collect-garbage';
import { AppConfig } from '../../../config';
import { TransactionHost } from '../../../database/transaction-host';
import { AuditService } from '../../audit';
import { PlansService } from '../../curriculum';
import { OrgUnitsService } from '../../org-units';
import type { DossierContext } from '../dossiers/dossier';
import { buildDossier } from '../dossiers/dossier';
import type { DossierDto } from '../dto/dossier.dto';
import type { EvidenceExportEntity } from '../entities/evidence-export.entity';
import { ALL_PARTS, EvidenceReader } from '../dossiers/evidence-reader.service';
import type { FactPart } from '../dossiers/evidence-reader.service';
import type { PersonRow } from '../evidence.repository';
import { EvidenceRepository } from '../evidence.repository';
import { ExportQueue } from './export-queue.service';
import { ExportRepository } from './export.repository';
import { EXPORT_AREA } from './exports.service';
import { EvidenceWorkbook } from './workbook/evidence-workbook';

/** People read and written per step: memory holds one batch, whatever the unit's size. */
export const EXPORT_BATCH = 200;
/** People written between full garbage collections (see collectGarbage). */
const GC_EVERY = 1000;
/** A build that has not written progress for this long is presumed dead (its worker died). */
export const STALE_BUILD_MS = 10 * 60_000;
/** A queued export is left to its job this long before the sweeper looks for the job. */
const QUEUED_GRACE_MS = 60_000;
const SWEEP_LIMIT = 100;

/** What a failed build tells the person who asked for it. */
const BUILD_FAILED = '生成导出文件时出错，请重新导出；如仍失败请联系管理员';

/** Thrown when the sweeper handed the export to another build meanwhile. */
class Superseded extends Error {}

interface Pass {
  parts: ReadonlySet<FactPart>;
  start(): void;
  add(d: DossierDto): void;
  end(): void;
}

/**
 * The worker side of evidence exports. `build` (the BullMQ job) claims the export, writes the
 * workbook as a stream in batches of people, moves the file into the content store, records its
 * SHA-256 in the hash-chained audit log and marks the export done, all or nothing: a failure
 * leaves no file and marks it failed (or queued for the job's next try). `sweep` (a timer in
 * every worker) deletes expired files and queues again the exports whose job was lost (Redis
 * wiped) or whose build went silent (worker died).
 */
@Injectable()
export class ExportJobsService {
  private readonly logger = new Logger(ExportJobsService.name);

  constructor(
    private readonly exports: ExportRepository,
    private readonly evidence: EvidenceRepository,
    private readonly reader: EvidenceReader,
    private readonly queue: ExportQueue,
    private readonly units: OrgUnitsService,
    private readonly plans: PlansService,
    private readonly store: ContentStore,
    private readonly audit: AuditService,
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /**
   * Builds one export; `lastTry` tells whether a failure is final. Returns false when there was
   * nothing to do (done, expired, failed, or being built by a live build).
   */
  async build(exportId: string, lastTry: boolean): Promise<boolean> {
    const now = this.clock.now();
    const row = await this.exports.claim(exportId, now, new Date(now.getTime() - STALE_BUILD_MS));
    if (!row) return false;
    let temporary: string | null = null;
    let adopted: string | null = null;
    try {
      temporary = await this.store.temporaryPath(EXPORT_AREA, row.id);
      const { fileName, staffCount } = await this.write(row, temporary);
      const { sha256, size } = await this.store.adopt(EXPORT_AREA, temporary);
      temporary = null;
      adopted = sha256;
      const finishedAt = this.clock.now();
      const expiresAt = new Date(finishedAt.getTime() + this.config.evidence.exportTtlMs);
      await this.tx.run(async () => {
        const requester = (await this.evidence.names([row.requestedBy]))[0];
        const auditId = await this.audit.append({
          action: 'evidence.export_done',
          actor: requester ? { id: requester.id, staffNo: requester.staffNo } : null,
          target: { type: 'evidence_export', id: row.id },
          unitId: row.unitId,
          details: {
            sha256,
            size,
            fileName,
            kind: row.kind,
            year: row.year,
            planId: row.planId,
            staffId: row.staffId,
            staffCount,
            requestedAt: row.requestedAt.toISOString(),
          },
        });
        const ok = await this.exports.finish(row.id, row.builds, {
          fileName,
          size,
          sha256,
          staffCount,
          auditId,
          finishedAt,
          expiresAt,
        });
        // rolls the audit entry back with it
        if (!ok) throw new Superseded();
      });
      this.logger.log(`export ${row.id} built: ${staffCount} people, ${size} bytes`);
      return true;
    } catch (err) {
      if (temporary) await unlink(temporary).catch(() => undefined);
      // a file no export row points to is nobody's (unless the database cannot say)
      const owner = adopted ? await this.exports.findBySha256(adopted).catch(() => true) : true;
      if (adopted && !owner) await this.store.remove(EXPORT_AREA, adopted).catch(() => false);
      if (err instanceof Superseded) {
        this.logger.warn(`export ${row.id}: build ${row.builds} was superseded, left alone`);
        return false;
      }
      const message = err instanceof AppError ? err.message : BUILD_FAILED;
      this.logger.error(`export ${row.id} build ${row.builds} failed: ${String(err)}`);
      await this.exports.fail(row.id, row.builds, message, lastTry, this.clock.now());
      throw err;
    }
  }

  /** One pass of the safety net; returns what it did. */
  async sweep(): Promise<{ expired: number; requeued: number }> {
    const now = this.clock.now();
    let expired = 0;
    for (const row of await this.exports.expiredDone(now, SWEEP_LIMIT)) {
      try {
        if (await this.expire(row)) expired += 1;
      } catch (err) {
        this.logger.error(`could not expire export ${row.id}: ${String(err)}`);
      }
    }
    let requeued = 0;
    const lost = await this.exports.requeueLost(
      new Date(now.getTime() - QUEUED_GRACE_MS),
      new Date(now.getTime() - STALE_BUILD_MS),
      now,
      SWEEP_LIMIT,
    );
    for (const id of lost) {
      try {
        if (await this.queue.requeue(id)) requeued += 1;
      } catch (err) {
        this.logger.warn(`could not queue export ${id} again: ${String(err)}`);
      }
    }
    // files of builds that died mid-write (file times are real time, not the app's clock)
    await this.store.removeStaleTemporaries(EXPORT_AREA, new Date(Date.now() - 2 * STALE_BUILD_MS));
    if (expired || requeued) {
      this.logger.log(`evidence sweeper: ${expired} expired, ${requeued} queued again`);
    }
    return { expired, requeued };
  }

  // ---- helpers ----

  /** Deletes the file, then marks the export expired (a file never outlives a done row). */
  private async expire(row: EvidenceExportEntity): Promise<boolean> {
    if (row.sha256) await this.store.remove(EXPORT_AREA, row.sha256);
    return this.tx.run(async () => {
      if (!(await this.exports.markExpired(row.id))) return false;
      await this.audit.record({
        action: 'evidence.export_expired',
        actor: null,
        target: { type: 'evidence_export', id: row.id },
        unitId: row.unitId,
        details: { fileName: row.fileName, sha256: row.sha256, expiresAt: row.expiresAt },
      });
      return true;
    });
  }

  /**
   * Writes the workbook: 汇总, the raw sheets, then one sheet per person. Each sheet is written
   * whole before the next (the zip takes its entries in order), so the people are read once per
   * sheet group, batch by batch, all in one REPEATABLE READ snapshot: every sheet shows the same
   * data.
   */
  private async write(
    row: EvidenceExportEntity,
    path: string,
  ): Promise<{ fileName: string; staffCount: number }> {
    const unit = await this.units.findById(row.unitId);
    if (!unit) throw new Error(`unit ${row.unitId} of export ${row.id} is gone`);
    const plan = row.planId ? await this.plans.findPlan(row.planId) : null;
    const [requester] = await this.evidence.names([row.requestedBy]);
    return this.tx.run(async () => {
      let title: string;
      let ctx: DossierContext;
      let total: number;
      let people: (after: PersonRow | null) => Promise<PersonRow[]>;
      if (row.kind === 'dossier') {
        const person = row.staffId ? await this.evidence.person(row.staffId) : null;
        if (!person) throw new Error(`staff ${row.staffId} of export ${row.id} is gone`);
        title = `${person.name}（${person.staffNo}）${row.year}年度个人学法考法档案`;
        ctx = await this.reader.context(person.unitPath, row.year, plan);
        total = 1;
        people = async (after) => (after ? [] : [person]);
      } else {
        title = `${unit.name}${row.year}年度学法考法情况`;
        ctx = await this.reader.context(unit.path, row.year, plan);
        total = await this.evidence.rosterCount(unit.path, ctx.period);
        people = (after) => this.evidence.rosterPage(unit.path, ctx.period, after, EXPORT_BATCH);
      }
      const wb = new EvidenceWorkbook(
        path,
        {
          exportId: row.id,
          title,
          requestedBy: { name: requester?.name ?? '', staffNo: requester?.staffNo ?? '' },
          requestedAt: row.requestedAt,
        },
        ctx,
      );
      const passes: Pass[] = [
        {
          parts: ALL_PARTS,
          start: () => wb.startSummary(),
          add: (d) => wb.addSummary(d),
          end: () => wb.finishSummary(),
        },
        {
          parts: new Set(['records']),
          start: () => wb.startRecords(),
          add: (d) => wb.addRecords(d),
          end: () => wb.close(),
        },
        {
          parts: new Set(['exams']),
          start: () => wb.startExams(),
          add: (d) => wb.addExams(d),
          end: () => wb.close(),
        },
        {
          parts: new Set(['sessions']),
          start: () => wb.startAttendance(),
          add: (d) => wb.addAttendance(d),
          end: () => wb.close(),
        },
        {
          parts: ALL_PARTS,
          start: () => undefined,
          add: (d) => wb.addPerson(d),
          end: () => undefined,
        },
      ];
      const steps = Math.max(1, total * passes.length);
      let done = 0;
      let staffCount = 0;
      try {
        for (const [i, pass] of passes.entries()) {
          pass.start();
          let after: PersonRow | null = null;
          for (;;) {
            const batch = await people(after);
            if (!batch.length) break;
            after = batch[batch.length - 1];
            for (const facts of await this.reader.facts(ctx, batch, pass.parts)) {
              pass.add(buildDossier(ctx, facts));
            }
            await wb.drain();
            if (i === 0) staffCount += batch.length;
            done += batch.length;
            if (done % GC_EVERY < batch.length) collectGarbage();
            const percent = (Math.min(done, steps) / steps) * 99;
            if (!(await this.exports.progress(row.id, row.builds, percent, this.clock.now()))) {
              throw new Superseded();
            }
          }
          pass.end();
        }
      } catch (err) {
        // close the half-written file so it can be deleted; the first error is the one to tell
        await wb.commit().catch(() => undefined);
        throw err;
      }
      // the zip's central directory for thousands of sheets comes on top of what is left
      collectGarbage();
      await wb.commit();
      const fileName = `${title}.xlsx`;
      return { fileName, staffCount };
    }, 'REPEATABLE READ');
  }
}
