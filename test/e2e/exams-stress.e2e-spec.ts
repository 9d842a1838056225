import { randomBytes } from 'node:crypto';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { autosubmitJobId } from '../../src/modules/exams/taking/deadline-scheduler.service';
import { JobQueueService } from '../../src/queue/job-queue.service';
import { JobName, QueueName } from '../../src/queue/jobs';
import { publishExam, seedBank } from '../factories/exam.factory';
import { buildOrg } from '../factories/org.factory';
import { login, signedIn } from '../utils/auth';
import type { Session } from '../utils/auth';
import { mapLimit, waitFor } from '../utils/wait';
import { attemptRows, finalisationCounts, installFinalisationLog } from '../utils/attempt-log';
import { ScratchRedis } from '../utils/redis-server';
import type { SpawnedApp } from '../utils/spawn-app';
import { freePort, joinEnv, killHard, spawnApp } from '../utils/spawn-app';
import type { TestApp } from '../utils/test-app';
import { createTestApp } from '../utils/test-app';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const GRACE_SECONDS = 2;

interface Examinee {
  staffId: string;
  session: Session;
}

/**
 * The timed-exam guarantees under failure: the API process killed mid-stream, two worker
 * processes racing for the same deadline, Redis losing every timer. Spawned processes share the
 * in-process app's database, Redis prefix and token secret, like replicas of one deployment.
 */

// These start, load and stop whole processes: on CI's two cores, with other files running beside
// them, one test may take well over the default minute. A ceiling against hangs, not a timing.
jest.setTimeout(180_000);
describe('timed exams under failure (e2e, separate processes)', () => {
  let t: TestApp;
  let org: Awaited<ReturnType<typeof buildOrg>>;
  let bank: Awaited<ReturnType<typeof seedBank>>;
  let sec: Session;
  /** processes and resources of the running test, released even when it fails */
  let cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    t = await createTestApp({
      env: {
        EXAM_SAVE_GRACE_SECONDS: String(GRACE_SECONDS),
        IDLE_TIMEOUT_MINUTES: '15',
        // the scenarios below jump the clock further than one access token lives
        ACCESS_TOKEN_TTL_SECONDS: '3600',
      },
    });
    org = await buildOrg(t);
    sec = await login(t, org.people.secA);
    bank = await seedBank(t, {
      single_choice: 2,
      multiple_choice: 1,
      true_false: 1,
      fill_blank: 1,
    });
    await installFinalisationLog(t.owner);
  });
  afterEach(async () => {
    t?.clock.reset();
    const pending = cleanups.reverse();
    cleanups = [];
    for (const c of pending) await c();
  });
  afterAll(async () => {
    await t?.close();
  });

  const spawn = (entry: 'main' | 'worker', env: Record<string, string>): SpawnedApp => {
    const p = spawnApp(entry, env);
    cleanups.push(() => killHard(p));
    return p;
  };

  /** A department of `n` signed-in examinees under bureau A. */
  const examinees = async (n: number) => {
    const unit = await org.f.unit(
      `考生科${randomBytes(2).toString('hex')}`,
      'department',
      org.units.bureauA,
    );
    const people = await mapLimit(Array.from({ length: n }), 4, async (): Promise<Examinee> => {
      const s = await org.f.staff({ unit });
      return { staffId: s.id, session: await login(t, s) };
    });
    return { unit, people };
  };

  /** A fixed paper without shuffling: the keys are A / A+B / A (true) / 书面 in display order. */
  const examBody = (over: Record<string, unknown> = {}) => ({
    unitId: org.units.bureauA.id,
    title: '压力测试考试',
    kind: 'official',
    opensAt: new Date(Date.now() - 5 * MINUTE).toISOString(),
    closesAt: new Date(Date.now() + 2 * HOUR).toISOString(),
    durationMinutes: 60,
    audienceUnitIds: [org.units.deptA1.id],
    paperMode: 'fixed',
    questions: [
      { questionId: bank.codes['EX-SI01'], points: 20 },
      { questionId: bank.codes['EX-SI02'], points: 20 },
      { questionId: bank.codes['EX-MU01'], points: 20 },
      { questionId: bank.codes['EX-TR01'], points: 20 },
      { questionId: bank.codes['EX-FI01'], points: 20 },
    ],
    ...over,
  });

  describe('who may touch an attempt, and for how long a sign-in lasts', () => {
    it('answers 404 to every examinee route on someone else’s attempt, and writes nothing', async () => {
      const examId = await publishExam(
        signedIn(t, sec),
        examBody({ audienceUnitIds: [org.units.deptA1.id, org.units.deptA2.id] }),
      );
      const owner = await login(t, org.people.staffA1);
      const other = await login(t, org.people.staffA2);
      const attempt = await signedIn(t, owner).post(`/exams/${examId}/attempts`).expect(201);
      const id = attempt.body.id as string;
      const refusals = [
        await signedIn(t, other).get(`/exam-attempts/${id}`),
        await signedIn(t, other).put(`/exam-attempts/${id}/answers/1`, {
          seq: 1,
          response: ['A'],
        }),
        await signedIn(t, other).post(`/exam-attempts/${id}/submit`),
        await signedIn(t, other).post(`/exam-attempts/${id}/events`, { kind: 'focus_lost' }),
        await signedIn(t, other).post(`/exam-attempts/${id}/heartbeat`),
      ];
      expect(refusals.map((r): unknown[] => [r.status, r.body.code])).toEqual(
        Array.from({ length: 5 }, () => [404, 'EXAMS.ATTEMPT_NOT_FOUND']),
      );
      const [row] = await t.dataSource.query<
        { status: string; focus_loss_count: number; answers: number; events: number }[]
      >(
        `SELECT a.status, a.focus_loss_count,
                (SELECT count(*)::int FROM attempt_answer s WHERE s.attempt_id = a.id) AS answers,
                (SELECT count(*)::int FROM attempt_event e WHERE e.attempt_id = a.id) AS events
           FROM exam_attempt a WHERE a.id = $1`,
        [id],
      );
      expect(row).toEqual({ status: 'in_progress', focus_loss_count: 0, answers: 0, events: 0 });
      // the owner is unaffected
      await signedIn(t, owner)
        .put(`/exam-attempts/${id}/answers/1`, { seq: 1, response: ['A'] })
        .expect(200);
    });

    it('refuses a start beyond the attempts allowed with EXAMS.NO_ATTEMPTS_LEFT, and one from outside the audience with 404, creating no attempt', async () => {
      const examId = await publishExam(signedIn(t, sec), examBody({ attemptsAllowed: 2 }));
      const me = await login(t, org.people.staffA1);
      for (let i = 0; i < 2; i++) {
        const a = await signedIn(t, me).post(`/exams/${examId}/attempts`).expect(201);
        await signedIn(t, me)
          .post(`/exam-attempts/${a.body.id as string}/submit`)
          .expect(200);
      }
      const third = await signedIn(t, me).post(`/exams/${examId}/attempts`).expect(409);
      expect(third.body).toMatchObject({
        code: 'EXAMS.NO_ATTEMPTS_LEFT',
        message: '已用完全部 2 次答题机会',
      });
      // same bureau, but not in the audience (department A2)
      const outside = await signedIn(t, await login(t, org.people.staffA2))
        .post(`/exams/${examId}/attempts`)
        .expect(404);
      expect(outside.body.code).toBe('EXAMS.NOT_FOUND');
      const rows = await t.dataSource.query<{ staff_id: string; attempt_no: number }[]>(
        'SELECT staff_id, attempt_no FROM exam_attempt WHERE exam_id = $1 ORDER BY attempt_no',
        [examId],
      );
      expect(rows).toEqual([
        { staff_id: org.people.staffA1.id, attempt_no: 1 },
        { staff_id: org.people.staffA1.id, attempt_no: 2 },
      ]);
    });

    it('keeps the sign-in of an examinee who saves and sends heartbeats, 10 minutes apart, through a long exam', async () => {
      const examId = await publishExam(signedIn(t, sec), examBody());
      const s = await login(t, org.people.staffA1);
      const id = (await signedIn(t, s).post(`/exams/${examId}/attempts`).expect(201)).body
        .id as string;
      const statuses: number[] = [];
      t.clock.advance(10 * MINUTE);
      statuses.push(
        (await signedIn(t, s).put(`/exam-attempts/${id}/answers/1`, { seq: 1, response: ['A'] }))
          .status,
      );
      t.clock.advance(10 * MINUTE);
      statuses.push((await signedIn(t, s).post(`/exam-attempts/${id}/heartbeat`)).status);
      t.clock.advance(10 * MINUTE);
      statuses.push(
        (await signedIn(t, s).put(`/exam-attempts/${id}/answers/2`, { seq: 1, response: ['B'] }))
          .status,
      );
      expect(statuses).toEqual([200, 200, 200]);
      const view = await signedIn(t, s).get(`/exam-attempts/${id}`).expect(200);
      expect(view.body.status).toBe('in_progress');
      // 30 minutes of the clock have passed, plus the real seconds the requests took
      expect(view.body.remainingSeconds).toBeLessThanOrEqual(30 * 60);
      expect(view.body.remainingSeconds).toBeGreaterThan(30 * 60 - 10);
      expect(view.body.questions.slice(0, 2).map((q: { response: unknown }) => q.response)).toEqual(
        [['A'], ['B']],
      );
    });

    it('signs out an examinee who does nothing for 16 minutes; signing in again resumes the same attempt', async () => {
      const examId = await publishExam(signedIn(t, sec), examBody());
      const s = await login(t, org.people.staffA1);
      const id = (await signedIn(t, s).post(`/exams/${examId}/attempts`).expect(201)).body
        .id as string;
      await signedIn(t, s)
        .put(`/exam-attempts/${id}/answers/1`, { seq: 1, response: ['A'] })
        .expect(200);
      t.clock.advance(16 * MINUTE);
      const out = await signedIn(t, s)
        .put(`/exam-attempts/${id}/answers/1`, { seq: 2, response: ['B'] })
        .expect(401);
      expect(out.body.code).toBe('AUTH.SESSION_IDLE');
      await signedIn(t, s).post(`/exam-attempts/${id}/heartbeat`).expect(401);
      const again = await login(t, org.people.staffA1);
      const resumed = await signedIn(t, again).post(`/exams/${examId}/attempts`).expect(200);
      expect(resumed.body).toMatchObject({ id, status: 'in_progress' });
      expect(resumed.body.questions[0]).toMatchObject({ response: ['A'], seq: 1 });
    });
  });

  it('keeps every acknowledged save when the API process is killed with SIGKILL in the middle of a stream of saves', async () => {
    const { unit, people } = await examinees(6);
    const examId = await publishExam(signedIn(t, sec), examBody({ audienceUnitIds: [unit.id] }));
    const apiEnv = async () =>
      joinEnv(t, { APP_ROLE: 'api', PORT: String(await freePort()), LOG_LEVEL: 'warn' });
    const firstEnv = await apiEnv();
    const first = spawn('main', firstEnv);
    await first.waitForOutput(/is listening on/);
    const remote = `http://127.0.0.1:${firstEnv.PORT}`;
    const attempts = await mapLimit(people, 3, async (p) => {
      const res = await signedIn(remote, p.session).post(`/exams/${examId}/attempts`).expect(201);
      return { ...p, attemptId: res.body.id as string };
    });

    /** every response sent, by attempt:position:seq */
    const sent = new Map<string, string[]>();
    /** the highest acknowledged (200, applied: true) seq by attempt:position */
    const acked = new Map<string, number>();
    const unexpected: unknown[] = [];
    let acks = 0;
    let connectionErrors = 0;
    let killedAt: number | undefined;
    const killAfter = 150 + Math.floor(Math.random() * 200);
    const letters = ['A', 'B', 'C', 'D'];

    // two lanes per examinee, on disjoint questions, each with one save in flight at a time
    const lanes = attempts.flatMap((a) =>
      [
        [1, 3, 5],
        [2, 4],
      ].map((positions) => async () => {
        const seqs = new Map<number, number>();
        for (let i = 0; ; i++) {
          const position = positions[i % positions.length];
          const seq = (seqs.get(position) ?? 0) + 1;
          seqs.set(position, seq);
          const response = [letters[(i + seq) % 4], `${a.attemptId.slice(0, 4)}-${seq}`];
          const key = `${a.attemptId}:${position}`;
          sent.set(`${key}:${seq}`, response);
          try {
            const res = await signedIn(remote, a.session)
              .put(`/exam-attempts/${a.attemptId}/answers/${position}`, { seq, response })
              .timeout(15_000);
            if (res.status === 200 && res.body.applied === true) {
              acked.set(key, Math.max(acked.get(key) ?? 0, seq));
              acks += 1;
              if (acks >= killAfter && killedAt === undefined) {
                killedAt = acks;
                first.proc.kill('SIGKILL');
              }
            } else {
              unexpected.push({ status: res.status, body: res.body as unknown });
            }
          } catch (err) {
            // refused or reset by the dying process: unacknowledged, so it does not count
            if (killedAt === undefined) unexpected.push(String(err));
            else connectionErrors += 1;
            return;
          }
        }
      }),
    );
    await Promise.all(lanes.map((lane) => lane()));
    expect(await first.exited).toMatchObject({ signal: 'SIGKILL' });
    expect(unexpected).toEqual([]);
    expect(connectionErrors).toBe(lanes.length);
    expect(acks).toBeGreaterThanOrEqual(killAfter);

    // a new API process on the same database
    const secondEnv = await apiEnv();
    const second = spawn('main', secondEnv);
    await second.waitForOutput(/is listening on/);
    const after = `http://127.0.0.1:${secondEnv.PORT}`;
    const lost: unknown[] = [];
    let checked = 0;
    for (const a of attempts) {
      const view = await signedIn(after, a.session)
        .get(`/exam-attempts/${a.attemptId}`)
        .expect(200);
      expect(view.body.status).toBe('in_progress');
      for (const q of view.body.questions as {
        position: number;
        seq: number | null;
        response: string[] | null;
      }[]) {
        const key = `${a.attemptId}:${q.position}`;
        const ack = acked.get(key);
        if (ack === undefined) continue;
        checked += 1;
        // a save applied but never answered (in flight at the kill) may be newer than the ack
        const stored = q.seq ?? 0;
        if (
          stored < ack ||
          JSON.stringify(q.response) !== JSON.stringify(sent.get(`${key}:${stored}`))
        ) {
          lost.push({ key, acked: ack, stored, response: q.response });
        }
      }
    }
    expect(lost).toEqual([]);
    expect(checked).toBe(acked.size);
    expect(acked.size).toBe(attempts.length * 5);
  });

  it('finalises every attempt exactly once when 200 share one deadline and two worker processes and the sweeper race for them', async () => {
    const workerEnv = joinEnv(t, {
      EXAM_SWEEP_SECONDS: '5',
      EXAM_SAVE_GRACE_SECONDS: String(GRACE_SECONDS),
    });
    const workers = [spawn('worker', workerEnv), spawn('worker', workerEnv)];
    const { unit, people } = await examinees(25);
    await Promise.all(workers.map((w) => w.waitForOutput(/xuefa worker started/)));
    const queue = t.get<Queue>(getQueueToken(QueueName.Exams) as never);
    const sweptBefore = await sweptCount();
    const paper = [
      { questionId: bank.codes['EX-SI01'], points: 50 },
      { questionId: bank.codes['EX-TR01'], points: 50 },
    ];
    /**
     * Starts and answers: half get question 1 right, a third question 2. Undefined when the
     * window had closed already; a save refused after deadline + grace does not count.
     */
    const sit = async (examId: string, who: Session, i: number) => {
      const res = await signedIn(t, who).post(`/exams/${examId}/attempts`);
      if (res.status === 409 && res.body.code === 'EXAMS.NOT_OPEN') return undefined;
      expect(res.status).toBe(201);
      const id = res.body.id as string;
      const answers: [number, string[], number][] = [[1, [i % 2 ? 'B' : 'A'], i % 2 ? 0 : 50]];
      if (i % 3 === 0) answers.push([2, ['A'], 50]);
      let expected = 0;
      for (const [position, response, points] of answers) {
        const saved = await signedIn(t, who).put(`/exam-attempts/${id}/answers/${position}`, {
          seq: 1,
          response,
        });
        if (saved.status === 409 && saved.body.code === 'EXAMS.ATTEMPT_CLOSED') continue;
        expect(saved.status).toBe(200);
        expected += points;
      }
      return { id, deadlineAt: res.body.deadlineAt as string, expected };
    };
    // A trial round on an exam with a distant deadline measures how long sitting down takes on
    // this machine now, so that the shared deadline below is near, yet after the last start.
    const trial = await publishExam(
      signedIn(t, sec),
      examBody({ audienceUnitIds: [unit.id], questions: paper }),
    );
    const began = Date.now();
    await mapLimit(people, 8, (p, i) => sit(trial, p.session, i));
    const perExam = Date.now() - began;

    const EXAMS = 8;
    // deadline = min(start + 1 min, close) = the close, for everyone
    const closesAt = new Date(Date.now() + Math.max(8_000, 1.5 * EXAMS * perExam + 3_000));
    const body = examBody({
      audienceUnitIds: [unit.id],
      closesAt: closesAt.toISOString(),
      durationMinutes: 1,
      questions: paper,
    });
    const examIds = await mapLimit(Array.from({ length: EXAMS }), 2, () =>
      publishExam(signedIn(t, sec), body),
    );
    const pairs = examIds.flatMap((examId) => people.map((p) => ({ examId, ...p })));
    const sat = await mapLimit(pairs, 8, (p, i) => sit(p.examId, p.session, i));
    const attempts = sat.filter((a) => a !== undefined);
    // on a machine suddenly much slower than during the trial, a few may miss the window
    expect(attempts.length).toBeGreaterThanOrEqual(pairs.length / 2);
    const ids = attempts.map((a) => a.id);
    expect(new Set(attempts.map((a) => a.deadlineAt))).toEqual(new Set([closesAt.toISOString()]));
    // Every fifth attempt loses its timer: only the sweeper can finish those. Every other one
    // gets its timer delivered twice more, as an at-least-once queue may: once at the same
    // moment (the two workers race for it) and once a moment later (after it was finished).
    const timerless = new Set(ids.filter((_, i) => i % 5 === 0));
    const deliveries = new Map<string, string[]>();
    const jobs = t.get(JobQueueService);
    const due = closesAt.getTime() + GRACE_SECONDS * 1000;
    const removed = await Promise.all(
      [...timerless].map((id) => queue.remove(autosubmitJobId(id, closesAt))),
    );
    expect(removed).toEqual([...timerless].map(() => 1));
    for (const id of ids.filter((i) => !timerless.has(i))) {
      const jobId = autosubmitJobId(id, closesAt);
      deliveries.set(id, [jobId, `${jobId}-again`, `${jobId}-late`]);
      for (const [suffix, later] of [
        ['again', 0],
        ['late', 1500],
      ] as const) {
        await jobs.queue(
          { name: JobName.AttemptAutoSubmit, data: { attemptId: id } },
          { jobId: `${jobId}-${suffix}`, delay: due + later - Date.now() },
        );
      }
    }

    const deliveryIds = [...deliveries.values()].flat();
    await waitFor(
      async () => {
        const [r] = await t.dataSource.query<{ open: number }[]>(
          `SELECT count(*)::int AS open FROM exam_attempt WHERE id = ANY($1::uuid[]) AND status <> 'finished'`,
          [ids],
        );
        if (r.open > 0) return undefined;
        const states = await Promise.all(deliveryIds.map((id) => queue.getJobState(id)));
        return states.every((s) => s === 'completed' || s === 'failed') ? true : undefined;
      },
      'every attempt to be finished and every timer delivery handled',
      60_000,
    );
    // a graceful stop lets any job in flight complete and record its return value
    for (const w of workers) w.proc.kill('SIGTERM');
    await Promise.all(workers.map((w) => w.exited));

    // 1. the database trace: one finishing UPDATE per attempt, never a second one
    const counts = await finalisationCounts(t.dataSource, ids);
    expect([...counts.entries()].filter(([, n]) => n !== 1)).toEqual([]);
    // 2. each attempt closed as of its deadline by a timer or the sweeper, graded on its answers
    const rows = await attemptRows(t.dataSource, ids);
    const byId = new Map(rows.map((r) => [r.id, r]));
    const wrong = attempts.filter((a) => {
      const r = byId.get(a.id);
      return (
        r?.status !== 'finished' ||
        r.finished_at?.toISOString() !== a.deadlineAt ||
        Number(r.score) !== a.expected ||
        !['timer', 'sweeper'].includes(r.finalised_by ?? '') ||
        (timerless.has(a.id) && r.finalised_by !== 'sweeper')
      );
    });
    expect(wrong).toEqual([]);
    // 3. the finishers' own accounts: finish() is true only for the call that finished the
    //    attempt, so of each attempt's timer deliveries at most one returned true, exactly when
    //    a timer finished it; the sweepers' reported counts make up the rest
    const timerWins = new Map<string, number>();
    const states: string[] = [];
    for (const [id, jobIds] of deliveries) {
      for (const jobId of jobIds) {
        const job = await queue.getJob(jobId);
        states.push(job ? await job.getState() : 'missing');
        if (job?.returnvalue === true) timerWins.set(id, (timerWins.get(id) ?? 0) + 1);
      }
    }
    expect(states.filter((s) => s !== 'completed')).toEqual([]);
    expect(
      [...deliveries.keys()]
        .map((id) => ({ id, wins: timerWins.get(id) ?? 0, by: byId.get(id)?.finalised_by }))
        .filter((w) => w.wins !== (w.by === 'timer' ? 1 : 0)),
    ).toEqual([]);
    const sweeperWins = workers
      .flatMap((w) => [...w.output().matchAll(/sweeper finished (\d+) overdue attempt/g)])
      .reduce((n, m) => n + Number(m[1]), 0);
    expect(sweeperWins).toBe((await sweptCount()) - sweptBefore);
    const allWins = [...timerWins.values()].reduce((n, w) => n + w, 0) + sweeperWins;
    expect(allWins).toBe(ids.length);
    expect(await queue.getJobs(['failed'], 0, -1)).toEqual([]);
  });

  it('after Redis loses every timer (FLUSHALL mid-exam), the sweeper still finishes each overdue attempt with the answers saved', async () => {
    const scratch = new ScratchRedis(await freePort());
    await scratch.start();
    cleanups.push(() => scratch.stop());
    const flushApp = await createTestApp({
      db: t.db,
      redisPrefix: `xuefa-test-flush-${randomBytes(3).toString('hex')}`,
      env: { REDIS_URL: scratch.url, EXAM_SAVE_GRACE_SECONDS: String(GRACE_SECONDS) },
    });
    cleanups.push(() => flushApp.close());
    const worker = spawn(
      'worker',
      joinEnv(flushApp, {
        EXAM_SWEEP_SECONDS: '5',
        EXAM_SAVE_GRACE_SECONDS: String(GRACE_SECONDS),
      }),
    );
    const { unit, people } = await examinees(8);
    await worker.waitForOutput(/xuefa worker started/);
    const queue = flushApp.get<Queue>(getQueueToken(QueueName.Exams) as never);

    // near, yet leaving ample time to start, answer and flush before the deadline
    const closesAt = new Date(Date.now() + 8_000);
    const examId = await publishExam(
      signedIn(flushApp, sec),
      examBody({
        audienceUnitIds: [unit.id],
        closesAt: closesAt.toISOString(),
        durationMinutes: 1,
      }),
    );
    const answers: [number, string[]][] = [
      [1, ['A']],
      [2, ['A']],
      [3, ['A', 'B']],
      [4, ['A']],
      [5, ['书面']],
    ];
    // examinee i answers the first i questions right and the rest wrong (or not at all)
    const attempts = await mapLimit(people, 4, async (p, i) => {
      const res = await signedIn(flushApp, p.session).post(`/exams/${examId}/attempts`).expect(201);
      const id = res.body.id as string;
      for (const [position, right] of answers) {
        const response = position <= i ? right : position % 2 ? ['C'] : null;
        if (response)
          await signedIn(flushApp, p.session)
            .put(`/exam-attempts/${id}/answers/${position}`, { seq: 1, response })
            .expect(200);
      }
      return { id, session: p.session, expected: Math.min(i, 5) * 20 };
    });
    const ids = attempts.map((a) => a.id);
    for (const id of ids) expect(await queue.getJob(autosubmitJobId(id, closesAt))).toBeDefined();

    const redis = new Redis(scratch.url);
    try {
      await redis.flushall();
      expect(await redis.dbsize()).toBe(0);
    } finally {
      redis.disconnect();
    }
    // the flush happened mid-exam: nothing had finished them yet
    const before = await attemptRows(t.dataSource, ids);
    expect(before.map((r) => r.status)).toEqual(ids.map(() => 'in_progress'));

    await waitFor(
      async () => {
        const rows = await attemptRows(t.dataSource, ids);
        return rows.every((r) => r.status === 'finished') ? rows : undefined;
      },
      'the sweeper to finish every attempt',
      // deadline + grace + four sweeps
      closesAt.getTime() + GRACE_SECONDS * 1000 + 20_000 - Date.now(),
      async () => {
        const open = (await attemptRows(t.dataSource, ids)).filter((r) => r.status !== 'finished');
        return `${open.length} of ${ids.length} attempts still open; worker log:\n${worker.output().slice(-2000)}`;
      },
    );
    const rows = await attemptRows(t.dataSource, ids);
    expect(rows.filter((r) => r.finalised_by !== 'sweeper')).toEqual([]);
    expect(rows.filter((r) => r.finished_at?.getTime() !== r.deadline_at.getTime())).toEqual([]);
    const counts = await finalisationCounts(t.dataSource, ids);
    expect([...counts.values()]).toEqual(ids.map(() => 1));
    // the examinee sees the grade of the answers saved before the deadline
    const scores = await Promise.all(
      attempts.map(async (a): Promise<unknown> => {
        const view = await signedIn(flushApp, a.session).get(`/exam-attempts/${a.id}`).expect(200);
        return view.body.result.score;
      }),
    );
    expect(scores).toEqual(attempts.map((a) => a.expected));
  });

  async function sweptCount(): Promise<number> {
    const [r] = await t.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM exam_attempt WHERE finalised_by = 'sweeper'`,
    );
    return r.n;
  }
});
