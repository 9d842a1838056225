import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import { loadConfig } from '../../src/config';
import { ensureRuntimeRole } from '../../src/database/database-setup';
import { deleteRedisPrefix } from '../utils/test-app';
import {
  TEST_DB_PREFIX,
  createTestDatabase,
  dropDatabase,
  runId,
  withAdminClient,
} from '../utils/test-db';
import { TEST_REDIS_URL, baseTestEnv, databaseUrl } from '../utils/test-env';
import type { SpawnedApp } from '../utils/spawn-app';
import { freePort, spawnApp } from '../utils/spawn-app';

const withRole = (url: string, role: string, password = '') => {
  const u = new URL(url);
  u.username = role;
  u.password = password;
  return u.toString();
};

/** Drops a role made for one test (its database must be gone first: it holds the grants). */
async function dropRole(role: string): Promise<void> {
  await withAdminClient((c) => c.query(`DROP ROLE IF EXISTS ${c.escapeIdentifier(role)}`));
}

async function privileges(dbName: string, role: string) {
  const c = new Client({ connectionString: databaseUrl(dbName) });
  await c.connect();
  try {
    const { rows } = await c.query<Record<string, boolean>>(
      `SELECT r.rolsuper AS superuser, r.rolcanlogin AS login,
              pg_has_role($1, c.relowner, 'USAGE') AS owner,
              has_table_privilege($1, 'audit_log', 'SELECT') AS "auditSelect",
              has_table_privilege($1, 'audit_log', 'INSERT') AS "auditInsert",
              has_table_privilege($1, 'audit_log', 'UPDATE') AS "auditUpdate",
              has_table_privilege($1, 'audit_log', 'DELETE') AS "auditDelete",
              has_table_privilege($1, 'audit_log', 'TRUNCATE') AS "auditTruncate",
              has_table_privilege($1, 'staff', 'UPDATE') AS "staffUpdate",
              has_table_privilege($1, 'typeorm_migration', 'INSERT') AS "migrationsInsert"
         FROM pg_roles r, pg_class c
        WHERE r.rolname = $1 AND c.oid = 'audit_log'::regclass`,
      [role],
    );
    return rows[0];
  } finally {
    await c.end();
  }
}

const LEAST_PRIVILEGE = {
  superuser: false,
  login: true,
  owner: false,
  auditSelect: true,
  auditInsert: true,
  auditUpdate: false,
  auditDelete: false,
  auditTruncate: false,
  staffUpdate: true,
  migrationsInsert: false,
};

describe('the runtime database role (e2e, separate processes)', () => {
  it('npm start as set up by default: the owner creates and migrates the database and the role, the app runs as that role', async () => {
    const dbName = `${TEST_DB_PREFIX}${runId()}_role_${randomBytes(3).toString('hex')}`;
    const role = `xuefa_test_rt_${randomBytes(3).toString('hex')}`;
    const prefix = `xuefa-test-role-${randomBytes(3).toString('hex')}`;
    const anchorDir = mkdtempSync(join(tmpdir(), 'xuefa-anchor-'));
    const port = await freePort();
    let api: SpawnedApp | undefined;
    try {
      api = spawnApp('main', {
        // the defaults' shape: owner postgres for migrations, a separate role at run time
        MIGRATION_DATABASE_URL: databaseUrl(dbName),
        DATABASE_URL: withRole(databaseUrl(dbName), role, 'runtime-pass'),
        REDIS_URL: TEST_REDIS_URL,
        REDIS_PREFIX: prefix,
        PORT: String(port),
        LOG_LEVEL: 'info',
        ARGON2_MEMORY_KIB: '1024',
        ARGON2_TIME_COST: '1',
        LOAD_BUNDLED_BANK: 'false',
        AUDIT_ANCHOR_DIR: anchorDir,
      });
      const out = await api.waitForOutput(/listening on/);
      expect(out).toContain(`created the runtime role ${role}`);
      // no AUDIT_HMAC_KEY in development: a generated key, said loudly, outside the database
      expect(out).toMatch(/AUDIT_HMAC_KEY is not set/);
      expect(readFileSync(join(anchorDir, 'hmac.key'), 'utf8')).toMatch(/^[0-9a-f]{64}$/);
      expect(existsSync(join(anchorDir, `anchor-${dbName}.json`))).toBe(true);
      expect(out).not.toMatch(/can rewrite audit_log/);

      await request(`http://127.0.0.1:${port}`).get('/health').expect(200);
      const sessions = await withAdminClient(async (c) => {
        const { rows } = await c.query<{ usename: string }>(
          `SELECT DISTINCT usename FROM pg_stat_activity
            WHERE datname = $1 AND application_name = 'xuefa-all'`,
          [dbName],
        );
        return rows.map((r) => r.usename);
      });
      expect(sessions).toEqual([role]);
      expect(await privileges(dbName, role)).toEqual(LEAST_PRIVILEGE);

      api.proc.kill('SIGTERM');
      expect((await api.exited).code).toBe(0);
    } finally {
      if (api && api.proc.exitCode === null) api.proc.kill('SIGKILL');
      await dropDatabase(dbName);
      await dropRole(role);
      await deleteRedisPrefix(prefix);
      rmSync(anchorDir, { recursive: true, force: true });
    }
  });

  it('creates the role once when several processes set up at the same time', async () => {
    const db = await createTestDatabase();
    const role = `xuefa_test_rt_${randomBytes(3).toString('hex')}`;
    try {
      const config = loadConfig({
        ...baseTestEnv(),
        MIGRATION_DATABASE_URL: db.url,
        DATABASE_URL: withRole(db.url, role),
      });
      await Promise.all(Array.from({ length: 4 }, () => ensureRuntimeRole(config)));
      expect(await privileges(db.name, role)).toEqual(LEAST_PRIVILEGE);
      // and again, as every later migrate run does
      await ensureRuntimeRole(config);
      expect(await privileges(db.name, role)).toEqual(LEAST_PRIVILEGE);
    } finally {
      await db.drop();
      await dropRole(role);
    }
  });
});
