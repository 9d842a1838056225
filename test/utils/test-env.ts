import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Connection defaults for tests; override with TEST_DATABASE_URL / TEST_REDIS_URL. */
export const ADMIN_DATABASE_URL =
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export function databaseUrl(name: string): string {
  const u = new URL(ADMIN_DATABASE_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

/** The least-privilege role test apps run as (created on first use; global to the cluster). */
export const TEST_RUNTIME_ROLE = 'xuefa_test_app';

/**
 * A test database as the runtime role: with a password only when the admin URL has one (a
 * cluster that checks passwords; the setup gives the role this one), none on a trusting cluster.
 */
export function runtimeDatabaseUrl(name: string): string {
  const u = new URL(databaseUrl(name));
  u.username = TEST_RUNTIME_ROLE;
  u.password = u.password ? 'xuefa-test-app' : '';
  return u.toString();
}

/** Where test apps keep their audit anchors (one file per database, so files never collide). */
export const TEST_AUDIT_ANCHOR_DIR = join(tmpdir(), 'xuefa-test-audit');

/** Environment every test app starts from (cheap argon2 keeps suites fast; one test checks the real cost). */
export function baseTestEnv(): Record<string, string> {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    REDIS_URL: TEST_REDIS_URL,
    ARGON2_MEMORY_KIB: '1024',
    ARGON2_TIME_COST: '1',
    SEED_DEMO: 'false',
    DB_MIGRATE_ON_START: 'false',
    DB_CREATE_IF_MISSING: 'false',
    DB_POOL_SIZE: '5',
    LOGIN_THROTTLE_LIMIT: '1000',
    JWT_SECRET: 'test-secret-test-secret-test-secret-0123456789',
    AUDIT_HMAC_KEY: 'test-audit-key-test-audit-key-0123456789',
    AUDIT_ANCHOR_DIR: TEST_AUDIT_ANCHOR_DIR,
  };
}
