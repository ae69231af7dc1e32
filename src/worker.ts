// `npm run worker` (Procfile `worker:`): the reminder worker alone, without HTTP. Scale by
// running more of these; they share nothing but PostgreSQL. Web processes then run with
// WORKER_ENABLED=false. Stops cleanly on SIGTERM/SIGINT: the mails being sent finish, the
// rest stay queued.
import './config/load-dotenv.ts';
import { loadConfigOrExit } from './config/env.ts';
import { createDatabase } from './infra/database.ts';
import { createLogger } from './infra/logger.ts';
import { createMailer } from './infra/mailer.ts';
import { createReminderWorker } from './modules/reminders/index.ts';

const config = loadConfigOrExit();
const logger = createLogger(config);
if (!config.databaseUrl) {
  // The embedded PostgreSQL belongs to `npm start`, which runs the worker in-process already.
  logger.fatal('npm run worker needs DATABASE_URL: without it, `npm start` runs the worker in-process');
  process.exit(1);
}

const db = createDatabase({ url: config.databaseUrl, poolSize: config.worker.concurrency + 2 });
const mailer = createMailer(config, logger);
const worker = createReminderWorker({ config, databaseUrl: config.databaseUrl, db, mailer, logger });

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal} received: stopping the reminder worker`);
    void (async () => {
      try {
        await worker.stop();
        await db.$disconnect();
        await mailer.close();
        process.exit(0);
      } catch (error) {
        logger.error({ err: error }, 'worker shutdown failed');
        process.exit(1);
      }
    })();
  });
}

try {
  await worker.start();
  logger.info(`reminder worker started (concurrency ${config.worker.concurrency})`);
} catch (error) {
  logger.fatal(
    { err: error },
    `the reminder worker could not start: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
}
