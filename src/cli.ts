import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { ConfigError, loadConfig } from './config';
import { prepareDatabase } from './database/database-setup';
import { generateMigration } from './database/migration-generator';
import { AuditService } from './modules/audit/audit.service';
import { DemoSeedService } from './modules/demo/demo-seed.service';

const USAGE = `usage: node dist/src/cli.js <command>

  migrate                   create the database if missing, run pending migrations,
                            seed the demo bureau on an empty database (SEED_DEMO)
  seed                      seed the demo bureau if the database has no org units
  audit:verify              verify the audit hash chain; exit 1 at the first broken link
  migration:generate Name   write a migration from the entity diff (development)
`;

async function withApp<T>(
  fn: (app: Awaited<ReturnType<typeof context>>) => Promise<T>,
): Promise<T> {
  const app = await context();
  try {
    return await fn(app);
  } finally {
    await app.close();
  }
}

function context() {
  const config = loadConfig({ ...process.env, APP_ROLE: 'api', DB_MIGRATE_ON_START: 'false' });
  return NestFactory.createApplicationContext(AppModule.forRoot(config), {
    logger: ['error', 'warn'],
  });
}

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  switch (command) {
    case 'migrate': {
      const config = loadConfig({ ...process.env, DB_MIGRATE_ON_START: 'true' });
      await prepareDatabase(config);
      if (config.db.seedDemo) {
        const seeded = await withApp((app) => app.get(DemoSeedService).seedIfEmpty());
        process.stdout.write(seeded ? 'seeded the demo bureau\n' : '');
      }
      process.stdout.write('migrations are up to date\n');
      return 0;
    }
    case 'seed': {
      const seeded = await withApp((app) => app.get(DemoSeedService).seedIfEmpty());
      process.stdout.write(
        seeded ? 'seeded the demo bureau\n' : 'database not empty: nothing seeded\n',
      );
      return 0;
    }
    case 'audit:verify': {
      const result = await withApp((app) => app.get(AuditService).verifyChain());
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      return result.ok ? 0 : 1;
    }
    case 'migration:generate': {
      if (!args[0]) break;
      const file = await generateMigration(loadConfig(), args[0]);
      process.stdout.write(
        file ? `wrote ${file}\n` : 'entities and migrations agree: nothing to generate\n',
      );
      return 0;
    }
    default:
      break;
  }
  process.stderr.write(USAGE);
  return 2;
}

main(process.argv.slice(2))
  .then((code) => process.exit(code))
  .catch((err: unknown) => {
    process.stderr.write(
      err instanceof ConfigError
        ? `${err.message}\n`
        : `${err instanceof Error ? err.stack : String(err)}\n`,
    );
    process.exit(1);
  });
