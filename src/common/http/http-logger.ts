import type { Params } from 'nestjs-pino';
import pino from 'pino';
import { redactLinkUrl } from '../../modules/evidence/exports/download-link';
import type { AppRequest } from './request-context';

export interface HttpLoggerOptions {
  level: string;
  name: string;
  /** File descriptor or path (default 1, stdout). */
  dest?: number | string;
  /** true: every line written before the request goes on (pino's default; the bench's reference) */
  sync?: boolean;
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
  return {
    pinoHttp: [
      {
        level: options.level,
        name: options.name,
        // The request id is assigned by the first middleware (see bootstrap.ts).
        genReqId: (req) => (req as unknown as AppRequest).id,
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
            url: redactLinkUrl(req.url),
          }),
        },
      },
      destination,
    ],
  };
}
