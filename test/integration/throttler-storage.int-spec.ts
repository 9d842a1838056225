import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { RedisThrottlerStorage } from '../../src/modules/auth/login/redis-throttler.storage';
import { deleteRedisPrefix } from '../utils/test-app';
import { TEST_REDIS_URL } from '../utils/test-env';

describe('RedisThrottlerStorage (integration)', () => {
  const prefix = `xuefa-test-thr-${randomBytes(3).toString('hex')}`;
  const redis = new Redis(TEST_REDIS_URL);
  const storage = new RedisThrottlerStorage(redis, prefix);

  afterAll(async () => {
    await deleteRedisPrefix(prefix);
    redis.disconnect();
  });

  it('counts hits in a window shared by every client of the same Redis', async () => {
    const other = new RedisThrottlerStorage(redis, prefix);
    const results = [];
    for (let i = 0; i < 4; i++) {
      results.push(await (i % 2 ? other : storage).increment('k1', 60_000, 3, 0, 'login'));
    }
    expect(results.map((r) => r.totalHits)).toEqual([1, 2, 3, 4]);
    expect(results.map((r) => r.isBlocked)).toEqual([false, false, false, true]);
    expect(results[0].timeToExpire).toBeGreaterThan(58);
    expect(results[0].timeToExpire).toBeLessThanOrEqual(60);
  });

  it('starts a new window when the old one expires', async () => {
    // windows long enough that a stalled CI machine cannot end one between two calls
    await storage.increment('k2', 1000, 1, 0, 'login');
    expect((await storage.increment('k2', 1000, 1, 0, 'login')).isBlocked).toBe(true);
    await new Promise((r) => setTimeout(r, 1100));
    const fresh = await storage.increment('k2', 1000, 1, 0, 'login');
    expect(fresh).toMatchObject({ totalHits: 1, isBlocked: false });
  });

  it('keeps blocking for the block duration once the limit is passed', async () => {
    await storage.increment('k3', 1000, 1, 0, 'x');
    const blocked = await storage.increment('k3', 1000, 1, 5000, 'x');
    expect(blocked.isBlocked).toBe(true);
    await new Promise((r) => setTimeout(r, 1100));
    // the window has rolled over, but the block still holds
    expect((await storage.increment('k3', 1000, 1, 5000, 'x')).isBlocked).toBe(true);
  });
});
