import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { TEST_DB_PREFIX, withAdminClient } from './test-db';
import { TEST_AUDIT_ANCHOR_DIR } from './test-env';

/** Drops whatever databases this run's files left behind (a crashed file, say), and their anchors. */
export default async function globalTeardown(): Promise<void> {
  const run = process.env.XUEFA_TEST_RUN;
  if (!run) return;
  await withAdminClient(async (c) => {
    const left = await c.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE datname LIKE $1',
      [`${TEST_DB_PREFIX}${run}_%`],
    );
    for (const r of left.rows) await c.query(`DROP DATABASE IF EXISTS "${r.datname}" WITH (FORCE)`);
  });
  const anchors = (() => {
    try {
      return readdirSync(TEST_AUDIT_ANCHOR_DIR);
    } catch {
      return [];
    }
  })();
  for (const f of anchors.filter((n) => n.startsWith(`anchor-${TEST_DB_PREFIX}${run}_`)))
    rmSync(join(TEST_AUDIT_ANCHOR_DIR, f), { force: true });
}
