import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config';
import { ownerDataSourceOptions } from './data-source';
import { databaseNameOf } from './database-name';

/** Arbitrary constant: the advisory lock that serialises migration runs across replicas. */
const MIGRATION_LOCK_KEY = 7_240_101;

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Creates the database named in the URL when it is missing (concurrent callers are fine). */
export async function ensureDatabaseExists(url: string, connectTimeoutMs = 5000): Promise<boolean> {
  const name = databaseNameOf(url);
  const client = new Client({
    connectionString: withDatabase(url, 'postgres'),
    connectionTimeoutMillis: connectTimeoutMs,
  });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount) return false;
    try {
      await client.query(`CREATE DATABASE ${quoteIdent(name)}`);
      return true;
    } catch (e) {
      if ((e as { code?: string }).code === '42P04') return false; // created meanwhile
      throw e;
    }
  } finally {
    await client.end();
  }
}

/** Runs pending migrations under a session advisory lock; returns the names it applied. */
export async function runMigrations(config: AppConfig): Promise<string[]> {
  const logger = new Logger('Migrations');
  const dataSource = new DataSource(ownerDataSourceOptions(config));
  await dataSource.initialize();
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      for (const m of applied) logger.log(`applied ${m.name}`);
      return applied.map((m) => m.name);
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await runner.release();
    await dataSource.destroy();
  }
}

/**
 * What the runtime role (DATABASE_URL's user) may do, granted by the owner after every migration
 * run: read and write the application's tables, but on audit_log only SELECT and INSERT (no
 * UPDATE, DELETE or TRUNCATE; retention goes through the owner's SECURITY DEFINER function), and
 * only read the migrations table. It owns nothing, so it cannot ALTER a table or switch a trigger
 * off; not being a superuser, it cannot set session_replication_role. Default privileges give it
 * the same on tables the owner creates later.
 */
const RUNTIME_GRANTS = (role: string) => [
  `GRANT USAGE ON SCHEMA public TO ${role}`,
  `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}`,
  `REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON "audit_log" FROM ${role}`,
  `REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON "typeorm_migration" FROM ${role}`,
  `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role}`,
  `GRANT EXECUTE ON FUNCTION audit_log_apply_retention(timestamptz) TO ${role}`,
  `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${role}`,
  `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${role}`,
];

/** Duplicate role: created by a concurrent caller (the role is global to the cluster). */
const isDuplicate = (e: unknown) =>
  ['42710', '23505'].includes((e as { code?: string }).code ?? '');

/**
 * Connected as the owner (MIGRATION_DATABASE_URL): creates DATABASE_URL's role when it is missing
 * (LOGIN, with the URL's password if it has one; idempotent and safe against concurrent callers)
 * and grants it the runtime privileges on this database. When both URLs name the same role there
 * is nothing to separate: a warning says the audit log's protection then rests on the chain key
 * and the anchor alone.
 */
export async function ensureRuntimeRole(config: AppConfig): Promise<void> {
  const logger = new Logger('Database');
  const runtime = new URL(config.db.url);
  const role = decodeURIComponent(runtime.username);
  const password = runtime.password ? decodeURIComponent(runtime.password) : null;
  const client = new Client({
    connectionString: config.db.migrationUrl,
    connectionTimeoutMillis: config.db.connectTimeoutMs,
  });
  await client.connect();
  try {
    const [{ owner }] = (await client.query<{ owner: string }>('SELECT current_user AS owner'))
      .rows;
    if (!role || role === owner) {
      logger.warn(
        `DATABASE_URL ${role ? 'connects as the owner of the tables' : 'names no role'}: the ` +
          "runtime role is not separated and may be able to switch the audit log's triggers off. " +
          'Set MIGRATION_DATABASE_URL to the owner and DATABASE_URL to a least-privilege role ' +
          '(README "Database roles").',
      );
      return;
    }
    const ident = client.escapeIdentifier(role);
    const found = await client.query<{ rolsuper: boolean }>(
      'SELECT rolsuper FROM pg_roles WHERE rolname = $1',
      [role],
    );
    const withPassword = password ? ` PASSWORD ${client.escapeLiteral(password)}` : '';
    if (!found.rowCount) {
      try {
        await client.query(`CREATE ROLE ${ident} LOGIN${withPassword}`);
        logger.log(`created the runtime role ${role}`);
      } catch (e) {
        if (!isDuplicate(e)) throw e;
      }
    } else if (password) {
      try {
        await client.query(`ALTER ROLE ${ident} WITH LOGIN${withPassword}`);
      } catch (e) {
        const code = (e as { code?: string }).code;
        // 42501: an owner without CREATEROLE, the role made by hand keeps its password;
        // XX000: another process setting up at the same moment ("tuple concurrently updated")
        if (code === '42501') logger.warn(`cannot set the password of ${role}: left as it is`);
        else if (code !== 'XX000') throw e;
      }
    }
    if (found.rows[0]?.rolsuper) {
      logger.warn(`the runtime role ${role} is a superuser: it can switch audit protection off`);
    }
    await client.query('BEGIN');
    try {
      // concurrent GRANTs on one object can fail ("tuple concurrently updated")
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
      for (const sql of RUNTIME_GRANTS(ident)) await client.query(sql);
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK');
      throw e;
    }
  } finally {
    await client.end();
  }
}

/** What `npm start` and the `migrate` command do before anything else touches the database. */
export async function prepareDatabase(config: AppConfig): Promise<void> {
  if (config.db.createIfMissing) {
    const created = await ensureDatabaseExists(config.db.migrationUrl, config.db.connectTimeoutMs);
    if (created) new Logger('Database').log(`created database ${databaseNameOf(config.db.url)}`);
  }
  if (config.db.migrateOnStart) {
    await runMigrations(config);
    await ensureRuntimeRole(config);
  }
}
