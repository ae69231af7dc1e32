// The worker as a process runs it (in-process in `npm start`, or alone in `npm run worker`):
// built from the configuration, with the queue's figures for /metrics.
import type { Config } from '../../config/env.ts';
import type { Database } from '../../infra/database.ts';
import type { Logger } from '../../infra/logger.ts';
import type { Mailer } from '../../infra/mailer.ts';
import type { QueueEvents, QueueFigures } from '../../metrics/hooks.ts';
import { ReminderWorker } from './reminder.worker.ts';

/** The metrics' `queue` label of the reminders. */
export const REMINDER_QUEUE = 'reminders';

/** Depth and the oldest due-but-unsent age, over every worker process: one statement per scrape. */
export async function reminderQueueFigures(db: Database): Promise<QueueFigures> {
  const [row] = await db.sql.probeRows<{ depth: number; oldest: number }>(`
    SELECT count(*)::int AS depth,
           coalesce(extract(epoch FROM now() - min(due_at) FILTER (WHERE due_at <= now())), 0)::float8 AS oldest
    FROM reminder_deliveries WHERE state IN ('scheduled', 'sending')`);
  return { depth: row?.depth ?? 0, oldestDueSeconds: row?.oldest ?? 0 };
}

export interface ReminderWorkerDependencies {
  config: Config;
  databaseUrl: string;
  db: Database;
  mailer: Mailer;
  logger: Logger;
  events?: QueueEvents;
}

export function createReminderWorker({
  config,
  databaseUrl,
  db,
  mailer,
  logger,
  events,
}: ReminderWorkerDependencies): ReminderWorker {
  return new ReminderWorker({
    connectionString: databaseUrl,
    db,
    mailer,
    logger: logger.child({ component: 'reminder-worker' }),
    concurrency: config.worker.concurrency,
    pollIntervalMs: config.worker.pollIntervalMs,
    staleWorkerMs: config.worker.staleWorkerMs,
    ...(events ? { events } : {}),
  });
}
