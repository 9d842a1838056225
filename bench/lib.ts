import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
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

/** Starts the built app (dist) when present, else the sources through SWC. */
export async function startApp(env: Record<string, string>): Promise<ChildProcess> {
  const built = join(ROOT, 'dist', 'src', 'main.js');
  const args = existsSync(built)
    ? [built]
    : ['-r', '@swc-node/register', join(ROOT, 'src', 'main.ts')];
  const proc = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const until = Date.now() + 60_000;
  while (!out.includes('is listening on')) {
    if (proc.exitCode !== null || Date.now() > until) throw new Error(`app did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return proc;
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

/** Closed loop: `concurrency` clients, each sending its next request as soon as the last returns. */
export async function closedLoop(
  concurrency: number,
  durationMs: number,
  send: (i: number) => Promise<boolean>,
): Promise<LoadResult> {
  const latencies: number[] = [];
  let ok = 0;
  let errors = 0;
  let n = 0;
  const end = Date.now() + durationMs;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < end) {
        const t0 = performance.now();
        const good = await send(n++).catch(() => false);
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
