import { randomUUID } from 'node:crypto';
import { parse as parseQueryString } from 'node:querystring';
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { Logger as NestLogger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Logger } from 'nestjs-pino';
import { AppError, CommonErrors } from './common/errors';
import { FORM_FIELD_LIMIT, writeEnvelope } from './common/http/all-exceptions.filter';
import { answerClientErrorWithEnvelope } from './common/http/client-errors';
import { RequestContext, pathOf } from './common/http/request-context';
import { setupOpenApi } from './common/openapi/openapi';
import type { FieldError } from './common/validation/validation-errors';
import { findInputProblem, inputProblemError } from './common/validation/input-shape';
import type { AppConfig } from './config';
import { webAppPlugin } from './modules/web/web-app';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

const BAD_PATH_ENCODING: FieldError = {
  field: 'path',
  constraint: 'uriEncoding',
  message: '路径的百分号编码不合法',
};

/** Node's own default (Fastify would turn it off): a request must arrive within 5 minutes. */
const REQUEST_TIMEOUT_MS = 300_000;

/**
 * The HTTP server every entry point uses (main.ts, the CLI's OpenAPI export, the e2e tests):
 * Fastify, with the request id taken from a valid X-Request-Id or made up, the body limit, the
 * proxy hops to trust, Express's lenient routing (a trailing slash is ignored) and the envelope
 * for requests Node's HTTP parser refuses.
 */
export function createHttpAdapter(config: AppConfig): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: config.http.bodyLimitBytes,
    // as Express's numeric `trust proxy`: the nearest n hops
    trustProxy:
      config.http.trustProxyHops > 0
        ? (_address: string, hop: number) => hop < config.http.trustProxyHops
        : false,
    requestIdHeader: false,
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    clientErrorHandler: answerClientErrorWithEnvelope,
    // what the router refuses before any hook runs (a path that is not valid percent-encoding)
    frameworkErrors: (error: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
      void reply.header('X-Request-Id', req.id);
      const status = error.statusCode ?? 400;
      writeEnvelope(
        reply,
        req,
        error.code === 'FST_ERR_BAD_URL'
          ? inputProblemError(BAD_PATH_ENCODING)
          : status < 500
            ? new AppError(
                CommonErrors.VALIDATION_FAILED.code,
                status,
                CommonErrors.VALIDATION_FAILED({ reason: '请求无法处理' }).message,
              )
            : CommonErrors.INTERNAL(),
      );
    },
    requestTimeout: REQUEST_TIMEOUT_MS,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 1000 },
  });
}

/**
 * Everything main.ts does to the HTTP app, shared with the e2e tests so they run what
 * production runs: request ids, the web app, body parsing with limits, the input-shape check,
 * the request context, OpenAPI.
 */
export function configureApp(app: NestFastifyApplication, config: AppConfig): void {
  app.useLogger(app.get(Logger));
  const fastify = app.getHttpAdapter().getInstance();

  fastify.addHook('onRequest', (req, reply, done) => {
    void reply.header('X-Request-Id', req.id);
    done();
  });
  void app.register(webAppPlugin());
  installBodyParsers(fastify, config.http.bodyLimitBytes);
  // Before guards and pipes read anything: too deep, NUL, lone surrogates → 400.
  fastify.addHook('preValidation', (req, reply, done) => {
    const problem = findRequestProblem(req);
    if (problem) writeEnvelope(reply, req, inputProblemError(problem));
    else done();
  });
  // The last hook before the handler, so the async context survives into guards and handlers.
  fastify.addHook('preHandler', (req, _reply, done) => {
    RequestContext.run({ requestId: req.id, ip: req.ip }, done);
  });
  setupOpenApi(app);
}

/** A body error in body-parser's terms, which the error filter translates. */
function bodyError(type: string, status: number): Error {
  return Object.assign(new Error(type), { type, status });
}

function charsetOf(contentType: string | undefined): string | undefined {
  return /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '')?.[1]?.toLowerCase();
}

/**
 * JSON (objects and arrays only, an empty body is `{}`) and urlencoded forms (flat, at most
 * FORM_FIELD_LIMIT fields), as Express's body-parser read them; any other type is read up to
 * the limit and ignored. Fastify refuses bodies over the limit (413) and bodies shorter than
 * their Content-Length (400) before these run.
 */
function installBodyParsers(fastify: FastifyInstance, bodyLimit: number): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'string', bodyLimit },
    (req, body, done) => {
      const charset = charsetOf(req.headers['content-type']);
      if (charset && !charset.startsWith('utf-')) {
        return done(bodyError('charset.unsupported', 415), undefined);
      }
      const text = (body as string).trim();
      if (!text) return done(null, {});
      if (text[0] !== '{' && text[0] !== '[') {
        return done(bodyError('entity.parse.failed', 400), undefined);
      }
      try {
        done(null, JSON.parse(text) as unknown);
      } catch {
        done(bodyError('entity.parse.failed', 400), undefined);
      }
    },
  );
  fastify.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit },
    (req, body, done) => {
      const charset = charsetOf(req.headers['content-type']);
      if (charset && charset !== 'utf-8') {
        return done(bodyError('charset.unsupported', 415), undefined);
      }
      const text = body as string;
      if (text && (text.match(/&/g)?.length ?? 0) + 1 > FORM_FIELD_LIMIT) {
        return done(bodyError('parameters.too.many', 413), undefined);
      }
      done(null, { ...parseQueryString(text, '&', '=', { maxKeys: FORM_FIELD_LIMIT }) });
    },
  );
  fastify.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_req, _body, done) =>
    done(null, undefined),
  );
}

/** The path (each segment decoded as the router will), the query and the parsed body. */
function findRequestProblem(req: FastifyRequest): FieldError | undefined {
  for (const segment of pathOf(req).split('/')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return BAD_PATH_ENCODING;
    }
    const problem = findInputProblem(decoded, 'path');
    if (problem) return problem;
  }
  return findInputProblem(req.query) ?? findInputProblem(req.body);
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
