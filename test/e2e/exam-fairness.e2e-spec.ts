import ExcelJS from 'exceljs';
import { AttemptFinalizer } from '../../src/modules/exams/taking/attempt-finalizer.service';
import { oneQuestionExam, publishExam, seedBank, sitExam } from '../factories/exam.factory';
import { buildOrg } from '../factories/org.factory';
import type { TestStaff } from '../factories/org.factory';
import { login, signedIn } from '../utils/auth';
import type { Session, SignedIn } from '../utils/auth';
import type { TestApp } from '../utils/test-app';
import { createTestApp } from '../utils/test-app';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** The official exam opens on 20 November 2026, 10:00 in Shanghai, for two hours. */
const NOW = Date.parse('2026-11-20T02:00:00Z');
/** HR reads the evidence once the year is over. */
const LATER = Date.parse('2027-01-10T02:00:00Z');

type Who = 'admin' | 'hr' | 'sec' | 'a1' | 'a2' | 'future';

/** Fill-in questions on the fixture law, as a bank file writes them. */
const fillIn = (code: string, stem: string, answer: string[][], extra: object = {}) => ({
  code,
  type: 'fill_blank',
  stem,
  answer,
  ...extra,
  explanation: `依据第二条（${code}）。`,
  difficulty: 2,
  references: [{ articles: [2] }],
  evidence: '应当书面告知信访人',
});
const DAYS = fillIn('FB-DAYS', '不予受理的，应当自收到之日起____内书面告知信访人。', [
  ['十五日', '15日'],
]);
const SYNONYM = fillIn('FB-SYN', '办理信访事项应当遵循____原则，如实告知信访人。', [['诚信']], {
  synonyms: [['诚实信用']],
});
const FREE = fillIn(
  'FB-FREE',
  '调解或者和解成功、当事人意见一致的，应当制作____或者____。',
  [['调解协议书'], ['和解协议书']],
  { orderFree: true },
);
const SOME = fillIn('FB-SOME', '告知可以采用____形式，也可以采用____形式。', [['书面'], ['电子']], {
  synonyms: [[], ['数据电文']],
});
const BANK = (questions: object[]) => ({
  law: { title: '示范市信访工作办法', articleCount: 3 },
  questions,
});

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
  const signInAll = async () => {
    s.admin = await login(t, org.people.adminA);
    s.hr = await login(t, org.people.hrA);
    s.sec = await login(t, org.people.secA);
    s.a1 = await login(t, org.people.staffA1);
    s.a2 = await login(t, org.people.staffA2);
    s.future = await login(t, future);
  };
  const results = async () =>
    (await signedIn(t, s.sec).get(`/exams/${examId}/results`).expect(200)).body as {
      candidates: { staffId: string; status: string; statusLabel: string }[];
    };
  /** The exam notices (the session scheduled below also sends its invitees an invitation). */
  const notices = async (who: Session) =>
    (
      (await signedIn(t, who).get('/me/notifications').expect(200)).body.items as {
        kind: string;
        title: string;
        body: string;
        data: Record<string, unknown>;
      }[]
    ).filter((n) => !n.kind.startsWith('session_'));

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
    const plan = await signedIn(t, s.admin)
      .post('/plans', {
        unitId: org.units.bureauA.id,
        year: 2026,
        title: '2026年度学法考法计划',
        requiredHours: 1,
      })
      .expect(201);
    await signedIn(t, s.admin).patch(`/plans/${plan.body.id}`, { status: 'active' }).expect(200);
    examId = await publishExam(
      signedIn(t, s.sec),
      oneQuestionExam({
        unitId: org.units.bureauA.id,
        planId: plan.body.id as string,
        audienceUnitIds: [org.units.deptA1.id, org.units.deptA2.id],
        questionId: bank.codes['EX-TR01'],
        now: NOW,
      }),
    );
  });
  afterAll(async () => {
    await t.close();
  });
  const importBank = (file: Buffer | object, name = 'bank.json') =>
    signedIn(t, s.admin)
      .post('/questions/import')
      .attach('file', Buffer.isBuffer(file) ? file : Buffer.from(JSON.stringify(file)), name);
  const bytes = (r: ReturnType<SignedIn['get']>) =>
    r.buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });

  describe('the roster rule (one for exams, sessions, compliance and evidence)', () => {
    it('someone employed from next month is neither an exam candidate nor a session invitee', async () => {
      const { candidates } = await results();
      const ids = candidates.map((c) => c.staffId);
      expect(ids).toContain(org.people.staffA1.id);
      expect(ids).not.toContain(future.id);
      expect((await signedIn(t, s.future).get('/me/exams').expect(200)).body).toEqual([]);
      await signedIn(t, s.future).post(`/exams/${examId}/attempts`).expect(404);

      const session = await signedIn(t, s.sec)
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
      const file = await signedIn(t, s.sec)
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
      wb.getWorksheet('统计')?.eachRow((r) => labels.push(r.getCell(1).text));
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
      const { attemptId: a1 } = await sitExam(signedIn(t, s.a1), examId, [], { submit: false });
      await signedIn(t, s.a1)
        .put(`/exam-attempts/${a1}/answers/1`, { seq: 1, response: ['A'] })
        .expect(200);
      const { attemptId: mine } = await sitExam(signedIn(t, s.admin), examId, [], {
        submit: false,
      });
      await signedIn(t, s.admin)
        .put(`/exam-attempts/${mine}/answers/1`, { seq: 1, response: ['B'] })
        .expect(200);
      await sitExam(signedIn(t, s.sec), examId, [['B']]);
      // past the 30-minute deadline and the grace
      t.clock.set(new Date(NOW + 31 * MINUTE));
      await signInAll();
      const read = await signedIn(t, s.a1).get(`/exam-attempts/${a1}`).expect(200);
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
      const makeup = await signedIn(t, s.sec)
        .post(`/exams/${examId}/makeups`, {
          opensAt: new Date(NOW + 3 * HOUR - MINUTE).toISOString(),
          closesAt: new Date(NOW + 5 * HOUR).toISOString(),
          publish: true,
        })
        .expect(201);
      await sitExam(signedIn(t, s.a2), makeup.body.id as string, [['A']]);
      await sitExam(signedIn(t, s.admin), makeup.body.id as string, [['A']]);

      t.clock.set(new Date(LATER));
      await signInAll();
      const dossier = async (who: TestStaff) =>
        (await signedIn(t, s.hr).get(`/staff/${who.id}/dossier?year=2026`).expect(200)).body as {
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

  describe('fill-in grading: 天 for 日, synonyms per blank, order-free blanks', () => {
    let lawId: string;
    const ids: Record<string, string> = {};
    const mockExam = async (questions: string[], title: string) => {
      return publishExam(signedIn(t, s.sec), {
        unitId: org.units.bureauA.id,
        title,
        kind: 'mock',
        opensAt: new Date(Date.parse(t.clock.now().toISOString()) - MINUTE).toISOString(),
        closesAt: new Date(Date.parse(t.clock.now().toISOString()) + HOUR).toISOString(),
        durationMinutes: 30,
        audienceUnitIds: [org.units.deptA1.id, org.units.deptA2.id],
        paperMode: 'fixed',
        questions: questions.map((code) => ({ questionId: ids[code], points: 10 })),
      });
    };
    const scoreOf = async (examId: string, staffId: string) =>
      (await signedIn(t, s.sec).get(`/exams/${examId}/results`).expect(200)).body.candidates.find(
        (c: { staffId: string }) => c.staffId === staffId,
      ).score as number;
    let firstExam: string;

    it('a synonym added after an attempt was graded changes nothing final; a key correction regrades', async () => {
      await signInAll();
      // the question as first written: no synonym yet
      const plain = fillIn('FB-SYN', SYNONYM.stem, [['诚信']]);
      await importBank(BANK([plain])).expect(200);
      const [row] = await t.dataSource.query<{ id: string }[]>(
        `SELECT q.id FROM question q WHERE q.code = 'FB-SYN'`,
      );
      ids['FB-SYN'] = row.id;
      firstExam = await mockExam(['FB-SYN'], '诚信原则小测');
      await sitExam(signedIn(t, s.a1), firstExam, [['诚实信用']]);
      expect(await scoreOf(firstExam, org.people.staffA1.id)).toBe(0);

      // the bank gains the synonym: a new revision; the finished attempt keeps its grade
      const revised = await importBank(BANK([SYNONYM])).expect(200);
      expect(revised.body).toMatchObject({ created: 0, revised: 1 });
      expect(await scoreOf(firstExam, org.people.staffA1.id)).toBe(0);

      // a key correction regrades with the grader as it is now
      const corrected = await signedIn(t, s.sec)
        .post(`/exams/${firstExam}/key-corrections`, {
          questionId: ids['FB-SYN'],
          answer: [['诚信', '诚实信用']],
          reason: '诚实信用与诚信同义',
        })
        .expect(200);
      expect(corrected.body).toMatchObject({ regraded: 1, scoreChanged: 1 });
      expect(await scoreOf(firstExam, org.people.staffA1.id)).toBe(10);
    });

    it('accepts X天 for X日, a listed synonym and blanks in either order where order is free', async () => {
      const created = await importBank(BANK([DAYS, SYNONYM, FREE, SOME])).expect(200);
      expect(created.body).toMatchObject({ created: 3, revised: 0, unchanged: 1 });
      for (const r of await t.dataSource.query<{ id: string; code: string }[]>(
        `SELECT id, code FROM question WHERE code LIKE 'FB-%'`,
      ))
        ids[r.code] = r.id;
      const detail = await signedIn(t, s.admin).get(`/questions/${ids['FB-FREE']}`).expect(200);
      expect(JSON.stringify(detail.body)).toContain('"orderFree":true');

      const examId = await mockExam(['FB-DAYS', 'FB-SYN', 'FB-FREE', 'FB-SOME'], '填空题小测');
      await sitExam(signedIn(t, s.a2), examId, [
        ['十五天'],
        ['诚实信用'],
        ['和解协议书', '调解协议书'],
        ['书面', '数据电文'],
      ]);
      expect(await scoreOf(examId, org.people.staffA2.id)).toBe(40);
      // order still counts where it is not free, and a synonym is per blank
      await sitExam(signedIn(t, s.sec), examId, [
        ['15天'],
        ['诚信'],
        ['调解协议书', '和解协议书'],
        ['数据电文', '书面'],
      ]);
      expect(await scoreOf(examId, org.people.secA.id)).toBe(30);
    });

    it('carries synonyms and orderFree through JSON and Excel export → import unchanged', async () => {
      const [row] = await t.dataSource.query<{ law_id: string }[]>(
        `SELECT r.law_id FROM question_reference r JOIN question q ON q.current_revision_id = r.revision_id
          WHERE q.code = 'FB-FREE'`,
      );
      lawId = row.law_id;
      const json = await signedIn(t, s.admin)
        .get(`/questions/export?format=json&lawId=${lawId}`)
        .expect(200);
      const mine = (json.body.questions as { code: string }[]).filter((q) =>
        q.code.startsWith('FB-'),
      );
      const byCode = (list: { code: string }[]) =>
        [...list].sort((a, b) => a.code.localeCompare(b.code));
      // the export also carries each question's status (active, as imported)
      expect(byCode(mine)).toEqual(
        byCode([DAYS, SYNONYM, FREE, SOME].map((q) => ({ ...q, status: 'active' }))),
      );
      const again = await importBank({ ...json.body, questions: mine }).expect(200);
      expect(again.body).toMatchObject({ created: 0, revised: 0, unchanged: 4 });

      const xlsx = await bytes(signedIn(t, s.admin).get(`/questions/export?lawId=${lawId}`)).expect(
        200,
      );
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx.body as ArrayBuffer);
      const header = (wb.worksheets[0].getRow(1).values as unknown[]).map(String);
      expect(header).toEqual(expect.arrayContaining(['同义答案', '各空不分顺序']));
      const back = await importBank(xlsx.body as Buffer, 'questions.xlsx').expect(200);
      expect(back.body).toMatchObject({ created: 0, revised: 0 });
      const after = await signedIn(t, s.admin)
        .get(`/questions/export?format=json&lawId=${lawId}`)
        .expect(200);
      expect(
        byCode(
          (after.body.questions as { code: string }[]).filter((q) => q.code.startsWith('FB-')),
        ),
      ).toEqual(byCode(mine));
    });

    it('refuses synonyms that do not fit the blanks, and orderFree on one blank, writing nothing', async () => {
      const before = await t.dataSource.query<{ n: string }[]>(
        'SELECT count(*) AS n FROM question_revision',
      );
      const bad = await importBank(
        BANK([
          { ...FREE, code: 'FB-BAD1', synonyms: [['甲']] },
          { ...DAYS, code: 'FB-BAD2', orderFree: true },
        ]),
      ).expect(422);
      expect(bad.body.code).toBe('QUESTIONS.IMPORT_INVALID');
      expect(JSON.stringify(bad.body.details)).toMatch(/synonym/);
      expect(JSON.stringify(bad.body.details)).toMatch(/orderFree/);
      const created = await signedIn(t, s.admin)
        .post('/questions', {
          ...DAYS,
          code: 'FB-BAD3',
          synonyms: [['十五天'], ['多余']],
          references: [{ lawId, articles: [2] }],
        })
        .expect(422);
      expect(created.body.code).toBe('QUESTIONS.CONTENT_INVALID');
      expect(
        await t.dataSource.query<{ n: string }[]>('SELECT count(*) AS n FROM question_revision'),
      ).toEqual(before);
    });
  });
});
