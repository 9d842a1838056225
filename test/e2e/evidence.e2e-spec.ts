import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { textWidth } from '../../src/common/excel/export-sheet';
import { JobQueueService } from '../../src/queue/job-queue.service';
import { JobName } from '../../src/queue/jobs';
import { AuditService } from '../../src/modules/audit/audit.service';
import { EvidenceReader } from '../../src/modules/evidence/dossiers/evidence-reader.service';
import { exportJobId } from '../../src/modules/evidence/exports/export-queue.service';
import { ExportJobsService } from '../../src/modules/evidence/exports/export-jobs.service';
import { ExportRepository } from '../../src/modules/evidence/exports/export.repository';
import { EXPORT_AREA } from '../../src/modules/evidence/exports/exports.service';
import { EvidenceProcessor } from '../../src/modules/evidence/jobs/evidence.processor';
import { SessionJobsService } from '../../src/modules/sessions/scheduling/session-jobs.service';
import { StudyLedgerService } from '../../src/modules/study/records/study-ledger.service';
import { oneQuestionExam, publishExam, seedBank, sitExam } from '../factories/exam.factory';
import { buildOrg } from '../factories/org.factory';
import type { TestStaff } from '../factories/org.factory';
import { login, signedIn } from '../utils/auth';
import type { Session } from '../utils/auth';
import { expectA4OnePageWide, xlsxPrint } from '../utils/ooxml';
import type { TestApp } from '../utils/test-app';
import { createTestApp } from '../utils/test-app';

const HOUR = 3600_000;
const MiB = 1024 * 1024;
/** The exams and the session happen on 20 November 2026 (10:00 in Shanghai) … */
const NOW = Date.parse('2026-11-20T02:00:00Z');
/** … and HR reads the evidence after the year is over, when every flag is final. */
const LATER = Date.parse('2027-01-10T02:00:00Z');
const GOLDEN = join(__dirname, '..', 'golden', 'evidence-summary.tsv');

type Who = 'admin' | 'root' | 'hr' | 'hrB' | 'sec' | 'a1' | 'a2';

/**
 * A cell as text: a date as its day (time when it has one), a formula as its result with the
 * formula after it (`2 =COUNTIFS(…)`), a percent cell's fraction as it is; anything else as JSON.
 */
const cellText = (v: ExcelJS.CellValue): string => {
  if (v === null || v === undefined) return '';
  if (v instanceof Date)
    return v
      .toISOString()
      .replace(/T00:00:00\.000Z$/, '')
      .replace('.000Z', '');
  if (typeof v === 'object' && 'formula' in v) return cellText(v.result ?? null);
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
};

/** The summary sheet as tab-separated text, the export's id and time masked (they change). */
function summaryTsv(sheet: ExcelJS.Worksheet): string {
  const lines: string[] = [];
  sheet.eachRow({ includeEmpty: true }, (row) => {
    // a merged range shows its value once, in its first cell
    const cells = Array.from({ length: row.cellCount }, (_, i) => {
      const cell = row.getCell(i + 1);
      return cell.isMerged && cell.master.address !== cell.address ? '' : cellText(cell.value);
    });
    lines.push(cells.join('\t').replace(/\t+$/, ''));
  });
  return (
    lines
      .join('\n')
      .replace(/导出编号：[0-9a-f-]{36}/, '导出编号：<id>')
      .replace(/导出时间：[\d-]+ [\d:]+/, '导出时间：<time>') + '\n'
  );
}

/**
 * Evaluates the summary's count formulas (COUNTA, COUNTIF, COUNTIFS with "是" and "是*"
 * criteria, a plain cell reference) over the sheet's cells, as a spreadsheet would.
 */
function formulaEvaluator(sheet: ExcelJS.Worksheet): (formula: string) => number {
  const range = (ref: string): string[] => {
    const m = /^([A-Z]+)(\d+):([A-Z]+)(\d+)$/.exec(ref);
    if (!m || m[1] !== m[3]) throw new Error(`unsupported range ${ref}`);
    const out: string[] = [];
    for (let r = Number(m[2]); r <= Number(m[4]); r++) {
      out.push(cellText(sheet.getCell(`${m[1]}${r}`).value));
    }
    return out;
  };
  const matches = (value: string, criterion: string) =>
    criterion.endsWith('*') ? value.startsWith(criterion.slice(0, -1)) : value === criterion;
  const evaluate = (formula: string): number => {
    const call = /^(COUNTA|COUNTIF|COUNTIFS)\((.*)\)$/.exec(formula);
    if (!call) {
      const ref = sheet.getCell(formula).value as ExcelJS.CellFormulaValue | number;
      return typeof ref === 'number' ? ref : evaluate(ref.formula);
    }
    const args = call[2].split(',');
    if (call[1] === 'COUNTA') return range(args[0]).filter((v) => v !== '').length;
    const pairs: [string[], string][] = [];
    for (let i = 0; i < args.length; i += 2) pairs.push([range(args[i]), JSON.parse(args[i + 1])]);
    return pairs[0][0].filter((_, row) => pairs.every(([vals, c]) => matches(vals[row], c))).length;
  };
  return evaluate;
}

/** A file as bytes; an error as its JSON envelope. */
const binary = (r: request.Test) =>
  r.buffer(true).parse((res, cb) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => {
      const body = Buffer.concat(chunks);
      const json = String(res.headers['content-type']).includes('application/json');
      cb(null, json ? (JSON.parse(body.toString('utf8')) as unknown) : body);
    });
  });

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/**
 * HR evidence on a dataset built by hand: one plan (4 hours, one required law), an official exam
 * that some pass, some fail and one passes only in the make-up, a session with one absentee whose
 * make-up study stays open, an exemption, someone who joined mid-year and someone who joined the
 * next year. Then the dossiers and their flags, a custom rule file, the unit workbook's whole life
 * (queued, progress, done, download, golden summary, audit, verify, expiry), the safety net for
 * lost jobs and dead workers, failures, scope and bad input.
 */
describe('HR evidence: dossiers and exports (e2e)', () => {
  let t: TestApp;
  let org: Awaited<ReturnType<typeof buildOrg>>;
  let bank: Awaited<ReturnType<typeof seedBank>>;
  const uploadDir = mkdtempSync(join(tmpdir(), 'xuefa-evidence-'));
  const p = {} as Record<'joiner' | 'exempted' | 'future', TestStaff>;
  const s = {} as Record<Who, Session>;
  let planId: string;
  let sessionId: string;
  let workbook: { id: string; sha256: string; file: Buffer };

  const signInAll = async () => {
    s.admin = await login(t, org.people.adminA);
    s.root = await login(t, org.people.rootAdmin);
    s.hr = await login(t, org.people.hrA);
    s.hrB = await login(t, org.people.hrB);
    s.sec = await login(t, org.people.secA);
    s.a1 = await login(t, org.people.staffA1);
    s.a2 = await login(t, org.people.staffA2);
  };
  const verify = (who: Session, file: Buffer | null, name = 'export.xlsx') => {
    const r = signedIn(t, who).post('/exports/verify');
    return file ? r.attach('file', file, name) : r.field('note', 'no file');
  };
  const download = (who: Session, id: string) =>
    binary(signedIn(t, who).get(`/exports/${id}/file`));
  const credit = (who: { id: string }, day: string, hours: number, withLaw: boolean) =>
    t.get(StudyLedgerService).credit({
      staffId: who.id,
      kind: 'self_study',
      sourceKey: `${day}-${hours}`,
      occurredOn: day,
      hours,
      title: '自学测试记录',
      laws: withLaw ? [{ lawId: bank.lawId }] : [],
    });
  const count = async (sql: string, params: unknown[] = []) =>
    Number((await t.dataSource.query<{ n: string }[]>(sql, params))[0].n);
  const worker = () => t.get(EvidenceProcessor).worker;
  /** Polls an export until it leaves queued/running. */
  const settled = async (id: string, who: Session = s.hr): Promise<Record<string, unknown>> => {
    const until = Date.now() + 30_000;
    for (;;) {
      const res = await signedIn(t, who).get(`/exports/${id}`).expect(200);
      expect(res.body.progress).toBeGreaterThanOrEqual(0);
      expect(res.body.progress).toBeLessThanOrEqual(100);
      if (!['queued', 'running'].includes(res.body.status as string)) {
        return res.body as Record<string, unknown>;
      }
      if (Date.now() > until) throw new Error(`export ${id} still ${res.body.status}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  beforeAll(async () => {
    t = await createTestApp({
      workers: true,
      env: {
        UPLOAD_DIR: uploadDir,
        UPLOAD_LIMIT_BYTES: String(MiB),
        EXPORT_SWEEP_SECONDS: '3600',
        EXPORT_TTL_HOURS: '72',
      },
    });
    t.clock.set(new Date(NOW));
    org = await buildOrg(t);
    bank = await seedBank(t, { true_false: 1 });
    p.joiner = await org.f.staff({ unit: org.units.deptA2, name: '年中入职' });
    p.exempted = await org.f.staff({ unit: org.units.deptA2, name: '病休免考' });
    p.future = await org.f.staff({ unit: org.units.deptA1, name: '明年入职' });
    await t.dataSource.query('UPDATE staff SET employment_start = $2 WHERE id = $1', [
      p.joiner.id,
      '2026-06-01',
    ]);
    await t.dataSource.query('UPDATE staff SET employment_start = $2 WHERE id = $1', [
      p.future.id,
      '2027-01-05',
    ]);
    await signInAll();
    const plan = await signedIn(t, s.admin)
      .post('/plans', {
        unitId: org.units.bureauA.id,
        year: 2026,
        title: '2026年度学法考法计划',
        requiredHours: 4,
      })
      .expect(201);
    planId = plan.body.id as string;
    await signedIn(t, s.admin)
      .put(`/plans/${planId}/required-laws`, { laws: [{ lawId: bank.lawId }] })
      .expect(200);
    await signedIn(t, s.admin).patch(`/plans/${planId}`, { status: 'active' }).expect(200);
    await signedIn(t, s.admin)
      .post(`/plans/${planId}/exemptions`, {
        staffId: p.exempted.id,
        reason: '长期病休',
        approvedBy: '局党组',
        approvedOn: '2026-03-02',
      })
      .expect(201);

    // study: staffA1 3 h with the law + 2 h (met on 04-05, then 1 h of the session);
    // staffA2 5 h but never the required law; secA exactly 4 h with the law (met 05-20)
    await credit(org.people.staffA1, '2026-02-10', 3, true);
    await credit(org.people.staffA1, '2026-04-05', 2, false);
    await credit(org.people.staffA2, '2026-03-01', 5, false);
    await credit(org.people.secA, '2026-05-20', 4, true);
    await credit(p.exempted, '2026-02-01', 1, false);

    // the official exam: A1 passes, A2, secA and the exempted fail; A2 passes the make-up
    const examId = await publishExam(
      signedIn(t, s.sec),
      oneQuestionExam({
        unitId: org.units.bureauA.id,
        planId,
        audienceUnitIds: [org.units.deptA1.id, org.units.deptA2.id],
        questionId: bank.codes['EX-TR01'],
        now: NOW,
      }),
    );
    const sit = (who: Session, id: string, letter: string) =>
      sitExam(signedIn(t, who), id, [[letter]]);
    await sit(s.a1, examId, 'A');
    await sit(s.a2, examId, 'B');
    await sit(s.sec, examId, 'B');
    await sit(await login(t, p.exempted), examId, 'B');
    t.clock.set(new Date(NOW + 3 * HOUR));
    await signInAll();
    const makeup = await signedIn(t, s.sec)
      .post(`/exams/${examId}/makeups`, {
        opensAt: new Date(NOW + 3 * HOUR - 60_000).toISOString(),
        closesAt: new Date(NOW + 5 * HOUR).toISOString(),
        publish: true,
      })
      .expect(201);
    await sit(s.a2, makeup.body.id as string, 'A');

    // a session on 10 October: A1 present, A2 absent (make-up study assigned, never done)
    const held = await signedIn(t, s.sec)
      .post('/sessions', {
        unitId: org.units.bureauA.id,
        type: 'theory_group',
        topic: '学习示范办法',
        startsAt: '2026-10-10T01:00:00Z',
        endsAt: '2026-10-10T03:00:00Z',
        place: '会议室',
        organiser: '局党组书记',
        creditedHours: 1,
        invite: { staffIds: [org.people.staffA1.id, org.people.staffA2.id] },
        laws: [{ lawId: bank.lawId, articles: [2] }],
      })
      .expect(201);
    sessionId = held.body.id as string;
    // the worker closes it at once (it ended long ago): both absent, both given make-up study;
    // then the secretary corrects A1 to present, which takes A1's make-up out of the picture
    await t.get(SessionJobsService).start(sessionId);
    await t.get(SessionJobsService).end(sessionId);
    await signedIn(t, s.sec)
      .put(`/sessions/${sessionId}/attendance/${org.people.staffA1.id}`, { status: 'present' })
      .expect(200);

    t.clock.set(new Date(LATER));
    await signInAll();
  });
  afterAll(async () => {
    await t.close();
    rmSync(uploadDir, { recursive: true, force: true });
  });

  describe('dossiers', () => {
    const dossier = (who: Session, id: string, year = 2026) =>
      signedIn(t, who).get(`/staff/${id}/dossier?year=${year}`).expect(200);
    const codes = (body: { flags: { code: string }[] }) => body.flags.map((f) => f.code);

    it('someone who met everything: hours by type with the records, the session, the exam; no flag', async () => {
      const { body } = await dossier(s.hr, org.people.staffA1.id);
      expect(body.staff).toMatchObject({
        staffNo: org.people.staffA1.staffNo,
        name: org.people.staffA1.name,
        unitName: '来访接待科',
      });
      expect(body).toMatchObject({
        year: 2026,
        periodStart: '2026-01-01',
        periodEnd: '2026-12-31',
        asOf: '2026-12-31',
        periodEnded: true,
        onRoster: true,
        exempted: false,
        plan: { id: planId, requiredHours: 4, unitName: '测试市信访局' },
      });
      // 3 + 2 self-study + 1 session hour = 6; met on 04-05 (4 h and the law by then)
      expect(body.study).toMatchObject({
        totalHours: 6,
        requiredHours: 4,
        hoursMet: true,
        met: true,
        metOn: '2026-04-05',
        lawsMissing: [],
      });
      const byKind = Object.fromEntries(
        (body.study.byKind as { kind: string; hours: number; records: number }[]).map((k) => [
          k.kind,
          [k.hours, k.records],
        ]),
      );
      expect(byKind).toMatchObject({ self_study: [5, 2], session: [1, 1], court_hearing: [0, 0] });
      expect(
        body.study.records.map((r: { occurredOn: string; kindLabel: string; hours: number }) => [
          r.occurredOn,
          r.hours,
        ]),
      ).toEqual([
        ['2026-02-10', 3],
        ['2026-04-05', 2],
        ['2026-10-10', 1],
      ]);
      expect(body.sessions).toMatchObject({ invited: 1, attended: 1, missed: 0 });
      expect(body.sessions.items[0]).toMatchObject({
        sessionId,
        label: '2026年第1次党组理论学习中心组集体学习',
        outcome: 'attended',
        outcomeLabel: '出席',
        startsAt: '2026-10-10T01:00:00.000Z',
      });
      expect(body.exams).toMatchObject({
        state: 'passed',
        sat: true,
        passed: true,
        passedByMakeup: false,
        bestPercentage: 100,
        firstSatOn: '2026-11-20',
      });
      expect(body.exams.items).toEqual([
        expect.objectContaining({
          title: '2026年度学法考试',
          kind: 'official',
          countsForPlan: true,
          score: 100,
          passed: true,
          standing: 'passed',
        }),
      ]);
      expect(body.flags).toEqual([]);
    });

    it('failed the official exam, passed the make-up, missed a session and the required law', async () => {
      const { body } = await dossier(s.hr, org.people.staffA2.id);
      expect(codes(body)).toEqual(['OFFICIAL_NOT_PASSED', 'STUDY_NOT_MET', 'MAKEUP_STUDY_OPEN']);
      expect(body.flags[0]).toEqual({
        code: 'OFFICIAL_NOT_PASSED',
        text: '年度学法考试（正式考试）未通过或缺考，当年不得评为先进',
        when: 'official_not_passed',
      });
      expect(body.exams).toMatchObject({ passed: true, passedByMakeup: true, state: 'passed' });
      expect(
        body.exams.items.map((e: { kind: string; passed: boolean; score: number }) => [
          e.kind,
          e.passed,
          e.score,
        ]),
      ).toEqual([
        ['official', false, 0],
        ['makeup', true, 100],
      ]);
      expect(body.study).toMatchObject({ totalHours: 5, hoursMet: true, met: false, metOn: null });
      expect(body.study.lawsMissing.map((l: { title: string }) => l.title)).toEqual([
        '示范市信访工作办法',
      ]);
      expect(body.sessions).toMatchObject({
        invited: 1,
        attended: 0,
        missed: 1,
        missedRequired: 1,
      });
      expect(body.sessions.items[0]).toMatchObject({
        outcome: 'missed',
        outcomeLabel: '缺席',
        makeup: 'open',
      });
      expect(body.makeups).toHaveLength(1);
    });

    it('failed the official exam and never passed: both exam flags; the exempted and next year’s joiner: none', async () => {
      const sec = await dossier(s.hr, org.people.secA.id);
      expect(codes(sec.body)).toEqual(['OFFICIAL_NOT_PASSED', 'EXAM_NOT_PASSED']);
      expect(sec.body.study.met).toBe(true);
      // failed the official exam too, but exempted: no flag at all
      const exempted = await dossier(s.hr, p.exempted.id);
      expect(exempted.body.exempted).toBe(true);
      expect(exempted.body.exemptions).toEqual([
        expect.objectContaining({ reason: '长期病休', approvedBy: '局党组', revokedAt: null }),
      ]);
      expect(exempted.body.exams.items[0]).toMatchObject({ kind: 'official', passed: false });
      expect(exempted.body.flags).toEqual([]);
      const future = await dossier(s.hr, p.future.id);
      expect(future.body.onRoster).toBe(false);
      expect(future.body.flags).toEqual([]);
    });

    it('joined mid-year and did nothing: absent from the official exam weighs as failing it', async () => {
      const { body } = await dossier(s.admin, p.joiner.id);
      expect(body.staff.employmentStart).toBe('2026-06-01');
      expect(body.onRoster).toBe(true);
      expect(codes(body)).toEqual([
        'OFFICIAL_NOT_PASSED',
        'EXAM_NOT_PASSED',
        'EXAM_ABSENT',
        'STUDY_NOT_MET',
      ]);
      expect(body.exams).toMatchObject({ sat: false, passed: false, state: 'none' });
    });

    it('while the year runs, the study and exam flags wait; a year without a plan requires nothing', async () => {
      const { body } = await dossier(s.hr, org.people.staffA2.id, 2027);
      expect(body).toMatchObject({ plan: null, periodEnded: false, exempted: false });
      expect(body.flags).toEqual([]);
      expect(body.study.records).toEqual([]);
    });

    it('anyone reads their own; reads by HR are audited, their own are not', async () => {
      const before = await count(
        `SELECT count(*) AS n FROM audit_log WHERE action = 'evidence.dossier_read'`,
      );
      const own = await signedIn(t, s.a2).get(`/staff/${org.people.staffA2.id}/dossier?year=2026`);
      expect(own.status).toBe(200);
      expect(own.body.flags.map((f: { code: string }) => f.code)).toContain('OFFICIAL_NOT_PASSED');
      expect(
        await count(`SELECT count(*) AS n FROM audit_log WHERE action = 'evidence.dossier_read'`),
      ).toBe(before);
      await dossier(s.root, org.people.staffA2.id);
      const [row] = await t.dataSource.query<{ actor_id: string; details: { year: number } }[]>(
        `SELECT actor_id, details FROM audit_log WHERE action = 'evidence.dossier_read'
          ORDER BY id DESC LIMIT 1`,
      );
      expect(row.actor_id).toBe(org.people.rootAdmin.id);
      expect(row.details.year).toBe(2026);
    });

    it('outside the scope is a 404, plain staff and secretaries see only their own', async () => {
      for (const [who, id] of [
        [s.hrB, org.people.staffA1.id],
        [s.hr, org.people.staffB.id],
        [s.a1, org.people.staffA2.id],
        [s.sec, org.people.staffA1.id],
        [s.hr, '00000000-0000-4000-8000-000000000000'],
      ] as const) {
        const res = await signedIn(t, who).get(`/staff/${id}/dossier?year=2026`).expect(404);
        expect(res.body).toMatchObject({ code: 'EVIDENCE.STAFF_NOT_FOUND', statusCode: 404 });
        expect(res.body.message).toMatch(/[\u4e00-\u9fff]/);
        expect(res.body.requestId).toEqual(expect.any(String));
      }
    });

    it.each(['1999', '2101', 'abc', '2026.5'])(
      'refuses year=%s with a Chinese 400',
      async (year) => {
        const res = await signedIn(t, s.hr)
          .get(`/staff/${org.people.staffA1.id}/dossier?year=${year}`)
          .expect(400);
        expect(res.body.code).toBe('COMMON.VALIDATION_FAILED');
        expect(res.body.message).toMatch(/^请求参数有误：year /);
      },
    );
  });

  describe('the unit workbook', () => {
    it('is queued (202), built with progress, done with its file facts', async () => {
      const progress = jest.spyOn(t.get(ExportRepository), 'progress');
      const before = await count(
        `SELECT count(*) AS n FROM audit_log WHERE action = 'evidence.export_request'`,
      );
      const res = await signedIn(t, s.hr)
        .post('/exports', { kind: 'unit_workbook', unitId: org.units.bureauA.id, year: 2026 })
        .expect(202);
      expect(res.body).toMatchObject({
        status: 'queued',
        statusLabel: '排队中',
        progress: 0,
        kind: 'unit_workbook',
        unit: { id: org.units.bureauA.id, name: '测试市信访局' },
        plan: { id: planId, title: '2026年度学法考法计划' },
        year: 2026,
        requestedBy: { staffNo: org.people.hrA.staffNo, name: org.people.hrA.name },
        sha256: null,
        fileName: null,
      });
      expect(
        await count(`SELECT count(*) AS n FROM audit_log WHERE action = 'evidence.export_request'`),
      ).toBe(before + 1);
      const done = await settled(res.body.id as string);
      // 7 people × 5 sheet groups, one batch each: 7/35, 14/35 … of 99 %, then 100 when done
      expect(progress.mock.calls.map((c) => Math.floor(c[2]))).toEqual([19, 39, 59, 79, 99]);
      progress.mockRestore();
      expect(done).toMatchObject({
        status: 'done',
        statusLabel: '已完成',
        progress: 100,
        staffCount: 7,
        fileName: '测试市信访局2026年度学法考法情况.xlsx',
        error: null,
      });
      expect(done.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(Date.parse(done.expiresAt as string) - Date.parse(done.finishedAt as string)).toBe(
        72 * HOUR,
      );
      const list = await signedIn(t, s.hr)
        .get(`/exports?unitId=${org.units.bureauA.id}&year=2026`)
        .expect(200);
      expect(list.body).toMatchObject({ total: 1, page: 1, pageSize: 20 });
      expect(list.body.items[0].id).toBe(res.body.id);
      workbook = {
        id: res.body.id as string,
        sha256: done.sha256 as string,
        file: Buffer.alloc(0),
      };
    });

    it('downloads as an .xlsx whose bytes have the recorded SHA-256 (audited)', async () => {
      const res = await download(s.hr, workbook.id).expect(200);
      expect(res.headers['content-type']).toContain('spreadsheetml');
      expect(decodeURIComponent(res.headers['content-disposition'])).toContain(
        '测试市信访局2026年度学法考法情况.xlsx',
      );
      const file = res.body as Buffer;
      expect(sha256(file)).toBe(workbook.sha256);
      workbook.file = file;
      const [row] = await t.dataSource.query<{ actor_id: string; details: { sha256: string } }[]>(
        `SELECT actor_id, details FROM audit_log WHERE action = 'evidence.export_download'
          AND target_id = $1`,
        [workbook.id],
      );
      expect(row).toMatchObject({
        actor_id: org.people.hrA.id,
        details: { sha256: workbook.sha256 },
      });
    });

    it('has the summary of the golden file, the raw records sheets and a sheet per person', async () => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(workbook.file as unknown as ArrayBuffer);
      const names = wb.worksheets.map((w) => w.name);
      const people = [
        org.people.adminA,
        org.people.hrA,
        org.people.secA,
        org.people.staffA1,
        org.people.staffA2,
        p.joiner,
        p.exempted,
      ].sort((a, b) => a.staffNo.localeCompare(b.staffNo));
      expect(names).toEqual([
        '汇总',
        '学习记录',
        '考试记录',
        '活动考勤',
        ...people.map((x) => `${x.staffNo} ${x.name}`),
      ]);
      const tsv = summaryTsv(wb.getWorksheet('汇总') as ExcelJS.Worksheet);
      if (process.env.UPDATE_GOLDEN === '1') writeFileSync(GOLDEN, tsv);
      expect(tsv).toBe(readFileSync(GOLDEN, 'utf8'));
      // the rates under the rows are the compliance figures of the plan
      const figures = (await signedIn(t, s.hr).get(`/plans/${planId}/compliance`).expect(200)).body
        .figures as Record<string, { numerator: number; denominator: number }>;
      for (const [label, key] of [
        ['参学率', 'participation'],
        ['参考率', 'exam'],
        ['通过率', 'pass'],
        ['通过率（按参考人数）', 'passOfSat'],
      ]) {
        const line = tsv.split('\n').find((l) => l.startsWith(`${label}\t`)) ?? '';
        const { numerator: n, denominator: d } = figures[key];
        // the label spans A:D; n, d, n ÷ d and the n / d text from E on
        const cells = line.split('\t');
        expect([cells[4], cells[5], cells[7]]).toEqual([String(n), String(d), `${n} / ${d}`]);
      }
      // …and they are formulas over the rows that give the same figures when evaluated
      const summary = wb.getWorksheet('汇总') as ExcelJS.Worksheet;
      const evaluate = formulaEvaluator(summary);
      const byLabel = new Map<string, ExcelJS.Row>();
      summary.eachRow((row) => byLabel.set(cellText(row.getCell(1).value), row));
      const formulaOf = (label: string, col: number) => {
        const v = byLabel.get(label)?.getCell(col).value as ExcelJS.CellFormulaValue | undefined;
        expect(v?.formula).toBeDefined();
        return v?.formula ?? '';
      };
      expect(evaluate(formulaOf('在册人数', 5))).toBe(7);
      expect(evaluate(formulaOf('免考免学人数', 5))).toBe(1);
      expect(evaluate(formulaOf('应参学人数', 5))).toBe(figures.participation.denominator);
      for (const [label, key] of [
        ['参学率', 'participation'],
        ['参考率', 'exam'],
        ['通过率', 'pass'],
      ]) {
        expect(evaluate(formulaOf(label, 5))).toBe(figures[key].numerator);
        const rateCell = byLabel.get(label)?.getCell(7);
        expect(rateCell?.numFmt).toBe('0.0%');
        expect(rateCell?.value).toMatchObject({
          formula: expect.stringMatching(/^IF\(F\d+=0,"—",E\d+\/F\d+\)$/),
          result: figures[key].numerator / figures[key].denominator,
        });
      }
      // the labels of the totals span A:D, wide enough not to be clipped
      const longest = byLabel.get('通过率（按参考人数）') as ExcelJS.Row;
      expect(longest.getCell(4).master.address).toBe(`A${longest.number}`);
      const spanned = [1, 2, 3, 4].reduce((n, i) => n + (summary.getColumn(i).width ?? 0), 0);
      expect(spanned).toBeGreaterThanOrEqual(textWidth('通过率（按参考人数）'));
      // typed cells: dates are dates, percentages numbers formatted as percent
      const a1Row = summary.getRow(6 + 4); // the fourth person: studied, passed with 100 %
      expect(a1Row.getCell(16).value).toBeInstanceOf(Date);
      expect(a1Row.getCell(16).numFmt).toBe('yyyy"年"m"月"d"日"');
      expect(a1Row.getCell(22).value).toBe(1);
      expect(a1Row.getCell(22).numFmt).toBe('0.0%');
      // printing: A4, one page wide, the header rows repeated and frozen
      const print = await xlsxPrint(workbook.file);
      expectA4OnePageWide(print);
      const head = print.map((x) => [x.name, x.orientation, x.printTitles, x.frozenRows]);
      expect(head.slice(0, 4)).toEqual([
        ['汇总', 'landscape', '$6:$6', 6],
        ['学习记录', 'landscape', '$1:$1', 1],
        ['考试记录', 'landscape', '$1:$1', 1],
        ['活动考勤', 'landscape', '$1:$1', 1],
      ]);
      for (const [, orientation] of head.slice(4)) expect(orientation).toBe('landscape');
      // nothing clipped: every header fits its column on at most two lines, and wraps
      for (const name of ['汇总', '学习记录', '考试记录', '活动考勤']) {
        const ws = wb.getWorksheet(name) as ExcelJS.Worksheet;
        const headerRow = ws.getRow(name === '汇总' ? 6 : 1);
        headerRow.eachCell((cell, n) => {
          const text = cellText(cell.value);
          expect(cell.alignment?.wrapText).toBe(true);
          expect((ws.getColumn(n).width ?? 0) * 2).toBeGreaterThanOrEqual(textWidth(text));
        });
        expect(headerRow.font?.bold ?? headerRow.getCell(1).font?.bold).toBe(true);
      }
      // raw rows carry their ids, so each figure can be traced to its records
      const records = wb.getWorksheet('学习记录') as ExcelJS.Worksheet;
      const recordIds = (
        await t.dataSource.query<{ id: string }[]>(
          'SELECT id FROM study_record WHERE staff_id = $1',
          [org.people.staffA1.id],
        )
      ).map((r) => r.id);
      const column = (ws: ExcelJS.Worksheet, n: number) =>
        (ws.getColumn(n).values as ExcelJS.CellValue[]).map(cellText);
      expect(column(records, 11)).toEqual(expect.arrayContaining(recordIds));
      const exams = wb.getWorksheet('考试记录') as ExcelJS.Worksheet;
      expect(exams.rowCount).toBeGreaterThan(5);
      const attendance = wb.getWorksheet('活动考勤') as ExcelJS.Worksheet;
      expect(column(attendance, 9).filter((v) => v === '缺席')).toHaveLength(1);
      const a2 = wb.getWorksheet(
        `${org.people.staffA2.staffNo} ${org.people.staffA2.name}`,
      ) as ExcelJS.Worksheet;
      const a2text = column(a2, 2).join('\n');
      expect(a2text).toContain('年度学法考试（正式考试）未通过或缺考，当年不得评为先进');
      expect(a2text).toContain('2026年第1次党组理论学习中心组集体学习');
    });

    it('recorded its SHA-256 in an intact audit entry', async () => {
      const done = (await signedIn(t, s.hr).get(`/exports/${workbook.id}`).expect(200)).body;
      const [row] = await t.dataSource.query<
        { id: string; actor_id: string; details: { sha256: string; staffCount: number } }[]
      >(
        `SELECT id, actor_id, details FROM audit_log WHERE action = 'evidence.export_done'
          AND target_id = $1`,
        [workbook.id],
      );
      expect(row.id).toBe(done.auditEntryId);
      expect(row.actor_id).toBe(org.people.hrA.id);
      expect(row.details).toMatchObject({ sha256: workbook.sha256, staffCount: 7 });
      await expect(t.get(AuditService).checkEntry(row.id)).resolves.toMatchObject({ intact: true });
      await expect(t.get(AuditService).verifyChain()).resolves.toMatchObject({ ok: true });
    });

    it('verifies the downloaded file (who and when), not a changed one, not outside the scope', async () => {
      const ok = await verify(s.hr, workbook.file).expect(200);
      expect(ok.body).toMatchObject({
        match: true,
        sha256: workbook.sha256,
        export: {
          id: workbook.id,
          kind: 'unit_workbook',
          unit: { id: org.units.bureauA.id, name: '测试市信访局' },
          year: 2026,
          requestedBy: {
            id: org.people.hrA.id,
            staffNo: org.people.hrA.staffNo,
            name: org.people.hrA.name,
          },
          requestedAt: expect.any(String),
          finishedAt: expect.any(String),
        },
        audit: { intact: true },
      });
      const done = (await signedIn(t, s.hr).get(`/exports/${workbook.id}`).expect(200)).body;
      expect(ok.body.audit.entryId).toBe(done.auditEntryId);
      expect(ok.body.export.requestedAt).toBe(done.requestedAt);
      expect(ok.body.export.finishedAt).toBe(done.finishedAt);
      const changed = Buffer.from(workbook.file);
      changed[Math.floor(changed.length / 2)] ^= 0x01;
      const no = await verify(s.hr, changed).expect(200);
      expect(no.body).toEqual({
        match: false,
        reason: '文件与任何导出记录都不一致，可能已被修改或并非本平台导出',
        sha256: sha256(changed),
        size: changed.length,
      });
      expect(ok.body.reason).toBeUndefined();
      // a large unit's workbook is above the import limit (UPLOAD_LIMIT_BYTES, 1 MiB here) and
      // is still hashed as it streams
      const large = Buffer.concat([workbook.file.subarray(0, 4), Buffer.alloc(MiB + 1)]);
      const big = await verify(s.hr, large).expect(200);
      expect(big.body).toMatchObject({ match: false, sha256: sha256(large), size: large.length });
      // another bureau's HR learns nothing about it
      const foreign = await verify(s.hrB, workbook.file).expect(200);
      expect(foreign.body).toEqual({
        match: false,
        reason: '文件与任何导出记录都不一致，可能已被修改或并非本平台导出',
        sha256: workbook.sha256,
        size: workbook.file.length,
      });
      expect(
        await count(`SELECT count(*) AS n FROM audit_log WHERE action = 'evidence.export_verify'`),
      ).toBe(4);
    });

    it('exports one person’s dossier as a workbook too', async () => {
      const res = await signedIn(t, s.hr)
        .post('/exports', { kind: 'dossier', staffId: org.people.staffA2.id, year: 2026 })
        .expect(202);
      expect(res.body.staff).toMatchObject({ id: org.people.staffA2.id });
      const done = await settled(res.body.id as string);
      expect(done).toMatchObject({ status: 'done', staffCount: 1, unit: { name: '办信科' } });
      expect(done.fileName).toBe(
        `${org.people.staffA2.name}（${org.people.staffA2.staffNo}）2026年度个人学法考法档案.xlsx`,
      );
      const file = (await download(s.hr, res.body.id as string).expect(200)).body as Buffer;
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(file as unknown as ArrayBuffer);
      expect(wb.worksheets.map((w) => w.name)).toEqual([
        '汇总',
        '学习记录',
        '考试记录',
        '活动考勤',
        `${org.people.staffA2.staffNo} ${org.people.staffA2.name}`,
      ]);
      // the person's sheet prints landscape, one page wide: the name is on the first page
      const print = await xlsxPrint(file);
      expectA4OnePageWide(print);
      expect(print[4]).toMatchObject({ orientation: 'landscape', printTitles: null });
      const person = wb.worksheets[4];
      expect(cellText(person.getRow(2).getCell(4).value)).toBe(org.people.staffA2.name);
      // its study records carry dates as dates
      const dated: unknown[] = [];
      person.eachRow((row) => {
        const v = row.getCell(1).value;
        if (v instanceof Date) dated.push(v);
      });
      expect(dated.length).toBeGreaterThan(0);
    });
  });

  describe('download links', () => {
    const link = (who: Session, id = workbook.id) =>
      signedIn(t, who).post(`/exports/${id}/link`, {});
    const open = (url: string) => binary(request(t.http).get(url));

    it('work once within their minute, without the Authorization header (audited)', async () => {
      const asked = t.clock.nowMs();
      const res = await link(s.hr).expect(200);
      expect(res.body.url).toMatch(/^\/export-downloads\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
      const ttl = Date.parse(res.body.expiresAt as string) - asked;
      expect(ttl).toBeGreaterThanOrEqual(60_000);
      expect(ttl).toBeLessThan(61_000);
      const file = await open(res.body.url as string).expect(200);
      expect(file.headers['content-type']).toContain('spreadsheetml');
      expect(decodeURIComponent(file.headers['content-disposition'])).toContain(
        '测试市信访局2026年度学法考法情况.xlsx',
      );
      expect(sha256(file.body as Buffer)).toBe(workbook.sha256);
      const rows = await t.dataSource.query<{ actor_id: string; details: { via: string } }[]>(
        `SELECT actor_id, details FROM audit_log WHERE action = 'evidence.export_download'
          AND target_id = $1 AND details->>'via' = 'link'`,
        [workbook.id],
      );
      expect(rows).toEqual([
        expect.objectContaining({ actor_id: org.people.hrA.id, details: expect.anything() }),
      ]);
      const again = await open(res.body.url as string).expect(410);
      expect(again.body).toMatchObject({ code: 'EVIDENCE.LINK_EXPIRED' });
      expect(again.body.message).toContain('下载链接已过期或已经用过');
    });

    it('expire after 60 s with a Chinese message', async () => {
      const res = await link(s.hr).expect(200);
      t.clock.advance(61_000);
      const late = await open(res.body.url as string).expect(410);
      expect(late.body).toMatchObject({ code: 'EVIDENCE.LINK_EXPIRED' });
      expect(late.body.message).toMatch(/请回到“导出与校验”页面重新下载/);
    });

    it('refuse a tampered token (401) and never stream the file', async () => {
      const url = (await link(s.hr).expect(200)).body.url as string;
      const [body, sig] = url.slice('/export-downloads/'.length).split('.');
      const flip = (x: string) => (x[0] === 'A' ? 'B' : 'A') + x.slice(1);
      // another export's id in the claims, signature kept
      const claims = JSON.parse(Buffer.from(body, 'base64url').toString()) as unknown[];
      claims[0] = '00000000-0000-4000-8000-000000000000';
      const forged = Buffer.from(JSON.stringify(claims)).toString('base64url');
      for (const bad of [
        `${body}.${flip(sig)}`,
        `${forged}.${sig}`,
        `${body}`,
        'x.y',
        encodeURIComponent('../file'),
      ]) {
        const res = await open(`/export-downloads/${bad}`).expect(401);
        expect(res.body).toMatchObject({ code: 'EVIDENCE.LINK_INVALID' });
        expect(res.body.message).toContain('下载链接无效');
      }
      // the untouched link still works afterwards
      await open(url).expect(200);
    });

    it('are issued only for exports in scope (404), to HR and admins (403), and die with the sign-in', async () => {
      const foreign = await link(s.hrB).expect(404);
      expect(foreign.body.code).toBe('EVIDENCE.EXPORT_NOT_FOUND');
      await link(s.a1).expect(403);
      await link(s.sec).expect(403);
      await link(s.hr, '00000000-0000-4000-8000-000000000000').expect(404);
      const other = await login(t, org.people.hrA);
      const url = (await link(other).expect(200)).body.url as string;
      await signedIn(t, other).post('/auth/logout', {}).expect(204);
      const res = await open(url).expect(401);
      expect(res.body.code).toBe('EVIDENCE.LINK_INVALID');
    });
  });

  describe('scope and bad input', () => {
    it('HR of another bureau sees neither the exports nor the units; staff and secretaries are refused', async () => {
      for (const url of [`/exports/${workbook.id}`, `/exports/${workbook.id}/file`]) {
        const res = await signedIn(t, s.hrB).get(url).expect(404);
        expect(res.body.code).toBe('EVIDENCE.EXPORT_NOT_FOUND');
      }
      const list = await signedIn(t, s.hrB).get('/exports').expect(200);
      expect(list.body.total).toBe(0);
      const foreign = await signedIn(t, s.hrB)
        .post('/exports', { kind: 'unit_workbook', unitId: org.units.bureauA.id, year: 2026 })
        .expect(404);
      expect(foreign.body.code).toBe('EVIDENCE.UNIT_NOT_FOUND');
      const person = await signedIn(t, s.hrB)
        .post('/exports', { kind: 'dossier', staffId: org.people.staffA1.id, year: 2026 })
        .expect(404);
      expect(person.body.code).toBe('EVIDENCE.STAFF_NOT_FOUND');
      for (const who of [s.a1, s.sec]) {
        const refused = await signedIn(t, who)
          .post('/exports', { kind: 'unit_workbook', unitId: org.units.bureauA.id, year: 2026 })
          .expect(403);
        expect(refused.body.code).toBe('COMMON.FORBIDDEN');
        await signedIn(t, who).get('/exports').expect(403);
        await signedIn(t, who).get(`/exports/${workbook.id}/file`).expect(403);
        await verify(who, workbook.file).expect(403);
      }
    });

    it('refuses bad requests with a Chinese message and writes nothing', async () => {
      const rows = () => count('SELECT count(*) AS n FROM evidence_export');
      const before = await rows();
      const unit = org.units.bureauA.id;
      const cases: [object, number, string][] = [
        [{ kind: 'unit_workbook', unitId: unit, year: 1999 }, 400, 'COMMON.VALIDATION_FAILED'],
        [{ kind: 'unit_workbook', unitId: unit, year: '2026' }, 400, 'COMMON.VALIDATION_FAILED'],
        [{ kind: 'unit_workbook', year: 2026 }, 400, 'COMMON.VALIDATION_FAILED'],
        [{ kind: 'dossier', year: 2026 }, 400, 'COMMON.VALIDATION_FAILED'],
        [{ kind: 'everything', unitId: unit, year: 2026 }, 400, 'COMMON.VALIDATION_FAILED'],
        [
          { kind: 'unit_workbook', unitId: 'bureau-a', year: 2026 },
          400,
          'COMMON.VALIDATION_FAILED',
        ],
        [
          { kind: 'unit_workbook', unitId: unit, year: 2026, extra: true },
          400,
          'COMMON.VALIDATION_FAILED',
        ],
        [
          { kind: 'unit_workbook', unitId: '00000000-0000-4000-8000-000000000000', year: 2026 },
          404,
          'EVIDENCE.UNIT_NOT_FOUND',
        ],
        [
          { kind: 'unit_workbook', unitId: unit, year: 2026, planId: unit },
          404,
          'EVIDENCE.PLAN_NOT_FOUND',
        ],
        [
          { kind: 'unit_workbook', unitId: unit, year: 2025, planId },
          422,
          'EVIDENCE.INVALID_REQUEST',
        ],
        [
          { kind: 'unit_workbook', unitId: org.units.city.id, year: 2026, planId },
          404,
          'EVIDENCE.UNIT_NOT_FOUND',
        ],
      ];
      for (const [body, status, code] of cases) {
        const res = await signedIn(t, s.hr).post('/exports', body);
        expect([JSON.stringify(body), res.status, res.body.code]).toEqual([
          JSON.stringify(body),
          status,
          code,
        ]);
        expect(res.body.message).toMatch(/[\u4e00-\u9fff]/);
      }
      // a unit above the plan's: inside the root admin's scope, outside the plan
      const outside = await signedIn(t, s.root)
        .post('/exports', { kind: 'unit_workbook', unitId: org.units.city.id, year: 2026, planId })
        .expect(422);
      expect(outside.body.code).toBe('EVIDENCE.UNIT_OUTSIDE_PLAN');
      expect(await rows()).toBe(before);

      const missing = await verify(s.hr, null).expect(400);
      expect(missing.body).toMatchObject({
        code: 'EVIDENCE.FILE_MISSING',
        message: '请上传要核验的文件（表单字段 file）',
      });
      const text = await verify(s.hr, Buffer.from('工号,姓名\n'), 'fake.xlsx').expect(400);
      expect(text.body.code).toBe('EVIDENCE.FILE_NOT_XLSX');
      const empty = await verify(s.hr, Buffer.alloc(0), 'empty.xlsx').expect(400);
      expect(empty.body.code).toBe('EVIDENCE.FILE_NOT_XLSX');
      await signedIn(t, s.hr).get('/exports/not-a-uuid').expect(400);
      const unknown = await signedIn(t, s.hr)
        .get('/exports/00000000-0000-4000-8000-000000000000')
        .expect(404);
      expect(unknown.body.code).toBe('EVIDENCE.EXPORT_NOT_FOUND');
      await signedIn(t, s.hr).get('/exports?year=20266').expect(400);
      await signedIn(t, s.hr).get('/exports?status=lost').expect(400);
    });
  });

  describe('failures and the safety net', () => {
    const request202 = async () =>
      (
        await signedIn(t, s.hr)
          .post('/exports', { kind: 'unit_workbook', unitId: org.units.deptA2.id, year: 2026 })
          .expect(202)
      ).body.id as string;
    const temporaries = () => {
      const dir = join(uploadDir, EXPORT_AREA, '.tmp');
      return existsSync(dir) ? readdirSync(dir) : [];
    };

    beforeEach(async () => {
      await worker().pause();
    });
    beforeAll(signInAll);
    afterEach(async () => {
      await worker().resume();
    });

    it('is not downloadable before it is built (409)', async () => {
      const id = await request202();
      const res = await download(s.hr, id).expect(409);
      expect(res.body).toMatchObject({
        code: 'EVIDENCE.EXPORT_NOT_READY',
        message: '导出文件尚未生成（当前状态：排队中）',
      });
      await worker().resume();
      expect((await settled(id)).status).toBe('done');
    });

    it('a failed build is tried again, and the last failure marks it failed in Chinese, leaving no file', async () => {
      const id = await request202();
      await t.get(JobQueueService).cancel(JobName.EvidenceExport, exportJobId(id));
      const facts = jest
        .spyOn(t.get(EvidenceReader), 'facts')
        .mockRejectedValue(new Error('connection reset'));
      try {
        await expect(t.get(ExportJobsService).build(id, false)).rejects.toThrow('connection reset');
        const again = (await signedIn(t, s.hr).get(`/exports/${id}`).expect(200)).body;
        expect(again).toMatchObject({ status: 'queued', progress: 0 });
        await expect(t.get(ExportJobsService).build(id, true)).rejects.toThrow('connection reset');
      } finally {
        facts.mockRestore();
      }
      const failed = (await signedIn(t, s.hr).get(`/exports/${id}`).expect(200)).body;
      expect(failed).toMatchObject({
        status: 'failed',
        statusLabel: '失败',
        sha256: null,
        error: '生成导出文件时出错，请重新导出；如仍失败请联系管理员',
      });
      expect(temporaries()).toEqual([]);
      const res = await download(s.hr, id).expect(409);
      expect(res.body.message).toBe('导出文件尚未生成（当前状态：失败）');
      // a failed export is not built again by a late job or the sweeper
      await expect(t.get(ExportJobsService).build(id, true)).resolves.toBe(false);
    });

    it('queues again an export whose job was lost (Redis wiped)', async () => {
      const id = await request202();
      await t.get(JobQueueService).cancel(JobName.EvidenceExport, exportJobId(id));
      await worker().resume();
      await new Promise((r) => setTimeout(r, 300));
      expect((await signedIn(t, s.hr).get(`/exports/${id}`).expect(200)).body.status).toBe(
        'queued',
      );
      // a fresh request is left to its job for a minute
      await expect(t.get(ExportJobsService).sweep()).resolves.toMatchObject({ requeued: 0 });
      t.clock.advance(2 * 60_000);
      await expect(t.get(ExportJobsService).sweep()).resolves.toMatchObject({ requeued: 1 });
      expect((await settled(id)).status).toBe('done');
    });

    it('takes over a build whose worker died (silent heartbeat), and only then', async () => {
      const id = await request202();
      await t.get(JobQueueService).cancel(JobName.EvidenceExport, exportJobId(id));
      // as a worker leaves it when it dies mid-build
      await t.dataSource.query(
        `UPDATE evidence_export SET status = 'running', builds = 1, progress = 40,
                heartbeat_at = $2 WHERE id = $1`,
        [id, new Date(t.clock.nowMs() - 5 * 60_000)],
      );
      await expect(t.get(ExportJobsService).build(id, false)).resolves.toBe(false);
      await expect(t.get(ExportJobsService).sweep()).resolves.toMatchObject({ requeued: 0 });
      t.clock.advance(6 * 60_000); // now silent for 11 minutes
      await expect(t.get(ExportJobsService).sweep()).resolves.toMatchObject({ requeued: 1 });
      await worker().resume();
      const done = await settled(id);
      expect(done.status).toBe('done');
      const [{ builds }] = await t.dataSource.query<{ builds: number }[]>(
        'SELECT builds FROM evidence_export WHERE id = $1',
        [id],
      );
      expect(builds).toBe(2);
    });

    it('expires: 410 after the TTL, the sweeper deletes the file, verification still answers', async () => {
      await worker().resume();
      const path = join(uploadDir, EXPORT_AREA, workbook.sha256.slice(0, 2), workbook.sha256);
      expect(existsSync(path)).toBe(true);
      t.clock.advance(73 * HOUR);
      await signInAll();
      const shown = (await signedIn(t, s.hr).get(`/exports/${workbook.id}`).expect(200)).body;
      expect(shown).toMatchObject({ status: 'expired', statusLabel: '已过期' });
      const gone = await download(s.hr, workbook.id).expect(410);
      expect(gone.body.code).toBe('EVIDENCE.EXPORT_EXPIRED');
      expect(gone.body.message).toMatch(/^导出文件已于 .+ 过期删除，请重新导出$/);
      // listed as expired already, before the sweeper has run
      const expired = await signedIn(t, s.hr).get('/exports?status=expired').expect(200);
      expect(expired.body.items.map((x: { id: string }) => x.id)).toContain(workbook.id);
      const done = await signedIn(t, s.hr).get('/exports?status=done').expect(200);
      expect(done.body.total).toBe(0);
      const swept = await t.get(ExportJobsService).sweep();
      expect(swept.expired).toBeGreaterThanOrEqual(1);
      expect(existsSync(path)).toBe(false);
      const [{ status }] = await t.dataSource.query<{ status: string }[]>(
        'SELECT status FROM evidence_export WHERE id = $1',
        [workbook.id],
      );
      expect(status).toBe('expired');
      expect(
        await count(
          `SELECT count(*) AS n FROM audit_log WHERE action = 'evidence.export_expired'
            AND target_id = $1`,
          [workbook.id],
        ),
      ).toBe(1);
      await download(s.hr, workbook.id).expect(410);
      const still = await verify(s.hr, workbook.file).expect(200);
      expect(still.body).toMatchObject({
        match: true,
        export: { id: workbook.id, status: 'expired' },
        audit: { intact: true },
      });
    });
  });

  // Last: a second app in this process takes over passport's global strategies, so the first
  // app cannot be used after the second one is closed.
  describe('rules', () => {
    it('a custom rule file (EVIDENCE_RULES_FILE) changes the flags', async () => {
      const rules = join(uploadDir, 'rules.json');
      writeFileSync(
        rules,
        JSON.stringify([
          { code: 'MAKEUP_PASSED', when: 'makeup_passed', text: '补考通过，年度考核酌情认定' },
          {
            code: 'MISSED_NOT_MADE_UP',
            when: ['missed_sessions:1', 'makeup_study_open'],
            text: '缺席集体学习且未完成补学',
          },
          { code: 'FEW_HOURS', when: 'hours_below:5.5', text: '学时不足5.5小时' },
        ]),
      );
      const other = await createTestApp({ db: t.db, env: { EVIDENCE_RULES_FILE: rules } });
      try {
        other.clock.set(new Date(LATER));
        const hr = await login(other, org.people.hrA);
        const read = (id: string) =>
          signedIn(other, hr).get(`/staff/${id}/dossier?year=2026`).expect(200);
        expect((await read(org.people.staffA2.id)).body.flags).toEqual([
          { code: 'MAKEUP_PASSED', text: '补考通过，年度考核酌情认定', when: 'makeup_passed' },
          {
            code: 'MISSED_NOT_MADE_UP',
            text: '缺席集体学习且未完成补学',
            when: 'missed_sessions:1 & makeup_study_open:1',
          },
          { code: 'FEW_HOURS', text: '学时不足5.5小时', when: 'hours_below:5.5' },
        ]);
        expect((await read(org.people.staffA1.id)).body.flags).toEqual([]);
        expect(
          (await read(org.people.secA.id)).body.flags.map((f: { code: string }) => f.code),
        ).toEqual(['FEW_HOURS']);
      } finally {
        await other.close();
      }
    });
  });
});
