import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const ROOT = join(__dirname, '..', '..');
export const WEB_DIST = join(ROOT, 'web', 'dist');
const STAMP = join(WEB_DIST, '.source-hash');
const LOCK_STALE_MS = 5 * 60_000;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    return e.isDirectory() ? filesUnder(path) : [path];
  });
}

/** A hash of everything the web build reads: sources, index.html, configs, the lockfile. */
export function webSourceHash(): string {
  const inputs = [
    ...filesUnder(join(ROOT, 'web', 'src')).filter((f) => !f.endsWith('.spec.ts')),
    join(ROOT, 'web', 'index.html'),
    join(ROOT, 'web', 'vite.config.mts'),
    join(ROOT, 'web', 'tsconfig.json'),
    join(ROOT, 'package-lock.json'),
  ].sort();
  const hash = createHash('sha256');
  // the mode is part of what was built (a build from before it was pinned may be a dev build)
  hash.update(`NODE_ENV=production\0`);
  for (const f of inputs) hash.update(relative(ROOT, f)).update('\0').update(readFileSync(f));
  return hash.digest('hex');
}

const isCurrent = (hash: string) => existsSync(STAMP) && readFileSync(STAMP, 'utf8') === hash;

/**
 * Builds web/dist (vite build) unless it was built from the current sources. Browser specs and
 * the serving spec call it; Jest workers running at the same time take turns through a lock
 * directory, so one builds and the others wait for its stamp.
 */
export async function ensureWebBuild(): Promise<void> {
  const hash = webSourceHash();
  if (isCurrent(hash)) return;
  const lock = join(tmpdir(), `xuefa-web-build-${createHash('sha1').update(ROOT).digest('hex')}`);
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      const held = statSync(lock, { throwIfNoEntry: false });
      if (held && Date.now() - held.mtimeMs > LOCK_STALE_MS) {
        rmSync(lock, { recursive: true, force: true });
      }
      await new Promise((r) => setTimeout(r, 250));
      if (isCurrent(hash)) return;
    }
  }
  try {
    if (isCurrent(hash)) return;
    await run(
      join(ROOT, 'node_modules', '.bin', 'vite'),
      ['build', '--config', 'web/vite.config.mts', '--logLevel', 'warn'],
      // production, as served: under Jest NODE_ENV is 'test', which gave Vue's development
      // build (twice the size, with dev checks) to the browser tests and to bench:web
      { cwd: ROOT, maxBuffer: 10 * 1024 * 1024, env: { ...process.env, NODE_ENV: 'production' } },
    );
    writeFileSync(STAMP, hash);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
