/**
 * bench/deadline-storm: BENCH_ATTEMPTS (20,000) open attempts sharing one deadline, finished by
 * BENCH_WORKERS (2) worker processes. Targets: every attempt finalised within 30 s of the
 * deadline, each exactly once. Prints lateness p50 / p99 / max.
 *
 * Setup, in this process, on the application's own services (a Nest context like `cli`): migrate,
 * load the bundled bank, insert 20,000 staff of one unit in SQL, create and publish a fixed
 * 20-question exam (8 single, 4 multiple choice, 4 true/false, 4 fill-in) with
 * ExamAuthoringService, start one attempt with ExamTakingService (paper stored as in production),
 * then clone that attempt, its paper and ~80% answered questions (plausible responses) in bulk SQL
 * for everyone else. The worker processes (src/worker.ts) are started meanwhile. Then every
 * attempt gets the same deadline, BENCH_LEAD_SECONDS (10) ahead, and its timer is queued by
 * DeadlineScheduler.schedule itself (same job name, id, payload, delay, attempts and backoff as
 * in production); the setup context is closed before the deadline. EXAM_SAVE_GRACE_SECONDS is
 * BENCH_GRACE_SECONDS (default 0), so the timers are due at the deadline itself; the sweeper
 * runs at its production default (every 30 s) and may take part.
 *
 * How lateness is measured (no schema change): this process follows the exams queue's event
 * stream (BullMQ QueueEvents). A timer job that finalised its attempt completes with return value
 * true (AttemptFinalizer.finish won the conditional UPDATE); the event's stream id is the Redis
 * time, in ms, at which the worker recorded the job done, i.e. just after the finalising
 * transaction committed. Lateness = that time − (deadline + grace). The sweeper runs inside
 * the workers, not as a job: attempts it finished are timed by their 'finished' event (written
 * by the finishing statement, at the worker's clock). As a cross-check that needs no
 * Redis, the database is polled every 100 ms for the number of attempts still open; the times at
 * which 50 %, 99 % and 100 % were finished are printed too (100 ms resolution).
 *
 * Exactly once: every attempt is finished, finished_at = deadline (min(submit, deadline)),
 * finalised_by is timer or sweeper, each attempt has one grade row per question and a score;
 * no attempt had two finish() calls return true, every attempt has exactly one 'finished' event
 * (the finishing UPDATE writes it in the same statement), and the timers' trues plus the
 * sweeper's finishes equal the number of attempts, the trues equal to finalised_by = timer.
 *
 *   npm run bench:deadline-storm   (BENCH_ATTEMPTS, BENCH_WORKERS, BENCH_LEAD_SECONDS,
 *                                   BENCH_GRACE_SECONDS, BENCH_FROM=dist|src, BENCH_KEEP_DB=1,
 *                                   BENCH_WORKER_NODE_ARGS)
 * Workers run the sources through SWC by default (same code at run time as the build).
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import type { INestApplicationContext } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { QueueEvents } from 'bullmq';
import { AppModule } from '../src/app.module';
import type { Principal } from '../src/common/auth';
import { loadConfig } from '../src/config';
import { prepareDatabase } from '../src/database/database-setup';
import {
  autosubmitJobId,
  DeadlineScheduler,
} from '../src/modules/exams/taking/deadline-scheduler.service';
import type { CreateExamDto } from '../src/modules/exams/dto/exam.dto';
import { ExamAuthoringService } from '../src/modules/exams/authoring/exam-authoring.service';
import { ExamTakingService } from '../src/modules/exams/taking/exam-taking.service';
import { ExamsProcessor } from '../src/modules/exams/jobs/exams.processor';
import { BundledContentService } from '../src/modules/question-bank/bank-file/bundled-content.service';
import { JobQueueService } from '../src/queue/job-queue.service';
import { JobName, QueueName } from '../src/queue/jobs';
import { bullConnection } from '../src/queue/redis-options';
import type { BenchProcess } from './lib';
import {
  admin,
  dbUrl,
  deleteRedisPrefix,
  latencySummary,
  percentile,
  pickQuestions,
  recreateDatabase,
  seedStaff,
  startWorker,
  stopProcess,
} from './lib';

const DB = 'xuefa_bench_storm';
const ATTEMPTS = Number(process.env.BENCH_ATTEMPTS ?? 20_000);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 2);
const LEAD_MS = Number(process.env.BENCH_LEAD_SECONDS ?? 10) * 1000;
const GRACE_SECONDS = Number(process.env.BENCH_GRACE_SECONDS ?? 0);
const FROM = (process.env.BENCH_FROM ?? 'src') as 'dist' | 'src';
const CONCURRENCY = (
  Reflect.getMetadata('bullmq:worker_metadata', ExamsProcessor) as { concurrency?: number }
)?.concurrency;
const TARGET_MS = 30_000;
const GIVE_UP_MS = 180_000;
const POLL_MS = 100;
/** Extra node options for the workers, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof". */
const NODE_ARGS = (process.env.BENCH_WORKER_NODE_ARGS ?? '').split(' ').filter(Boolean);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PREFIX = `xuefa-bench-${randomUUID().slice(0, 8)}`;

/** Environment shared by the setup context and the workers. */
const ENV: Record<string, string> = {
  NODE_ENV: 'production',
  DATABASE_URL: dbUrl(DB),
  REDIS_URL,
  REDIS_PREFIX: PREFIX,
  SEED_DEMO: 'false',
  LOAD_BUNDLED_BANK: 'true',
  EXAM_SAVE_GRACE_SECONDS: String(GRACE_SECONDS),
  JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
  // production requires the audit chain key
  AUDIT_HMAC_KEY: 'bench-audit-key-bench-audit-key-bench-0123',
  LOG_LEVEL: 'warn',
};

const principal = (
  staff: { id: string; staffNo: string; unitId: string; unitPath: string },
  role: 'staff' | 'secretary',
): Principal => ({
  staffId: staff.id,
  staffNo: staff.staffNo,
  name: staff.staffNo,
  unitId: staff.unitId,
  sessionId: randomUUID(),
  mustChangePassword: false,
  grants: [{ role, unitId: staff.unitId, unitPath: staff.unitPath }],
});

/** Bulk copies of the template attempt for every other examinee, with answers to ~80 %. */
const CLONE_SQL = [
  `INSERT INTO exam_attempt (id, exam_id, staff_id, attempt_no, status, started_at, deadline_at, max_score)
   SELECT gen_random_uuid(), t.exam_id, s.id, 1, 'in_progress', t.started_at, t.deadline_at, t.max_score
     FROM exam_attempt t JOIN staff s ON s.unit_id = $2 AND s.id <> t.staff_id AND s.staff_no <> $3
    WHERE t.id = $1`,
  `INSERT INTO attempt_question (attempt_id, position, question_id, revision_id, type, points, option_order)
   SELECT a.id, q.position, q.question_id, q.revision_id, q.type, q.points, q.option_order
     FROM exam_attempt a JOIN attempt_question q ON q.attempt_id = $1
    WHERE a.exam_id = (SELECT exam_id FROM exam_attempt WHERE id = $1) AND a.id <> $1`,
  `INSERT INTO attempt_answer (attempt_id, position, response, seq, saved_at)
   SELECT q.attempt_id, q.position,
          CASE q.type
            WHEN 'multiple_choice' THEN jsonb_build_array(chr(65 + h % 2), chr(67 + h / 2 % 2))
            WHEN 'fill_blank' THEN '["书面"]'::jsonb
            ELSE jsonb_build_array(chr(65 + h % greatest(cardinality(q.option_order), 2)))
          END,
          1 + h % 7, now()
     FROM (SELECT q.*, floor(random() * 1000)::int AS h
             FROM attempt_question q JOIN exam_attempt a ON a.id = q.attempt_id
            WHERE a.exam_id = (SELECT exam_id FROM exam_attempt WHERE id = $1)) q
    WHERE h < 800`,
];

interface Finalisation {
  atMs: number;
  attemptId: string | null;
  count: number;
}

async function main(): Promise<void> {
  await recreateDatabase(DB);
  const booting: Promise<BenchProcess>[] = [];
  let events: QueueEvents | undefined;
  let ctx: INestApplicationContext | undefined;
  try {
    // ---- setup through the application's services ----
    Logger.overrideLogger(['error', 'warn']);
    const config = loadConfig({ ...process.env, ...ENV, APP_ROLE: 'api' });
    await prepareDatabase(config);
    ctx = await NestFactory.createApplicationContext(AppModule.forRoot(config), {
      logger: ['error', 'warn'],
    });
    await ctx.get(BundledContentService).loadAtStart();
    for (let i = 0; i < WORKERS; i++) {
      const w = startWorker(
        { ...ENV, LOG_LEVEL: 'info' },
        { from: FROM, timeoutMs: 180_000, nodeArgs: NODE_ARGS },
      );
      w.catch(() => undefined); // reported where awaited
      booting.push(w);
    }

    const { seeded, questions, people } = await admin(async (c) => {
      const seeded = await seedStaff(c, { count: ATTEMPTS, prefix: 'D', secretary: true });
      const questions = await pickQuestions(c, {
        single_choice: 8,
        multiple_choice: 4,
        true_false: 4,
        fill_blank: 4,
      });
      const { rows } = await c.query<{ id: string; staff_no: string }>(
        'SELECT id, staff_no FROM staff WHERE staff_no = ANY($1::text[])',
        [[seeded.secretaryNo, seeded.staffNos[0]]],
      );
      const people = new Map(rows.map((r) => [r.staff_no, r.id]));
      return { seeded, questions, people };
    }, dbUrl(DB));
    const who = (staffNo: string) => ({
      id: people.get(staffNo) as string,
      staffNo,
      unitId: seeded.unitId,
      unitPath: seeded.unitPath,
    });
    const secretary = principal(who(seeded.secretaryNo as string), 'secretary');
    const authoring = ctx.get(ExamAuthoringService);
    const dto: CreateExamDto = {
      unitId: seeded.unitId,
      title: '压测：同一截止时间',
      kind: 'official',
      opensAt: new Date(Date.now() - 60_000).toISOString(),
      closesAt: new Date(Date.now() + 6 * 3600_000).toISOString(),
      durationMinutes: 120,
      audienceUnitIds: [seeded.unitId],
      paperMode: 'fixed',
      questions: questions.map((q) => ({ questionId: q.id, points: 5 })),
    };
    const exam = await authoring.create(secretary, dto);
    await authoring.changeStatus(secretary, exam.id, { status: 'published' });
    const template = await ctx
      .get(ExamTakingService)
      .start(principal(who(seeded.staffNos[0]), 'staff'), exam.id);
    const templateId = template.view.id;
    const firstDeadline = new Date(template.view.deadlineAt);

    const t0 = Date.now();
    await admin(async (c) => {
      for (const sql of CLONE_SQL) {
        await c.query(
          sql,
          sql === CLONE_SQL[0] ? [templateId, seeded.unitId, seeded.secretaryNo] : [templateId],
        );
      }
      await c.query('ANALYZE');
    }, dbUrl(DB));
    const seedMs = Date.now() - t0;
    const workers = await Promise.all(booting);

    // ---- one deadline for all, timers queued by the production scheduler ----
    events = new QueueEvents(QueueName.Exams, {
      connection: bullConnection(REDIS_URL),
      prefix: `${PREFIX}-bull`,
    });
    await events.waitUntilReady();
    const finalisations: Finalisation[] = [];
    const winsPerAttempt = new Map<string, number>();
    let timerFalse = 0;
    let failed = 0;
    events.on('completed', ({ jobId, returnvalue }, id) => {
      const atMs = Number(id.split('-')[0]);
      if (jobId.startsWith('attempt-autosubmit-')) {
        if (returnvalue === true) {
          const attemptId = /^attempt-autosubmit-(.+)-\d+$/.exec(jobId)?.[1] ?? jobId;
          winsPerAttempt.set(attemptId, (winsPerAttempt.get(attemptId) ?? 0) + 1);
          finalisations.push({ atMs, attemptId, count: 1 });
        } else timerFalse += 1;
      }
    });
    events.on('failed', () => (failed += 1));

    const ids = await admin(
      async (c) =>
        (
          await c.query<{ id: string }>('SELECT id FROM exam_attempt WHERE exam_id = $1', [exam.id])
        ).rows.map((r) => r.id),
      dbUrl(DB),
    );
    const deadline = new Date(Math.ceil((Date.now() + LEAD_MS) / 1000) * 1000);
    const dueMs = deadline.getTime() + GRACE_SECONDS * 1000;
    await admin(
      (c) =>
        c.query('UPDATE exam_attempt SET deadline_at = $2 WHERE exam_id = $1', [exam.id, deadline]),
      dbUrl(DB),
    );
    const jobs = ctx.get(JobQueueService);
    await jobs.cancel(JobName.AttemptAutoSubmit, autosubmitJobId(templateId, firstDeadline));
    const scheduler = ctx.get(DeadlineScheduler);
    const s0 = Date.now();
    for (let i = 0; i < ids.length; i += 200) {
      await Promise.all(ids.slice(i, i + 200).map((id) => scheduler.schedule(id, deadline)));
    }
    const scheduleMs = Date.now() - s0;
    const delayed = await jobs.queueOf(JobName.AttemptAutoSubmit).getDelayedCount();
    await ctx.close();
    ctx = undefined;
    if (Date.now() >= dueMs - 500) {
      throw new Error(
        `queueing took ${scheduleMs} ms, past the deadline: raise BENCH_LEAD_SECONDS`,
      );
    }
    if (delayed < ids.length) throw new Error(`only ${delayed} of ${ids.length} timers queued`);

    console.log(
      `bench/deadline-storm: ${ids.length} open attempts (${questions.length} questions, ~80 % answered) ` +
        `sharing one deadline; ${workers.length} worker processes, exams processor concurrency ${CONCURRENCY}; ` +
        `grace ${GRACE_SECONDS} s; timers queued by DeadlineScheduler in ${scheduleMs} ms; seeded in ${seedMs} ms`,
    );
    console.log(
      `machine: ${cpus().length} cores, node ${process.version}; workers from ${FROM}; load average (1 min) ${loadavg()[0].toFixed(2)}`,
    );

    // ---- the storm: poll the database until nothing is open ----
    const poll = await admin(async (c) => {
      const curve: { atMs: number; open: number }[] = [];
      for (;;) {
        const { rows } = await c.query<{ open: string }>(
          `SELECT count(*) AS open FROM exam_attempt WHERE exam_id = $1 AND status = 'in_progress'`,
          [exam.id],
        );
        const open = Number(rows[0].open);
        curve.push({ atMs: Date.now(), open });
        if (open === 0 || Date.now() > dueMs + GIVE_UP_MS) return curve;
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
    }, dbUrl(DB));
    // let the last completion events arrive
    const settle = Date.now() + 5000;
    while (finalisations.reduce((n, f) => n + f.count, 0) < ids.length && Date.now() < settle) {
      await new Promise((r) => setTimeout(r, 50));
    }

    // ---- verification and figures ----
    const db = await admin(async (c) => {
      const { rows } = await c.query<{
        finished: string;
        open: string;
        by_timer: string;
        by_sweeper: string;
        by_other: string;
        at_deadline: string;
        scored: string;
      }>(
        `SELECT count(*) FILTER (WHERE status = 'finished') AS finished,
                count(*) FILTER (WHERE status = 'in_progress') AS open,
                count(*) FILTER (WHERE finalised_by = 'timer') AS by_timer,
                count(*) FILTER (WHERE finalised_by = 'sweeper') AS by_sweeper,
                count(*) FILTER (WHERE finalised_by NOT IN ('timer', 'sweeper')) AS by_other,
                count(*) FILTER (WHERE finished_at = $2) AS at_deadline,
                count(*) FILTER (WHERE score IS NOT NULL AND passed IS NOT NULL) AS scored
           FROM exam_attempt WHERE exam_id = $1`,
        [exam.id, deadline],
      );
      const graded = await c.query<{ n: string }>(
        `SELECT count(*) AS n FROM (
           SELECT a.id FROM exam_attempt a
             LEFT JOIN attempt_answer s ON s.attempt_id = a.id AND s.score IS NOT NULL
            WHERE a.exam_id = $1 GROUP BY a.id HAVING count(s.position) = $2) g`,
        [exam.id, questions.length],
      );
      // every finish leaves one 'finished' event in the same statement: count them per attempt
      const once = await c.query<{ attempts: string; events: string; not_once: string }>(
        `SELECT count(*) AS attempts, COALESCE(sum(n), 0) AS events,
                count(*) FILTER (WHERE n <> 1) AS not_once
           FROM (SELECT a.id, count(e.id) AS n FROM exam_attempt a
                   LEFT JOIN attempt_event e ON e.attempt_id = a.id AND e.kind = 'finished'
                  WHERE a.exam_id = $1 GROUP BY a.id) x`,
        [exam.id],
      );
      // the sweeper is not a queue job: its finishes are timed by their 'finished' events
      const swept = await c.query<{ at_ms: string }>(
        `SELECT (extract(epoch FROM e.occurred_at) * 1000)::bigint AS at_ms
           FROM exam_attempt a JOIN attempt_event e ON e.attempt_id = a.id AND e.kind = 'finished'
          WHERE a.exam_id = $1 AND a.finalised_by = 'sweeper'`,
        [exam.id],
      );
      return {
        ...rows[0],
        fullyGraded: graded.rows[0].n,
        finishEvents: Number(once.rows[0].events),
        notOnce: Number(once.rows[0].not_once),
        sweptAtMs: swept.rows.map((r) => Number(r.at_ms)),
      };
    }, dbUrl(DB));

    const total = ids.length;
    const timerWins = finalisations.filter((f) => f.attemptId).length;
    for (const atMs of db.sweptAtMs) finalisations.push({ atMs, attemptId: null, count: 1 });
    const sweptCount = db.sweptAtMs.length;
    const doubleWins = [...winsPerAttempt.values()].filter((n) => n > 1).length;
    const lateness = finalisations
      .flatMap((f) => Array.from({ length: f.count }, () => f.atMs - dueMs))
      .sort((a, b) => a - b);
    const firstMs = lateness[0] ?? NaN;
    const lastMs = lateness[lateness.length - 1] ?? NaN;
    const at = (share: number) => {
      const p = poll.find((x) => total - x.open >= share * total);
      return p ? `${((p.atMs - dueMs) / 1000).toFixed(1)} s` : 'never';
    };
    // the event stream is capped (10,000 entries): if this reader fell that far behind, some
    // completions were not seen, and only the database side can be checked
    const allSeen = timerWins + sweptCount >= Number(db.finished);
    const exactlyOnce =
      Number(db.finished) === total &&
      Number(db.by_other) === 0 &&
      Number(db.at_deadline) === total &&
      Number(db.fullyGraded) === total &&
      doubleWins === 0 &&
      db.finishEvents === total &&
      db.notOnce === 0 &&
      (!allSeen || (timerWins === Number(db.by_timer) && timerWins + sweptCount === total));
    if (!allSeen) {
      console.log(
        `warning: saw completions for ${timerWins + sweptCount} of ${db.finished} finished attempts; lateness covers those only`,
      );
    }

    console.log(
      `finished ${db.finished}/${total} (open ${db.open}); finalised_by timer ${db.by_timer}, sweeper ${db.by_sweeper}, other ${db.by_other}; ` +
        `finished_at = deadline: ${db.at_deadline}; fully graded: ${db.fullyGraded}; scored with pass/fail: ${db.scored}`,
    );
    console.log(
      `queue: timer jobs that finalised ${timerWins}, that found nothing to do ${timerFalse}, failed ${failed}; ` +
        `sweeper finalised ${sweptCount}; attempts finalised twice: ${doubleWins}; ` +
        `'finished' events ${db.finishEvents} (attempts without exactly one: ${db.notOnce})`,
    );
    console.log(
      `lateness (finalised − deadline), from job events: ${latencySummary(lateness)}; first at ${firstMs} ms`,
    );
    console.log(
      `from DB polling (${POLL_MS} ms): 50 % by ${at(0.5)}, 99 % by ${at(0.99)}, all by ${at(1)} after the deadline`,
    );
    console.log(
      `throughput: ${(total / ((lastMs - firstMs) / 1000)).toFixed(0)} finalisations/s between the first and the last`,
    );
    const within = lastMs <= TARGET_MS && Number(db.finished) === total;
    console.log(
      `target: all finalised within ${TARGET_MS / 1000} s: ${within ? 'met' : 'MISSED'} (last ${(lastMs / 1000).toFixed(1)} s, p99 ${(percentile(lateness, 99) / 1000).toFixed(1)} s); ` +
        `exactly once: ${exactlyOnce ? 'yes' : 'NO'}`,
    );
    if (!exactlyOnce) process.exitCode = 1;
  } finally {
    await ctx?.close();
    const started = await Promise.allSettled(booting);
    for (const w of started) if (w.status === 'fulfilled') await stopProcess(w.value);
    await events?.close();
    await deleteRedisPrefix(REDIS_URL, PREFIX);
    if (!process.env.BENCH_KEEP_DB) {
      await admin((c) => c.query(`DROP DATABASE IF EXISTS "${DB}" WITH (FORCE)`));
    }
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
