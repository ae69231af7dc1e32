// Starts and stops everything the API needs: PostgreSQL (given, or embedded), Redis (given, or
// in memory), the application, and the HTTP listener. Used by main.ts and by the tests.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, type App } from './app.ts';
import type { Config } from './config/env.ts';
import { applyMigrations, ensureDatabase } from './db/migrations.ts';
import { createDatabase, type Database } from './infra/database.ts';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from './infra/embedded-postgres.ts';
import type { Logger } from './infra/logger.ts';
import { createMailer } from './infra/mailer.ts';
import { closeRedis, createRedis, waitUntilReady, type Redis } from './infra/redis.ts';

export interface RunningServer {
  app: App;
  url: string;
  db: Database;
  redis: Redis;
  stop(): Promise<void>;
}

const LOUD = '='.repeat(72);

/** Without DATABASE_URL: an embedded PostgreSQL in the project folder, migrated on start. */
async function resolveDatabaseUrl(
  config: Config,
  logger: Logger,
): Promise<{ url: string; embedded?: EmbeddedPostgresHandle }> {
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
  if (!config.redisUrl) {
    logger.warn(
      `${LOUD}\nREDIS_URL is not set: using an IN-MEMORY Redis stand-in. One-time codes and ` +
        `limits are lost on restart and not shared between processes. Set REDIS_URL in production.\n${LOUD}`,
    );
  }
  const redis = createRedis({ url: config.redisUrl });
  // ioredis retries by itself; log instead of crashing on an unhandled 'error' event.
  redis.on('error', (error: Error) => logger.warn({ err: error }, 'Redis connection error'));
  return redis;
}

export async function startServer(config: Config, logger: Logger): Promise<RunningServer> {
  const { url: databaseUrl, embedded } = await resolveDatabaseUrl(config, logger);
  const db = createDatabase({ url: databaseUrl, poolSize: config.databasePoolSize });
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
  const app = createApp({ config, db, redis, mailer, logger });

  const http: Server = createServer(app.yoga.requestListener);
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(config.port, config.host, () => resolve());
  });
  const { port } = http.address() as AddressInfo;
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
  logger.info(`API listening on ${url}: GraphQL at ${url}/graphql, GraphiQL at ${url}/graphql/playground`);

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      // Stop accepting, let requests in flight finish, then close what they used.
      await new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeIdleConnections();
      });
      await app.yoga.dispose();
      await db.$disconnect();
      await closeRedis(redis);
      await mailer.close();
      await embedded?.stop();
      logger.info('stopped');
    })());

  return { app, url, db, redis, stop };
}
