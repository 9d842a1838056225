import ExcelJS from 'exceljs';
import { pearson } from '../../src/modules/exams/results/item-statistics';
import { FIXTURE_LAW, publishExam, seedBank, sitExam } from '../factories/exam.factory';
import { buildOrg } from '../factories/org.factory';
import type { TestStaff } from '../factories/org.factory';
import { login, signedIn } from '../utils/auth';
import type { Session } from '../utils/auth';
import { expectA4OnePageWide, xlsxPrint } from '../utils/ooxml';
import type { TestApp } from '../utils/test-app';
import { createTestApp } from '../utils/test-app';

const HOUR = 3600_000;

interface Row {
  staffId: string;
  name: string;
  status: string;
  score: number | null;
  percentage: number | null;
  focusLossCount: number;
  official?: { bestPercentage: number | null; passed: boolean; examId: string | null };
  attempts: { id: string; gradingPending: boolean }[];
}

/**
 * After the exam, as a secretary: blind grading of short answers, a corrected key that regrades
 * everyone, results with statuses and figures, item statistics, the Excel export, and a make-up
 * for those who failed or were absent whose pass counts for the official exam.
 * The tests run in order and share one official exam.
 */
describe('exam results, grading and make-ups (e2e)', () => {
  let t: TestApp;
  let org: Awaited<ReturnType<typeof buildOrg>>;
  let bank: Awaited<ReturnType<typeof seedBank>>;
  let p3: TestStaff;
  const s: Record<'sec' | 'a1' | 'a2' | 'p3' | 'hr', Session> = {} as never;
  let examId: string;
  const attemptOf: Record<string, string> = {};

  const signInAll = async () => {
    s.sec = await login(t, org.people.secA);
    s.a1 = await login(t, org.people.staffA1);
    s.a2 = await login(t, org.people.staffA2);
    s.p3 = await login(t, p3);
    s.hr = await login(t, org.people.hrA);
  };
  const results = async () => {
    const res = await signedIn(t, s.sec).get(`/exams/${examId}/results`).expect(200);
    return res.body as {
      summary: Record<string, unknown> & { byStatus: Record<string, number> };
      candidates: Row[];
    };
  };
  const rowOf = (rows: Row[], staffId: string) => rows.find((r) => r.staffId === staffId) as Row;

  beforeAll(async () => {
    t = await createTestApp();
    org = await buildOrg(t);
    p3 = await org.f.staff({ unit: org.units.deptA2, name: '第三考生' });
    bank = await seedBank(t, { single_choice: 2, true_false: 1, short_answer: 1 });
    await signInAll();
    examId = await publishExam(signedIn(t, s.sec), {
      unitId: org.units.bureauA.id,
      title: '2026年度学法考试',
      kind: 'official',
      opensAt: new Date(Date.now() - 60_000).toISOString(),
      closesAt: new Date(Date.now() + 2 * HOUR).toISOString(),
      durationMinutes: 30,
      passMark: 60,
      reviewContent: 'with_answers',
      audienceUnitIds: [org.units.deptA1.id, org.units.deptA2.id],
      paperMode: 'fixed',
      questions: [
        // options in the bank's order: A 书面告知, B 口头告知, C 无须告知, D 公告告知; key A
        { questionId: bank.codes['EX-SI01'], points: 40 },
        // A 正确, B 错误; key A
        { questionId: bank.codes['EX-TR01'], points: 20 },
        { questionId: bank.codes['EX-SH01'], points: 40 },
      ],
    });
    const sit = async (who: Session, responses: string[][], submit: boolean) =>
      (await sitExam(signedIn(t, who), examId, responses, { submit })).attemptId;
    attemptOf.a1 = await sit(s.a1, [['A'], ['A'], ['应当书面告知信访人，并说明理由。']], false);
    for (const kind of ['focus_lost', 'focus_returned', 'focus_lost']) {
      await signedIn(t, s.a1).post(`/exam-attempts/${attemptOf.a1}/events`, { kind }).expect(204);
    }
    await signedIn(t, s.a1).post(`/exam-attempts/${attemptOf.a1}/submit`).expect(200);
    attemptOf.a2 = await sit(s.a2, [['B'], ['A'], ['口头告知即可。']], true);
    attemptOf.p3 = await sit(s.p3, [['A']], false);
  });
  afterAll(() => t.close());

  describe('manual grading', () => {
    it('lists the short answers waiting for a grade without names, and with them on request', async () => {
      const queue = await signedIn(t, s.sec).get(`/exams/${examId}/grading`).expect(200);
      expect(queue.body).toHaveLength(2);
      const names = [org.people.staffA1.name, org.people.staffA2.name];
      for (const item of queue.body as { examinee: string; points: number }[]) {
        expect(item.examinee).toMatch(/^考生 [0-9A-F]{6}$/);
        expect(names).not.toContain(item.examinee);
        expect(item.points).toBe(40);
      }
      expect(JSON.stringify(queue.body)).not.toContain(org.people.staffA1.name);
      const mine = (queue.body as { attemptId: string }[]).find(
        (i) => i.attemptId === attemptOf.a1,
      );
      expect(mine).toMatchObject({
        position: 3,
        response: '应当书面告知信访人，并说明理由。',
        referenceAnswer: '应当书面告知信访人。',
        score: null,
      });
      const named = await signedIn(t, s.sec)
        .get(`/exams/${examId}/grading?showNames=true`)
        .expect(200);
      expect((named.body as { examinee: string }[]).map((i) => i.examinee).sort()).toEqual(
        [...names].sort(),
      );
      await signedIn(t, s.a1).get(`/exams/${examId}/grading`).expect(403);
      await signedIn(t, s.hr).get(`/exams/${examId}/grading`).expect(403);
    });

    it('refuses grades out of range, on auto-graded questions, on open attempts and on other exams', async () => {
      const url = (attemptId: string, position: number, exam = examId) =>
        `/exams/${exam}/attempts/${attemptId}/grades/${position}`;
      const tooHigh = await signedIn(t, s.sec).put(url(attemptOf.a1, 3), { score: 41 }).expect(422);
      expect(tooHigh.body).toMatchObject({
        code: 'EXAMS.SCORE_OUT_OF_RANGE',
        message: '得分应在 0 到 40 分之间',
      });
      await signedIn(t, s.sec).put(url(attemptOf.a1, 3), { score: -1 }).expect(400);
      const auto = await signedIn(t, s.sec).put(url(attemptOf.a1, 1), { score: 10 }).expect(422);
      expect(auto.body.code).toBe('EXAMS.GRADE_NOT_MANUAL');
      const open = await signedIn(t, s.sec).put(url(attemptOf.p3, 3), { score: 10 }).expect(409);
      expect(open.body.code).toBe('EXAMS.ATTEMPT_NOT_FINISHED');
      await signedIn(t, s.sec).put(url(attemptOf.a1, 9), { score: 1 }).expect(404);
      const other = await signedIn(t, s.sec)
        .post('/exams', {
          unitId: org.units.bureauA.id,
          title: '另一场考试',
          kind: 'mock',
          opensAt: new Date(Date.now() - 60_000).toISOString(),
          closesAt: new Date(Date.now() + HOUR).toISOString(),
          durationMinutes: 10,
          audienceUnitIds: [org.units.deptA1.id],
          paperMode: 'fixed',
          questions: [{ questionId: bank.codes['EX-SH01'], points: 10 }],
        })
        .expect(201);
      await signedIn(t, s.sec)
        .put(url(attemptOf.a1, 3, other.body.id as string), { score: 1 })
        .expect(404);
      const [row] = await t.dataSource.query<{ score: string | null }[]>(
        'SELECT score FROM attempt_answer WHERE attempt_id = $1 AND position = 3',
        [attemptOf.a1],
      );
      expect(row.score).toBeNull();
    });

    it('a grade completes the attempt: total, pass / fail, pending cleared, audited', async () => {
      const g1 = await signedIn(t, s.sec)
        .put(`/exams/${examId}/attempts/${attemptOf.a1}/grades/3`, {
          score: 30,
          feedback: '要点基本齐全',
        })
        .expect(200);
      expect(g1.body).toEqual({
        attemptId: attemptOf.a1,
        position: 3,
        score: 30,
        attemptScore: 90,
        passed: true,
        gradingPending: false,
      });
      const g2 = await signedIn(t, s.sec)
        .put(`/exams/${examId}/attempts/${attemptOf.a2}/grades/3`, { score: 5 })
        .expect(200);
      // B on the single choice is wrong under the original key: 0 + 20 + 5
      expect(g2.body).toMatchObject({ attemptScore: 25, passed: false });
      const queue = await signedIn(t, s.sec).get(`/exams/${examId}/grading`).expect(200);
      expect(queue.body).toEqual([]);
      const graded = await signedIn(t, s.sec)
        .get(`/exams/${examId}/grading?state=graded`)
        .expect(200);
      expect(graded.body).toHaveLength(2);
      const audit = await t.dataSource.query<{ details: { score: number; attemptId: string } }[]>(
        `SELECT details FROM audit_log WHERE action = 'exam.grade' ORDER BY occurred_at`,
      );
      expect(audit.map((a) => [a.details.attemptId, a.details.score])).toEqual([
        [attemptOf.a1, 30],
        [attemptOf.a2, 5],
      ]);
      const mine = await signedIn(t, s.a1).get(`/exam-attempts/${attemptOf.a1}`).expect(200);
      expect(mine.body.result).toMatchObject({ visible: true, score: 90, passed: true });
      expect(mine.body.questions[2]).toMatchObject({ score: 30, feedback: '要点基本齐全' });
    });
  });

  describe('key correction', () => {
    it('refuses a malformed key, a question not on the paper and a short answer', async () => {
      const bad = await signedIn(t, s.sec)
        .post(`/exams/${examId}/key-corrections`, {
          questionId: bank.codes['EX-SI01'],
          answer: 'Z',
          reason: '答案有误',
        })
        .expect(422);
      expect(bad.body.code).toBe('EXAMS.KEY_INVALID');
      const absent = await signedIn(t, s.sec)
        .post(`/exams/${examId}/key-corrections`, {
          questionId: bank.codes['EX-SI02'],
          answer: 'B',
          reason: '答案有误',
        })
        .expect(404);
      expect(absent.body.code).toBe('EXAMS.QUESTION_NOT_IN_EXAM');
      const manual = await signedIn(t, s.sec)
        .post(`/exams/${examId}/key-corrections`, {
          questionId: bank.codes['EX-SH01'],
          answer: '新的参考答案',
          reason: '答案有误',
        })
        .expect(422);
      expect(manual.body.code).toBe('EXAMS.KEY_NOT_GRADABLE');
      await signedIn(t, s.a1)
        .post(`/exams/${examId}/key-corrections`, {
          questionId: bank.codes['EX-SI01'],
          answer: 'B',
          reason: '答案有误',
        })
        .expect(403);
    });

    it('regrades every finished attempt, grades open ones with the new key when they finish, audited', async () => {
      const res = await signedIn(t, s.sec)
        .post(`/exams/${examId}/key-corrections`, {
          questionId: bank.codes['EX-SI01'],
          answer: 'B',
          reason: '经核对条文，正确答案应为口头告知（测试用）',
        })
        .expect(200);
      expect(res.body).toEqual({
        questionId: bank.codes['EX-SI01'],
        regraded: 2,
        scoreChanged: 2,
        passChanged: 2,
      });
      const scores = await t.dataSource.query<{ id: string; score: string; passed: boolean }[]>(
        'SELECT id, score, passed FROM exam_attempt WHERE id = ANY($1) ORDER BY score',
        [[attemptOf.a1, attemptOf.a2]],
      );
      expect(scores).toEqual([
        { id: attemptOf.a1, score: '50.00', passed: false },
        { id: attemptOf.a2, score: '65.00', passed: true },
      ]);
      // the review shows the corrected key
      const review = await signedIn(t, s.a2).get(`/exam-attempts/${attemptOf.a2}`).expect(200);
      expect(review.body.questions[0]).toMatchObject({ correctAnswer: 'B', score: 40 });
      // p3 answered A, finishes now: graded with B
      await signedIn(t, s.p3).post(`/exam-attempts/${attemptOf.p3}/submit`).expect(200);
      const [p3Row] = await t.dataSource.query<{ score: string }[]>(
        'SELECT score FROM attempt_answer WHERE attempt_id = $1 AND position = 1',
        [attemptOf.p3],
      );
      expect(p3Row.score).toBe('0.00');
      const audit = await t.dataSource.query<{ details: Record<string, unknown> }[]>(
        `SELECT details FROM audit_log WHERE action = 'exam.key_correct'`,
      );
      expect(audit).toHaveLength(1);
      expect(audit[0].details).toMatchObject({
        previousAnswer: 'A',
        answer: 'B',
        regraded: 2,
        reason: '经核对条文，正确答案应为口头告知（测试用）',
      });
    });
  });

  describe('results', () => {
    it('shows everyone in the audience with status, counted score and focus losses, and the figures', async () => {
      const r = await results();
      // deptA1: adminA, hrA, secA, staffA1; deptA2: staffA2, p3
      expect(r.candidates).toHaveLength(6);
      expect(rowOf(r.candidates, org.people.staffA1.id)).toMatchObject({
        status: 'failed',
        score: 50,
        percentage: 50,
        focusLossCount: 2,
      });
      expect(rowOf(r.candidates, org.people.staffA2.id)).toMatchObject({
        status: 'passed',
        percentage: 65,
      });
      expect(rowOf(r.candidates, p3.id)).toMatchObject({ status: 'submitted', score: null });
      expect(rowOf(r.candidates, org.people.secA.id)).toMatchObject({
        status: 'not_started',
        attempts: [],
      });
      expect(r.summary).toMatchObject({
        candidates: 6,
        byStatus: { passed: 1, failed: 1, submitted: 1, not_started: 3, absent: 0 },
        sat: { numerator: 3, denominator: 6, percent: 50 },
        passed: { numerator: 1, denominator: 6, percent: 16.7 },
        passedOfSat: { numerator: 1, denominator: 3, percent: 33.3 },
        officialPassed: { numerator: 1, denominator: 6 },
        meanPercentage: 57.5,
        attemptsPendingGrading: 1,
      });
      const buckets = r.summary.distribution as { label: string; count: number }[];
      expect(buckets.filter((b) => b.count)).toEqual([
        expect.objectContaining({ label: '50–59', count: 1 }),
        expect.objectContaining({ label: '60–69', count: 1 }),
      ]);
      const failed = await signedIn(t, s.sec)
        .get(`/exams/${examId}/results?status=failed`)
        .expect(200);
      expect(failed.body.candidates.map((c: Row) => c.staffId)).toEqual([org.people.staffA1.id]);
      await signedIn(t, s.sec).get(`/exams/${examId}/results?status=bogus`).expect(400);
      await signedIn(t, s.a1).get(`/exams/${examId}/results`).expect(403);
    });

    it('shows the secretary one attempt in full, with its events (focus losses, who finished it) in order', async () => {
      const res = await signedIn(t, s.sec)
        .get(`/exams/${examId}/attempts/${attemptOf.a1}`)
        .expect(200);
      expect(res.body).toMatchObject({
        staffId: org.people.staffA1.id,
        name: org.people.staffA1.name,
        attempt: { id: attemptOf.a1, score: 50, focusLossCount: 2, finalisedBy: 'examinee' },
      });
      expect(res.body.questions.map((q: { response: string[]; score: number }) => q.score)).toEqual(
        [0, 20, 30],
      );
      expect(res.body.questions[0]).toMatchObject({
        questionId: bank.codes['EX-SI01'],
        response: ['A'],
        correctAnswer: 'B',
      });
      expect(res.body.questions[2].feedback).toBe('要点基本齐全');
      expect(res.body.events.map((e: { kind: string }) => e.kind)).toEqual([
        'focus_lost',
        'focus_returned',
        'focus_lost',
        'finished',
      ]);
      expect(res.body.events[3].details).toEqual({ by: 'examinee' });
      // an attempt is looked up through its own exam only
      const other = await signedIn(t, s.sec).get('/exams').expect(200);
      const otherId = (other.body.items as { id: string }[]).find((e) => e.id !== examId)?.id;
      await signedIn(t, s.sec).get(`/exams/${otherId}/attempts/${attemptOf.a1}`).expect(404);
      await signedIn(t, s.a1).get(`/exams/${examId}/attempts/${attemptOf.a1}`).expect(403);
    });

    it('computes item statistics of graded attempts and rolls them up per law article', async () => {
      await signedIn(t, s.sec)
        .put(`/exams/${examId}/attempts/${attemptOf.p3}/grades/3`, { score: 0 })
        .expect(200);
      const st = await signedIn(t, s.sec).get(`/exams/${examId}/statistics`).expect(200);
      expect(st.body.attempts).toBe(3);
      const byCode = Object.fromEntries(
        (st.body.questions as { code: string }[]).map((q) => [q.code, q]),
      );
      // single choice under key B: a1 0, a2 40, p3 0; rest of paper 50/60, 25/60, 0/60
      expect(byCode['EX-SI01']).toMatchObject({
        responses: 3,
        facility: 0.333,
        discrimination:
          Math.round((pearson([0, 1, 0], [50 / 60, 25 / 60, 0]) as number) * 1000) / 1000,
        articles: [{ lawTitle: expect.any(String), articleNumber: 2 }],
      });
      // true/false: a1 and a2 right, p3 blank
      expect(byCode['EX-TR01']).toMatchObject({ responses: 3, facility: 0.667 });
      expect(byCode['EX-SH01']).toMatchObject({ facility: Math.round((35 / 120) * 1000) / 1000 });
      expect(st.body.articles).toEqual([
        expect.objectContaining({
          articleNumber: 2,
          questions: 3,
          responses: 9,
          // (40 + 40 + 35) of (120 + 60 + 120)
          facility: Math.round((115 / 300) * 1000) / 1000,
        }),
      ]);
      expect(String(st.body.articles[0].lawTitle)).not.toBe('');
      expect(FIXTURE_LAW).toContain(st.body.articles[0].lawTitle as string);
    });

    it('exports the results to Excel with Chinese headings and the figures', async () => {
      const res = await signedIn(t, s.sec)
        .get(`/exams/${examId}/results/export`)
        .buffer(true)
        .parse((r, cb) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => cb(null, Buffer.concat(chunks)));
        })
        .expect(200);
      expect(res.headers['content-type']).toContain('spreadsheetml');
      expect(decodeURIComponent(res.headers['content-disposition'])).toContain(
        '2026年度学法考试-成绩.xlsx',
      );
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.body as ArrayBuffer);
      const sheet = wb.getWorksheet('成绩');
      const header = (sheet?.getRow(1).values as string[]).slice(1);
      expect(header.slice(0, 4)).toEqual(['工号', '姓名', '部门', '状态']);
      expect(header).toContain('含补考是否通过');
      const rows: string[][] = [];
      sheet?.eachRow((row, n) => {
        if (n > 1) rows.push((row.values as string[]).slice(1));
      });
      expect(rows).toHaveLength(6);
      const a1 = rows.find((r) => r[1] === org.people.staffA1.name) as unknown[];
      expect(a1[3]).toBe('未通过');
      expect(a1[5]).toBe(50);
      const figures = wb.getWorksheet('统计');
      const labels: string[] = [];
      figures?.eachRow((row) => labels.push(row.getCell(1).text));
      expect(labels).toEqual(expect.arrayContaining(['参考率', '通过率', '通过率（按参考人数）']));
      // typed: the percentage a fraction formatted as percent, the time an Excel date
      const a1Row = sheet?.getRow(rows.indexOf(a1 as string[]) + 2);
      expect(a1Row?.getCell(8).value).toBe(0.5);
      expect(a1Row?.getCell(8).numFmt).toBe('0.0%');
      expect(a1Row?.getCell(9).value).toBeInstanceOf(Date);
      expect(a1Row?.getCell(9).numFmt).toBe('yyyy"年"m"月"d"日" hh:mm');
      let passRate: ExcelJS.Row | undefined;
      figures?.eachRow((row) => {
        if (row.getCell(1).text === '参考率') passRate = row;
      });
      expect(typeof passRate?.getCell(2).value).toBe('number');
      expect(passRate?.getCell(2).numFmt).toBe('0.0%');
      expect(passRate?.getCell(3).value).toMatch(/^\d+ \/ \d+$/);
      // printing: A4 one page wide, headers repeated and frozen
      const print = await xlsxPrint(res.body as Buffer);
      expectA4OnePageWide(print);
      expect(print.map((p) => [p.name, p.printTitles, p.frozenRows])).toEqual([
        ['成绩', '$1:$1', 1],
        ['统计', '$1:$1', 1],
      ]);
      await signedIn(t, s.hr).get(`/exams/${examId}/results/export`).expect(403);
    });
  });

  describe('make-up', () => {
    it('is refused before the official exam closes', async () => {
      const early = await signedIn(t, s.sec)
        .post(`/exams/${examId}/makeups`, {
          opensAt: new Date(Date.now() + 3 * HOUR).toISOString(),
          closesAt: new Date(Date.now() + 5 * HOUR).toISOString(),
        })
        .expect(409);
      expect(early.body.code).toBe('EXAMS.MAKEUP_TOO_EARLY');
    });

    it('one call creates and publishes a make-up for those who failed or were absent; passing it counts', async () => {
      t.clock.advance(3 * HOUR);
      await signInAll();
      const after = await results();
      expect(rowOf(after.candidates, org.people.secA.id).status).toBe('absent');
      const opensAt = new Date(Date.now() + 3 * HOUR - 60_000).toISOString();
      const closesAt = new Date(Date.now() + 5 * HOUR).toISOString();
      const res = await signedIn(t, s.sec)
        .post(`/exams/${examId}/makeups`, { opensAt, closesAt, publish: true })
        .expect(201);
      expect(res.body).toMatchObject({
        kind: 'makeup',
        status: 'published',
        parentExamId: examId,
        title: '2026年度学法考试（补考）',
        passMark: 60,
        audienceCount: 5,
      });
      const makeupId = res.body.id as string;
      const candidates = await t.dataSource.query<{ staff_id: string }[]>(
        'SELECT staff_id FROM exam_candidate WHERE exam_id = $1',
        [makeupId],
      );
      expect(candidates.map((c) => c.staff_id)).not.toContain(org.people.staffA2.id);
      expect(candidates.map((c) => c.staff_id)).toContain(org.people.staffA1.id);
      await signedIn(t, s.sec)
        .post(`/exams/${makeupId}/makeups`, { opensAt, closesAt })
        .expect(422);
      // staffA1 retakes it and passes (the corrected key B carries over): the official result
      // is now a pass, earned in the make-up
      const a = await sitExam(signedIn(t, s.a1), makeupId, [['B'], ['A']]);
      await signedIn(t, s.sec)
        .put(`/exams/${makeupId}/attempts/${a.attemptId}/grades/3`, { score: 40 })
        .expect(200);
      const official = await results();
      expect(rowOf(official.candidates, org.people.staffA1.id)).toMatchObject({
        status: 'failed',
        official: { passed: true, bestPercentage: 100, examId: makeupId },
      });
      expect(rowOf(official.candidates, org.people.staffA2.id).official).toMatchObject({
        passed: true,
        examId,
      });
      expect(official.summary.officialPassed).toMatchObject({ numerator: 2, denominator: 6 });
    });

    it('is refused while someone is still answering or waiting for a grade', async () => {
      // a second official exam that closes with an ungraded short answer
      const id = await publishExam(signedIn(t, s.sec), {
        unitId: org.units.bureauA.id,
        title: '专项考试',
        kind: 'official',
        opensAt: new Date(t.clock.nowMs() - 60_000).toISOString(),
        closesAt: new Date(t.clock.nowMs() + HOUR).toISOString(),
        durationMinutes: 10,
        audienceStaffIds: [org.people.staffA1.id, org.people.staffA2.id],
        paperMode: 'fixed',
        questions: [{ questionId: bank.codes['EX-SH01'], points: 10 }],
      });
      const a = await sitExam(signedIn(t, s.a1), id, []);
      t.clock.advance(2 * HOUR);
      await signInAll();
      const body = {
        opensAt: new Date(t.clock.nowMs() + HOUR).toISOString(),
        closesAt: new Date(t.clock.nowMs() + 2 * HOUR).toISOString(),
      };
      const pending = await signedIn(t, s.sec).post(`/exams/${id}/makeups`, body).expect(409);
      expect(pending.body).toMatchObject({
        code: 'EXAMS.MAKEUP_UNSETTLED',
        message: '还有 1 人正在答题或答卷待评分，请完成后再安排补考',
      });
      await signedIn(t, s.sec)
        .put(`/exams/${id}/attempts/${a.attemptId}/grades/1`, { score: 10 })
        .expect(200);
      const draft = await signedIn(t, s.sec).post(`/exams/${id}/makeups`, body).expect(201);
      // staffA2 was absent; staffA1 passed
      expect(draft.body).toMatchObject({
        status: 'draft',
        audienceCount: 1,
        audienceStaffIds: [org.people.staffA2.id],
      });
    });
  });
});
