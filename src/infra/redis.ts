// Redis through ioredis: one server (REDIS_URL) or a Redis Cluster (REDIS_CLUSTER_NODES); with
// neither, an in-memory stand-in (ioredis-mock). Every key of one email shares a hash slot, so
// the OTP scripts run on a cluster too.
import { Cluster, Redis as SingleRedis, type RedisOptions } from 'ioredis';
import { createRequire } from 'node:module';
import type RedisMockClass from 'ioredis-mock';
import { withTimeout } from '../lib/timeout.ts';

export type Redis = SingleRedis | Cluster;

export interface RedisConnectionOptions {
  /** Absent (and no cluster): an in-memory stand-in, for development and tests only. */
  url: string | undefined;
  /** A Redis Cluster's nodes; used instead of `url` when given. */
  clusterNodes?: { host: string; port: number }[] | undefined;
  /** Prefix for every key of this client: lets test files share one server without sharing keys. */
  keyPrefix?: string;
}

/**
 * How long the client waits for Redis to answer before it gives up by its own clock. Redis
 * answers in well under a millisecond; a request that needs it answers 503 within about this
 * long when it hangs (docs/DEPLOY.md).
 */
export const REDIS_DEADLINE_MS = 500;

/**
 * While Redis is down a command fails at once (no offline queue), so a request answers 503
 * instead of waiting; the client keeps reconnecting in the background and recovers by itself.
 *
 * A Redis that hangs (connections open, no answers) must fail as fast. `socketTimeout` closes a
 * connection that has commands waiting and gets no data for REDIS_DEADLINE_MS; the commands in
 * flight fail at once (maxRetriesPerRequest 0: none is sent again on the next connection, where
 * it could run twice), and while the client reconnects every command fails at once too. So one
 * request waits for one deadline at most: the rate limiter's command may wait for it, the OTP
 * command after it then fails at once (with a per-command timeout alone each would wait in turn).
 * A reconnection to a hung server stalls in its ready check, which the same timeout cuts.
 * `commandTimeout` stays as a bound on a single command whatever the socket does.
 */
const CLIENT_OPTIONS: RedisOptions = {
  enableOfflineQueue: false,
  maxRetriesPerRequest: 0,
  connectTimeout: 2_000,
  socketTimeout: REDIS_DEADLINE_MS,
  commandTimeout: 2 * REDIS_DEADLINE_MS,
  retryStrategy: (attempt) => Math.min(attempt * 100, 1_000),
};

export function createRedis({ url, clusterNodes, keyPrefix }: RedisConnectionOptions): Redis {
  const options = keyPrefix ? { ...CLIENT_OPTIONS, keyPrefix } : CLIENT_OPTIONS;
  if (clusterNodes?.length) {
    const { enableOfflineQueue, retryStrategy, ...nodeOptions } = CLIENT_OPTIONS;
    return new Cluster(clusterNodes, {
      enableOfflineQueue,
      clusterRetryStrategy: retryStrategy,
      ...(keyPrefix ? { keyPrefix } : {}),
      redisOptions: nodeOptions,
    });
  }
  if (!url) {
    // Loaded only here: the in-memory stand-in (development, no REDIS_URL) costs 12 MB of
    // resident memory that a production process never needs.
    const RedisMock = createRequire(import.meta.url)('ioredis-mock') as typeof RedisMockClass;
    return new RedisMock(options);
  }
  return new SingleRedis(url, options);
}

/** Resolves once the client can take commands; rejects after `timeoutMs` (it keeps trying). */
export async function waitUntilReady(redis: Redis, timeoutMs = 5_000): Promise<void> {
  // The in-memory stand-in has no connection, and so no status: it is always ready.
  if (redis.status === 'ready' || (redis.status as string | undefined) === undefined) return;
  await withTimeout(
    new Promise<void>((resolve) => redis.once('ready', () => resolve())),
    timeoutMs,
    `Redis was not ready within ${timeoutMs} ms`,
  );
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
