// Starts and stops everything the API needs: PostgreSQL (given, or embedded), Redis (given, or
// in memory), the application, and the HTTP listener. Used by main.ts and by the tests.
import cluster from 'node:cluster';
import { createServer, type Server } from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { createApp, type App } from './app.ts';
import type { Config } from './config/env.ts';
import { applyMigrations, ensureDatabase } from './db/migrations.ts';
import { createDatabase, type Database } from './infra/database.ts';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from './infra/embedded-postgres.ts';
import type { Logger } from './infra/logger.ts';
import { createMailer } from './infra/mailer.ts';
import { closeRedis, createRedis, waitUntilReady, type Redis } from './infra/redis.ts';
import { clusterScrape } from './metrics/cluster.ts';
import { createMetrics } from './metrics/metrics.ts';

export interface RunningServer {
  app: App;
  url: string;
  db: Database;
  redis: Redis;
  stop(): Promise<void>;
}

const LOUD = '='.repeat(72);

export interface ProvidedDatabase {
  url: string;
  /** The embedded PostgreSQL this process started, if any. */
  embedded?: EmbeddedPostgresHandle;
}

/**
 * DATABASE_URL, or without it an embedded PostgreSQL in the project folder, migrated on start.
 * With several worker processes the primary calls this once and hands the URL to the workers.
 */
export async function provideDatabase(config: Config, logger: Logger): Promise<ProvidedDatabase> {
  if (config.databaseUrl) return { url: config.databaseUrl };
  logger.warn(
    `${LOUD}\nDATABASE_URL is not set: starting an EMBEDDED PostgreSQL with its data in ` +
      `${config.embeddedPostgres.dataDir} (port ${config.embeddedPostgres.port}). ` +
      `For development only; set DATABASE_URL to use your own server.\n${LOUD}`,
  );
  const embedded = await startEmbeddedPostgres({
    ...config.embeddedPostgres,
    log: (message) => logger.info(message),
  });
  try {
    await ensureDatabase(embedded.url);
    const { applied } = await applyMigrations({ databaseUrl: embedded.url });
    logger.info({ applied }, `embedded PostgreSQL ready; ${applied.length} migration(s) applied`);
  } catch (error) {
    await embedded.stop();
    throw error;
  }
  return { url: embedded.url, embedded };
}

function createRedisFor(config: Config, logger: Logger): Redis {
  if (!config.redisUrl && !config.redisClusterNodes) {
    logger.warn(
      `${LOUD}\nREDIS_URL is not set: using an IN-MEMORY Redis stand-in. One-time codes and ` +
        `limits are lost on restart and not shared between processes. Set REDIS_URL in production.\n${LOUD}`,
    );
  }
  const redis = createRedis({ url: config.redisUrl, clusterNodes: config.redisClusterNodes });
  // ioredis retries by itself; log instead of crashing on an unhandled 'error' event.
  redis.on('error', (error: Error) => logger.warn({ err: error }, 'Redis connection error'));
  return redis;
}

/** Stop listening once no request has come in for this long (or after QUIET_DEADLINE_MS). */
const QUIET_MS = 300;
const QUIET_DEADLINE_MS = 10_000;
/** After the listener is closed, keep-alive connections that stay idle are closed after this. */
const IDLE_GRACE_MS = 1_000;
/** After this, whatever is still open is cut. */
const DRAIN_DEADLINE_MS = 15_000;

interface Traffic {
  draining: boolean;
  inFlight: number;
  lastRequestAt: number;
}

/**
 * Graceful stop. First keep accepting until traffic goes quiet, answering with Connection: close:
 * connections a load balancer or the cluster primary has already handed over still get served.
 * Then stop listening without cutting idle keep-alive connections at once (http.Server.close()
 * would, failing a request a client is sending on one at that moment), and wait for every
 * request in flight.
 */
async function drain(http: Server, traffic: Traffic): Promise<void> {
  traffic.draining = true;
  const quietDeadline = Date.now() + QUIET_DEADLINE_MS;
  while (Date.now() < quietDeadline && (traffic.inFlight > 0 || Date.now() - traffic.lastRequestAt < QUIET_MS)) {
    await delay(50);
  }
  const closed = new Promise<void>((resolve) => {
    // net.Server's close: stop listening; resolves once every connection has ended.
    net.Server.prototype.close.call(http, () => resolve());
  });
  const idleTimer = setTimeout(() => http.closeIdleConnections(), IDLE_GRACE_MS);
  const deadline = setTimeout(() => http.closeAllConnections(), DRAIN_DEADLINE_MS);
  await closed;
  clearTimeout(idleTimer);
  clearTimeout(deadline);
}

export async function startServer(config: Config, logger: Logger): Promise<RunningServer> {
  const { url: databaseUrl, embedded } = await provideDatabase(config, logger);
  // A worker process answers a scrape with every worker's metrics, which the primary collects.
  const metrics = createMetrics(cluster.isWorker ? { makeScrape: clusterScrape } : {});
  const db = createDatabase({ url: databaseUrl, poolSize: config.databasePoolSize, onQuery: metrics.dbQuery });
  const redis = createRedisFor(config, logger);
  await waitUntilReady(redis).catch((error: unknown) =>
    // Serve anyway: /readyz says Redis is down, auth answers 503, and the client keeps reconnecting.
    logger.error({ err: error }, 'Redis is not reachable yet'),
  );
  const mailer = createMailer(config, logger);
  if (!config.smtpUrl) {
    logger.warn(
      `${LOUD}\nSMTP_URL is not set: one-time codes are written to this log as DEVELOPMENT MAILS, not sent.\n${LOUD}`,
    );
  }
  const app = createApp({ config, db, redis, mailer, logger, metrics });

  const traffic: Traffic = { draining: false, inFlight: 0, lastRequestAt: 0 };
  const http: Server = createServer((request, response) => {
    traffic.inFlight += 1;
    traffic.lastRequestAt = Date.now();
    response.once('close', () => (traffic.inFlight -= 1));
    // While stopping, each answer closes its connection, so keep-alive clients move on cleanly.
    if (traffic.draining) response.setHeader('connection', 'close');
    void app.yoga.requestListener(request, response);
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(config.port, config.host, () => resolve());
  });
  const { port } = http.address() as AddressInfo;
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
  // Only what this configuration serves: production turns GraphiQL off, and /graphql/playground answers 404 there.
  const graphiql = config.graphql.graphiql ? `, GraphiQL at ${url}/graphql/playground` : '';
  logger.info(`API listening on ${url}: GraphQL at ${url}/graphql${graphiql}`);

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await drain(http, traffic);
      await app.yoga.dispose();
      await db.$disconnect();
      await closeRedis(redis);
      await mailer.close();
      await embedded?.stop();
      logger.info('stopped');
    })());

  return { app, url, db, redis, stop };
}
