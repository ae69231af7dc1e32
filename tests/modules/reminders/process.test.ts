// The process model: `npm start`'s server runs the worker in-process by default, shows its health
// in /readyz's body (without failing it) and the queue in /metrics; WORKER_ENABLED=false leaves
// the reminders to `npm run worker`.
import { afterEach, describe, expect, inject, it } from 'vitest';
import { startApiProcess, stopProcess, type ApiProcess } from '../../support/processes.ts';
import { Scrape } from '../../support/prometheus.ts';
import { TEST_ENV, useTestApp } from '../../support/test-app.ts';
import { eventually, scheduleNoteReminders } from './support.ts';

const t = useTestApp({ smtp: true });
const { smtp } = t;

let server: ApiProcess | undefined;
afterEach(async () => {
  if (server) await stopProcess(server.child);
  server = undefined;
});

const serverEnv = (extra: Record<string, string> = {}) => ({
  ...TEST_ENV,
  DATABASE_URL: t.config.databaseUrl,
  REDIS_URL: inject('redisUrl'),
  SMTP_URL: smtp.url,
  REMINDER_POLL_INTERVAL_MS: '100',
  ...extra,
});

async function userWithJob() {
  const user = await t.createUser();
  const job = await t.db.job.create({ data: { userId: user.id, companyName: 'Acme', position: 'Engineer' } });
  return { user, jobId: job.id };
}

describe('npm start', () => {
  it('runs the worker in-process: reminders are mailed, /readyz shows it, /metrics counts the queue', async () => {
    server = await startApiProcess({ env: serverEnv(), timeoutMs: 90_000 });
    const ready = await eventually(async () => {
      const body = (await (await fetch(`${server!.url}/readyz`)).json()) as {
        status: string;
        workers?: { reminders?: { status: string } };
      };
      return body.workers?.reminders?.status === 'running' && body;
    });
    expect(ready.status).toBe('ok');

    const { user, jobId } = await userWithJob();
    const ids = await scheduleNoteReminders(t, {
      userId: user.id,
      jobId,
      count: 3,
      at: new Date(Date.now() + 1_000),
      label: 'In process',
    });
    await eventually(
      async () => (await t.db.reminderDelivery.count({ where: { itemId: { in: ids }, state: 'sent' } })) === 3,
    );
    expect(smtp.mailsTo(user.email)).toHaveLength(3);

    // A reminder far ahead: queue depth 1, nothing overdue.
    await scheduleNoteReminders(t, {
      userId: user.id,
      jobId,
      count: 1,
      at: new Date(Date.now() + 3_600_000),
      label: 'Later',
    });
    const scrape = new Scrape(await (await fetch(`${server.url}/metrics`)).text());
    expect(scrape.value('queue_jobs_sent_total', { queue: 'reminders' })).toBe(3);
    expect(scrape.value('queue_depth', { queue: 'reminders' })).toBe(1);
    expect(scrape.value('queue_oldest_due_unsent_seconds', { queue: 'reminders' })).toBe(0);
    expect(scrape.value('queue_jobs_failed_total', { queue: 'reminders' })).toBe(0);
    expect(scrape.value('queue_jobs_retried_total', { queue: 'reminders' })).toBe(0);
  });

  it('WORKER_ENABLED=false: no worker in the web process; the queue waits for one, and shows as overdue', async () => {
    server = await startApiProcess({ env: serverEnv({ WORKER_ENABLED: 'false' }), timeoutMs: 90_000 });
    const body = (await (await fetch(`${server.url}/readyz`)).json()) as { status: string; workers?: unknown };
    expect(body.status).toBe('ok');
    expect(body.workers).toBeUndefined();

    const { user, jobId } = await userWithJob();
    const [id] = await scheduleNoteReminders(t, {
      userId: user.id,
      jobId,
      count: 1,
      at: new Date(Date.now() + 200),
      label: 'Nobody',
    });
    // Due and unsent: the oldest-due gauge grows while no worker runs.
    const overdue = await eventually(async () => {
      const scrape = new Scrape(await (await fetch(`${server!.url}/metrics`)).text());
      const age = scrape.value('queue_oldest_due_unsent_seconds', { queue: 'reminders' });
      return age > 0.5 && age;
    });
    expect(overdue).toBeGreaterThan(0.5);
    expect((await t.db.reminderDelivery.findFirst({ where: { itemId: id } }))!.state).toBe('scheduled');
    expect(smtp.mailsTo(user.email)).toEqual([]);
  });
});
