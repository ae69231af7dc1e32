// The queue under load and failure, with real worker processes (src/worker.ts) sharing nothing but
// PostgreSQL: 200 reminders due in the same second over two workers are 200 mails, none twice; a
// worker SIGKILLed mid-batch loses nothing once another runs, and sends at most its concurrency
// twice (docs/ARCHITECTURE.md, "Reminders: the job queue"); SMTP down while reminders fall due:
// retried with backoff and delivered once it is back.
import { afterEach, describe, expect, it } from 'vitest';
import { createMailer } from '../../../src/infra/mailer.ts';
import { pino } from 'pino';
import { freePort } from '../../support/processes.ts';
import { startTestSmtpServer, type TestSmtpServer } from '../../support/smtp-server.ts';
import { useTestApp } from '../../support/test-app.ts';
import { eventually, scheduleNoteReminders, startWorkerProcess, testWorker, type WorkerProcess } from './support.ts';

const t = useTestApp({ smtp: true });
const { smtp } = t;

const running: WorkerProcess[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((worker) => worker.stop('SIGKILL')));
});

async function userWithJob() {
  const user = await t.createUser();
  const job = await t.db.job.create({ data: { userId: user.id, companyName: 'Acme', position: 'Engineer' } });
  return { user, jobId: job.id };
}

/** How many mails to `email` carry each label's text: the keys are the notes' contents. */
function mailCounts(sink: TestSmtpServer, email: string, label: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const mail of sink.mailsTo(email)) {
    const match = new RegExp(`${label} #\\d+`).exec(mail.text);
    if (match) counts.set(match[0], (counts.get(match[0]) ?? 0) + 1);
  }
  return counts;
}

const sentCount = (ids: string[]) => t.db.reminderDelivery.count({ where: { itemId: { in: ids }, state: 'sent' } });

describe('two worker processes', () => {
  it('200 reminders due in the same second: 200 mails, 0 duplicates', async () => {
    const { user, jobId } = await userWithJob();
    running.push(...(await Promise.all([1, 2].map(() => startWorkerProcess(t, { smtpUrl: smtp.url })))));
    const at = new Date(Date.now() + 3_000);
    at.setMilliseconds(0);
    const ids = await scheduleNoteReminders(t, { userId: user.id, jobId, count: 200, at, label: 'Same second' });

    await eventually(async () => (await sentCount(ids)) === 200, 90_000);
    // A little past the last one: a duplicate would have arrived by now.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const counts = mailCounts(smtp, user.email, 'Same second');
    expect(counts.size).toBe(200);
    expect([...counts.values()].filter((n) => n > 1)).toEqual([]);
    const rows = await t.db.reminderDelivery.findMany({ where: { itemId: { in: ids } } });
    expect(rows.every((row) => row.state === 'sent' && row.attempts === 1)).toBe(true);
    // Both processes took part: each registered its worker ids.
    expect(running.every((worker) => worker.child.exitCode === null)).toBe(true);
  });
});

describe('a worker SIGKILLed mid-batch', () => {
  it('loses nothing once another worker runs, and sends at most its concurrency twice', async () => {
    const { user, jobId } = await userWithJob();
    const concurrency = 4;
    const first = await startWorkerProcess(t, { smtpUrl: smtp.url, concurrency });
    running.push(first);
    const at = new Date(Date.now() + 2_000);
    const ids = await scheduleNoteReminders(t, { userId: user.id, jobId, count: 120, at, label: 'Crash batch' });

    await eventually(() => Promise.resolve(mailCounts(smtp, user.email, 'Crash batch').size >= 20), 60_000);
    await first.stop('SIGKILL');
    const sentAtCrash = await sentCount(ids);
    expect(sentAtCrash).toBeLessThan(120);

    running.push(await startWorkerProcess(t, { smtpUrl: smtp.url, concurrency }));
    await eventually(async () => (await sentCount(ids)) === 120, 90_000);
    const counts = mailCounts(smtp, user.email, 'Crash batch');
    expect(counts.size).toBe(120);
    const duplicates = [...counts.values()].reduce((sum, n) => sum + (n - 1), 0);
    expect(duplicates).toBeLessThanOrEqual(concurrency);
  });
});

describe('SMTP down while reminders fall due', () => {
  it('retries with backoff and delivers every one once it is back', async () => {
    const { user, jobId } = await userWithJob();
    const port = await freePort();
    // Nothing listens on `port` yet: every send is refused.
    const mailer = createMailer(
      { smtpUrl: `smtp://127.0.0.1:${port}`, mailFrom: 'test@example.com', isProduction: false },
      pino({ level: 'silent' }),
    );
    const worker = testWorker(t, { mailer });
    await worker.start();
    let sink: TestSmtpServer | undefined;
    try {
      const ids = await scheduleNoteReminders(t, {
        userId: user.id,
        jobId,
        count: 5,
        at: new Date(Date.now() + 500),
        label: 'While down',
      });
      // Every one failed once and went back to scheduled, its job moved to later by the backoff. The
      // row goes back before graphile-worker records the failure on its job: wait for both.
      const jobsOf = () =>
        t.db.sql.probeRows<{ attempts: number; later: boolean; error: string | null }>(`
          SELECT attempts, run_at > now() AS later, last_error AS error FROM graphile_worker._private_jobs
          WHERE task_id = (SELECT id FROM graphile_worker._private_tasks WHERE identifier = 'send_reminder')`);
      const jobs = await eventually(async () => {
        const rows = await t.db.reminderDelivery.findMany({ where: { itemId: { in: ids } } });
        const queued = await jobsOf();
        const failedOnce = queued.every((job) => job.attempts >= 1 && job.error !== null);
        return rows.every((row) => row.attempts >= 1 && row.state === 'scheduled') && failedOnce && queued;
      });
      expect(jobs.length).toBe(5);
      expect(jobs.every((job) => job.attempts >= 1 && job.error !== null)).toBe(true);

      sink = await startTestSmtpServer({ port });
      await eventually(async () => (await sentCount(ids)) === 5, 60_000);
      const counts = mailCounts(sink, user.email, 'While down');
      expect(counts.size).toBe(5);
      expect([...counts.values()].every((n) => n === 1)).toBe(true);
      const rows = await t.db.reminderDelivery.findMany({ where: { itemId: { in: ids } } });
      expect(rows.every((row) => row.attempts >= 2)).toBe(true);
    } finally {
      await worker.stop();
      await mailer.close();
      await sink?.close();
    }
  });
});
