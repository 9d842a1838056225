import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');
const bin = (name: string) => join(ROOT, 'node_modules', '.bin', name);
/** Where .ci/run finds Vitest's counts to add them to the final "N passed, N failed" line. */
const VITEST_REPORT = join(ROOT, '.ci', 'out', 'vitest.json');
const WHOLE_PROJECT_MS = 240_000;

/** The browser app's own checks, so `npm test` covers them: vue-tsc and the Vitest suite. */
describe('web app', () => {
  it(
    'type-checks, .vue files included (vue-tsc --noEmit)',
    async () => {
      await expect(
        run(bin('vue-tsc'), ['--noEmit', '-p', 'web/tsconfig.json'], { cwd: ROOT }),
      ).resolves.toBeDefined();
    },
    WHOLE_PROJECT_MS,
  );

  it(
    'passes its component tests (vitest run)',
    async () => {
      mkdirSync(join(ROOT, '.ci', 'out'), { recursive: true });
      await expect(
        run(
          bin('vitest'),
          [
            'run',
            '--config',
            'web/vitest.config.mts',
            '--reporter=default',
            '--reporter=json',
            `--outputFile.json=${VITEST_REPORT}`,
          ],
          { cwd: ROOT, env: { ...process.env, CI: '1' }, maxBuffer: 10 * 1024 * 1024 },
        ),
      ).resolves.toBeDefined();
      const report = JSON.parse(readFileSync(VITEST_REPORT, 'utf8')) as {
        numTotalTests: number;
        numFailedTests: number;
      };
      expect(report.numFailedTests).toBe(0);
      expect(report.numTotalTests).toBeGreaterThan(0);
    },
    WHOLE_PROJECT_MS,
  );
});
