import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type request from 'supertest';
import { LawImportService } from '../../src/modules/curriculum/laws/law-import.service';
import { seedBank } from '../factories/exam.factory';
import { buildOrg } from '../factories/org.factory';
import { login, signedIn } from '../utils/auth';
import type { Session } from '../utils/auth';
import { fixtureLaw } from '../factories/law-fixtures';
import type { TestApp } from '../utils/test-app';
import { createTestApp } from '../utils/test-app';

const CAP_MINUTES = 5;
const UPLOAD_LIMIT = 64 * 1024;
// 09:00 on Monday 2 March 2026 in Asia/Shanghai
const MORNING = '2026-03-02T01:00:00Z';
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const LETTERS = 'ABCDEFGH';

const PDF = Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72]);

interface RecordRow {
  id: string;
  kind: string;
  status: string;
  occurredOn: string;
  hours: number;
  details: Record<string, unknown>;
  laws: { lawId: string; articleNumber: number }[];
}

interface Summary {
  totalHours: number;
  requiredLaws: { lawId: string; studied: boolean }[];
  lawsMissing: { lawId: string }[];
  byKind: { kind: string; hours: number }[];
}

interface Question {
  position: number;
  type: string;
  stem: string;
  options: string[];
  answered: boolean;
}

/** A court hearing claim with these fields changed. */
const hearing = (overrides: object = {}) => ({
  date: '2026-02-27',
  court: '示范市中级人民法院',
  caseName: '张某诉示范市某局政府信息公开案',
  caseNo: '（2026）示01行初12号',
  mode: 'video',
  hours: 2,
  note: '观看庭审视频并集中讨论',
  ...overrides,
});

/** The answer to a fixture-bank question (exam.factory), right or wrong, in the shown letters. */
function answerFor(q: Question, right: boolean): string[] {
  const letter = (text: string) => LETTERS[q.options.indexOf(text)];
  switch (q.type) {
    case 'single_choice':
      return [letter(right ? '书面告知' : '口头告知')];
    case 'multiple_choice':
      return right
        ? [letter('书面告知信访人'), letter('在决定后告知')].sort()
        : [letter('不予告知')];
    case 'true_false':
      return [letter(right ? '正确' : '错误')];
    case 'fill_blank':
      return [right ? '书面' : '口头'];
    default:
      throw new Error(`no practice answer for ${q.type}`);
  }
}

/**
 * The study ledger end to end: self-study reading by heartbeats, practice quizzes with immediate
 * feedback and the wrong-answer book, court hearings and external training confirmed by a
 * secretary, and where a person stands against their plan. Time comes from the test clock.
 */
describe('study ledger (e2e)', () => {
  let t: TestApp;
  let org: Awaited<ReturnType<typeof buildOrg>>;
  let lawId: string;
  let otherLawId: string;
  let uploadDir: string;

  const count = async (sql: string, params: unknown[] = []) =>
    Number((await t.dataSource.query<{ n: string }[]>(sql, params))[0].n);
  const newStaff = (unit = org.units.deptA1) => org.f.staff({ unit });
  const beat = (who: Session, articleNumber: number, law = lawId) =>
    signedIn(t, who).post('/me/reading/heartbeat', { lawId: law, articleNumber });
  const records = async (who: Session, query = '') =>
    (await signedIn(t, who).get(`/me/study/records${query}`).expect(200)).body as {
      items: RecordRow[];
      total: number;
    };

  beforeAll(async () => {
    uploadDir = await mkdtemp(join(tmpdir(), 'xuefa-study-uploads-'));
    t = await createTestApp({
      env: {
        UPLOAD_DIR: uploadDir,
        SELF_STUDY_CAP_MINUTES: String(CAP_MINUTES),
        UPLOAD_LIMIT_BYTES: String(UPLOAD_LIMIT),
      },
    });
    org = await buildOrg(t);
    // fixture law: 第一章 articles 1–2, 第二章 article 3; every question cites article 2
    lawId = (
      await seedBank(t, {
        single_choice: 3,
        multiple_choice: 2,
        true_false: 2,
        fill_blank: 2,
        short_answer: 1,
      })
    ).lawId;
    otherLawId = (
      await t
        .get(LawImportService)
        .importText(fixtureLaw({ title: '示范市法治学习规定' }), { source: 'other.md' })
    ).lawId;
  });
  beforeEach(() => t.clock.set(MORNING));
  afterAll(async () => {
    await t.close();
    await rm(uploadDir, { recursive: true, force: true });
  });

  describe('self-study reading', () => {
    // seconds are counted between heartbeats: the application's clock stands still between
    // requests, so a slow machine cannot add a second here and there
    beforeEach(() => t.clock.freeze());
    afterEach(() => t.clock.unfreeze());

    it('credits at most 30 s per heartbeat, and only the real gap when they come faster', async () => {
      const me = await login(t, await newStaff());
      let res = await beat(me, 1).expect(200);
      expect(res.body).toMatchObject({
        day: '2026-03-02',
        creditedSeconds: 30,
        todaySeconds: 30,
        creditedMinutes: 0,
        nextHeartbeatSeconds: 30,
      });
      t.clock.advance(5 * SECOND);
      res = await beat(me, 1).expect(200);
      expect(res.body.creditedSeconds).toBe(5);
      // a burst of heartbeats at the same moment earns nothing more
      for (let i = 0; i < 5; i++) {
        expect((await beat(me, 2).expect(200)).body.creditedSeconds).toBe(0);
      }
      // a pause earns one interval, not the whole pause
      t.clock.advance(10 * MINUTE);
      res = await beat(me, 2).expect(200);
      expect(res.body).toMatchObject({ creditedSeconds: 30, todaySeconds: 65 });
    });

    it('earns nothing under one minute a day, then one self-study record for the day with the articles read', async () => {
      const me = await login(t, await newStaff());
      await beat(me, 1).expect(200);
      expect((await records(me, '?kind=self_study')).total).toBe(0);
      t.clock.advance(29 * SECOND);
      expect((await beat(me, 1).expect(200)).body.todaySeconds).toBe(59);
      expect((await records(me, '?kind=self_study')).total).toBe(0);
      t.clock.advance(30 * SECOND);
      const res = await beat(me, 3).expect(200);
      expect(res.body).toMatchObject({ todaySeconds: 89, creditedMinutes: 1 });
      t.clock.advance(30 * SECOND);
      await beat(me, 3, otherLawId).expect(200);
      t.clock.advance(30 * SECOND);
      await beat(me, 3, otherLawId).expect(200);
      const list = await records(me, '?kind=self_study');
      expect(list.total).toBe(1);
      expect(list.items[0]).toMatchObject({
        kind: 'self_study',
        kindLabel: '自学',
        status: 'credited',
        occurredOn: '2026-03-02',
        hours: 0.03, // 149 s = 2 whole minutes
      });
      expect(
        list.items[0].laws
          .map((l) => `${l.lawId === lawId ? 'fixture' : 'other'}:${l.articleNumber}`)
          .sort(),
      ).toEqual(['fixture:1', 'fixture:3', 'other:3']);
    });

    it('stops at the daily cap and starts a new record at midnight in the configured time zone', async () => {
      const who = await newStaff();
      t.clock.set('2026-03-02T15:50:00Z'); // 23:50 in Shanghai
      const me = await login(t, who);
      let last: Record<string, unknown> = {};
      for (let i = 0; i < 2 * CAP_MINUTES + 4; i++) {
        last = (await beat(me, 2).expect(200)).body;
        t.clock.advance(30 * SECOND);
      }
      expect(last).toMatchObject({
        day: '2026-03-02',
        todaySeconds: (2 * CAP_MINUTES + 4) * 30,
        creditedMinutes: CAP_MINUTES,
        capReached: true,
      });
      // 23:59:50, then 00:00:10.5 the next day (whole seconds are credited)
      t.clock.set('2026-03-02T15:59:50Z');
      expect((await beat(me, 2).expect(200)).body.day).toBe('2026-03-02');
      t.clock.set('2026-03-02T16:00:10.500Z');
      const after = await beat(me, 2).expect(200);
      expect(after.body).toMatchObject({
        day: '2026-03-03',
        creditedSeconds: 20,
        todaySeconds: 20,
      });
      for (let i = 0; i < 2; i++) {
        t.clock.advance(30 * SECOND);
        await beat(me, 2).expect(200);
      }
      const list = await records(me, '?kind=self_study');
      expect(list.items.map((r) => [r.occurredOn, r.hours])).toEqual([
        ['2026-03-03', 0.02],
        ['2026-03-02', Math.round((CAP_MINUTES / 60) * 100) / 100],
      ]);
    });

    it('refuses an unknown law, an article missing from the current text and malformed input, writing nothing', async () => {
      const me = await login(t, await newStaff());
      const before = await count('SELECT count(*) AS n FROM reading_log');
      const cases: [object, number, string][] = [
        [
          { lawId: '00000000-0000-4000-8000-000000000000', articleNumber: 1 },
          404,
          'STUDY.LAW_NOT_FOUND',
        ],
        [{ lawId, articleNumber: 99 }, 404, 'STUDY.ARTICLE_NOT_FOUND'],
        [{ lawId, articleNumber: 0 }, 400, 'COMMON.VALIDATION_FAILED'],
        [{ lawId, articleNumber: '1' }, 400, 'COMMON.VALIDATION_FAILED'],
        [{ lawId: 'fixture', articleNumber: 1 }, 400, 'COMMON.VALIDATION_FAILED'],
        [{ lawId, articleNumber: 1, seconds: 3600 }, 400, 'COMMON.VALIDATION_FAILED'],
      ];
      for (const [body, status, code] of cases) {
        const res = await signedIn(t, me).post('/me/reading/heartbeat', body);
        expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
      }
      expect(await count('SELECT count(*) AS n FROM reading_log')).toBe(before);
    });
  });

  describe('practice quizzes and the wrong-answer book', () => {
    const start = (who: Session, body: object) => signedIn(t, who).post('/me/practice', body);
    const answer = (who: Session, quizId: string, q: Question, right: boolean) =>
      signedIn(t, who).post(`/me/practice/${quizId}/answers/${q.position}`, {
        response: answerFor(q, right),
      });

    it('draws active questions without keys, answers each at once with the key, and credits the finished quiz', async () => {
      const me = await login(t, await newStaff());
      const res = await start(me, { lawId, count: 5 }).expect(201);
      expect(res.body).toMatchObject({
        source: 'law',
        lawId,
        status: 'open',
        questionCount: 5,
        answeredCount: 0,
      });
      const questions = res.body.questions as Question[];
      expect(questions.map((q) => q.position)).toEqual([1, 2, 3, 4, 5]);
      expect(questions.every((q) => q.type !== 'short_answer' && !q.answered)).toBe(true);
      const text = JSON.stringify(res.body);
      for (const secret of ['correctAnswer', 'explanation', '依据第二条', '"answer"']) {
        expect(text).not.toContain(secret);
      }
      const quizId = res.body.id as string;
      for (const [i, q] of questions.entries()) {
        t.clock.advance(MINUTE);
        const right = i !== 1;
        const fb = await answer(me, quizId, q, right).expect(200);
        expect(fb.body).toMatchObject({ position: q.position, correct: right });
        expect(fb.body.explanation).toMatch(/^依据第二条/);
        const key = answerFor(q, true);
        expect(fb.body.correctAnswer).toEqual(
          q.type === 'fill_blank' ? [['书面']] : q.type === 'multiple_choice' ? key : key[0],
        );
        expect(fb.body.quiz.status).toBe(i === 4 ? 'finished' : 'open');
      }
      const done = await signedIn(t, me).get(`/me/practice/${quizId}`).expect(200);
      expect(done.body).toMatchObject({
        status: 'finished',
        answeredCount: 5,
        correctCount: 4,
        creditedMinutes: 5,
      });
      expect(done.body.questions[0]).toMatchObject({
        answered: true,
        response: answerFor(questions[0], true),
        correct: true,
      });
      expect(done.body.questions[0]).toHaveProperty('correctAnswer');
      const list = await records(me, '?kind=practice');
      expect(list.items).toHaveLength(1);
      expect(list.items[0]).toMatchObject({
        kind: 'practice',
        status: 'credited',
        hours: 0.08,
        occurredOn: '2026-03-02',
        details: { quizId, answered: 5, correct: 4, minutes: 5 },
      });
      expect(list.items[0].laws).toEqual([
        { lawId, shortTitle: '示范市信访工作办法', articleNumber: 2 },
      ]);
    });

    it('keeps a wrong answer in the book until two right answers in a row, also in quizzes from the book', async () => {
      const me = await login(t, await newStaff());
      const first = await start(me, { lawId, count: 5 }).expect(201);
      const missed = (first.body.questions as Question[])[0];
      const wrong = await answer(me, first.body.id, missed, false).expect(200);
      expect(wrong.body.wrongBook).toEqual({ inBook: true, rightStreak: 0, change: 'entered' });
      // a right answer to a question never missed leaves the book alone
      const fine = await answer(me, first.body.id, (first.body.questions as Question[])[1], true);
      expect(fine.body.wrongBook).toEqual({ inBook: false, rightStreak: 0, change: 'none' });
      let book = await signedIn(t, me).get('/me/wrong-answers').expect(200);
      expect(book.body.total).toBe(1);
      expect(book.body.items[0]).toMatchObject({
        stem: missed.stem,
        wrongCount: 1,
        rightStreak: 0,
      });

      const fromBook = async () => {
        const quiz = await start(me, { source: 'wrong_book' }).expect(201);
        expect(quiz.body).toMatchObject({ source: 'wrong_book', questionCount: 1 });
        const q = (quiz.body.questions as Question[])[0];
        expect(q.stem).toBe(missed.stem);
        return { id: quiz.body.id as string, q };
      };
      let round = await fromBook();
      let res = await answer(me, round.id, round.q, true).expect(200);
      expect(res.body.wrongBook).toEqual({ inBook: true, rightStreak: 1, change: 'stayed' });
      expect(res.body.quiz.status).toBe('finished');
      // wrong again: the streak starts over
      round = await fromBook();
      res = await answer(me, round.id, round.q, false).expect(200);
      expect(res.body.wrongBook).toEqual({ inBook: true, rightStreak: 0, change: 'stayed' });
      for (const expected of [
        { inBook: true, rightStreak: 1, change: 'stayed' },
        { inBook: false, rightStreak: 2, change: 'left' },
      ]) {
        round = await fromBook();
        res = await answer(me, round.id, round.q, true).expect(200);
        expect(res.body.wrongBook).toEqual(expected);
      }
      book = await signedIn(t, me).get('/me/wrong-answers').expect(200);
      expect(book.body.total).toBe(0);
      const empty = await start(me, { source: 'wrong_book' }).expect(422);
      expect(empty.body.code).toBe('STUDY.WRONG_BOOK_EMPTY');
    });

    it('takes one answer per question, none after the end, and credits no more than the time spent', async () => {
      const me = await login(t, await newStaff());
      const quiz = await start(me, { lawId, count: 5 }).expect(201);
      const [q1, q2] = quiz.body.questions as Question[];
      await answer(me, quiz.body.id, q1, false).expect(200);
      const again = await answer(me, quiz.body.id, q1, true).expect(409);
      expect(again.body.code).toBe('STUDY.ALREADY_ANSWERED');
      const nowhere = await signedIn(t, me)
        .post(`/me/practice/${quiz.body.id}/answers/99`, { response: ['A'] })
        .expect(404);
      expect(nowhere.body.code).toBe('STUDY.POSITION_INVALID');
      const bad = await signedIn(t, me)
        .post(`/me/practice/${quiz.body.id}/answers/2`, { response: 'A' })
        .expect(400);
      expect(bad.body.code).toBe('COMMON.VALIDATION_FAILED');
      await answer(me, quiz.body.id, q2, true).expect(200);
      // two answers within seconds of starting: clicking through earns nothing
      const done = await signedIn(t, me).post(`/me/practice/${quiz.body.id}/finish`).expect(200);
      expect(done.body).toMatchObject({ status: 'finished', answeredCount: 2, creditedMinutes: 0 });
      expect((await records(me, '?kind=practice')).total).toBe(0);
      const late = await answer(me, quiz.body.id, (quiz.body.questions as Question[])[2], true);
      expect({ status: late.status, code: late.body.code }).toEqual({
        status: 409,
        code: 'STUDY.QUIZ_FINISHED',
      });
      // finishing again changes nothing
      await signedIn(t, me).post(`/me/practice/${quiz.body.id}/finish`).expect(200);

      // ten answered questions over three minutes earn three minutes
      const slow = await start(me, { lawId, count: 10 }).expect(201);
      expect(slow.body.questionCount).toBe(9); // all the bank holds outside short answers
      for (const [i, q] of (slow.body.questions as Question[]).entries()) {
        if (i === 3) t.clock.advance(3 * MINUTE + 30 * SECOND);
        await answer(me, slow.body.id, q, true).expect(200);
      }
      const list = await records(me, '?kind=practice');
      expect(list.items.map((r) => [r.details.quizId, r.hours])).toEqual([[slow.body.id, 0.05]]);
    });

    it('draws by chapter or article range and refuses a bad scope, writing nothing', async () => {
      const me = await login(t, await newStaff());
      const chapter = await start(me, { lawId, nodeKey: '第一章', count: 5 }).expect(201);
      expect(chapter.body.scopeLabel).toContain('第一章');
      const range = await start(me, { lawId, articleFrom: 2, articleTo: 2 }).expect(201);
      expect(range.body).toMatchObject({
        questionCount: 9,
        scopeLabel: '《示范市信访工作办法》第 2–2 条',
      });
      const before = await count('SELECT count(*) AS n FROM practice_quiz');
      const cases: [object, number, string][] = [
        [{ lawId, nodeKey: '第二章' }, 422, 'STUDY.NO_QUESTIONS'],
        [{ lawId, nodeKey: '第九章' }, 404, 'STUDY.CHAPTER_NOT_FOUND'],
        [{ lawId, articleFrom: 3, articleTo: 3 }, 422, 'STUDY.NO_QUESTIONS'],
        [{ lawId, articleFrom: 3, articleTo: 1 }, 422, 'STUDY.PRACTICE_SCOPE_INVALID'],
        [{ lawId, nodeKey: '第一章', articleFrom: 1 }, 422, 'STUDY.PRACTICE_SCOPE_INVALID'],
        [{ lawId: otherLawId }, 422, 'STUDY.NO_QUESTIONS'],
        [{ lawId: '00000000-0000-4000-8000-000000000000' }, 404, 'STUDY.LAW_NOT_FOUND'],
        [{}, 400, 'COMMON.VALIDATION_FAILED'],
        [{ lawId, count: 4 }, 400, 'COMMON.VALIDATION_FAILED'],
        [{ lawId, count: 51 }, 400, 'COMMON.VALIDATION_FAILED'],
        [{ lawId, source: 'exam' }, 400, 'COMMON.VALIDATION_FAILED'],
        [{ source: 'wrong_book', nodeKey: '第一章' }, 422, 'STUDY.PRACTICE_SCOPE_INVALID'],
      ];
      for (const [body, status, code] of cases) {
        const res = await start(me, body);
        expect({ body, status: res.status, code: res.body.code }).toEqual({ body, status, code });
      }
      expect(await count('SELECT count(*) AS n FROM practice_quiz')).toBe(before);
    });

    it("answers 404 for someone else's quiz and changes nothing", async () => {
      const owner = await login(t, await newStaff());
      const other = await login(t, org.people.staffA2);
      const quiz = await start(owner, { lawId, count: 5 }).expect(201);
      const q = (quiz.body.questions as Question[])[0];
      for (const res of [
        await signedIn(t, other).get(`/me/practice/${quiz.body.id}`),
        await answer(other, quiz.body.id, q, true),
        await signedIn(t, other).post(`/me/practice/${quiz.body.id}/finish`),
      ]) {
        expect({ status: res.status, code: res.body.code }).toEqual({
          status: 404,
          code: 'STUDY.QUIZ_NOT_FOUND',
        });
      }
      const mine = await signedIn(t, owner).get(`/me/practice/${quiz.body.id}`).expect(200);
      expect(mine.body).toMatchObject({ status: 'open', answeredCount: 0 });
      const list = await signedIn(t, other).get('/me/practice').expect(200);
      expect((list.body.items as { id: string }[]).map((i) => i.id)).not.toContain(quiz.body.id);
    });
  });

  describe('court hearings and external training', () => {
    const upload = (who: Session, file: Buffer | null, name = '结业证书.pdf', hours = '16') => {
      const req = signedIn(t, who)
        .post('/me/study/external-training')
        .field('title', '2026年度全省信访干部法治培训班')
        .field('organizer', '示范省信访局')
        .field('date', '2026-02-20')
        .field('hours', hours)
        .field('lawIds', lawId);
      return file ? req.attach('file', file, name) : req;
    };

    it('a court hearing waits for a secretary, counts once confirmed, and the decision is audited', async () => {
      const who = await newStaff();
      const me = await login(t, who);
      const sec = await login(t, org.people.secA);
      const hr = await login(t, org.people.hrA);
      const res = await signedIn(t, me).post(
        '/me/study/court-hearings',
        hearing({ lawIds: [lawId] }),
      );
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        kind: 'court_hearing',
        status: 'pending',
        statusLabel: '待审核',
        hours: 2,
        occurredOn: '2026-02-27',
        details: { court: '示范市中级人民法院', mode: 'video' },
      });
      const id = res.body.id as string;
      let summary = await signedIn(t, me).get('/me/study').expect(200);
      expect(summary.body).toMatchObject({ pendingRecords: 1, pendingHours: 2, totalHours: 0 });

      // the secretary sees it waiting; HR reads but does not decide
      const queue = await signedIn(t, sec).get('/study-records?status=pending').expect(200);
      expect((queue.body.items as { id: string }[]).map((r) => r.id)).toContain(id);
      const queued = (queue.body.items as { id: string; staff: object }[]).find((r) => r.id === id);
      expect(queued?.staff).toMatchObject({ id: who.id, staffNo: who.staffNo });
      await signedIn(t, hr).post(`/study-records/${id}/decision`, { approve: true }).expect(403);

      const ok = await signedIn(t, sec).post(`/study-records/${id}/decision`, {
        approve: true,
        note: '已核实',
      });
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ status: 'credited', decisionNote: '已核实' });
      const again = await signedIn(t, sec).post(`/study-records/${id}/decision`, {
        approve: false,
        note: '重复',
      });
      expect({ status: again.status, code: again.body.code }).toEqual({
        status: 409,
        code: 'STUDY.NOT_PENDING',
      });
      summary = await signedIn(t, me).get('/me/study').expect(200);
      expect(summary.body.byKind).toContainEqual({
        kind: 'court_hearing',
        label: '旁听庭审',
        hours: 2,
        records: 1,
      });
      expect(summary.body).toMatchObject({ pendingRecords: 0, totalHours: 2 });
      const audit = await t.dataSource.query<
        { actor_id: string; details: Record<string, unknown> }[]
      >(
        `SELECT actor_id, details FROM audit_log WHERE action = 'study.record_approve' AND target_id = $1`,
        [id],
      );
      expect(audit).toEqual([
        {
          actor_id: org.people.secA.id,
          details: expect.objectContaining({ staffId: who.id, kind: 'court_hearing', hours: 2 }),
        },
      ]);
    });

    it('a rejection needs a reason; nobody decides their own claim; outside the scope is 404', async () => {
      const me = await login(t, await newStaff());
      const sec = await login(t, org.people.secA);
      const admin = await login(t, org.people.adminA);
      const secB = await login(
        t,
        await org.f.staff({
          unit: org.units.bureauB,
          roles: [{ role: 'secretary', unit: org.units.bureauB }],
        }),
      );
      const claim = (await signedIn(t, me).post('/me/study/court-hearings', hearing()).expect(201))
        .body.id as string;
      const outside = await signedIn(t, secB).post(`/study-records/${claim}/decision`, {
        approve: true,
      });
      expect({ status: outside.status, code: outside.body.code }).toEqual({
        status: 404,
        code: 'STUDY.RECORD_NOT_FOUND',
      });
      await signedIn(t, secB).get(`/study-records/${claim}`).expect(404);
      const noReason = await signedIn(t, sec).post(`/study-records/${claim}/decision`, {
        approve: false,
      });
      expect(noReason.status).toBe(400);
      expect(noReason.body.details).toContainEqual(expect.objectContaining({ field: 'note' }));
      const rejected = await signedIn(t, sec)
        .post(`/study-records/${claim}/decision`, { approve: false, note: '未提供旁听证明' })
        .expect(200);
      expect(rejected.body).toMatchObject({ status: 'rejected', statusLabel: '未通过' });
      expect((await signedIn(t, me).get('/me/study').expect(200)).body).toMatchObject({
        totalHours: 0,
        pendingRecords: 0,
      });

      const own = (await signedIn(t, sec).post('/me/study/court-hearings', hearing()).expect(201))
        .body.id as string;
      const self = await signedIn(t, sec).post(`/study-records/${own}/decision`, { approve: true });
      expect({ status: self.status, code: self.body.code }).toEqual({
        status: 403,
        code: 'STUDY.OWN_RECORD',
      });
      await signedIn(t, admin)
        .post(`/study-records/${own}/decision`, { approve: true })
        .expect(200);
      await signedIn(t, me).get(`/study-records/${own}`).expect(404);
    });

    it('refuses a future date, bad hours or mode and unknown laws, writing nothing', async () => {
      const me = await login(t, await newStaff());
      const before = await count('SELECT count(*) AS n FROM study_record');
      const cases: [object, number, string][] = [
        [hearing({ date: '2026-03-03' }), 422, 'STUDY.DATE_INVALID'],
        [hearing({ date: '2026-02-30' }), 400, 'COMMON.VALIDATION_FAILED'],
        [hearing({ date: '2026-02-27T08:00:00Z' }), 400, 'COMMON.VALIDATION_FAILED'],
        [hearing({ hours: 9 }), 400, 'COMMON.VALIDATION_FAILED'],
        [hearing({ hours: 0.25 }), 400, 'COMMON.VALIDATION_FAILED'],
        [hearing({ mode: 'phone' }), 400, 'COMMON.VALIDATION_FAILED'],
        [hearing({ court: '' }), 400, 'COMMON.VALIDATION_FAILED'],
        [hearing({ lawIds: ['00000000-0000-4000-8000-000000000000'] }), 404, 'STUDY.LAW_NOT_FOUND'],
      ];
      for (const [body, status, code] of cases) {
        const res = await signedIn(t, me).post('/me/study/court-hearings', body);
        expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
      }
      // today is allowed
      await signedIn(t, me)
        .post('/me/study/court-hearings', hearing({ date: '2026-03-02' }))
        .expect(201);
      expect(await count('SELECT count(*) AS n FROM study_record')).toBe(before + 1);
    });

    it('stores a training certificate by its SHA-256; its owner and HR in scope download it, nobody else', async () => {
      const who = await newStaff();
      const me = await login(t, who);
      const res = await upload(me, PDF);
      expect(res.status).toBe(201);
      const sha256 = createHash('sha256').update(PDF).digest('hex');
      expect(res.body).toMatchObject({
        kind: 'external_training',
        status: 'pending',
        hours: 16,
        occurredOn: '2026-02-20',
        certificate: {
          fileName: '结业证书.pdf',
          mimeType: 'application/pdf',
          size: PDF.length,
          sha256,
        },
        details: { training: '2026年度全省信访干部法治培训班', organizer: '示范省信访局' },
      });
      expect(res.body.laws).toEqual([
        { lawId, shortTitle: '示范市信访工作办法', articleNumber: 0 },
      ]);
      await expect(
        readFile(join(uploadDir, 'certificates', sha256.slice(0, 2), sha256)),
      ).resolves.toEqual(PDF);
      const id = res.body.id as string;

      const download = async (who: Session) =>
        signedIn(t, who)
          .get(`/study-records/${id}/certificate`)
          .buffer(true)
          .parse((r, done) => {
            const chunks: Buffer[] = [];
            r.on('data', (c: Buffer) => chunks.push(c));
            r.on('end', () => done(null, Buffer.concat(chunks)));
          });
      for (const reader of [me, await login(t, org.people.hrA), await login(t, org.people.secA)]) {
        const file = await download(reader);
        expect(file.status).toBe(200);
        expect(file.headers['content-type']).toBe('application/pdf');
        expect(file.headers['content-disposition']).toContain(encodeURIComponent('结业证书.pdf'));
        expect(file.body).toEqual(PDF);
      }
      for (const stranger of [await login(t, org.people.staffA2), await login(t, org.people.hrB)]) {
        const file = await signedIn(t, stranger).get(`/study-records/${id}/certificate`);
        expect({ status: file.status, code: file.body.code }).toEqual({
          status: 404,
          code: 'STUDY.RECORD_NOT_FOUND',
        });
      }
      // a record without a certificate has none to download
      const plain = (await signedIn(t, me).post('/me/study/court-hearings', hearing()).expect(201))
        .body.id;
      const none = await signedIn(t, me).get(`/study-records/${plain}/certificate`).expect(404);
      expect(none.body.code).toBe('STUDY.CERTIFICATE_NOT_FOUND');

      const sec = await login(t, org.people.secA);
      await signedIn(t, sec).post(`/study-records/${id}/decision`, { approve: true }).expect(200);
      const summary = await signedIn(t, me).get('/me/study').expect(200);
      expect(summary.body.byKind).toContainEqual({
        kind: 'external_training',
        label: '外部培训',
        hours: 16,
        records: 1,
      });
    });

    it('refuses a missing, foreign or oversized certificate and bad fields, writing nothing', async () => {
      const me = await login(t, await newStaff());
      const before = await count('SELECT count(*) AS n FROM study_record');
      const filesBefore = await readdir(uploadDir, { recursive: true });
      const docx = Buffer.from('PK\u0003\u0004[Content_Types].xml word/document.xml');
      const big = Buffer.concat([PDF, Buffer.alloc(UPLOAD_LIMIT)]);
      const cases: [Promise<request.Response>, number, string][] = [
        [upload(me, null), 400, 'STUDY.CERTIFICATE_MISSING'],
        [upload(me, docx, '证书.pdf'), 415, 'STUDY.CERTIFICATE_TYPE'],
        [upload(me, Buffer.from('证书'), 'cert.png'), 415, 'STUDY.CERTIFICATE_TYPE'],
        [upload(me, big), 413, 'COMMON.PAYLOAD_TOO_LARGE'],
        [upload(me, PNG, 'cert.png', '30'), 400, 'COMMON.VALIDATION_FAILED'],
        [upload(me, PNG, 'cert.png', 'many'), 400, 'COMMON.VALIDATION_FAILED'],
      ];
      for (const [pending, status, code] of cases) {
        const res = await pending;
        expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
      }
      expect(await count('SELECT count(*) AS n FROM study_record')).toBe(before);
      expect(await readdir(uploadDir, { recursive: true })).toEqual(filesBefore);
      // a PNG is fine
      await upload(me, PNG, 'cert.png').expect(201);
    });
  });

  describe('where I stand: GET /me/study', () => {
    it('without a plan says so and still adds up the hours of the year', async () => {
      const who = await newStaff(org.units.bureauB);
      const me = await login(t, who);
      await beat(me, 1).expect(200);
      t.clock.advance(30 * SECOND);
      await beat(me, 1).expect(200);
      const res = await signedIn(t, me).get('/me/study').expect(200);
      expect(res.body).toMatchObject({
        staff: { id: who.id, staffNo: who.staffNo },
        year: 2026,
        plan: null,
        periodStart: '2026-01-01',
        periodEnd: '2026-12-31',
        totalHours: 0.02,
        requiredHours: null,
        hoursMet: null,
        requirementMet: null,
        requiredLaws: [],
      });
      expect(res.body.notice).toContain('没有生效的学法考法计划');
      expect(res.body.byKind).toHaveLength(6);
    });

    it('counts credited hours in the plan period against the required hours, and names the required laws not yet studied', async () => {
      const admin = await login(t, org.people.adminA);
      const plan = await signedIn(t, admin)
        .post('/plans', {
          unitId: org.units.bureauA.id,
          year: 2026,
          title: '2026年度学法考法工作计划',
          requiredHours: 2,
        })
        .expect(201);
      const planId = plan.body.id as string;
      await signedIn(t, admin)
        .put(`/plans/${planId}/required-laws`, { laws: [{ lawId }, { lawId: otherLawId }] })
        .expect(200);
      // a draft plan does not apply yet
      const who = await newStaff(org.units.deptA2);
      const me = await login(t, who);
      expect((await signedIn(t, me).get('/me/study').expect(200)).body.plan).toBeNull();
      await signedIn(t, admin).patch(`/plans/${planId}`, { status: 'active' }).expect(200);

      const view = async () => (await signedIn(t, me).get('/me/study').expect(200)).body as Summary;
      let s = await view();
      expect(s).toMatchObject({
        plan: { id: planId, unitId: org.units.bureauA.id, requiredHours: 2 },
        periodStart: '2026-01-01',
        periodEnd: '2026-12-31',
        totalHours: 0,
        requiredHours: 2,
        remainingHours: 2,
        hoursMet: false,
        requirementMet: false,
      });
      expect(s.lawsMissing.map((l) => l.lawId)).toEqual([lawId, otherLawId]);

      // a minute of reading the fixture law covers it
      await beat(me, 1).expect(200);
      t.clock.advance(30 * SECOND);
      await beat(me, 1).expect(200);
      s = await view();
      expect(s.totalHours).toBe(0.02);
      expect(s.requiredLaws).toEqual([
        expect.objectContaining({ lawId, studied: true }),
        expect.objectContaining({ lawId: otherLawId, studied: false }),
      ]);

      // a hearing before the period does not count; one inside does once confirmed
      const sec = await login(t, org.people.secA);
      const decide = async (body: object) => {
        const id = (await signedIn(t, me).post('/me/study/court-hearings', body).expect(201)).body
          .id;
        await signedIn(t, sec).post(`/study-records/${id}/decision`, { approve: true }).expect(200);
      };
      await decide(hearing({ date: '2025-12-31', lawIds: [otherLawId] }));
      s = await view();
      expect(s).toMatchObject({ totalHours: 0.02, hoursMet: false });
      expect(s.lawsMissing.map((l) => l.lawId)).toEqual([otherLawId]);
      await decide(hearing({ hours: 2 }));
      s = await view();
      expect(s).toMatchObject({
        totalHours: 2.02,
        hoursMet: true,
        remainingHours: 0,
        requirementMet: false,
      });
      await decide(hearing({ hours: 0.5, lawIds: [otherLawId] }));
      s = await view();
      expect(s).toMatchObject({ totalHours: 2.52, requirementMet: true, lawsMissing: [] });
      expect(s.byKind).toContainEqual({
        kind: 'self_study',
        label: '自学',
        hours: 0.02,
        records: 1,
      });
      expect(s.byKind).toContainEqual({
        kind: 'court_hearing',
        label: '旁听庭审',
        hours: 2.5,
        records: 2,
      });
      // last year's figures use last year's period (no plan then)
      const last = await signedIn(t, me).get('/me/study?year=2025').expect(200);
      expect(last.body).toMatchObject({ year: 2025, plan: null, totalHours: 2 });

      // HR, secretaries and admins in scope read the same; others get 404, plain staff 403
      for (const reader of [org.people.hrA, org.people.secA, org.people.rootAdmin]) {
        const res = await signedIn(t, await login(t, reader))
          .get(`/staff/${who.id}/study`)
          .expect(200);
        expect(res.body).toMatchObject({ totalHours: 2.52, requirementMet: true });
      }
      const hrB = await signedIn(t, await login(t, org.people.hrB)).get(`/staff/${who.id}/study`);
      expect({ status: hrB.status, code: hrB.body.code }).toEqual({
        status: 404,
        code: 'STUDY.STAFF_NOT_FOUND',
      });
      await signedIn(t, await login(t, org.people.staffA2))
        .get(`/staff/${who.id}/study`)
        .expect(403);
      const bad = await signedIn(t, me).get('/me/study?year=20x6').expect(400);
      expect(bad.body.code).toBe('COMMON.VALIDATION_FAILED');
    });

    it('lists my records by kind and status, a page at a time, and the scope list only inside the scope', async () => {
      const who = await newStaff();
      const me = await login(t, who);
      for (let i = 0; i < 3; i++) {
        await signedIn(t, me)
          .post('/me/study/court-hearings', hearing({ date: `2026-02-0${i + 1}` }))
          .expect(201);
      }
      await beat(me, 1).expect(200);
      t.clock.advance(30 * SECOND);
      await beat(me, 1).expect(200);
      const all = await records(me);
      expect(all.total).toBe(4);
      expect(all.items.map((r) => r.occurredOn)).toEqual([
        '2026-03-02',
        '2026-02-03',
        '2026-02-02',
        '2026-02-01',
      ]);
      const page = await records(me, '?kind=court_hearing&status=pending&page=2&pageSize=2');
      expect(page).toMatchObject({ total: 3, page: 2, pageSize: 2 });
      expect(page.items.map((r) => r.occurredOn)).toEqual(['2026-02-01']);
      expect((await records(me, '?status=credited')).items.map((r) => r.kind)).toEqual([
        'self_study',
      ]);
      await signedIn(t, me).get('/me/study/records?kind=exam').expect(400);

      const hr = await login(t, org.people.hrA);
      const scoped = await signedIn(t, hr).get(`/study-records?staffId=${who.id}`).expect(200);
      expect(scoped.body.total).toBe(4);
      // pending claims first, the oldest claim first
      expect(scoped.body.items.map((r: { status: string }) => r.status)).toEqual([
        'pending',
        'pending',
        'pending',
        'credited',
      ]);
      const byUnit = await signedIn(t, hr).get(`/study-records?unitId=${org.units.bureauB.id}`);
      expect(byUnit.status).toBe(404);
      const hrB = await signedIn(t, await login(t, org.people.hrB))
        .get(`/study-records?staffId=${who.id}`)
        .expect(200);
      expect(hrB.body.total).toBe(0);
      await signedIn(t, me).get('/study-records').expect(403);
    });
  });
});
