import type { DataSourceOptions } from 'typeorm';

export type PostgresOptions = Extract<DataSourceOptions, { type: 'postgres' }>;
import type { AppConfig } from '../config';
import { MIGRATIONS } from '../../migrations';
import { ENTITIES } from './entities';
import { SnakeNamingStrategy } from './snake-naming.strategy';

/** One definition for the app, the CLI and the tests. Never `synchronize`. */
export function dataSourceOptions(config: AppConfig): PostgresOptions {
  return {
    type: 'postgres',
    url: config.db.url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migration',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    installExtensions: false,
    uuidExtension: 'pgcrypto',
    namingStrategy: new SnakeNamingStrategy(),
    poolSize: config.db.poolSize,
    connectTimeoutMS: config.db.connectTimeoutMs,
    applicationName: `xuefa-${config.role}`,
    extra: { idleTimeoutMillis: 30_000 },
    // Query errors surface as exceptions (and are logged once, by the exception filter).
    logging: ['warn', 'migration'],
  };
}

/** The owner's connection (MIGRATION_DATABASE_URL): migrations, schema diffs, role setup. */
export function ownerDataSourceOptions(config: AppConfig): PostgresOptions {
  return {
    ...dataSourceOptions(config),
    url: config.db.migrationUrl,
    poolSize: 2,
    applicationName: 'xuefa-migrate',
  };
}
