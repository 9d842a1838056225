import type { DynamicModule } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { SystemClock } from './common/clock/clock';
import { ClockModule } from './common/clock/clock.module';
import { httpLoggerParams } from './common/http/http-logger';
import { RateLimitModule } from './common/rate-limit/rate-limit.module';
import type { AppConfig } from './config';
import { AppConfigModule } from './config';
import { DatabaseModule } from './database/database.module';
import { QueueModule } from './queue/queue.module';
import { RedisModule } from './queue/redis.module';
import { redactLinkUrl } from './modules/evidence/exports/download-link';

/** Infrastructure shared by the API and worker processes. */
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CoreModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggerModule.forRoot(
          httpLoggerParams({
            level: config.log.level,
            name: `xuefa-${config.role}`,
            redactUrl: redactLinkUrl,
          }),
        ),
        ClockModule.register(new SystemClock()),
        DatabaseModule,
        RedisModule,
        RateLimitModule,
        QueueModule,
      ],
    };
  }
}
