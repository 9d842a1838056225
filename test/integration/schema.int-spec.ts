import { readdirSync } from 'node:fs';
import { Logger } from '@nestjs/common';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { loadConfig } from '../../src/config';
import { dataSourceOptions } from '../../src/database/data-source';
import { ensureDatabaseExists, runMigrations } from '../../src/database/database-setup';
import { pendingSchemaChanges } from '../../src/database/migration-generator';
import {
  createTestDatabase,
  dropDatabase,
  runId,
  TEST_DB_PREFIX,
  withAdminClient,
} from '../utils/test-db';
import { baseTestEnv, databaseUrl } from '../utils/test-env';

const configFor = (url: string) => loadConfig({ ...baseTestEnv(), DATABASE_URL: url });

describe('schema and migrations (integration)', () => {
  beforeAll(() => {
    Logger.overrideLogger(false);
  });

  it('entities and migrations agree: a migrated database needs no further change', async () => {
    const db = await createTestDatabase();
    try {
      const { up } = await pendingSchemaChanges(configFor(db.url));
      expect(up).toEqual([]);
    } finally {
      await db.drop();
    }
  });

  it('lists every migration file in migrations/index.ts, in order', () => {
    const files = readdirSync(join(__dirname, '..', '..', 'migrations'))
      .filter((f) => /^\d{13}-\w+\.ts$/.test(f))
      .sort();
    const names = MIGRATIONS.map((m) => m.name);
    expect(names).toEqual(
      files.map((f) => {
        const [ts, name] = f.replace(/\.ts$/, '').split('-');
        return `${name}${ts}`;
      }),
    );
  });

  it('can undo every migration and apply them again', async () => {
    const db = await createTestDatabase();
    const ds = new DataSource({ ...dataSourceOptions(configFor(db.url)), poolSize: 2 });
    await ds.initialize();
    try {
      for (let i = 0; i < MIGRATIONS.length; i++)
        await ds.undoLastMigration({ transaction: 'each' });
      const tables = await ds.query<{ n: string }[]>(
        `SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'typeorm_migration'`,
      );
      expect(Number(tables[0].n)).toBe(0);
      const applied = await ds.runMigrations({ transaction: 'each' });
      expect(applied).toHaveLength(MIGRATIONS.length);
    } finally {
      await ds.destroy();
      await db.drop();
    }
  });

  it('creates a missing database, and concurrent starts migrate it exactly once', async () => {
    const name = `${TEST_DB_PREFIX}${runId()}_fresh_${Date.now()}`;
    const url = databaseUrl(name);
    try {
      await expect(ensureDatabaseExists(url)).resolves.toBe(true);
      await expect(ensureDatabaseExists(url)).resolves.toBe(false);
      const config = configFor(url);
      const [a, b] = await Promise.all([runMigrations(config), runMigrations(config)]);
      expect([...a, ...b].sort()).toEqual(MIGRATIONS.map((m) => m.name).sort());
      const rows = await withAdminClient(async (c) => {
        const other = new (c.constructor as new (o: object) => typeof c)({ connectionString: url });
        await other.connect();
        try {
          return (await other.query('SELECT count(*)::int AS n FROM typeorm_migration')).rows as {
            n: number;
          }[];
        } finally {
          await other.end();
        }
      });
      expect(rows[0].n).toBe(MIGRATIONS.length);
    } finally {
      await dropDatabase(name);
    }
  });
});
