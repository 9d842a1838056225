import { randomUUID } from 'node:crypto';
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { Logger as NestLogger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import express from 'express';
import { Logger } from 'nestjs-pino';
import {
  FORM_FIELD_LIMIT,
  bodyParserError,
  writeEnvelope,
} from './common/http/all-exceptions.filter';
import { answerClientErrorsWithEnvelope } from './common/http/client-errors';
import type { AppRequest } from './common/http/request-context';
import { RequestContext } from './common/http/request-context';
import { setupOpenApi } from './common/openapi/openapi';
import type { FieldError } from './common/validation/validation-errors';
import { findInputProblem, inputProblemError } from './common/validation/input-shape';
import type { AppConfig } from './config';
import { serveWebApp } from './modules/web/web-app';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * Everything main.ts does to the HTTP app, shared with the e2e tests so they run what
 * production runs: request ids, body parsing with limits, the request context, OpenAPI.
 */
export function configureApp(app: NestExpressApplication, config: AppConfig): void {
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  answerClientErrorsWithEnvelope(app.getHttpServer());
  if (config.http.trustProxyHops > 0) app.set('trust proxy', config.http.trustProxyHops);

  app.use((req: AppRequest, res: Response, next: NextFunction) => {
    const incoming = req.get('x-request-id');
    req.id = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader('X-Request-Id', req.id);
    next();
  });
  serveWebApp(app);
  app.use(express.json({ limit: config.http.bodyLimitBytes }));
  app.use(
    express.urlencoded({
      extended: false,
      limit: config.http.bodyLimitBytes,
      parameterLimit: FORM_FIELD_LIMIT,
    }),
  );
  // body-parser errors (malformed JSON, too large) never reach Nest's filters: answer here.
  app.use((err: unknown, req: Request, res: Response, next: NextFunction) => {
    const error = bodyParserError(err);
    if (!error) return next(err);
    writeEnvelope(res, req as AppRequest, error);
  });
  // Before guards and pipes read anything: too deep, NUL, lone surrogates → 400.
  app.use((req: AppRequest, res: Response, next: NextFunction) => {
    const problem = findRequestProblem(req);
    if (problem) writeEnvelope(res, req, inputProblemError(problem));
    else next();
  });
  // After body parsing, so the async context survives into the handlers.
  app.use((req: AppRequest, _res: Response, next: NextFunction) => {
    RequestContext.run({ requestId: req.id as string, ip: req.ip }, next);
  });
  setupOpenApi(app);
}

/** The path (each segment decoded as the router will), the query and the parsed body. */
function findRequestProblem(req: Request): FieldError | undefined {
  for (const segment of req.path.split('/')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return { field: 'path', constraint: 'uriEncoding', message: '路径的百分号编码不合法' };
    }
    const problem = findInputProblem(decoded, 'path');
    if (problem) return problem;
  }
  return findInputProblem(req.query) ?? findInputProblem(req.body as unknown);
}

/**
 * SIGTERM/SIGINT: stop taking requests, let in-flight requests and active jobs finish, close
 * connections, exit 0; exit 1 if that takes longer than SHUTDOWN_TIMEOUT_SECONDS.
 */
export function installShutdown(
  app: INestApplication | INestApplicationContext,
  config: AppConfig,
): void {
  const logger = new NestLogger('Shutdown');
  let closing = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    logger.log(`${signal} received: draining HTTP and workers`);
    const timer = setTimeout(() => {
      logger.error('shutdown timed out; exiting');
      process.exit(1);
    }, config.http.shutdownTimeoutMs);
    timer.unref();
    app
      .close()
      .then(() => {
        logger.log('shutdown complete');
        process.exit(0);
      })
      .catch((err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}
