import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { Redis } from 'ioredis';
import type { App } from 'supertest/types';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { configureApp, createHttpAdapter } from '../../src/bootstrap';
import { Clock } from '../../src/common/clock/clock';
import type { AppConfig } from '../../src/config';
import { loadConfig } from '../../src/config';
import { ownerDataSourceOptions } from '../../src/database/data-source';
import { ensureRuntimeRole } from '../../src/database/database-setup';
import type { TestDatabase } from './test-db';
import { createTestDatabase, runId } from './test-db';
import { TestClock } from './test-clock';
import { TEST_AUDIT_ANCHOR_DIR, TEST_REDIS_URL, baseTestEnv, runtimeDatabaseUrl } from './test-env';

export interface TestApp {
  app: NestFastifyApplication;
  http: App;
  clock: TestClock;
  config: AppConfig;
  db: TestDatabase;
  /** The app's own connection: the least-privilege runtime role, as in production. */
  dataSource: DataSource;
  /** The owner's connection (a superuser here), for fixtures the runtime role may not set up. */
  owner: DataSource;
  get<T>(token: abstract new (...args: never[]) => T): T;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Run the BullMQ workers in process (APP_ROLE=all). */
  workers?: boolean;
  env?: Record<string, string>;
  /** Reuse a database (e.g. a second "replica" of the same deployment). */
  db?: TestDatabase;
  redisPrefix?: string;
}

/** The whole app over HTTP, on its own database and Redis prefix, with a controllable clock. */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const db = options.db ?? (await createTestDatabase());
  const prefix = options.redisPrefix ?? `xuefa-test-${runId()}-${randomBytes(4).toString('hex')}`;
  const config = loadConfig({
    ...baseTestEnv(),
    DATABASE_URL: runtimeDatabaseUrl(db.name),
    MIGRATION_DATABASE_URL: db.url,
    REDIS_PREFIX: prefix,
    APP_ROLE: options.workers ? 'all' : 'api',
    ...options.env,
  });
  await ensureRuntimeRole(config);
  const owner = new DataSource(ownerDataSourceOptions(config));
  await owner.initialize();
  const clock = new TestClock();
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config)] })
    .overrideProvider(Clock)
    .useValue(clock)
    .compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createHttpAdapter(config), {
    bodyParser: false,
    bufferLogs: true,
  });
  configureApp(app, config);
  await app.init();
  // supertest talks to the Node server directly: Fastify's routes must be ready
  await app.getHttpAdapter().getInstance().ready();
  const ownsDb = !options.db;
  return {
    app,
    http: app.getHttpServer() as App,
    clock,
    config,
    db,
    dataSource: app.get(DataSource),
    owner,
    get: (token) => app.get(token),
    close: async () => {
      await app.close();
      await owner.destroy();
      if (!options.redisPrefix) await deleteRedisPrefix(prefix);
      if (ownsDb) {
        await db.drop();
        await rm(join(TEST_AUDIT_ANCHOR_DIR, `anchor-${db.name}.json`), { force: true });
      }
    },
  };
}

export async function deleteRedisPrefix(prefix: string): Promise<void> {
  const redis = new Redis(TEST_REDIS_URL);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
