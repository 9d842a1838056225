import type { RedisOptions } from 'bullmq';

/**
 * Connection options for BullMQ queues and workers. Workers block on Redis and must wait out a
 * restart, so BullMQ requires `maxRetriesPerRequest: null`; producers get their fail-fast
 * behaviour from the timeout in JobQueueService instead.
 */
export function bullConnection(redisUrl: string): RedisOptions {
  const url = new URL(redisUrl);
  return {
    host: url.hostname,
    port: Number(url.port || 6379),
    username: url.username ? decodeURIComponent(url.username) : undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0,
    tls: url.protocol === 'rediss:' ? {} : undefined,
    maxRetriesPerRequest: null,
  };
}
