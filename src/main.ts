// Entry point: read the configuration (.env if present), start, and stop cleanly on a signal.
// WEB_CONCURRENCY > 1 runs that many worker processes (Node cluster) on one port, like the
// seed's `gunicorn -w 4`; the primary only supervises them.
import './config/load-dotenv.ts';
import cluster from 'node:cluster';
import { loadConfigOrExit, type Config } from './config/env.ts';
import { createLogger, type Logger } from './infra/logger.ts';
import { serveClusterMetrics } from './metrics/cluster.ts';
import { provideDatabase, startServer } from './server.ts';

/** A worker still running this long after its readiness grace and drain bound is killed. */
const WORKER_STOP_MARGIN_MS = 15_000;

function onStopSignal(logger: Logger, stop: () => Promise<void>): void {
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    // `on`, not `once`, and later signals ignored: without a listener a second signal would
    // end the process at once, mid-drain. Heroku and systemd (KillMode=control-group) signal
    // every process of the group, so a worker gets SIGTERM twice: from there and from the primary.
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      logger.info(`${signal} received: shutting down`);
      stop().then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
    });
  }
}

async function runServer(config: Config, logger: Logger): Promise<void> {
  const server = await startServer(config, logger);
  onStopSignal(logger, server.stop);
}

async function runPrimary(config: Config, logger: Logger): Promise<void> {
  if (!config.redisUrl && !config.redisClusterNodes) {
    throw new Error('WEB_CONCURRENCY > 1 needs REDIS_URL: the in-memory stand-in cannot be shared between processes');
  }
  // One embedded PostgreSQL (if any) for all workers, started and migrated here.
  const database = await provideDatabase(config, logger);
  let stopping = false;
  const fork = () => cluster.fork({ DATABASE_URL: database.url });
  // A worker's /metrics asks here for the sum over all workers.
  serveClusterMetrics();
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    logger.error({ pid: worker.process.pid, code, signal }, 'a worker died; starting another');
    fork();
  });
  for (let index = 0; index < config.webConcurrency; index += 1) fork();
  logger.info(`started ${config.webConcurrency} worker processes`);

  // Each worker turns its /readyz to 503, keeps accepting for the readiness grace, then drains.
  const workerStopTimeoutMs = config.shutdown.readinessGraceMs + config.shutdown.drainMs + WORKER_STOP_MARGIN_MS;
  onStopSignal(logger, async () => {
    stopping = true;
    const workers = Object.values(cluster.workers ?? {}).filter((worker) => worker !== undefined);
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve) => {
            if (worker.isDead()) return resolve();
            const timer = setTimeout(() => worker.process.kill('SIGKILL'), workerStopTimeoutMs);
            worker.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
            worker.process.kill('SIGTERM');
          }),
      ),
    );
    await database.embedded?.stop();
    logger.info('all workers stopped');
  });
}

const config = loadConfigOrExit();

const logger = createLogger(config);

try {
  if (config.webConcurrency > 1 && cluster.isPrimary) await runPrimary(config, logger);
  else await runServer(config, logger);
} catch (error) {
  logger.fatal({ err: error }, `could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
