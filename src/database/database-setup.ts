import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config';
import { dataSourceOptions } from './data-source';

/** Arbitrary constant: the advisory lock that serialises migration runs across replicas. */
const MIGRATION_LOCK_KEY = 7_240_101;

export function databaseNameOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
}

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
  const dataSource = new DataSource({ ...dataSourceOptions(config), poolSize: 2 });
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

/** What `npm start` and the `migrate` command do before anything else touches the database. */
export async function prepareDatabase(config: AppConfig): Promise<void> {
  if (config.db.createIfMissing) {
    const created = await ensureDatabaseExists(config.db.url, config.db.connectTimeoutMs);
    if (created) new Logger('Database').log(`created database ${databaseNameOf(config.db.url)}`);
  }
  if (config.db.migrateOnStart) await runMigrations(config);
}
