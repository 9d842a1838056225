import { randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { loadConfig } from '../../src/config';
import { runMigrations } from '../../src/database/database-setup';
import { TEST_DB_PREFIX, dropDatabase, templateName, withAdminClient } from './test-db';
import { baseTestEnv, databaseUrl } from './test-env';

/** Builds the migrated template database once per migration set. */
export default async function globalSetup(): Promise<void> {
  Logger.overrideLogger(false);
  process.env.XUEFA_TEST_RUN ??= randomBytes(3).toString('hex');
  const template = templateName();
  const exists = await withAdminClient(
    async (c) =>
      (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [template])).rowCount,
  );
  if (exists) return;
  const building = `${TEST_DB_PREFIX}build_${randomBytes(4).toString('hex')}`;
  await withAdminClient((c) => c.query(`CREATE DATABASE "${building}"`));
  try {
    const config = loadConfig({ ...baseTestEnv(), DATABASE_URL: databaseUrl(building) });
    await runMigrations(config);
    await withAdminClient(async (c) => {
      // Old templates of earlier migration sets are of no further use on CI's clean machine; on a
      // developer's machine another checkout (a worktree on another branch) may be using one.
      const old = await c.query<{ datname: string }>(
        `SELECT datname FROM pg_database WHERE datname LIKE '${TEST_DB_PREFIX}tpl_%' AND datname <> $1`,
        [template],
      );
      if (process.env.CI)
        for (const r of old.rows)
          await c.query(`DROP DATABASE IF EXISTS "${r.datname}" WITH (FORCE)`);
      await c.query(`ALTER DATABASE "${building}" RENAME TO "${template}"`);
    });
  } catch (e) {
    await dropDatabase(building);
    if ((e as { code?: string }).code === '42P04') return; // another run built it meanwhile
    throw e;
  }
}
