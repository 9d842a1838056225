import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');
const bin = (name: string) => join(ROOT, 'node_modules', '.bin', name);
/** Whole-project checks take a minute on a busy 2-core machine: more than Jest's default here. */
const WHOLE_PROJECT_MS = 240_000;

/** The checks CI would otherwise skip: Jest runs TypeScript through SWC, which does not type-check. */
describe('code quality', () => {
  it(
    'type-checks (tsc --noEmit, strict)',
    async () => {
      await expect(
        run(bin('tsc'), ['--noEmit', '-p', 'tsconfig.json'], { cwd: ROOT }),
      ).resolves.toBeDefined();
    },
    WHOLE_PROJECT_MS,
  );

  it(
    'passes ESLint with the type-checked rules',
    async () => {
      await expect(
        run(bin('eslint'), ['.', '--max-warnings', '0'], {
          cwd: ROOT,
          maxBuffer: 10 * 1024 * 1024,
        }),
      ).resolves.toBeDefined();
    },
    WHOLE_PROJECT_MS,
  );

  it(
    'is formatted with Prettier',
    async () => {
      await expect(run(bin('prettier'), ['--check', '.'], { cwd: ROOT })).resolves.toBeDefined();
    },
    WHOLE_PROJECT_MS,
  );

  it(
    'compiles with the production build settings (tsconfig.build.json)',
    async () => {
      await expect(
        run(bin('tsc'), ['-p', 'tsconfig.build.json', '--noEmit'], { cwd: ROOT }),
      ).resolves.toBeDefined();
    },
    WHOLE_PROJECT_MS,
  );
});
