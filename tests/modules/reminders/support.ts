// Helpers of the reminder tests: a worker on the test app's database, and queue inspection.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { ReminderScheduler, ReminderWorker, type ReminderWorkerOptions } from '../../../src/modules/reminders/index.ts';
import { stopProcess } from '../../support/processes.ts';
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

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

export interface WorkerProcess {
  child: ChildProcess;
  output: string[];
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** `npm run worker`'s entry (src/worker.ts, through tsx) on the app's database; resolves once it has started. */
export async function startWorkerProcess(
  t: TestApp,
  { smtpUrl, concurrency = 4 }: { smtpUrl: string; concurrency?: number },
): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/worker.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      DATABASE_URL: t.config.databaseUrl,
      SMTP_URL: smtpUrl,
      REMINDER_WORKER_CONCURRENCY: String(concurrency),
      REMINDER_POLL_INTERVAL_MS: '100',
      REMINDER_STALE_WORKER_SECONDS: '2',
    },
    stdio: 'pipe',
  });
  const output: string[] = [];
  child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const lines = createInterface({ input: child.stdout });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not start:\n${output.join('\n')}`)), 60_000);
    lines.on('line', (line) => {
      output.push(line);
      if (line.includes('reminder worker started')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`worker exited with ${code}:\n${output.join('\n')}`));
    });
  });
  return { child, output, stop: (signal = 'SIGTERM') => stopProcess(child, signal).then(() => undefined) };
}

/** `count` notes on `jobId` whose reminders fall due at `at`, scheduled by the scheduler in one transaction. */
export async function scheduleNoteReminders(
  t: TestApp,
  { userId, jobId, count, at, label }: { userId: string; jobId: string; count: number; at: Date; label: string },
): Promise<string[]> {
  const scheduler = new ReminderScheduler();
  return t.db.$transaction(
    async (tx) => {
      const ids: string[] = [];
      for (let index = 0; index < count; index += 1) {
        const note = await tx.note.create({ data: { jobId, content: `${label} #${index}`, reminderTime: at } });
        await scheduler.reschedule(tx, { kind: 'note', itemId: note.id, userId, at, now: new Date() });
        ids.push(note.id);
      }
      return ids;
    },
    { timeout: 60_000 },
  );
}

/** Makes every queued reminder job due now (graphile-worker's run_at), so a test schedules well ahead yet waits for nothing. */
export async function runQueuedNow(t: TestApp): Promise<void> {
  await t.db.$executeRawUnsafe(`UPDATE graphile_worker._private_jobs SET run_at = now() WHERE locked_at IS NULL`);
}
