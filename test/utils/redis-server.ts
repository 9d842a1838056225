import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { createConnection } from 'node:net';

/** A throwaway redis-server on its own port, for tests that take Redis away. */
export class ScratchRedis {
  private proc?: ChildProcess;

  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    if (this.proc) return;
    this.proc = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    await waitForPort(this.port, true);
  }

  async stop(): Promise<void> {
    const proc = this.proc;
    if (!proc) return;
    if (proc.exitCode === null && proc.signalCode === null) {
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGKILL');
      await exited;
    }
    this.proc = undefined;
    await waitForPort(this.port, false);
  }
}

async function waitForPort(port: number, open: boolean, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const isOpen = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ port, host: '127.0.0.1' });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (isOpen === open) return;
    if (Date.now() > until) throw new Error(`port ${port} did not ${open ? 'open' : 'close'}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
