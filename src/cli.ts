import 'reflect-metadata';
import { basename, join } from 'node:path';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import { createHttpAdapter } from './bootstrap';
import { AppError } from './common/errors';
import { buildOpenApiDocument } from './common/openapi/openapi';
import { ConfigError, loadConfig, readEnvironment } from './config';
import { prepareDatabase } from './database/database-setup';
import { generateMigration } from './database/migration-generator';
import { AuditService } from './modules/audit/audit.service';
import { ComplianceService } from './modules/compliance/compliance.service';
import { LawImportService } from './modules/curriculum/laws/law-import.service';
import { DemoSeedService } from './modules/demo/demo-seed.service';
import { BundledContentService } from './modules/question-bank/bank-file/bundled-content.service';
import { checkBankFiles } from './modules/question-bank/bank-file/bank-file';
import {
  bankFilePaths,
  readBankFiles,
  readLawTexts,
} from './modules/question-bank/bank-file/bank-files';

const USAGE = `usage: node dist/src/cli.js <command>

  migrate                   create the database if missing, run pending migrations, seed the
                            demo bureau on an empty database (SEED_DEMO), import the law texts
                            of LAW_TEXTS_DIR and load the bundled question bank into an empty bank
  laws:import PATH…         import law texts (.md, .txt, .docx files, or folders of them)
  bank:import [FILE…]       import question-bank files (default: all of QUESTION_BANK_DIR)
  seed                      seed the demo bureau if the database has no org units
  audit:verify              verify the audit hash chain; exit 1 at the first broken link
  compliance:rebuild        rebuild what the compliance figures keep as study records arrive
                            (compliance_law_study) from the study ledger
  migration:generate Name   write a migration from the entity diff (development)
  openapi FILE              write the OpenAPI document (as GET /api/docs-json serves it) without
                            a database: \`npm run api:types\` uses it for web/openapi.json
  bank:check [--laws DIR] [files…]
                            check question-bank files (schema, keys, duplicates, article
                            ranges; with law texts, that every evidence phrase is in its article)
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
  const config = loadConfig({
    ...readEnvironment(),
    APP_ROLE: 'api',
    DB_MIGRATE_ON_START: 'false',
  });
  return NestFactory.createApplicationContext(AppModule.forRoot(config), {
    logger: ['error', 'warn'],
  });
}

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  switch (command) {
    case 'migrate': {
      const config = loadConfig({ ...readEnvironment(), DB_MIGRATE_ON_START: 'true' });
      await prepareDatabase(config);
      await withApp(async (app) => {
        if (config.db.seedDemo && (await app.get(DemoSeedService).seedIfEmpty())) {
          process.stdout.write('seeded the demo bureau\n');
        }
        const { laws, bank } = await app.get(BundledContentService).loadAtStart();
        for (const l of laws)
          process.stdout.write(`${l.title}: ${l.status} (version ${l.versionNo})\n`);
        if (bank) process.stdout.write(`question bank: ${bank.created} questions loaded\n`);
      });
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
    case 'bank:check':
      return bankCheck(args);
    case 'openapi': {
      if (!args[0]) break;
      writeFileSync(args[0], `${JSON.stringify(await openApiDocument(), null, 2)}\n`);
      return 0;
    }
    case 'laws:import': {
      if (!args.length) break;
      await withApp(async (app) => {
        const content = app.get(BundledContentService);
        const importer = app.get(LawImportService);
        for (const path of args) {
          const reports = statSync(path).isDirectory()
            ? await content.importLawDir(path)
            : [await importer.importFile(basename(path), readFileSync(path))];
          for (const r of reports) {
            process.stdout.write(
              `${r.title}: ${r.status}, version ${r.versionNo} (${r.versionLabel}), ${r.articleCount} articles; ` +
                `added ${r.added.length}, changed ${r.changed.length}, removed ${r.removed.length}, ` +
                `questions flagged ${r.flaggedQuestions}\n`,
            );
          }
        }
      });
      return 0;
    }
    case 'compliance:rebuild': {
      const n = await withApp((app) => app.get(ComplianceService).rebuildStanding());
      process.stdout.write(`compliance_law_study rebuilt from the study ledger: ${n} rows\n`);
      return 0;
    }
    case 'bank:import': {
      const result = await withApp((app) =>
        app.get(BundledContentService).importBundledBank(args.length ? args : undefined),
      );
      process.stdout.write(
        `created ${result.created}, revised ${result.revised}, unchanged ${result.unchanged}\n`,
      );
      return 0;
    }
    default:
      break;
  }
  process.stderr.write(USAGE);
  return 2;
}

/**
 * The API's OpenAPI document from the route metadata alone: Nest's preview mode builds the module
 * graph without instantiating providers, so no database or Redis is needed.
 */
async function openApiDocument() {
  const config = loadConfig({
    NODE_ENV: 'development',
    APP_ROLE: 'api',
    JWT_SECRET: 'openapi-export-only-openapi-export-only-0123456789',
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config),
    createHttpAdapter(config),
    { preview: true, logger: false },
  );
  return buildOpenApiDocument(app);
}

function bankCheck(args: string[]): number {
  const lawsAt = args.indexOf('--laws');
  const lawsDir = lawsAt >= 0 ? args[lawsAt + 1] : join(process.cwd(), '..', 'shared', 'laws');
  const files = args.filter((_, i) => lawsAt < 0 || (i !== lawsAt && i !== lawsAt + 1));
  const paths = files.length ? files : bankFilePaths(join(process.cwd(), 'question-bank'));
  const laws = readLawTexts(lawsDir);
  const result = checkBankFiles(readBankFiles(paths), laws);
  for (const [law, byType] of Object.entries(result.counts)) {
    const total = Object.values(byType).reduce((a, b) => a + b, 0);
    process.stdout.write(`${law}: ${total} ${JSON.stringify(byType)}\n`);
  }
  if (!laws.size) process.stdout.write(`(no law texts in ${lawsDir}: evidence not checked)\n`);
  for (const w of result.warnings)
    process.stdout.write(`warning ${w.file} ${w.code ?? ''}: ${w.message}\n`);
  for (const e of result.errors)
    process.stdout.write(`ERROR ${e.file} ${e.code ?? ''}: ${e.message}\n`);
  process.stdout.write(`${result.errors.length} error(s), ${result.warnings.length} warning(s)\n`);
  return result.errors.length ? 1 : 0;
}

main(process.argv.slice(2))
  .then((code) => process.exit(code))
  .catch((err: unknown) => {
    if (err instanceof ConfigError) process.stderr.write(`${err.message}\n`);
    else if (err instanceof AppError) {
      process.stderr.write(`${err.code}: ${err.message}\n`);
      if (err.details !== undefined)
        process.stderr.write(`${JSON.stringify(err.details, null, 2)}\n`);
    } else process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });
