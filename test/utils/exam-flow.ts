import request from 'supertest';
import type { App } from 'supertest/types';
import type { DataSource } from 'typeorm';
import { bearer } from './auth';
import type { Session } from './auth';
import type { SpawnedApp } from './spawn-app';
import type { TestApp } from './test-app';
import { baseTestEnv } from './test-env';

/**
 * Polls until `fn` returns something other than undefined (no timed assertions); on timeout the
 * error says what was awaited and, given `explain`, the state of things.
 */
export async function waitFor<T>(
  fn: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 30_000,
  explain?: () => Promise<string>,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > until) {
      throw new Error(`timed out waiting for ${what}${explain ? `: ${await explain()}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Runs `fn` over `items` with at most `limit` calls in flight; results in input order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return out;
}

/**
 * Environment for a spawned process (src/main.ts or src/worker.ts) that joins the deployment of
 * an in-process test app: same database, same Redis and prefix, same token secret.
 */
export function joinEnv(t: TestApp, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...baseTestEnv(),
    DATABASE_URL: t.config.db.url,
    MIGRATION_DATABASE_URL: t.config.db.migrationUrl,
    REDIS_URL: t.config.redis.url,
    REDIS_PREFIX: t.config.redis.prefix,
    LOAD_BUNDLED_BANK: 'false',
    LOG_LEVEL: 'info',
    ...extra,
  };
}

/** SIGKILLs a spawned process if it is still running and waits for it to be gone. */
export async function killHard(p: SpawnedApp | undefined): Promise<void> {
  if (!p) return;
  if (p.proc.exitCode === null && p.proc.signalCode === null) p.proc.kill('SIGKILL');
  await p.exited;
}

/**
 * A test-only trace of finalisation: a trigger logs every UPDATE that sets an attempt's status
 * to finished (the finalizer's conditional UPDATE is the only statement that names `status`).
 * If an attempt were finalised twice, it would have two rows here.
 */
export async function installFinalisationLog(ds: DataSource): Promise<void> {
  await ds.query(`
    CREATE TABLE IF NOT EXISTS test_finalisation_log (
      attempt_id uuid NOT NULL,
      finalised_by text,
      old_status text NOT NULL,
      logged_at timestamptz NOT NULL DEFAULT clock_timestamp()
    )`);
  await ds.query(`
    CREATE OR REPLACE FUNCTION test_log_finalisation() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO test_finalisation_log (attempt_id, finalised_by, old_status)
      VALUES (NEW.id, NEW.finalised_by, OLD.status);
      RETURN NEW;
    END $$`);
  await ds.query(`DROP TRIGGER IF EXISTS test_log_finalisation ON exam_attempt`);
  await ds.query(`
    CREATE TRIGGER test_log_finalisation AFTER UPDATE OF status ON exam_attempt
    FOR EACH ROW WHEN (NEW.status = 'finished') EXECUTE FUNCTION test_log_finalisation()`);
}

/** How many times each of `attemptIds` was finalised according to the trigger log. */
export async function finalisationCounts(
  ds: DataSource,
  attemptIds: string[],
): Promise<Map<string, number>> {
  const rows = await ds.query<{ id: string; n: number }[]>(
    `SELECT a.id, count(l.attempt_id)::int AS n
       FROM unnest($1::uuid[]) AS a(id)
       LEFT JOIN test_finalisation_log l ON l.attempt_id = a.id
      GROUP BY a.id`,
    [attemptIds],
  );
  return new Map(rows.map((r) => [r.id, r.n]));
}

export interface AttemptRow {
  id: string;
  status: string;
  finalised_by: string | null;
  deadline_at: Date;
  finished_at: Date | null;
  score: string | null;
}

export async function attemptRows(ds: DataSource, ids: string[]): Promise<AttemptRow[]> {
  return ds.query<AttemptRow[]>(
    `SELECT id, status, finalised_by, deadline_at, finished_at, score
       FROM exam_attempt WHERE id = ANY($1::uuid[]) ORDER BY id`,
    [ids],
  );
}

/** The exam routes an examinee and a secretary use, against an in-process app or a URL. */
export class ExamClient {
  constructor(readonly target: App | string) {}

  private as(who: Session | string) {
    return bearer(who);
  }

  createExam(body: object, who: Session) {
    return request(this.target).post('/exams').set('Authorization', this.as(who)).send(body);
  }

  publish(examId: string, who: Session) {
    return request(this.target)
      .post(`/exams/${examId}/status`)
      .set('Authorization', this.as(who))
      .send({ status: 'published' });
  }

  /** Creates and publishes; returns the exam id. */
  async publishedExam(body: object, who: Session): Promise<string> {
    const created = await this.createExam(body, who).expect(201);
    await this.publish(created.body.id as string, who).expect(200);
    return created.body.id as string;
  }

  start(examId: string, who: Session) {
    return request(this.target)
      .post(`/exams/${examId}/attempts`)
      .set('Authorization', this.as(who));
  }

  view(attemptId: string, who: Session) {
    return request(this.target)
      .get(`/exam-attempts/${attemptId}`)
      .set('Authorization', this.as(who));
  }

  save(attemptId: string, position: number, seq: number, response: string[], who: Session) {
    return request(this.target)
      .put(`/exam-attempts/${attemptId}/answers/${position}`)
      .set('Authorization', this.as(who))
      .send({ seq, response });
  }

  submit(attemptId: string, who: Session) {
    return request(this.target)
      .post(`/exam-attempts/${attemptId}/submit`)
      .set('Authorization', this.as(who));
  }

  event(attemptId: string, kind: string, who: Session) {
    return request(this.target)
      .post(`/exam-attempts/${attemptId}/events`)
      .set('Authorization', this.as(who))
      .send({ kind });
  }

  heartbeat(attemptId: string, who: Session) {
    return request(this.target)
      .post(`/exam-attempts/${attemptId}/heartbeat`)
      .set('Authorization', this.as(who));
  }
}
