import ExcelJS from 'exceljs';
import { AttemptFinalizer } from '../../src/modules/exams/attempt-finalizer.service';
import { seedBank } from '../factories/exam.factory';
import {
  buildOrg,
  login,
  publishOneQuestionExam,
  requestAs,
  sitExam,
} from '../factories/org.factory';
import type { Session, TestStaff } from '../factories/org.factory';
import type { TestApp } from '../utils/test-app';
import { createTestApp } from '../utils/test-app';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** The official exam opens on 20 November 2026, 10:00 in Shanghai, for two hours. */
const NOW = Date.parse('2026-11-20T02:00:00Z');
/** HR reads the evidence once the year is over. */
const LATER = Date.parse('2027-01-10T02:00:00Z');

type Who = 'admin' | 'hr' | 'sec' | 'a1' | 'a2' | 'future';

/**
 * Fairness between people in the same situation: someone who skips the official exam is
 * flagged like someone who fails it; the exam audience and the session invitees follow one
 * roster rule; inside the window nobody is labelled absent; a person whose attempt the server
 * handed in at the deadline is told so.
 */
describe('exam fairness (e2e)', () => {
  let t: TestApp;
  let org: Awaited<ReturnType<typeof buildOrg>>;
  let future: TestStaff;
  let examId: string;
  const s = {} as Record<Who, Session>;
  const as = (who: Session) => requestAs(t, who);
  const signInAll = async () => {
    s.admin = await login(t, org.people.adminA);
    s.hr = await login(t, org.people.hrA);
    s.sec = await login(t, org.people.secA);
    s.a1 = await login(t, org.people.staffA1);
    s.a2 = await login(t, org.people.staffA2);
    s.future = await login(t, future);
  };
  const results = async () =>
    (await as(s.sec).get(`/exams/${examId}/results`).expect(200)).body as {
      candidates: { staffId: string; status: string; statusLabel: string }[];
    };
  const notices = async (who: Session) =>
    (await as(who).get('/me/notifications').expect(200)).body.items as {
      kind: string;
      title: string;
      body: string;
      data: Record<string, unknown>;
    }[];

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set(new Date(NOW));
    org = await buildOrg(t);
    const bank = await seedBank(t, { true_false: 1 });
    // on the roster from next month: not on it today
    future = await org.f.staff({ unit: org.units.deptA1, name: '下月入职' });
    await t.dataSource.query('UPDATE staff SET employment_start = $2 WHERE id = $1', [
      future.id,
      '2026-12-01',
    ]);
    await signInAll();
    const plan = await as(s.admin)
      .post('/plans', {
        unitId: org.units.bureauA.id,
        year: 2026,
        title: '2026年度学法考法计划',
        requiredHours: 1,
      })
      .expect(201);
    await as(s.admin).patch(`/plans/${plan.body.id}`, { status: 'active' }).expect(200);
    examId = await publishOneQuestionExam(as(s.sec), {
      unitId: org.units.bureauA.id,
      planId: plan.body.id as string,
      audienceUnitIds: [org.units.deptA1.id, org.units.deptA2.id],
      questionId: bank.codes['EX-TR01'],
      now: NOW,
    });
  });
  afterAll(async () => {
    await t.close();
  });

  describe('the roster rule (one for exams, sessions, compliance and evidence)', () => {
    it('someone employed from next month is neither an exam candidate nor a session invitee', async () => {
      const { candidates } = await results();
      const ids = candidates.map((c) => c.staffId);
      expect(ids).toContain(org.people.staffA1.id);
      expect(ids).not.toContain(future.id);
      expect((await as(s.future).get('/me/exams').expect(200)).body).toEqual([]);
      await as(s.future).post(`/exams/${examId}/attempts`).expect(404);

      const session = await as(s.sec)
        .post('/sessions', {
          unitId: org.units.bureauA.id,
          type: 'theory_group',
          topic: '学习示范办法',
          startsAt: '2026-11-25T01:00:00Z',
          endsAt: '2026-11-25T03:00:00Z',
          place: '会议室',
          organiser: '局党组书记',
          creditedHours: 1,
          invite: { unitIds: [org.units.deptA1.id] },
        })
        .expect(201);
      // deptA1: adminA, hrA, secA, staffA1 — not the person who starts next month
      expect(session.body.inviteeCount).toBe(4);
      expect(candidates.filter((c) => c.staffId !== org.people.staffA2.id)).toHaveLength(4);
    });
  });

  describe('inside the window and after it', () => {
    it('labels people who have not started 未开始 while the exam is open, 缺考 after it', async () => {
      const open = await results();
      const a2 = open.candidates.find((c) => c.staffId === org.people.staffA2.id);
      expect(a2).toMatchObject({ status: 'not_started', statusLabel: '未开始' });
      const file = await as(s.sec)
        .get(`/exams/${examId}/results/export`)
        .buffer(true)
        .parse((res, cb) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => cb(null, Buffer.concat(chunks)));
        })
        .expect(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(file.body as ArrayBuffer);
      const row = wb
        .getWorksheet('成绩')
        ?.getRows(2, open.candidates.length)
        ?.find((r) => r.getCell(1).value === org.people.staffA2.staffNo);
      expect(row?.getCell(4).value).toBe('未开始');
      const labels: string[] = [];
      wb.getWorksheet('统计')?.eachRow((r) => labels.push(String(r.getCell(1).value)));
      expect(labels.filter((l) => l.startsWith('状态：'))).toEqual([
        '状态：未开考',
        '状态：未开始',
        '状态：答题中',
        '状态：已交卷（待评分）',
        '状态：通过',
        '状态：未通过',
        '状态：缺考',
      ]);
    });

    it('tells the examinee when the server handed their paper in at the deadline, not when they did', async () => {
      // A1 answers but never hands in (a late read finishes it); adminA the same (the
      // sweeper finishes it); secA hands in themselves
      const a1 = await sitExam(as(s.a1), examId, null);
      await as(s.a1).put(`/exam-attempts/${a1}/answers/1`, { seq: 1, response: ['A'] }).expect(200);
      const mine = await sitExam(as(s.admin), examId, null);
      await as(s.admin)
        .put(`/exam-attempts/${mine}/answers/1`, { seq: 1, response: ['B'] })
        .expect(200);
      await sitExam(as(s.sec), examId, 'B');
      // past the 30-minute deadline and the grace
      t.clock.set(new Date(NOW + 31 * MINUTE));
      await signInAll();
      const read = await as(s.a1).get(`/exam-attempts/${a1}`).expect(200);
      expect(read.body.status).toBe('finished');
      expect(await t.get(AttemptFinalizer).sweep()).toBe(1);

      for (const who of [s.a1, s.admin]) {
        const list = await notices(who);
        expect(list).toHaveLength(1);
        expect(list[0]).toMatchObject({
          kind: 'exam_auto_submitted',
          title: '《2026年度学法考试》已由系统自动交卷',
          data: { examId, attemptNo: 1 },
        });
        expect(list[0].body).toContain('2026/11/20 10:30');
        expect(list[0].body).toContain('系统已按截止时保存的答案自动交卷');
      }
      // handed in by the examinee: nothing to tell
      expect(await notices(s.sec)).toEqual([]);
      // finishing again (a timer delivered late) tells nobody twice
      await t.get(AttemptFinalizer).finish(a1, 'timer');
      expect(await notices(s.a1)).toHaveLength(1);
      const rows = await t.dataSource.query<{ details: { by: string } }[]>(
        `SELECT e.details FROM attempt_event e JOIN exam_attempt a ON a.id = e.attempt_id
          WHERE a.exam_id = $1 AND e.kind = 'finished' ORDER BY e.occurred_at, e.id`,
        [examId],
      );
      expect(rows.map((r) => r.details.by).sort()).toEqual(['examinee', 'read', 'sweeper']);
    });

    it('after the window, those who never started are 缺考', async () => {
      t.clock.set(new Date(NOW + 2 * HOUR + MINUTE));
      await signInAll();
      const closed = await results();
      const a2 = closed.candidates.find((c) => c.staffId === org.people.staffA2.id);
      expect(a2).toMatchObject({ status: 'absent', statusLabel: '缺考' });
    });
  });

  describe('evidence flags: skipping the official exam weighs as failing it', () => {
    it('skipped the official exam and passed the make-up: 当年不得评为先进, as for failing it', async () => {
      t.clock.set(new Date(NOW + 3 * HOUR));
      await signInAll();
      const makeup = await as(s.sec)
        .post(`/exams/${examId}/makeups`, {
          opensAt: new Date(NOW + 3 * HOUR - MINUTE).toISOString(),
          closesAt: new Date(NOW + 5 * HOUR).toISOString(),
          publish: true,
        })
        .expect(201);
      await sitExam(as(s.a2), makeup.body.id as string, 'A');
      await sitExam(as(s.admin), makeup.body.id as string, 'A');

      t.clock.set(new Date(LATER));
      await signInAll();
      const dossier = async (who: TestStaff) =>
        (await as(s.hr).get(`/staff/${who.id}/dossier?year=2026`).expect(200)).body as {
          exams: { passedByMakeup: boolean };
          flags: { code: string; text: string; when: string }[];
        };
      const flag = {
        code: 'OFFICIAL_NOT_PASSED',
        text: '年度学法考试（正式考试）未通过或缺考，当年不得评为先进',
        when: 'official_not_passed',
      };
      // (nobody studied: STUDY_NOT_MET is everyone's and beside the point here)
      const examFlags = (d: { flags: { code: string }[] }) =>
        d.flags.filter((f) => f.code !== 'STUDY_NOT_MET');
      const skipped = await dossier(org.people.staffA2);
      const failed = await dossier(org.people.adminA);
      expect(skipped.exams.passedByMakeup).toBe(true);
      expect(failed.exams.passedByMakeup).toBe(true);
      expect(examFlags(skipped)).toEqual([flag]);
      expect(examFlags(failed)).toEqual([flag]);
      // passed the official exam (handed in by the server): nothing
      expect(examFlags(await dossier(org.people.staffA1))).toEqual([]);
      // never a candidate of the official exam: not absent from it
      const later = await dossier(future);
      expect(later.flags.map((f) => f.code)).not.toContain('OFFICIAL_NOT_PASSED');
    });
  });
});
