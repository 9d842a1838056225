import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger as PinoLogger } from 'nestjs-pino';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import { configureApp, createHttpAdapter, installShutdown } from './bootstrap';
import type { AppConfig, AppRole } from './config';
import { ConfigError, loadConfig, readEnvironment } from './config';
import { prepareDatabase } from './database/database-setup';
import { DEMO_PASSWORD } from './modules/demo/demo-data';
import { DemoSeedService } from './modules/demo/demo-seed.service';
import { BundledContentService } from './modules/question-bank/bank-file/bundled-content.service';
import { webDistDir } from './modules/web/web-app';
import { WorkerModule } from './worker.module';

/**
 * One entry point for every role: APP_ROLE=all (default) runs the API and the workers,
 * api only HTTP, worker only the queue processors (src/worker.ts forces that role).
 */
export async function start(role?: AppRole): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig(role ? { ...readEnvironment(), APP_ROLE: role } : undefined);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
  await prepareDatabase(config);

  if (!config.runsApi) {
    const ctx = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), {
      bufferLogs: true,
    });
    ctx.useLogger(ctx.get(PinoLogger));
    installShutdown(ctx, config);
    new Logger('Main').log('xuefa worker started');
    return;
  }

  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config),
    createHttpAdapter(config),
    { bodyParser: false, bufferLogs: true },
  );
  configureApp(app, config);
  installShutdown(app, config);
  await app.init();
  const seeder = app.get(DemoSeedService);
  if (config.db.seedDemo) await seeder.seedIfEmpty();
  await app.get(BundledContentService).loadAtStart();
  await app.listen(config.http.port, config.http.host);

  const url = config.http.publicUrl;
  const lines = [
    '',
    `xuefa ${config.role === 'all' ? '(API + workers)' : '(API)'} is listening on ${url}`,
    `  API docs: ${url}/api/docs    health: ${url}/health`,
    existsSync(join(webDistDir(), 'index.html'))
      ? `  In the browser: ${url}/app/`
      : '  In the browser: not built (web/dist is missing: run `npm run build`)',
  ];
  const logins = await seeder.demoLogins();
  if (logins.length) {
    lines.push(`  Demo logins (password ${DEMO_PASSWORD}, to be changed at first sign-in):`);
    for (const l of logins) lines.push(`    ${l.staffNo}  ${l.name}  ${l.role}`);
    lines.push('    … and staff XF005 to XF029 with the same password');
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);
}

export function run(role?: AppRole): void {
  start(role).catch((err: unknown) => {
    process.stderr.write(
      `xuefa failed to start: ${err instanceof Error ? err.stack : String(err)}\n`,
    );
    process.exit(1);
  });
}

if (require.main === module) run();
