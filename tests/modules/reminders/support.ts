// Helpers of the reminder tests: a worker on the test app's database, and queue inspection.
import { pino } from 'pino';
import { ReminderWorker, type ReminderWorkerOptions } from '../../../src/modules/reminders/index.ts';
import type { TestApp } from '../../support/test-app.ts';

/** A worker over the app's database (its own graphile-worker pool), quick to poll and to find dead workers. */
export function testWorker(t: TestApp, options: Partial<ReminderWorkerOptions> = {}): ReminderWorker {
  return new ReminderWorker({
    connectionString: t.config.databaseUrl!,
    db: t.db,
    mailer: t.deps.mailer,
    logger: pino({ level: 'silent' }),
    concurrency: 4,
    pollIntervalMs: 100,
    staleWorkerMs: 2_000,
    ...options,
  });
}

export interface DeliveryRow {
  state: string;
  skipReason: string | null;
  dueAt: Date;
  attempts: number;
}

export const deliveriesOf = (t: TestApp, itemId: string) =>
  t.db.reminderDelivery.findMany({ where: { itemId }, orderBy: { createdAt: 'asc' } });

/** The queue's jobs (graphile_worker), by task. */
export async function queuedJobs(t: TestApp): Promise<{ id: string; key: string | null; runAt: Date }[]> {
  return t.db.sql.probeRows(
    `SELECT id::text, key, run_at AS "runAt" FROM graphile_worker._private_jobs ORDER BY run_at`,
  );
}

/** Polls `check` until it holds (outcomes, not time: the deadline only bounds a broken run). */
export async function eventually<T>(check: () => Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
