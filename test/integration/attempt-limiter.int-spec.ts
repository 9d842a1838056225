import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { AttemptLimiter } from '../../src/common/rate-limit/attempt-limiter';
import type { AttemptPolicy, AttemptState } from '../../src/common/rate-limit/attempt-limits';
import { takeAttempt } from '../../src/common/rate-limit/attempt-limits';
import { RedisFallback } from '../../src/common/rate-limit/redis-fallback';
import type { AppConfig } from '../../src/config';
import { deleteRedisPrefix } from '../utils/test-app';
import { TestClock } from '../utils/test-clock';
import { TEST_REDIS_URL } from '../utils/test-env';

const MIN = 60_000;
const policy: AttemptPolicy = {
  limit: 3,
  windowMs: 10 * MIN,
  blockMs: MIN,
  maxBlockMs: 8 * MIN,
  memoryMs: 30 * MIN,
};

describe('AttemptLimiter (integration)', () => {
  const prefix = `xuefa-test-att-${randomBytes(3).toString('hex')}`;
  const redis = new Redis(TEST_REDIS_URL);
  const clock = new TestClock();
  const config = { redis: { prefix } } as AppConfig;
  const limiter = new AttemptLimiter(redis, new RedisFallback(), clock, config);

  beforeAll(async () => {
    clock.freeze();
    if (redis.status !== 'ready') await new Promise((r) => redis.once('ready', r));
  });
  afterAll(async () => {
    await deleteRedisPrefix(prefix);
    redis.disconnect();
  });

  it('the Redis script answers exactly as takeAttempt() for a long run of attempts', async () => {
    // minutes between attempts: bursts, waits, a new window, a long quiet spell
    const gaps = [0, 0, 0, 0, 0.5, 0.6, 0, 1, 0, 3, 0, 0, 5, 9, 0, 0, 0, 0, 0, 0, 31, 0, 0, 0, 0];
    let state: AttemptState | undefined;
    const expected: number[] = [];
    const actual: number[] = [];
    for (const gap of gaps) {
      clock.advance(gap * MIN);
      const local = takeAttempt(state, clock.nowMs(), policy);
      state = local.state;
      expected.push(local.blockedMs);
      actual.push((await limiter.take('k1', policy)).blockedMs);
    }
    expect(actual).toEqual(expected);
    expect(expected.filter((ms) => ms > 0).length).toBeGreaterThan(5);
  });

  it('shares the count between limiters of one Redis, and forgets keys by prefix', async () => {
    const other = new AttemptLimiter(redis, new RedisFallback(), clock, config);
    const verdicts = [];
    for (let i = 0; i < 4; i++) {
      verdicts.push(await (i % 2 ? other : limiter).take(`login:ab:10.0.0.${i % 2}x`, policy));
    }
    // two keys, two attempts each: nobody waits yet
    expect(verdicts.map((v) => v.blockedMs)).toEqual([0, 0, 0, 0]);
    for (let i = 0; i < 2; i++) await limiter.take('login:ab:10.0.0.0x', policy);
    expect(await limiter.take('login:ab:10.0.0.0x', policy)).toMatchObject({ blockedMs: MIN });
    await limiter.take('login:cd:10.0.0.0x', policy);
    await other.resetPrefix('login:ab:');
    const keys = await redis.keys(`${prefix}:attempts:*`);
    expect(keys.sort()).toEqual([`${prefix}:attempts:k1`, `${prefix}:attempts:login:cd:10.0.0.0x`]);
    expect(await limiter.take('login:ab:10.0.0.0x', policy)).toMatchObject({ blockedMs: 0 });
  });
});
