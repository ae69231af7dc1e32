// Redis through ioredis; without REDIS_URL an in-memory stand-in (ioredis-mock) takes its place.
import { Redis, type RedisOptions } from 'ioredis';
import RedisMock from 'ioredis-mock';
import { withTimeout } from '../lib/timeout.ts';

export type { Redis };

export interface RedisConnectionOptions {
  /** Absent: an in-memory stand-in, for development and tests only. */
  url: string | undefined;
  /** Prefix for every key of this client: lets test files share one server without sharing keys. */
  keyPrefix?: string;
}

/** Fail a command fast while Redis is down instead of queueing it forever. */
const CLIENT_OPTIONS: RedisOptions = {
  maxRetriesPerRequest: 1,
  connectTimeout: 2_000,
  commandTimeout: 2_000,
  enableOfflineQueue: true,
  retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
};

export function createRedis({ url, keyPrefix }: RedisConnectionOptions): Redis {
  const options = keyPrefix ? { ...CLIENT_OPTIONS, keyPrefix } : CLIENT_OPTIONS;
  if (!url) return new RedisMock(options);
  return new Redis(url, options);
}

export async function pingRedis(redis: Redis, timeoutMs = 1_500): Promise<void> {
  await withTimeout(redis.ping(), timeoutMs, 'Redis did not answer in time');
}

/** Closes the connection, waiting for replies in flight; forces it if Redis is gone. */
export async function closeRedis(redis: Redis): Promise<void> {
  try {
    await withTimeout(redis.quit(), 1_000, 'Redis quit timed out');
  } catch {
    redis.disconnect();
  }
}
