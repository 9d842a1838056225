import { RequestMethod } from '@nestjs/common';
import type { Params } from 'nestjs-pino';
import pino from 'pino';

export interface HttpLoggerOptions {
  level: string;
  name: string;
  /** File descriptor or path (default 1, stdout). */
  dest?: number | string;
  /** true: every line written before the request goes on (pino's default; the bench's reference) */
  sync?: boolean;
  /** Rewrites a request URL for the log (credentials in paths, e.g. one-time download links). */
  redactUrl?: (url: string) => string;
}

/**
 * The one pino logger of a process (nestjs-pino): application lines and one line per request.
 * Lines go to an asynchronous destination: a request only appends its line to a buffer, which
 * is written while the event loop serves other requests, and pino flushes it synchronously on
 * process exit (process.exit after a graceful shutdown or a failed start, an uncaught
 * exception). Only a SIGKILL can lose the lines of the last write in flight.
 */
export function httpLoggerParams(options: HttpLoggerOptions): Params {
  const destination = pino.destination({ dest: options.dest ?? 1, sync: options.sync ?? false });
  const redactUrl = options.redactUrl ?? ((url: string) => url);
  return {
    // every path: the default ('{/*splat}') matches nothing on the Fastify adapter
    forRoutes: [{ path: '*path', method: RequestMethod.ALL }],
    pinoHttp: [
      {
        level: options.level,
        name: options.name,
        // Fastify assigns the request id (see createHttpAdapter in bootstrap.ts); middie
        // copies it onto the raw request pino-http sees.
        genReqId: (req) => (req as { id?: string }).id ?? '',
        redact: ['req.headers.authorization', 'req.headers.cookie', 'req.body.password'],
        // 503 (database unreachable) is logged once per outage by DatabaseAvailability;
        // its access lines are warnings, not one error per request
        customLogLevel: (_req, res, err) =>
          (err || res.statusCode >= 500) && res.statusCode !== 503
            ? 'error'
            : res.statusCode >= 400
              ? 'warn'
              : 'info',
        serializers: {
          req: (req: { id: string; method: string; url: string }) => ({
            id: req.id,
            method: req.method,
            // download-link tokens are credentials for a minute: never in the logs
            url: redactUrl(req.url),
          }),
        },
      },
      destination,
    ],
  };
}
