import type { DynamicModule } from '@nestjs/common';
import { Module, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { SystemClock } from './common/clock/clock';
import { ClockModule } from './common/clock/clock.module';
import { RateLimitModule } from './common/rate-limit/rate-limit.module';
import type { AppConfig } from './config';
import { AppConfigModule } from './config';
import { DatabaseModule } from './database/database.module';
import { QueueModule } from './queue/queue.module';
import { RedisModule } from './queue/redis.module';
import { redactLinkUrl } from './modules/evidence/download-link';

/** Infrastructure shared by the API and worker processes. */
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CoreModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggerModule.forRoot({
          // every path: the default ('{/*splat}') matches nothing on the Fastify adapter
          forRoutes: [{ path: '*path', method: RequestMethod.ALL }],
          pinoHttp: {
            level: config.log.level,
            name: `xuefa-${config.role}`,
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
                url: redactLinkUrl(req.url),
              }),
            },
          },
        }),
        ClockModule.register(new SystemClock()),
        DatabaseModule,
        RedisModule,
        RateLimitModule,
        QueueModule,
      ],
    };
  }
}
