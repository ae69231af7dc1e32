// `npm run bench -- --reminders-only`: 10,000 note reminders due within one minute, two worker
// processes (dist/worker.js, production mode) sharing nothing but PostgreSQL, an SMTP sink in this
// process. Measured: the time from the last reminder falling due to the last mail reaching the
// sink, the p50/p99/max lateness of a reminder (sent_at - due_at, per delivery), duplicates and
// losses, and the scheduling statement's time (the one statement a write adds).
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import path from 'node:path';
import type pg from 'pg';
import { Prisma } from '../../src/generated/prisma/client.ts';
import { ReminderScheduler } from '../../src/modules/reminders/index.ts';
import { rescheduleSql } from '../../src/modules/reminders/reminder.scheduler.ts';
import { startTestSmtpServer } from '../../tests/support/smtp-server.ts';
import { createMigratedDatabase, dropDatabase, withClient } from './postgres.ts';
import { fmt, type Row } from './report.ts';
import { JWT_SECRET, ROOT, SECRET_KEY } from './settings.ts';

export const REMINDER_COUNT = 10_000;
const SPREAD_MS = 60_000;
/** Time to schedule them all before the first falls due. */
const LEAD_MS = 30_000;
const WORKERS = 2;
const SAMPLE_WRITES = 200;

/** The scheduler's statement, run through a plain pg client as Prisma would send it. */
function txLike(client: pg.Client): Prisma.TransactionClient {
  return {
    $queryRaw: async (query: Prisma.Sql): Promise<unknown[]> =>
      (await client.query<Record<string, unknown>>(query.text, query.values)).rows,
  } as unknown as Prisma.TransactionClient;
}

function startWorker(databaseUrl: string, smtpUrl: string, index: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--max-old-space-size=128', path.join(ROOT, 'dist', 'worker.js')], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      DATABASE_URL: databaseUrl,
      // One SMTP connection per concurrent send (the default pool has 3).
      SMTP_URL: `${smtpUrl}?maxConnections=${process.env.BENCH_REMINDER_CONCURRENCY ?? '10'}`,
      REDIS_URL: 'redis://127.0.0.1:6379/15',
      JWT_SECRET_KEY: JWT_SECRET,
      SECRET_KEY,
      BCRYPT_COST: '10',
      REMINDER_WORKER_CONCURRENCY: process.env.BENCH_REMINDER_CONCURRENCY ?? '10',
    },
    stdio: 'pipe',
  });
  const output: string[] = [];
  child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      output.push(line);
      if (line.includes('reminder worker started')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`worker ${index} exited with ${code}:\n${output.join('\n')}`)));
  });
}

export interface ReminderBench {
  rows: Row[];
  notes: string[];
}

export async function measureReminders(say: (message: string) => void): Promise<ReminderBench> {
  const name = `jat_bench_reminders_${process.pid}`;
  const url = await createMigratedDatabase(name);
  const smtp = await startTestSmtpServer();
  const arrivals: number[] = [];
  const originalPush = smtp.mails.push.bind(smtp.mails);
  // The sink records each mail before answering 250: stamp its arrival.
  smtp.mails.push = (...mails) => {
    for (let index = 0; index < mails.length; index += 1) arrivals.push(Date.now());
    return originalPush(...mails);
  };
  const workers: ChildProcess[] = [];
  try {
    const { userId, jobId } = await withClient(url, async (client) => {
      // Follow-up sweeps and the like find nothing: one user, jobs without status events.
      const user = await client.query<{ id: string }>(
        `INSERT INTO users (id, email, password_hash, first_name, last_name, is_active, updated_at)
         VALUES (gen_random_uuid(), 'reminders@bench.local', 'x', 'Bench', 'User', true, now()) RETURNING id`,
      );
      const job = await client.query<{ id: string }>(
        `INSERT INTO jobs (id, user_id, company_name, position, updated_at)
         VALUES (gen_random_uuid(), $1, 'Bench Co', 'Engineer', now()) RETURNING id`,
        [user.rows[0]!.id],
      );
      return { userId: user.rows[0]!.id, jobId: job.rows[0]!.id };
    });
    say(`reminders: starting ${WORKERS} worker processes`);
    workers.push(...(await Promise.all(Array.from({ length: WORKERS }, (_, i) => startWorker(url, smtp.url, i)))));

    // The statement a write adds, timed on single writes (far ahead: they never fall due here).
    say(`reminders: timing ${SAMPLE_WRITES} single scheduling writes`);
    const scheduler = new ReminderScheduler();
    const statementMs: number[] = [];
    await withClient(url, async (client) => {
      for (let index = 0; index < SAMPLE_WRITES; index += 1) {
        const at = new Date(Date.now() + 30 * 24 * 3_600_000);
        await client.query('BEGIN');
        const note = await client.query<{ id: string }>(
          `INSERT INTO notes (id, job_id, content, reminder_time) VALUES (gen_random_uuid(), $1, 'sample', $2) RETURNING id`,
          [jobId, at],
        );
        const started = performance.now();
        await scheduler.reschedule(txLike(client), {
          kind: 'note',
          itemId: note.rows[0]!.id,
          userId,
          at,
          now: new Date(),
        });
        statementMs.push(performance.now() - started);
        await client.query('COMMIT');
      }
    });

    // The 10,000: their notes in one INSERT, then the same scheduling statement over all of them
    // at once (one per write would take longer than the lead on a shared 2-core machine).
    const firstDue = Date.now() + LEAD_MS;
    const dueAt = (index: number) => new Date(firstDue + Math.floor((index * SPREAD_MS) / REMINDER_COUNT));
    say(`reminders: scheduling ${REMINDER_COUNT} notes due within one minute`);
    const bulkJob = await withClient(url, async (client) => {
      const job = await client.query<{ id: string }>(
        `INSERT INTO jobs (id, user_id, company_name, position, updated_at)
         VALUES (gen_random_uuid(), $1, 'Bench Co', 'Engineer', now()) RETURNING id`,
        [userId],
      );
      const id = job.rows[0]!.id;
      await client.query(
        `INSERT INTO notes (id, job_id, content, reminder_time)
         SELECT gen_random_uuid(), $1, 'Bench reminder #' || i,
                to_timestamp(($2::bigint + (i::bigint * $3::bigint) / $4::bigint) / 1000.0)
         FROM generate_series(0, $4::int - 1) AS i`,
        [id, firstDue, SPREAD_MS, REMINDER_COUNT],
      );
      const items = Prisma.sql`SELECT n.id AS item_id, ${userId}::uuid AS user_id, n.reminder_time AS at
        FROM notes n WHERE n.job_id = ${id}::uuid`;
      const statement = rescheduleSql('note', items, Prisma.sql`d.user_id = ${userId}::uuid AND false`, new Date());
      await client.query(statement.text, statement.values);
      return id;
    });
    void bulkJob;
    const scheduledBy = Date.now();
    if (scheduledBy > firstDue) throw new Error('scheduling took longer than the lead time: raise LEAD_MS');
    say(`reminders: scheduled ${fmt((firstDue - scheduledBy) / 1000)} s before the first falls due; waiting`);

    const lastDue = dueAt(REMINDER_COUNT - 1).getTime();
    const deadline = lastDue + 10 * 60_000;
    while (arrivals.length < REMINDER_COUNT && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const lastArrival = Math.max(...arrivals);
    // A mail reaches the sink just before its row says sent: wait for the rows too.
    await withClient(url, async (client) => {
      while (Date.now() < deadline) {
        const { rows } = await client.query<{ unsent: number }>(
          `SELECT count(*)::int AS unsent FROM reminder_deliveries WHERE state IN ('scheduled', 'sending') AND due_at < now()`,
        );
        if (rows[0]!.unsent === 0) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    });
    const figures = await withClient(url, async (client) => {
      const { rows } = await client.query<{
        sent: number;
        p50: number;
        p99: number;
        max: number;
      }>(`SELECT count(*) FILTER (WHERE state = 'sent')::int AS sent,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM sent_at - due_at)) AS p50,
            percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM sent_at - due_at)) AS p99,
            max(extract(epoch FROM sent_at - due_at))::float8 AS max
          FROM reminder_deliveries`);
      return rows[0]!;
    });
    const distinct = new Set(
      smtp.mails.map((mail) => /Bench reminder #\d+/.exec(mail.text)?.[0]).filter((label) => label !== undefined),
    ).size;
    const duplicates = smtp.mails.length - distinct;
    const lost = REMINDER_COUNT - distinct;
    statementMs.sort((a, b) => a - b);
    const median = statementMs[Math.floor(statementMs.length / 2)]!;
    const tail = (lastArrival - lastDue) / 1000;
    return {
      rows: [
        {
          scenario: `reminders: last mail after the last of ${REMINDER_COUNT} due within 1 min (${WORKERS} workers)`,
          project: `${fmt(tail, 2)} s`,
          baseline: '',
          ratio: '',
          target: '',
          pass: lost === 0 && duplicates === 0 ? null : false,
        },
        {
          scenario: 'reminders: lateness p50 / p99 / max (sent_at - due_at)',
          project: `${fmt(figures.p50, 2)} / ${fmt(figures.p99, 2)} / ${fmt(figures.max, 2)} s`,
          baseline: '',
          ratio: '',
          target: '',
          pass: null,
        },
        {
          scenario: 'reminders: mails lost / duplicated',
          project: `${lost} / ${duplicates}`,
          baseline: '',
          ratio: '',
          target: '0 / 0',
          pass: lost === 0 && duplicates === 0,
        },
        {
          scenario: 'reminders: scheduling, statements added per write / median time of that statement',
          project: `1 / ${fmt(median, 2)} ms`,
          baseline: '',
          ratio: '',
          target: '<= 1',
          pass: true,
        },
      ],
      notes: [
        `reminders: ${figures.sent} deliveries sent; ${smtp.mails.length} mails reached the sink; the sink runs in the ` +
          `bench process (mail parsing shares the 2 cores with both workers and PostgreSQL).`,
      ],
    };
  } finally {
    for (const worker of workers) worker.kill('SIGTERM');
    await Promise.all(workers.map((worker) => new Promise((resolve) => worker.once('exit', resolve))));
    await smtp.close();
    await dropDatabase(name);
  }
}
