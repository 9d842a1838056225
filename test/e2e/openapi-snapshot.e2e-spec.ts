import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import type { TestApp } from '../utils/test-app';
import { createTestApp } from '../utils/test-app';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');
const HINT = 'web/openapi.json is out of date with the API: run `npm run api:types` and commit';

/**
 * The web app's typed client is generated from web/openapi.json: it must be the document the
 * API serves, and web/src/api/schema.d.ts must be generated from it.
 */
describe('the web app’s OpenAPI snapshot (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('equals GET /api/docs-json', async () => {
    const live = (await request(t.http).get('/api/docs-json').expect(200)).body;
    const committed = JSON.parse(readFileSync(join(ROOT, 'web', 'openapi.json'), 'utf8'));
    const same = JSON.stringify(live) === JSON.stringify(committed);
    expect(same ? 'up to date' : HINT).toBe('up to date');
  });

  it('has web/src/api/schema.d.ts generated from it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xuefa-schema-'));
    try {
      const out = join(dir, 'schema.d.ts');
      await run(
        join(ROOT, 'node_modules', '.bin', 'openapi-typescript'),
        ['web/openapi.json', '-o', out],
        { cwd: ROOT },
      );
      const committed = readFileSync(join(ROOT, 'web', 'src', 'api', 'schema.d.ts'), 'utf8');
      const same = readFileSync(out, 'utf8') === committed;
      expect(same ? 'up to date' : HINT).toBe('up to date');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
