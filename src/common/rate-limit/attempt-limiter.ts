import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { AppConfig } from '../../config';
import { REDIS } from '../../queue/redis.module';
import { Clock } from '../clock/clock';
import type { AttemptPolicy, AttemptState } from './attempt-limits';
import { isIdle, takeAttempt } from './attempt-limits';
import { RedisFallback } from './redis-fallback';

/** takeAttempt() (attempt-limits.ts) in Lua, so replicas share one atomic counter per key. */
const TAKE = `
local now = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local windowMs = tonumber(ARGV[3])
local blockMs = tonumber(ARGV[4])
local maxBlockMs = tonumber(ARGV[5])
local memoryMs = tonumber(ARGV[6])
local v = redis.call('HMGET', KEYS[1], 'c', 'w', 'l', 'u')
local count = tonumber(v[1]) or 0
local windowStart = tonumber(v[2]) or 0
local level = tonumber(v[3]) or 0
local blockedUntil = tonumber(v[4]) or 0
if blockedUntil > now then return {blockedUntil - now, 0} end
if level > 0 and now - blockedUntil >= memoryMs then level = 0 end
if now - windowStart >= windowMs then
  windowStart = now
  count = 0
end
count = count + 1
local allowance = limit
if level > 0 then allowance = 1 end
local blocked = 0
if count > allowance then
  level = level + 1
  blocked = blockMs * 2 ^ math.min(level - 1, 30)
  if blocked > maxBlockMs then blocked = maxBlockMs end
  count = 0
  windowStart = now
  blockedUntil = now + blocked
end
redis.call('HSET', KEYS[1], 'c', count, 'w', string.format('%.0f', windowStart), 'l', level,
  'u', string.format('%.0f', blockedUntil))
redis.call('PEXPIRE', KEYS[1], ARGV[7])
if blocked > 0 then return {blocked, 1} end
return {0, 0}
`;

const PRUNE_ABOVE = 10_000;

export interface AttemptVerdict {
  /** 0 = go ahead; otherwise refuse: the key waits this many ms. */
  blockedMs: number;
  /** This attempt started the wait (for the audit log). */
  newBlock: boolean;
}

/**
 * Counts attempts per key against a policy (see attempt-limits.ts): in Redis, shared by every
 * replica, or in this process while Redis is unreachable. Callers take an attempt before the
 * check they protect (so concurrent guesses cannot slip past the count) and reset the key when
 * the check succeeds. Time comes from the injected clock.
 */
@Injectable()
export class AttemptLimiter {
  private readonly local = new Map<string, { state: AttemptState; policy: AttemptPolicy }>();

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly fallback: RedisFallback,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async take(key: string, policy: AttemptPolicy): Promise<AttemptVerdict> {
    const now = this.clock.nowMs();
    return this.fallback.run(
      this.redis,
      'attempt limits',
      async () => {
        const ttl = policy.windowMs + policy.maxBlockMs + policy.memoryMs;
        const [blockedMs, newBlock] = (await this.redis.eval(
          TAKE,
          1,
          this.redisKey(key),
          String(now),
          String(policy.limit),
          String(policy.windowMs),
          String(policy.blockMs),
          String(policy.maxBlockMs),
          String(policy.memoryMs),
          String(ttl),
        )) as [number, number];
        return { blockedMs: Number(blockedMs), newBlock: Number(newBlock) === 1 };
      },
      () => {
        const outcome = takeAttempt(this.local.get(key)?.state, now, policy);
        this.local.set(key, { state: outcome.state, policy });
        if (this.local.size > PRUNE_ABOVE) this.prune(now);
        return { blockedMs: outcome.blockedMs, newBlock: outcome.newBlock };
      },
    );
  }

  /** Forgets a key (the protected check succeeded). */
  async reset(key: string): Promise<void> {
    this.local.delete(key);
    await this.fallback.run(
      this.redis,
      'attempt limits',
      async () => void (await this.redis.del(this.redisKey(key))),
      () => undefined,
    );
  }

  /** Forgets every key that starts with `prefix` (which must not contain `*?[]\`). */
  async resetPrefix(prefix: string): Promise<void> {
    for (const key of this.local.keys()) if (key.startsWith(prefix)) this.local.delete(key);
    await this.fallback.run(
      this.redis,
      'attempt limits',
      async () => {
        let cursor = '0';
        do {
          const [next, keys] = await this.redis.scan(
            cursor,
            'MATCH',
            `${this.redisKey(prefix)}*`,
            'COUNT',
            1000,
          );
          cursor = next;
          if (keys.length) await this.redis.del(...keys);
        } while (cursor !== '0');
      },
      () => undefined,
    );
  }

  private redisKey(key: string): string {
    return `${this.config.redis.prefix}:attempts:${key}`;
  }

  private prune(now: number): void {
    for (const [key, { state, policy }] of this.local) {
      if (isIdle(state, now, policy)) this.local.delete(key);
    }
  }
}
