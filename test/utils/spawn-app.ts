import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { TestApp } from './test-app';
import { baseTestEnv } from './test-env';

const ROOT = join(__dirname, '..', '..');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export interface SpawnedApp {
  proc: ChildProcessWithoutNullStreams;
  output(): string;
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Runs an entry point of src/ as its own process, as `npm start` would (TypeScript via SWC). */
export function spawnApp(
  entry: 'main' | 'worker' | 'cli',
  env: Record<string, string>,
  args: string[] = [],
): SpawnedApp {
  const proc = spawn(
    process.execPath,
    ['-r', '@swc-node/register', join(ROOT, 'src', `${entry}.ts`), ...args],
    {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    },
  );
  let out = '';
  proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    proc,
    output: () => out,
    exited,
    waitForOutput: async (pattern, timeoutMs = 60_000) => {
      const until = Date.now() + timeoutMs;
      while (!pattern.test(out)) {
        if (proc.exitCode !== null) throw new Error(`process exited (${proc.exitCode}):\n${out}`);
        if (Date.now() > until) throw new Error(`timed out waiting for ${pattern}:\n${out}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      return out;
    },
  };
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
