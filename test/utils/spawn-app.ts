import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

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
