import { Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';

/**
 * Counters that normally live in Redis (shared by every replica) fall back to the process's own
 * while Redis cannot be reached, so sign-in and check-in keep working. Says so in the log once
 * per outage, and again when Redis is back.
 */
@Injectable()
export class RedisFallback {
  private readonly logger = new Logger('RedisFallback');
  private down = false;

  /** Runs `shared` against Redis when it is connected, else (or when it fails) `local`. */
  async run<T>(
    redis: Redis,
    what: string,
    shared: () => Promise<T>,
    local: () => T | Promise<T>,
  ): Promise<T> {
    if (redis.status === 'ready') {
      try {
        const result = await shared();
        this.up();
        return result;
      } catch (err) {
        this.fellBack(what, err);
      }
    } else {
      this.fellBack(what, new Error(`Redis connection is ${redis.status}`));
    }
    return local();
  }

  private fellBack(what: string, err: unknown): void {
    if (this.down) return;
    this.down = true;
    this.logger.warn(
      { err, what },
      `Redis unavailable: ${what} fall back to per-process limits until it is back`,
    );
  }

  private up(): void {
    if (!this.down) return;
    this.down = false;
    this.logger.log('Redis reachable again: rate limits are shared by every replica again');
  }
}
