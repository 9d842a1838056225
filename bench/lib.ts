import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Redis from 'ioredis';
import { Client } from 'pg';

export const ROOT = join(__dirname, '..');
export const ADMIN_URL =
  process.env.BENCH_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function dbUrl(name: string): string {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function admin<T>(fn: (c: Client) => Promise<T>, url = ADMIN_URL): Promise<T> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

export async function recreateDatabase(name: string): Promise<void> {
  await admin(async (c) => {
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await c.query(`CREATE DATABASE "${name}"`);
  });
}

export interface StartOptions {
  /** Entry point: the API (main, honouring APP_ROLE) or the worker process. Default main. */
  entry?: 'main' | 'worker';
  /** 'dist' = the build, 'src' = the TypeScript through SWC, 'auto' (default) = dist when built. */
  from?: 'auto' | 'dist' | 'src';
  /** Output that means the process is ready (default: the API's "is listening on"). */
  ready?: string;
  timeoutMs?: number;
  /** Extra node options for the child, e.g. ['--cpu-prof'] to profile it. */
  nodeArgs?: string[];
}

/** A child process started by a bench, with everything it printed so far. */
export type BenchProcess = ChildProcess & { output: () => string };

const running = new Set<ChildProcess>();
// A bench that dies (an exception, Ctrl-C) must not leave its API or workers behind.
process.once('exit', () => {
  for (const p of running) if (p.exitCode === null) p.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    for (const p of running) if (p.exitCode === null) p.kill('SIGTERM');
    process.exit(130);
  });
}

/** Starts the built app (dist) when present, else the sources through SWC. */
export async function startApp(
  env: Record<string, string>,
  options: StartOptions = {},
): Promise<BenchProcess> {
  const entry = options.entry ?? 'main';
  const built = join(ROOT, 'dist', 'src', `${entry}.js`);
  const from = options.from ?? 'auto';
  const args = [
    ...(options.nodeArgs ?? []),
    ...(from === 'dist' || (from === 'auto' && existsSync(built))
      ? [built]
      : ['-r', '@swc-node/register', join(ROOT, 'src', `${entry}.ts`)]),
  ];
  const proc = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(proc);
  proc.once('exit', () => running.delete(proc));
  let out = '';
  proc.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const ready = options.ready ?? 'is listening on';
  const until = Date.now() + (options.timeoutMs ?? 60_000);
  while (!out.includes(ready)) {
    if (proc.exitCode !== null || Date.now() > until) {
      proc.kill('SIGKILL');
      throw new Error(`${entry} did not start:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return Object.assign(proc, { output: () => out });
}

/** A worker process (src/worker.ts); readiness is its start-up log line, so LOG_LEVEL ≤ info. */
export function startWorker(
  env: Record<string, string>,
  options: Omit<StartOptions, 'entry' | 'ready'> = {},
): Promise<BenchProcess> {
  return startApp(
    { LOG_LEVEL: 'info', ...env },
    { ...options, entry: 'worker', ready: 'xuefa worker started' },
  );
}

/** SIGTERM (graceful drain), SIGKILL after timeoutMs; resolves once the process has exited. */
export async function stopProcess(proc: ChildProcess, timeoutMs = 30_000): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise((r) => proc.once('exit', r));
  proc.kill('SIGTERM');
  const timer = setTimeout(() => proc.kill('SIGKILL'), timeoutMs);
  await exited;
  clearTimeout(timer);
}

/**
 * An org unit and `count` staff in it (staff numbers prefix + 00001…), in bulk SQL. With a
 * password hash they get credentials that need no change at first sign-in; a secretary (role
 * over the unit) is added when asked. Returns the unit and the staff numbers in order.
 */
export async function seedStaff(
  c: Client,
  options: { count: number; prefix: string; passwordHash?: string; secretary?: boolean },
): Promise<{ unitId: string; unitPath: string; staffNos: string[]; secretaryNo?: string }> {
  const unitId = randomUUID();
  const unitPath = `/${unitId}/`;
  await c.query(
    `INSERT INTO org_unit (id, code, name, kind, path, depth) VALUES ($1, $2, '压测单位', 'bureau', $3, 0)`,
    [unitId, `BENCH-${options.prefix}`, unitPath],
  );
  const staffNos = Array.from(
    { length: options.count },
    (_, i) => `${options.prefix}${String(i + 1).padStart(5, '0')}`,
  );
  const secretaryNo = options.secretary ? `${options.prefix}SEC` : undefined;
  await c.query(
    `INSERT INTO staff (staff_no, name, unit_id, employment_start)
       SELECT n, '压测' || n, $1, '2020-01-01' FROM unnest($2::text[]) n`,
    [unitId, secretaryNo ? [...staffNos, secretaryNo] : staffNos],
  );
  if (options.passwordHash) {
    await c.query(
      `INSERT INTO staff_credential (staff_id, password_hash, must_change_password)
         SELECT id, $2, false FROM staff WHERE unit_id = $1`,
      [unitId, options.passwordHash],
    );
  }
  if (secretaryNo) {
    await c.query(
      `INSERT INTO role_assignment (staff_id, role, unit_id)
         SELECT id, 'secretary', $1 FROM staff WHERE staff_no = $2`,
      [unitId, secretaryNo],
    );
  }
  return { unitId, unitPath, staffNos, secretaryNo };
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export interface LoadResult {
  ok: number;
  errors: number;
  seconds: number;
  latenciesMs: number[];
}

/**
 * Closed loop: `concurrency` clients, each sending its next request as soon as the last returns.
 * `send` gets a global request counter and the client's index (0 … concurrency-1).
 */
export async function closedLoop(
  concurrency: number,
  durationMs: number,
  send: (i: number, client: number) => Promise<boolean>,
): Promise<LoadResult> {
  const latencies: number[] = [];
  let ok = 0;
  let errors = 0;
  let n = 0;
  const end = Date.now() + durationMs;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, client) => {
      while (Date.now() < end) {
        const t0 = performance.now();
        const good = await send(n++, client).catch(() => false);
        latencies.push(performance.now() - t0);
        if (good) ok++;
        else errors++;
      }
    }),
  );
  return {
    ok,
    errors,
    seconds: (Date.now() - started) / 1000,
    latenciesMs: latencies.sort((a, b) => a - b),
  };
}

export function report(label: string, r: LoadResult): string {
  const l = r.latenciesMs;
  return [
    label.padEnd(18),
    `${(r.ok / r.seconds).toFixed(1).padStart(7)}/s`,
    `p50 ${percentile(l, 50).toFixed(1).padStart(6)} ms`,
    `p95 ${percentile(l, 95).toFixed(1).padStart(6)} ms`,
    `p99 ${percentile(l, 99).toFixed(1).padStart(6)} ms`,
    `max ${(l[l.length - 1] ?? NaN).toFixed(1).padStart(6)} ms`,
    `errors ${r.errors}`,
  ].join('  ');
}

const agent = new Agent({ keepAlive: true, maxSockets: 256 });

/** A JSON request over a keep-alive connection; resolves with status and parsed body. */
export function httpJson(
  method: string,
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = request(
      url,
      {
        method,
        agent,
        headers: {
          ...(data ? { 'content-type': 'application/json', 'content-length': data.length } : {}),
          ...headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          let parsed: unknown = text;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            // not JSON
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      },
    );
    req.on('error', reject);
    if (data) req.write(data);
    req.end();
  });
}

export type QuestionType =
  'single_choice' | 'multiple_choice' | 'true_false' | 'fill_blank' | 'short_answer';

/** Active, unflagged questions of the loaded bank, `counts[type]` of each, in code order. */
export async function pickQuestions(
  c: Client,
  counts: Partial<Record<QuestionType, number>>,
): Promise<{ id: string; type: QuestionType }[]> {
  const out: { id: string; type: QuestionType }[] = [];
  for (const [type, n] of Object.entries(counts)) {
    const { rows } = await c.query<{ id: string }>(
      `SELECT id FROM question
        WHERE status = 'active' AND NOT needs_review AND current_revision_id IS NOT NULL AND type = $1
        ORDER BY code LIMIT $2`,
      [type, n],
    );
    if (rows.length < (n ?? 0)) throw new Error(`the bank has only ${rows.length} ${type}`);
    out.push(...rows.map((r) => ({ id: r.id, type: type as QuestionType })));
  }
  return out;
}

/** p50/p95/p99/max of ascending latencies, as one aligned string. */
export function latencySummary(sorted: number[], unit = 'ms'): string {
  return [
    `p50 ${percentile(sorted, 50).toFixed(1).padStart(6)} ${unit}`,
    `p95 ${percentile(sorted, 95).toFixed(1).padStart(6)} ${unit}`,
    `p99 ${percentile(sorted, 99).toFixed(1).padStart(6)} ${unit}`,
    `max ${(sorted[sorted.length - 1] ?? NaN).toFixed(1).padStart(6)} ${unit}`,
  ].join('  ');
}

/** Deletes every Redis key under a bench's REDIS_PREFIX (queues, delayed timers, throttles). */
export async function deleteRedisPrefix(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: true });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length) await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** Creates and publishes an official fixed-paper exam open for six hours; returns its id. */
export async function publishFixedExam(
  base: string,
  authorization: string,
  exam: { unitId: string; title: string; questionIds: string[]; points: number },
): Promise<string> {
  const created = await httpJson(
    'POST',
    `${base}/exams`,
    {
      unitId: exam.unitId,
      title: exam.title,
      kind: 'official',
      opensAt: new Date(Date.now() - 60_000).toISOString(),
      closesAt: new Date(Date.now() + 6 * 3600_000).toISOString(),
      durationMinutes: 300,
      audienceUnitIds: [exam.unitId],
      paperMode: 'fixed',
      questions: exam.questionIds.map((questionId) => ({ questionId, points: exam.points })),
    },
    { authorization },
  );
  if (created.status !== 201) throw new Error(`create exam: ${JSON.stringify(created.body)}`);
  const examId = (created.body as { id: string }).id;
  const published = await httpJson(
    'POST',
    `${base}/exams/${examId}/status`,
    { status: 'published' },
    { authorization },
  );
  if (published.status !== 200) throw new Error(`publish: ${JSON.stringify(published.body)}`);
  return examId;
}
