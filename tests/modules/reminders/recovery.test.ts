// No reminder is left without an outcome, and two workers never both send one (issue 16):
// - the delivery's own statements fail on every one of graphile-worker's attempts (a real
//   PostgreSQL failure: a trigger that raises while a flag row says so): the last attempt
//   queues a fresh job, and once the failure lifts the reminder is mailed;
// - a due row whose job is gone or gave up is queued again by the heartbeat's sweep, or recorded
//   as skipped when past its cut-off;
// - a 'sending' row freshly claimed by another worker is not claimed again, a stale claim is, and
//   a slow send keeps its claim fresh (the heartbeat renews it);
// - connections dropped under a running worker (or worker process) are logged and retried, never
//   thrown: a runner that cannot fetch jobs any more, or whose job completion was refused, is
//   replaced; a stopped worker leaves no connection behind.
import { Writable } from 'node:stream';
import pg from 'pg';
import { pino } from 'pino';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Mailer, MailMessage } from '../../../src/infra/mailer.ts';
import { deliverReminder } from '../../../src/modules/reminders/index.ts';
import { QUEUE_APPLICATION_NAME } from '../../../src/modules/reminders/reminder.worker.ts';
import { IGNORED_REMINDER_EVENTS } from '../../../src/modules/reminders/reminder.delivery.ts';
import { useTestApp } from '../../support/test-app.ts';
import { eventually, scheduleNoteReminders, startWorkerProcess, testWorker } from './support.ts';

const t = useTestApp({ smtp: true });
const { smtp } = t;

const STALE_MS = 2_000;
const stopping: (() => Promise<void>)[] = [];
afterEach(async () => {
  // Workers stop before anything else is torn down (their pools are on the test database).
  for (const stop of stopping.splice(0).reverse()) await stop();
});

function startedWorker(options: Parameters<typeof testWorker>[1] = {}) {
  const worker = testWorker(t, { followUps: false, staleWorkerMs: STALE_MS, ...options });
  stopping.push(() => worker.stop());
  return worker.start().then(() => worker);
}

async function userWithJob() {
  const user = await t.createUser();
  const job = await t.db.job.create({ data: { userId: user.id, companyName: 'Acme', position: 'Engineer' } });
  return { user, jobId: job.id };
}

async function deliveryOf(noteId: string) {
  return t.db.reminderDelivery.findFirstOrThrow({ where: { itemId: noteId } });
}

/** One note of `user`'s whose reminder falls due in 300 ms: its id. */
async function reminderDueSoon(user: { id: string }, jobId: string, label: string): Promise<string> {
  const [noteId] = await scheduleNoteReminders(t, {
    userId: user.id,
    jobId,
    count: 1,
    at: new Date(Date.now() + 300),
    label,
  });
  return noteId!;
}

/** Waits for the note's reminder to be sent, and checks its mail reached `user` once. */
async function expectMailedOnce(user: { email: string }, noteId: string, label: string): Promise<void> {
  await eventually(async () => (await deliveryOf(noteId)).state === 'sent');
  expect(smtp.mailsTo(user.email).filter((mail) => mail.text.includes(`${label} #0`))).toHaveLength(1);
}

/** A warn-level logger whose lines are kept in `logged`, to assert what a worker reported. */
function capturingLogger() {
  const logged: string[] = [];
  const logger = pino(
    { level: 'warn' },
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        logged.push(chunk.toString());
        done();
      },
    }),
  );
  return { logger, logged };
}

interface QueueJob {
  id: string;
  key: string | null;
  attempts: number;
  maxAttempts: number;
  locked: boolean;
}

async function jobsOf(deliveryId: string): Promise<QueueJob[]> {
  return t.db.sql.probeRows<QueueJob>(`
    SELECT id::text, key, attempts, max_attempts AS "maxAttempts", locked_at IS NOT NULL AS locked
    FROM graphile_worker._private_jobs
    WHERE key = 'reminder:${deliveryId}' OR payload->>'id' = '${deliveryId}' ORDER BY id`);
}

/** A job that can run again now: not given up on, under the delivery's key. */
const liveJobsOf = async (deliveryId: string) =>
  (await jobsOf(deliveryId)).filter((job) => job.key !== null && job.attempts < job.maxAttempts);

const OUTAGE_ON = `INSERT INTO test_outage VALUES (true)`;
const OUTAGE_OFF = `DELETE FROM test_outage`;

beforeAll(async () => {
  // Every UPDATE of reminder_deliveries (the claim, and any outcome) fails while test_outage has a row.
  await t.db.$executeRawUnsafe(`CREATE TABLE test_outage (active boolean)`);
  await t.db.$executeRawUnsafe(`
    CREATE FUNCTION test_outage_raise() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF EXISTS (SELECT 1 FROM test_outage) THEN RAISE EXCEPTION 'simulated outage of reminder_deliveries'; END IF;
      RETURN NEW;
    END $$`);
  await t.db.$executeRawUnsafe(`
    CREATE TRIGGER test_outage BEFORE UPDATE ON reminder_deliveries
    FOR EACH ROW EXECUTE FUNCTION test_outage_raise()`);
});

describe('the claim fails on every attempt', () => {
  it('the last attempt queues a fresh job; once the failure lifts, the reminder is mailed once', async () => {
    const { user, jobId } = await userWithJob();
    await t.db.$executeRawUnsafe(OUTAGE_ON);
    try {
      const noteId = await reminderDueSoon(user, jobId, 'Outage');
      const delivery = await deliveryOf(noteId);
      const [first] = await jobsOf(delivery.id);
      expect(first).toMatchObject({ attempts: 0, maxAttempts: 12 });
      await startedWorker();

      // Fast-forward graphile-worker's backoff: each failed attempt's next run is pulled to now.
      const given = await eventually(async () => {
        await t.db.$executeRawUnsafe(
          `UPDATE graphile_worker._private_jobs SET run_at = now()
           WHERE id = ${first!.id} AND locked_at IS NULL AND attempts < max_attempts`,
        );
        const job = (await jobsOf(delivery.id)).find((each) => each.id === first!.id);
        return job && job.attempts >= job.maxAttempts && !job.locked && job;
      }, 60_000);
      expect(given.attempts).toBe(12);
      // Graphile-worker gave up on its job, yet the reminder still has one that will run.
      expect(await deliveryOf(noteId)).toMatchObject({ state: 'scheduled', attempts: 0 });
      expect(await liveJobsOf(delivery.id)).toHaveLength(1);
      expect(smtp.mailsTo(user.email)).toEqual([]);

      await t.db.$executeRawUnsafe(OUTAGE_OFF);
      await eventually(async () => {
        await t.db.$executeRawUnsafe(
          `UPDATE graphile_worker._private_jobs SET run_at = now()
           WHERE key = 'reminder:${delivery.id}' AND locked_at IS NULL`,
        );
        return (await deliveryOf(noteId)).state === 'sent';
      });
      expect(smtp.mailsTo(user.email).filter((mail) => mail.text.includes('Outage #0'))).toHaveLength(1);
    } finally {
      await t.db.$executeRawUnsafe(OUTAGE_OFF);
    }
  });
});

describe("the heartbeat's sweep", () => {
  it('queues again a due row whose job is gone or gave up, and skips one past its cut-off', async () => {
    const { user, jobId } = await userWithJob();
    const noteIds = await scheduleNoteReminders(t, {
      userId: user.id,
      jobId,
      count: 5,
      at: new Date(Date.now() + 60_000),
      label: 'Swept',
    });
    const [gone, gaveUp, late, staleSending, freshSending] = await Promise.all(noteIds.map((id) => deliveryOf(id)));
    const sql = (text: string) => t.db.$executeRawUnsafe(text);
    // Their jobs lost as an outage would leave them: removed, or given up on.
    const removeJobOf = (id: string) => sql(`SELECT graphile_worker.remove_job('reminder:${id}')`);
    for (const row of [gone!, late!, staleSending!, freshSending!]) await removeJobOf(row.id);
    await sql(`UPDATE graphile_worker._private_jobs SET attempts = max_attempts, last_error = 'gave up'
               WHERE key = 'reminder:${gaveUp!.id}'`);
    await sql(`UPDATE reminder_deliveries SET due_at = now() - interval '25 hours' WHERE id = '${late!.id}'`);
    // Two left 'sending': one by a worker silent for a minute, one claimed just now (its worker lives).
    await sql(`UPDATE reminder_deliveries SET state = 'sending', attempts = 1, claimed_by = 'gone-worker',
               claimed_at = now() - interval '1 minute' WHERE id = '${staleSending!.id}'`);
    await sql(`UPDATE reminder_deliveries SET state = 'sending', attempts = 1, claimed_by = 'live-worker',
               claimed_at = now() WHERE id = '${freshSending!.id}'`);
    // The worker's clock is a minute ahead: the others are due, within their cut-off. Its stale
    // bound (30 s) keeps the fresh claim fresh for the whole test; the sweep runs at start.
    await startedWorker({ now: () => new Date(Date.now() + 61_000), staleWorkerMs: 30_000 });

    const settled = [gone, gaveUp, late, staleSending].map((row) => row!.itemId);
    await eventually(async () => {
      const rows = await Promise.all(settled.map((id) => deliveryOf(id)));
      return rows.every((row) => row.state !== 'scheduled' && row.state !== 'sending') && rows;
    });
    expect(await deliveryOf(gone!.itemId)).toMatchObject({ state: 'sent', attempts: 1 });
    expect(await deliveryOf(gaveUp!.itemId)).toMatchObject({ state: 'sent', attempts: 1 });
    expect(await deliveryOf(late!.itemId)).toMatchObject({
      state: 'skipped',
      skipReason: 'past the cut-off: more than 24 hours late',
    });
    expect(await deliveryOf(staleSending!.itemId)).toMatchObject({ state: 'sent', attempts: 2 });
    // The live claim is its worker's: not queued again by the same sweep.
    expect(await deliveryOf(freshSending!.itemId)).toMatchObject({ state: 'sending', claimedBy: 'live-worker' });
    expect(await jobsOf(freshSending!.id)).toEqual([]);
    const texts = smtp.mailsTo(user.email).map((mail) => mail.text);
    for (const label of ['Swept #0', 'Swept #1', 'Swept #3']) {
      expect(texts.filter((text) => text.includes(label))).toHaveLength(1);
    }
    expect(texts.filter((text) => text.includes('Swept #2') || text.includes('Swept #4'))).toEqual([]);
  });
});

describe('a row being sent by another worker', () => {
  const deps = (workerId: string) => ({
    db: t.db,
    mailer: t.deps.mailer,
    now: () => new Date(),
    events: IGNORED_REMINDER_EVENTS,
    workerId,
    staleClaimMs: STALE_MS,
  });

  /** One note whose reminder is an hour ahead (no worker runs it): its user, note and delivery ids. */
  async function noteReminderInAnHour(label: string) {
    const { user, jobId } = await userWithJob();
    const [noteId] = await scheduleNoteReminders(t, {
      userId: user.id,
      jobId,
      count: 1,
      at: new Date(Date.now() + 3_600_000),
      label,
    });
    return { user, noteId: noteId!, id: (await deliveryOf(noteId!)).id };
  }

  /** Ages the row's claim past the stale bound, as a claimer that stopped renewing it leaves it. */
  const expireClaim = (id: string) =>
    t.db.$executeRawUnsafe(
      `UPDATE reminder_deliveries SET claimed_at = now() - make_interval(secs => ${(STALE_MS + 1_000) / 1000})
       WHERE id = '${id}'`,
    );

  it('is not claimed again while its claim is fresh; a stale claim is taken over', async () => {
    const { user, noteId, id } = await noteReminderInAnHour('Claimed');
    await t.db.$executeRawUnsafe(
      `UPDATE reminder_deliveries SET state = 'sending', attempts = 1, claimed_by = 'worker-a', claimed_at = now()
       WHERE id = '${id}'`,
    );

    expect(await deliverReminder(deps('worker-b'), id)).toBe('nothing_to_do');
    expect(await deliveryOf(noteId)).toMatchObject({ state: 'sending', attempts: 1, claimedBy: 'worker-a' });
    expect(smtp.mailsTo(user.email)).toEqual([]);

    await expireClaim(id);
    expect(await deliverReminder(deps('worker-b'), id)).toBe('sent');
    expect(await deliveryOf(noteId)).toMatchObject({ state: 'sent', attempts: 2, claimedBy: 'worker-b' });
    expect(smtp.mailsTo(user.email)).toHaveLength(1);
  });

  it('a claimer that stalled past its lease changes nothing: its failed send leaves the other worker’s sent', async () => {
    const { user, noteId, id } = await noteReminderInAnHour('Fenced');
    let fail!: () => void;
    const failed = new Promise<void>((resolve) => (fail = resolve));
    const stalledMailer: Mailer = {
      send: async () => {
        await failed;
        throw new Error('SMTP timeout');
      },
      close: () => Promise.resolve(),
    };
    const stalled = deliverReminder({ ...deps('worker-a'), mailer: stalledMailer }, id);
    await eventually(async () => (await deliveryOf(noteId)).claimedBy === 'worker-a');
    // worker-a stops renewing; its lease runs out and worker-b takes the row over and sends.
    await expireClaim(id);
    expect(await deliverReminder(deps('worker-b'), id)).toBe('sent');
    fail();
    expect(await stalled).toBe('nothing_to_do');
    expect(await deliveryOf(noteId)).toMatchObject({ state: 'sent', attempts: 2, claimedBy: 'worker-b' });
    expect(smtp.mailsTo(user.email)).toHaveLength(1);
  });

  it('a send slower than the stale bound keeps its claim: the heartbeat renews it', async () => {
    const { user, jobId } = await userWithJob();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let sending = 0;
    const slowMailer: Mailer = {
      send: async (message: MailMessage) => {
        sending += 1;
        await gate;
        await t.deps.mailer.send(message);
      },
      close: () => Promise.resolve(),
    };
    const worker = await startedWorker({ mailer: slowMailer });
    // Let the send finish before the worker stops (stop waits for it), whatever happens here.
    stopping.push(() => {
      release();
      return worker.stop();
    });
    const noteId = await reminderDueSoon(user, jobId, 'Slow');
    const claimed = await eventually(async () => {
      const row = await deliveryOf(noteId);
      return sending === 1 && row.claimedAt !== null && row;
    });
    // Renewed past the stale bound while the mail is still in flight.
    await eventually(async () => {
      const row = await deliveryOf(noteId);
      return row.claimedAt!.getTime() > claimed.claimedAt!.getTime() + STALE_MS && row;
    });
    expect(await deliverReminder(deps('worker-b'), claimed.id)).toBe('nothing_to_do');
    release();
    await expectMailedOnce(user, noteId, 'Slow');
    expect(await deliveryOf(noteId)).toMatchObject({ attempts: 1, claimedBy: claimed.claimedBy });
  });
});

describe('dropped connections', () => {
  const queueConnections = async () =>
    (
      await t.db.sql.probeRows<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity
         WHERE datname = current_database() AND application_name = '${QUEUE_APPLICATION_NAME}'`,
      )
    )[0]!.n;
  const terminateOthers = () =>
    t.db.sql.probeRows(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid()`);

  it('under a running worker: logged and retried, and the next reminder is mailed', async () => {
    const { user, jobId } = await userWithJob();
    const { logger, logged } = capturingLogger();
    await startedWorker({ logger });
    await eventually(async () => (await queueConnections()) > 0);
    await terminateOthers();
    await eventually(() => Promise.resolve(logged.some((line) => line.includes('terminating connection'))));
    const noteId = await reminderDueSoon(user, jobId, 'After drop');
    await expectMailedOnce(user, noteId, 'After drop');
  });

  it("dropped during the runner's first job fetch: a fresh runner takes over and mails the reminder", async () => {
    const { user, jobId } = await userWithJob();
    // The first fetch looks up the task ids; hold it on a lock, then drop the connection under it.
    const locker = new pg.Client({ connectionString: t.config.databaseUrl! });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE graphile_worker._private_tasks IN ACCESS EXCLUSIVE MODE');
      await startedWorker();
      const waitingOnLock = `SELECT pid FROM pg_stat_activity WHERE datname = current_database()
        AND application_name = '${QUEUE_APPLICATION_NAME}' AND wait_event_type = 'Lock'`;
      await eventually(async () => (await t.db.sql.probeRows(waitingOnLock)).length > 0);
      await t.db.sql.probeRows(`SELECT pg_terminate_backend(pid) FROM (${waitingOnLock}) w`);
      await locker.query('COMMIT');
    } finally {
      await locker.end();
    }
    const noteId = await reminderDueSoon(user, jobId, 'First fetch dropped');
    await expectMailedOnce(user, noteId, 'First fetch dropped');
  });

  it("the queue's own completion refused: logged, a fresh runner takes over, the job completes once it can", async () => {
    const { user, jobId } = await userWithJob();
    await t.db.$executeRawUnsafe(`CREATE TABLE test_complete_refused (active boolean)`);
    await t.db.$executeRawUnsafe(`
      CREATE FUNCTION test_complete_refused_raise() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM test_complete_refused) THEN RAISE EXCEPTION 'simulated refusal of the job delete'; END IF;
        RETURN OLD;
      END $$`);
    await t.db.$executeRawUnsafe(`
      CREATE TRIGGER test_complete_refused BEFORE DELETE ON graphile_worker._private_jobs
      FOR EACH ROW EXECUTE FUNCTION test_complete_refused_raise()`);
    await t.db.$executeRawUnsafe(`INSERT INTO test_complete_refused VALUES (true)`);
    const { logger, logged } = capturingLogger();
    try {
      await startedWorker({ logger });
      const noteId = await reminderDueSoon(user, jobId, 'Completion refused');
      const { id } = await eventually(async () => {
        const row = await deliveryOf(noteId);
        return row.state === 'sent' && row;
      });
      await eventually(() => Promise.resolve(logged.some((line) => line.includes('Failed to complete jobs'))));
      await t.db.$executeRawUnsafe(`DELETE FROM test_complete_refused`);
      // The job, left locked by the stopped runner, is unlocked, finds its row sent, and completes.
      await eventually(async () => (await jobsOf(id)).length === 0);
      expect(smtp.mailsTo(user.email).filter((mail) => mail.text.includes('Completion refused #0'))).toHaveLength(1);
      expect(logged.some((line) => line.includes('restarting the reminder queue runner'))).toBe(true);
    } finally {
      await t.db.$executeRawUnsafe(`DELETE FROM test_complete_refused`);
    }
  });

  it('npm run worker: every connection dropped, the process logs, lives on and mails the next reminder', async () => {
    const { user, jobId } = await userWithJob();
    const worker = await startWorkerProcess(t, { smtpUrl: smtp.url, concurrency: 2 });
    stopping.push(() => worker.stop('SIGKILL'));
    await eventually(async () => (await queueConnections()) > 0);
    await terminateOthers();
    const noteId = await reminderDueSoon(user, jobId, 'Process after drop');
    await expectMailedOnce(user, noteId, 'Process after drop');
    expect(worker.child.exitCode).toBeNull();
    expect(worker.output.join('')).toContain('terminating connection');
  });

  it('a stopped worker has closed its connections: dropping everything then throws nothing', async () => {
    const worker = testWorker(t, { followUps: false, staleWorkerMs: STALE_MS });
    await worker.start();
    expect(await queueConnections()).toBeGreaterThan(0);
    await worker.stop();
    // Before, graphile-worker's own pool was still closing here, with no one listening for its
    // errors: a connection terminated now threw (an unhandled 'error' event, which fails the run).
    await terminateOthers();
    await eventually(async () => (await queueConnections()) === 0);
  });
});
