// A Redis client of one test file's own, for the tests that need Redis without an app (a store,
// say): the run's Redis (in-memory when REDIS_URL is unset) under a key prefix of the file's own.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, inject } from 'vitest';
import { closeRedis, createRedis, waitUntilReady, type Redis } from '../../src/infra/redis.ts';
import { deleteKeysOf } from './test-app.ts';

/** The client exists at once (a store can be built on it at the file's top); hooks wait for it and clean up. */
export function useTestRedis(name: string): Redis {
  const redis = createRedis({ url: inject('redisUrl'), keyPrefix: `test:${name}:${randomBytes(6).toString('hex')}:` });
  beforeAll(() => waitUntilReady(redis));
  afterAll(async () => {
    // Leave nothing behind on a shared server (blocks last up to 24 h).
    await deleteKeysOf(redis);
    await closeRedis(redis);
  });
  return redis;
}
