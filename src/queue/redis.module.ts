import type { OnApplicationShutdown } from '@nestjs/common';
import { Global, Inject, Injectable, Module } from '@nestjs/common';
import { Redis } from 'ioredis';
import { AppConfig } from '../config';

export const REDIS = Symbol('REDIS');

/** Producer-style connection: fails fast instead of queueing commands while Redis is away. */
export function createRedis(url: string, name: string): Redis {
  return new Redis(url, {
    connectionName: name,
    maxRetriesPerRequest: 2,
    connectTimeout: 3000,
    lazyConnect: false,
  });
}

@Injectable()
class RedisCloser implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => createRedis(config.redis.url, `xuefa-${config.role}`),
    },
    RedisCloser,
  ],
  exports: [REDIS],
})
export class RedisModule {}
