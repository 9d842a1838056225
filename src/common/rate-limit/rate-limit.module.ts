import { Global, Module } from '@nestjs/common';
import { AttemptLimiter } from './attempt-limiter';
import { RedisFallback } from './redis-fallback';

/** Attempt counters shared by the API replicas through Redis (see AttemptLimiter). */
@Global()
@Module({
  providers: [AttemptLimiter, RedisFallback],
  exports: [AttemptLimiter, RedisFallback],
})
export class RateLimitModule {}
