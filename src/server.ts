// Starts and stops everything the API needs: PostgreSQL (given, or embedded), Redis (given, or
// in memory), the application, and the HTTP listener. Used by main.ts and by the tests.
import cluster from 'node:cluster';
import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import net, { type AddressInfo, type Socket } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { createApp, type App } from './app.ts';
import type { Config } from './config/env.ts';
import { MIGRATE_COMMAND } from './http/readiness.ts';
import { applyMigrations, ensureDatabase } from './db/migrations.ts';
import { createDatabase, type Database } from './infra/database.ts';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from './infra/embedded-postgres.ts';
import type { Logger } from './infra/logger.ts';
import { createMailer } from './infra/mailer.ts';
import { closeRedis, createRedis, waitUntilReady, type Redis } from './infra/redis.ts';
import { clusterScrape } from './metrics/cluster.ts';
import { createMetrics } from './metrics/metrics.ts';
import { errorStatus, type ErrorCode } from './lib/errors.ts';
import { createReminderWorker, REMINDER_QUEUE, reminderQueueFigures } from './modules/reminders/index.ts';

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

/** Without a load balancer polling /readyz, stop listening once no request came in for this long. */
const QUIET_MS = 300;
/** After the listener is closed, keep-alive connections that stay idle are closed after this. */
const IDLE_GRACE_MS = 1_000;

export interface HttpServerOptions {
  /** A request whose headers or body stop arriving for this long gets a 408 and its connection closed. */
  idleTimeoutMs: number;
}

export interface ShutdownOptions {
  /** How long to keep accepting after readiness turned 503 (SHUTDOWN_READINESS_GRACE_SECONDS). */
  readinessGraceMs: number;
  /** Then how long requests in flight get before every connection is cut (SHUTDOWN_DRAIN_SECONDS). */
  drainMs: number;
  /**
   * Whether a load balancer polls /readyz: then it needs the whole grace to see the 503 and stop
   * sending. Otherwise (nothing routes on readiness) the grace ends as soon as traffic is quiet.
   */
  balancerPolls: boolean;
  log(message: string): void;
}

export interface HttpServer {
  http: Server;
  /** Keeps accepting for the readiness grace, then stops listening and drains. */
  shutdown(options: ShutdownOptions): Promise<void>;
}

interface Traffic {
  draining: boolean;
  inFlight: number;
  lastRequestAt: number;
}

/** Per connection: the request being received or answered, and where the last one ended. */
interface ConnectionState {
  current: { request: IncomingMessage; response: ServerResponse } | undefined;
  /** socket.bytesRead when the last request had been read whole; Infinity while unknown. */
  bytesReadAtLastRequestEnd: number;
}

function requestTimeoutResponse(idleTimeoutMs: number): Buffer {
  const code = 'REQUEST_TIMEOUT' satisfies ErrorCode;
  const body = JSON.stringify({
    errors: [
      {
        message: `Request timeout: nothing of the request arrived for ${idleTimeoutMs / 1000} s`,
        extensions: { code },
      },
    ],
  });
  const status = errorStatus(code);
  return Buffer.from(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/**
 * The HTTP listener of `app`. Slow clients: an IDLE timeout on each connection (socket.setTimeout,
 * reset by every byte), not a total, so that a slow but steady upload is never cut. A request whose
 * headers or body stop midway gets a 408 and is closed; an idle keep-alive connection is closed
 * silently (Node's keepAliveTimeout); a request the server is still working on is left alone.
 * headersTimeout stays a total (headers are at most 16 KB); requestTimeout, a total over the
 * body, is off.
 */
export function createHttpServer(app: App, { idleTimeoutMs }: HttpServerOptions): HttpServer {
  const traffic: Traffic = { draining: false, inFlight: 0, lastRequestAt: 0 };
  const connections = new WeakMap<Socket, ConnectionState>();
  const stateOf = (socket: Socket): ConnectionState => {
    let state = connections.get(socket);
    if (!state) connections.set(socket, (state = { current: undefined, bytesReadAtLastRequestEnd: 0 }));
    return state;
  };
  const timedOutResponse = requestTimeoutResponse(idleTimeoutMs);

  const http: Server = createServer({ requestTimeout: 0, headersTimeout: 60_000 }, (request, response) => {
    traffic.inFlight += 1;
    traffic.lastRequestAt = Date.now();
    const state = stateOf(request.socket);
    const current = { request, response };
    state.current = current;
    response.once('close', () => (traffic.inFlight -= 1));
    response.once('finish', () => {
      if (state.current === current) state.current = undefined;
      // Bytes after this point belong to the next request on the connection.
      if (request.complete) state.bytesReadAtLastRequestEnd = request.socket.bytesRead;
      else {
        state.bytesReadAtLastRequestEnd = Infinity;
        request.once('end', () => (state.bytesReadAtLastRequestEnd = request.socket.bytesRead));
      }
    });
    // While stopping, each answer closes its connection, so keep-alive clients move on cleanly.
    if (traffic.draining) response.setHeader('connection', 'close');
    void app.yoga.requestListener(request, response);
  });
  http.setTimeout(idleTimeoutMs);
  // With a listener here Node no longer destroys the socket by itself on an idle timeout.
  http.on('timeout', (socket: Socket) => {
    const state = stateOf(socket);
    const timeOut = (canAnswer: boolean) => {
      if (canAnswer && socket.writable && !socket.writableEnded) socket.end(timedOutResponse, () => socket.destroy());
      else socket.destroy();
    };
    const current = state.current;
    if (current) {
      // The body stopped midway: answer 408 unless an answer has begun.
      if (!current.request.complete) return timeOut(!current.response.headersSent);
      // The client does not read the answer.
      if (current.response.headersSent && socket.writableLength > 0) return socket.destroy();
      // The server is still working on a request received whole: not the client's doing.
      return;
    }
    // Between requests: bytes since the last one are a request whose headers stopped midway;
    // none, an idle keep-alive connection.
    timeOut(socket.bytesRead > state.bytesReadAtLastRequestEnd);
  });

  /**
   * Graceful stop, with /readyz already answering 503. First keep accepting (answering with
   * Connection: close) for the readiness grace: a balancer keeps sending until its next probes
   * see the 503, and connections the cluster primary has already handed over still get served.
   * Then stop listening without cutting idle keep-alive connections at once (http.Server.close()
   * would, failing a request a client is sending on one at that moment), and wait for every
   * request in flight, for drainMs at most.
   */
  async function shutdown({ readinessGraceMs, drainMs, balancerPolls, log }: ShutdownOptions): Promise<void> {
    traffic.draining = true;
    const graceEnds = Date.now() + readinessGraceMs;
    if (balancerPolls) await delay(readinessGraceMs);
    else {
      while (Date.now() < graceEnds && (traffic.inFlight > 0 || Date.now() - traffic.lastRequestAt < QUIET_MS)) {
        await delay(50);
      }
    }
    log(`stopped accepting connections; finishing ${traffic.inFlight} request(s) in flight`);
    const closed = new Promise<void>((resolve) => {
      // net.Server's close: stop listening; resolves once every connection has ended.
      net.Server.prototype.close.call(http, () => resolve());
    });
    const idleTimer = setTimeout(() => http.closeIdleConnections(), IDLE_GRACE_MS);
    const deadline = setTimeout(() => {
      log(`cutting the connections still open after ${drainMs / 1000} s (SHUTDOWN_DRAIN_SECONDS)`);
      http.closeAllConnections();
    }, drainMs);
    await closed;
    clearTimeout(idleTimer);
    clearTimeout(deadline);
  }

  return { http, shutdown };
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
  // The reminder worker runs in this process unless WORKER_ENABLED=false (then `npm run worker`
  // runs it); the queue's figures are on /metrics either way.
  const reminderEvents = metrics.queue(REMINDER_QUEUE, () => reminderQueueFigures(db));
  const worker = config.worker.enabled
    ? createReminderWorker({ config, databaseUrl, db, mailer, logger, events: reminderEvents })
    : undefined;
  const app = createApp({
    config,
    db,
    redis,
    mailer,
    logger,
    metrics,
    ...(worker ? { readiness: { background: [worker] } } : {}),
  });

  const migrations = await app.readiness.checkMigrations();
  if (migrations.status === 'missing') {
    // Serve anyway, with /readyz answering 503 until they are applied: a release step running
    // meanwhile makes this process ready without a restart.
    logger.error(
      { missing: migrations.missing },
      `The database lacks ${migrations.missing.length} migration(s) of this build (${migrations.missing.join(', ')}): ` +
        `run ${MIGRATE_COMMAND}. /readyz answers 503 until they are applied.`,
    );
  }

  const { http, shutdown } = createHttpServer(app, { idleTimeoutMs: config.httpIdleTimeoutMs });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(config.port, config.host, () => resolve());
  });
  const { port } = http.address() as AddressInfo;
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
  // Only what this configuration serves: production turns GraphiQL off, and /graphql/playground answers 404 there.
  const graphiql = config.graphql.graphiql ? `, GraphiQL at ${url}/graphql/playground` : '';
  logger.info(`API listening on ${url}: GraphQL at ${url}/graphql${graphiql}`);
  // Started in the background, so that the caller gets the server (and its signal handlers) at
  // once; serve anyway when it cannot start: /readyz's body shows it failing.
  const workerStarted = worker?.start().then(
    () => logger.info('reminder worker started in this process'),
    (error: unknown) => logger.error({ err: error }, 'the reminder worker could not start'),
  );

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      app.readiness.startShutdown();
      const grace = config.shutdown.readinessGraceMs / 1000;
      logger.info(
        app.readiness.probed
          ? `shutting down: /readyz answers 503; still accepting connections for ${grace} s (SHUTDOWN_READINESS_GRACE_SECONDS)`
          : `shutting down: /readyz answers 503; still accepting connections until traffic is quiet (at most ${grace} s)`,
      );
      await shutdown({
        ...config.shutdown,
        balancerPolls: app.readiness.probed,
        log: (message) => logger.info(message),
      });
      await app.yoga.dispose();
      // Lets the reminders being sent finish; the others stay queued for the next worker.
      await workerStarted;
      await worker?.stop();
      await db.$disconnect();
      await closeRedis(redis);
      await mailer.close();
      await embedded?.stop();
      logger.info('stopped');
    })());

  return { app, url, db, redis, stop };
}
