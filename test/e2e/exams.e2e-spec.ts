import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { QueueName } from '../../src/queue/jobs';
import { AttemptFinalizer } from '../../src/modules/exams/taking/attempt-finalizer.service';
import { autosubmitJobId } from '../../src/modules/exams/taking/deadline-scheduler.service';
import { publishExam, seedBank } from '../factories/exam.factory';
import { buildOrg } from '../factories/org.factory';
import { login, signedIn } from '../utils/auth';
import type { Session } from '../utils/auth';
import type { TestApp } from '../utils/test-app';
import { createTestApp } from '../utils/test-app';
import { waitFor } from '../utils/wait';

const HOUR = 3600_000;

/** Every property name anywhere in a JSON body. */
function keysOf(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => keysOf(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.add(k);
      keysOf(v, out);
    }
  }
  return out;
}

const KEY_FIELDS = [
  'answer',
  'correctAnswer',
  'explanation',
  'evidence',
  'keywords',
  'optionOrder',
  'revisionId',
];

describe('timed exams (e2e, workers in process)', () => {
  let t: TestApp;
  let org: Awaited<ReturnType<typeof buildOrg>>;
  let sec: Session;
  let staff1: Session;
  let staff2: Session;
  let outsider: Session;
  let bank: Awaited<ReturnType<typeof seedBank>>;
  /** every body an examinee received before their attempt was finished */
  const examineeBodies: unknown[] = [];

  beforeAll(async () => {
    t = await createTestApp({ workers: true, env: { EXAM_SAVE_GRACE_SECONDS: '10' } });
    org = await buildOrg(t);
    sec = await login(t, org.people.secA);
    staff1 = await login(t, org.people.staffA1);
    staff2 = await login(t, org.people.staffA2);
    outsider = await login(t, org.people.staffB);
    bank = await seedBank(t, {
      single_choice: 6,
      multiple_choice: 3,
      true_false: 3,
      fill_blank: 2,
      short_answer: 1,
    });
  });
  afterAll(() => t.close());
  afterEach(() => t.clock.reset());

  const window = (hoursFromNow = 0, length = 2) => ({
    opensAt: new Date(Date.now() + hoursFromNow * HOUR - 60_000).toISOString(),
    closesAt: new Date(Date.now() + (hoursFromNow + length) * HOUR).toISOString(),
  });

  const fixedExam = (over: Record<string, unknown> = {}) => ({
    unitId: org.units.bureauA.id,
    title: '2026年度学法考试',
    kind: 'official',
    ...window(),
    durationMinutes: 30,
    audienceUnitIds: [org.units.deptA1.id, org.units.deptA2.id],
    paperMode: 'fixed',
    questions: [
      { questionId: bank.codes['EX-SI01'], points: 40 },
      { questionId: bank.codes['EX-MU01'], points: 30 },
      { questionId: bank.codes['EX-FI01'], points: 30 },
    ],
    ...over,
  });

  const create = (body: object, who: Session = sec) => signedIn(t, who).post('/exams').send(body);
  const publish = (id: string, who: Session = sec) =>
    signedIn(t, who).post(`/exams/${id}/status`).send({ status: 'published' });
  const start = async (examId: string, who: Session, status: number) => {
    const res = await signedIn(t, who).post(`/exams/${examId}/attempts`).expect(status);
    examineeBodies.push(res.body);
    return res;
  };
  const save = async (
    attemptId: string,
    position: number,
    seq: number,
    response: string[],
    who: Session,
    status: number,
  ) => {
    const res = await signedIn(t, who)
      .put(`/exam-attempts/${attemptId}/answers/${position}`)
      .send({ seq, response })
      .expect(status);
    examineeBodies.push(res.body);
    return res;
  };
  const publishedExam = (over: Record<string, unknown> = {}) =>
    publishExam(signedIn(t, sec), fixedExam(over));

  describe('authoring', () => {
    it('creates a draft with a fixed paper, and refuses impossible windows, foreign audiences and plain staff', async () => {
      const res = await create(fixedExam()).expect(201);
      expect(res.body).toMatchObject({
        status: 'draft',
        paperMode: 'fixed',
        passMark: 60,
        attemptsAllowed: 1,
      });
      expect(res.body.questions).toHaveLength(3);
      const cases: [Record<string, unknown>, number, string][] = [
        [
          { opensAt: '2026-12-02T00:00:00Z', closesAt: '2026-12-01T00:00:00Z' },
          422,
          'EXAMS.WINDOW_INVALID',
        ],
        [{ durationMinutes: 600 }, 422, 'EXAMS.WINDOW_INVALID'],
        [{ audienceUnitIds: [org.units.bureauB.id] }, 422, 'EXAMS.AUDIENCE_INVALID'],
        [{ unitId: org.units.bureauB.id }, 404, 'EXAMS.UNIT_NOT_FOUND'],
        [{ paperMode: 'random' }, 422, 'EXAMS.PAPER_INVALID'],
        [{ kind: 'makeup' }, 404, 'EXAMS.PARENT_NOT_FOUND'],
        [{ durationMinutes: 0, attemptsAllowed: 99 }, 400, 'COMMON.VALIDATION_FAILED'],
      ];
      for (const [over, status, code] of cases) {
        const bad = await create(fixedExam(over));
        expect({ over, status: bad.status, code: bad.body.code }).toEqual({ over, status, code });
      }
      await create(fixedExam(), staff1).expect(403);
      const hrB = await login(t, org.people.hrB);
      await signedIn(t, hrB).get(`/exams/${res.body.id}`).expect(403);
      const secOther = await org.f.staff({
        unit: org.units.bureauB,
        roles: [{ role: 'secretary', unit: org.units.bureauB }],
      });
      const other = await login(t, secOther);
      await signedIn(t, other).get(`/exams/${res.body.id}`).expect(404);
    });

    it('refuses to publish a blueprint the active, unflagged bank cannot fill, with the shortfall per rule', async () => {
      const res = await create(
        fixedExam({
          paperMode: 'random',
          questions: undefined,
          rules: [
            { type: 'single_choice', count: 4, pointsEach: 5 },
            { type: 'single_choice', count: 3, pointsEach: 5 },
            { type: 'true_false', count: 2, pointsEach: 5, tags: ['受理'] },
          ],
        }),
      ).expect(201);
      const refused = await publish(res.body.id as string).expect(422);
      expect(refused.body.code).toBe('EXAMS.BLUEPRINT_SHORTFALL');
      // 6 single choice: the first rule takes 4 of them, leaving 2 for the second; 2 true/false tagged 受理
      expect(refused.body.details).toEqual([
        { rule: 2, type: 'single_choice', needed: 3, available: 2 },
      ]);
      const still = await signedIn(t, sec).get(`/exams/${res.body.id}`).expect(200);
      expect(still.body).toMatchObject({ status: 'draft', candidateCount: 0 });
      await signedIn(t, sec)
        .patch(`/exams/${res.body.id}`)
        .send({
          rules: [
            { type: 'single_choice', count: 4, pointsEach: 5 },
            { type: 'true_false', count: 2, pointsEach: 10, tags: ['受理'] },
          ],
        })
        .expect(200);
      const ok = await publish(res.body.id as string).expect(200);
      expect(ok.body).toMatchObject({ status: 'published', totalPoints: 40, candidateCount: 5 });
      expect(ok.body.rules.map((r: { available: number }) => r.available)).toEqual([6, 2]);
    });

    it('locks a published exam: only a later closing time is accepted, and audited', async () => {
      const id = await publishedExam();
      const locked = await signedIn(t, sec)
        .patch(`/exams/${id}`)
        .send({ title: '改名' })
        .expect(409);
      expect(locked.body.code).toBe('EXAMS.NOT_DRAFT');
      const detail = await signedIn(t, sec).get(`/exams/${id}`).expect(200);
      const later = new Date(Date.parse(detail.body.closesAt as string) + HOUR).toISOString();
      await signedIn(t, sec).patch(`/exams/${id}`).send({ closesAt: later }).expect(200);
      await signedIn(t, sec)
        .patch(`/exams/${id}`)
        .send({ closesAt: detail.body.closesAt })
        .expect(422);
      const audit = await t.dataSource.query<{ n: string }[]>(
        `SELECT count(*) AS n FROM audit_log WHERE action = 'exam.window_extend' AND target_id = $1`,
        [id],
      );
      expect(Number(audit[0].n)).toBe(1);
      await publish(id).expect(409);
      const preview = await signedIn(t, sec).get(`/exams/${id}/preview`).expect(200);
      expect(preview.body.totalPoints).toBe(100);
      expect(preview.body.questions[0]).toHaveProperty('answer', 'A');
      await signedIn(t, staff1).get(`/exams/${id}/preview`).expect(403);
    });
  });

  describe('taking', () => {
    it('lists my exams, starts, resumes the same paper on reload, and never shows a key before the end', async () => {
      const id = await publishedExam({
        shuffleQuestions: true,
        shuffleOptions: true,
        reviewContent: 'with_answers',
      });
      const mine = await signedIn(t, staff1).get('/me/exams').expect(200);
      examineeBodies.push(mine.body);
      expect(mine.body.find((e: { id: string }) => e.id === id)).toMatchObject({
        status: 'not_started',
        attemptsLeft: 1,
        attempts: [],
      });
      await start(id, outsider, 404);
      const first = await start(id, staff1, 201);
      expect(first.body).toMatchObject({
        status: 'in_progress',
        attemptNo: 1,
        remainingSeconds: 1800,
      });
      expect(
        Date.parse(first.body.deadlineAt as string) - Date.parse(first.body.serverTime as string),
      ).toBe(1800_000);
      expect(first.body.questions).toHaveLength(3);
      const single = first.body.questions.find((q: { type: string }) => q.type === 'single_choice');
      expect(single.options.slice().sort()).toEqual(
        ['公告告知', '口头告知', '无须告知', '书面告知'].sort(),
      );
      const letter = 'ABCD'[single.options.indexOf('书面告知') as number];
      await save(first.body.id as string, single.position as number, 1, [letter], staff1, 200);
      const again = await start(id, staff1, 200);
      expect(again.body.id).toBe(first.body.id);
      expect(
        again.body.questions.map((q: { stem: string; options: string[] }) => [q.stem, q.options]),
      ).toEqual(
        first.body.questions.map((q: { stem: string; options: string[] }) => [q.stem, q.options]),
      );
      expect(
        again.body.questions.find((q: { position: number }) => q.position === single.position)
          .response,
      ).toEqual([letter]);
      const resumed = await signedIn(t, staff1).get(`/exam-attempts/${first.body.id}`).expect(200);
      examineeBodies.push(resumed.body);
      for (const body of examineeBodies) {
        const found = [...keysOf(body)].filter((k) => KEY_FIELDS.includes(k));
        expect(found).toEqual([]);
      }
      // someone else's attempt is a 404, for every examinee route
      await signedIn(t, staff2).get(`/exam-attempts/${first.body.id}`).expect(404);
      await save(first.body.id as string, 1, 9, ['A'], staff2, 404);
      await signedIn(t, staff2).post(`/exam-attempts/${first.body.id}/submit`).expect(404);
      // hand in: with_answers after submit shows the score, the key and the explanation
      const done = await signedIn(t, staff1)
        .post(`/exam-attempts/${first.body.id}/submit`)
        .expect(200);
      expect(done.body).toMatchObject({
        status: 'finished',
        result: { visible: true, score: 40, maxScore: 100, percentage: 40, passed: false },
      });
      const reviewed = done.body.questions.find(
        (q: { position: number }) => q.position === single.position,
      );
      expect(reviewed).toMatchObject({
        score: 40,
        correctAnswer: letter,
        explanation: expect.stringContaining('第二条'),
      });
      const after = await signedIn(t, staff1).get('/me/exams').expect(200);
      expect(after.body.find((e: { id: string }) => e.id === id)).toMatchObject({
        status: 'failed',
        attemptsLeft: 0,
        bestScore: 40,
        attempts: [
          {
            id: first.body.id,
            attemptNo: 1,
            status: 'finished',
            finishedAt: done.body.finishedAt,
            result: { visible: true, score: 40, maxScore: 100, percentage: 40, passed: false },
          },
        ],
      });
      const noMore = await start(id, staff1, 409);
      expect(noMore.body.code).toBe('EXAMS.NO_ATTEMPTS_LEFT');
    });

    it('keeps the newest answer: a stale sequence number never overwrites it', async () => {
      const id = await publishedExam();
      const a = await start(id, staff2, 201);
      await save(a.body.id as string, 1, 5, ['B'], staff2, 200);
      const stale = await save(a.body.id as string, 1, 4, ['A'], staff2, 200);
      expect(stale.body).toMatchObject({ applied: false, seq: 5 });
      const newer = await save(a.body.id as string, 1, 6, ['C'], staff2, 200);
      expect(newer.body).toMatchObject({ applied: true, seq: 6 });
      const view = await signedIn(t, staff2).get(`/exam-attempts/${a.body.id}`).expect(200);
      expect(view.body.questions[0]).toMatchObject({ response: ['C'], seq: 6 });
      await save(a.body.id as string, 9, 1, ['A'], staff2, 404);
      await save(a.body.id as string, 1, 0, ['A'], staff2, 400);
      await signedIn(t, staff2).post(`/exam-attempts/${a.body.id}/submit`).expect(200);
    });

    it('accepts a save at deadline + grace − 1 s and refuses one at + 1 s (controllable clock)', async () => {
      // short enough that jumping past the deadline stays inside the session idle timeout
      const id = await publishedExam({ attemptsAllowed: 2, durationMinutes: 5 });
      const a = await start(id, staff1, 201);
      const deadline = Date.parse(a.body.deadlineAt as string);
      // to the second: the clock stands still while each save is on its way
      t.clock.freeze();
      t.clock.set(new Date(deadline + 9_000));
      await save(a.body.id as string, 1, 1, ['A'], staff1, 200);
      t.clock.set(new Date(deadline + 11_000));
      const late = await save(a.body.id as string, 1, 2, ['B'], staff1, 409);
      t.clock.unfreeze();
      expect(late.body).toMatchObject({
        code: 'EXAMS.ATTEMPT_CLOSED',
        message: '答题时间已结束，答案未保存',
      });
      // reading it now finishes it, as of the deadline, with the answer saved in the grace period
      const view = await signedIn(t, staff1).get(`/exam-attempts/${a.body.id}`).expect(200);
      expect(view.body).toMatchObject({
        status: 'finished',
        finishedAt: new Date(deadline).toISOString(),
        result: { score: 40 },
      });
      const [row] = await t.dataSource.query<{ finalised_by: string }[]>(
        'SELECT finalised_by FROM exam_attempt WHERE id = $1',
        [a.body.id],
      );
      expect(row.finalised_by).toBe('read');
    });

    it('refuses a start before the window opens and after it closes', async () => {
      const upcoming = await publishedExam({ ...window(5) });
      const early = await start(upcoming, staff1, 409);
      expect(early.body.code).toBe('EXAMS.NOT_OPEN');
      t.clock.advance(8 * HOUR);
      const late = await start(upcoming, await login(t, org.people.staffA1), 409);
      expect(late.body.code).toBe('EXAMS.NOT_OPEN');
    });
  });

  describe('deadlines', () => {
    it('finishes an attempt at its deadline through the BullMQ timer job, exactly once', async () => {
      const id = await publishedExam({ durationMinutes: 1 });
      const a = await start(id, staff1, 201);
      await save(a.body.id as string, 3, 1, ['书面'], staff1, 200);
      const deadline = new Date(a.body.deadlineAt as string);
      const queue = t.get<Queue>(getQueueToken(QueueName.Exams) as never);
      const job = await queue.getJob(autosubmitJobId(a.body.id as string, deadline));
      expect(job).toBeDefined();
      expect(await job?.isDelayed()).toBe(true);
      t.clock.set(new Date(deadline.getTime() + 11_000));
      await job?.promote();
      const finished = await waitFor(
        async () => {
          const rows = await t.dataSource.query<
            { status: string; finalised_by: string; finished_at: Date; score: string }[]
          >('SELECT status, finalised_by, finished_at, score FROM exam_attempt WHERE id = $1', [
            a.body.id,
          ]);
          return rows[0].status === 'finished' ? rows[0] : undefined;
        },
        'the timer to finish the attempt',
        15_000,
      );
      expect(finished).toMatchObject({ finalised_by: 'timer', score: '30.00' });
      expect(finished.finished_at.toISOString()).toBe(deadline.toISOString());
      // whatever fires later changes nothing
      const again = await Promise.all(
        [1, 2, 3].map(() => t.get(AttemptFinalizer).finish(a.body.id as string, 'sweeper')),
      );
      expect(again).toEqual([false, false, false]);
    });

    it('sweeps overdue attempts whose timer never ran, and finishes a race exactly once', async () => {
      const id = await publishedExam({ durationMinutes: 1, attemptsAllowed: 3 });
      const a = await start(id, staff2, 201);
      const queue = t.get<Queue>(getQueueToken(QueueName.Exams) as never);
      await queue.remove(
        autosubmitJobId(a.body.id as string, new Date(a.body.deadlineAt as string)),
      );
      t.clock.set(new Date(Date.parse(a.body.deadlineAt as string) + 11_000));
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          i % 2
            ? t.get(AttemptFinalizer).sweep()
            : t.get(AttemptFinalizer).finish(a.body.id as string, 'sweeper'),
        ),
      );
      const wins = results.reduce<number>(
        (n, r) => n + (r === true ? 1 : typeof r === 'number' ? r : 0),
        0,
      );
      expect(wins).toBe(1);
      const [row] = await t.dataSource.query<{ status: string }[]>(
        'SELECT status FROM exam_attempt WHERE id = $1',
        [a.body.id],
      );
      expect(row.status).toBe('finished');
    });

    it('gives one person extra time, past the window close, with the timer moved and the grant audited', async () => {
      const id = await publishedExam({ ...window(0, 1), durationMinutes: 50 });
      const a = await start(id, staff1, 201);
      const before = Date.parse(a.body.deadlineAt as string);
      const granted = await signedIn(t, sec)
        .post(`/exams/${id}/extra-time`)
        .send({ staffId: org.people.staffA1.id, minutes: 30, reason: '视力障碍，需要放大阅读' })
        .expect(200);
      expect(Date.parse(granted.body.deadlineAt as string)).toBe(before + 30 * 60_000);
      const exam = await signedIn(t, sec).get(`/exams/${id}`).expect(200);
      expect(Date.parse(granted.body.deadlineAt as string)).toBeGreaterThan(
        Date.parse(exam.body.closesAt as string),
      );
      const queue = t.get<Queue>(getQueueToken(QueueName.Exams) as never);
      expect(
        await queue.getJob(
          autosubmitJobId(a.body.id as string, new Date(granted.body.deadlineAt as string)),
        ),
      ).toBeDefined();
      const view = await signedIn(t, staff1).get(`/exam-attempts/${a.body.id}`).expect(200);
      expect(view.body.remainingSeconds).toBeGreaterThan(50 * 60);
      await signedIn(t, sec)
        .post(`/exams/${id}/extra-time`)
        .send({ staffId: org.people.staffB.id, minutes: 5, reason: '不是考生' })
        .expect(422);
      const audit = await t.dataSource.query<{ details: { reason: string } }[]>(
        `SELECT details FROM audit_log WHERE action = 'exam.extra_time'`,
      );
      expect(audit.map((r) => r.details.reason)).toEqual(['视力障碍，需要放大阅读']);
      // focus-loss events are stored and counted
      for (const kind of ['focus_lost', 'focus_returned', 'focus_lost']) {
        await signedIn(t, staff1)
          .post(`/exam-attempts/${a.body.id}/events`)
          .send({ kind })
          .expect(204);
      }
      const [row] = await t.dataSource.query<{ focus_loss_count: number }[]>(
        'SELECT focus_loss_count FROM exam_attempt WHERE id = $1',
        [a.body.id],
      );
      expect(row.focus_loss_count).toBe(2);
      const hb = await signedIn(t, staff1)
        .post(`/exam-attempts/${a.body.id}/heartbeat`)
        .expect(200);
      expect(hb.body.status).toBe('in_progress');
    });
  });

  describe('results', () => {
    it('shows results only after the window closes when the policy says so, and waits for a person on short answers', async () => {
      const id = await publishedExam({
        reviewTiming: 'after_close',
        attemptsAllowed: 2,
        questions: [
          { questionId: bank.codes['EX-TR01'], points: 50 },
          { questionId: bank.codes['EX-SH01'], points: 50 },
        ],
      });
      const a = await start(id, staff2, 201);
      await save(a.body.id as string, 1, 1, ['A'], staff2, 200);
      await save(a.body.id as string, 2, 1, ['应当书面告知信访人'], staff2, 200);
      const done = await signedIn(t, staff2).post(`/exam-attempts/${a.body.id}/submit`).expect(200);
      expect(done.body.result).toEqual({ visible: false, visibleFrom: expect.any(String) });
      expect(
        [...keysOf(done.body)].filter((k) => ['score', 'correctAnswer', 'percentage'].includes(k)),
      ).toEqual([]);
      // my exam list names the finished attempt, without its score before the window closes
      const early = await signedIn(t, staff2).get('/me/exams').expect(200);
      const earlyItem = early.body.find((e: { id: string }) => e.id === id);
      expect(earlyItem.attempts).toEqual([
        {
          id: a.body.id,
          attemptNo: 1,
          status: 'finished',
          startedAt: expect.any(String),
          finishedAt: expect.any(String),
          result: { visible: false, visibleFrom: done.body.result.visibleFrom },
        },
      ]);
      expect(
        [...keysOf(earlyItem)].filter((k) => ['score', 'percentage', 'passed'].includes(k)),
      ).toEqual([]);
      const [row] = await t.dataSource.query<
        { score: string; passed: boolean | null; grading_pending: boolean }[]
      >('SELECT score, passed, grading_pending FROM exam_attempt WHERE id = $1', [a.body.id]);
      expect(row).toEqual({ score: '50.00', passed: null, grading_pending: true });
      t.clock.set(new Date(Date.parse(done.body.result.visibleFrom as string) + 1000));
      // hours later: the old session has idled out, so sign in again
      const staff2Later = await login(t, org.people.staffA2);
      const later = await signedIn(t, staff2Later).get(`/exam-attempts/${a.body.id}`).expect(200);
      expect(later.body.result).toMatchObject({
        visible: true,
        score: null,
        gradingPending: true,
        passed: null,
      });
      const mine = await signedIn(t, staff2Later).get('/me/exams').expect(200);
      expect(mine.body.find((e: { id: string }) => e.id === id)).toMatchObject({
        status: 'submitted',
        attempts: [
          {
            id: a.body.id,
            status: 'finished',
            result: { visible: true, score: null, gradingPending: true, maxScore: 100 },
          },
        ],
      });
    });
  });
});
