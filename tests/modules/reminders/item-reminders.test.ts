// Interviews (one reminder per lead time of the user), tasks (at dueAt) and the settings that move
// them; what the worker skips, with the reason recorded: reminderEmails off, a completed task, past
// the cut-off (never after the interview starts, others within 24 hours); and the one statement
// each scheduling write adds, measured against the same service built without reminders.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InterviewService } from '../../../src/modules/interviews/index.ts';
import { ReminderScheduler } from '../../../src/modules/reminders/index.ts';
import { TaskService } from '../../../src/modules/tasks/index.ts';
import { useTestServices } from '../../support/services.ts';
import type { TestUser } from '../../support/test-app.ts';
import { deliveriesOf, eventually, runQueuedNow, testWorker } from './support.ts';

const { t, services } = useTestServices({ smtp: true });
const { smtp } = t;

const MINUTE = 60_000;
const inMs = (ms: number) => new Date(Date.now() + ms).toISOString();

let worker: ReturnType<typeof testWorker> | undefined;
afterEach(async () => {
  await worker?.stop();
  worker = undefined;
});

async function startWorker(offsetMs = 0) {
  worker = testWorker(t, { now: () => new Date(Date.now() + offsetMs), followUps: false });
  await worker.start();
}

let ann: TestUser;
let jobId: string;
beforeEach(async () => {
  ann = await t.createUser();
  await t.db.user.update({ where: { id: ann.id }, data: { timeZone: 'America/New_York' } });
  jobId = (await t.db.job.create({ data: { userId: ann.id, companyName: 'Initech', position: 'Analyst' } })).id;
});

const nonTransactional = (statements: string[]) => statements.filter((sql) => !/^\s*(BEGIN|COMMIT)/i.test(sql));

describe('interview reminders', () => {
  it('one per lead time still ahead, mailed with the interview, the job and the time in the user zone', async () => {
    await services.users.updateSettings(ann.id, { interviewReminderLeadMinutes: [5, 1440] });
    const scheduledAt = inMs(5 * MINUTE + 2_000);
    const interview = await services.interviews.create(ann.id, {
      jobId,
      scheduledAt,
      kind: 'technical',
      location: 'Room 4',
      meetingUrl: 'https://meet.example.com/abc',
    });
    expect(interview.reminderNotice).toBeUndefined();
    // 1440 minutes before is already past: only the 5-minute one is pending.
    expect((await deliveriesOf(t, interview.id)).map((row) => [row.leadMinutes, row.state])).toEqual([
      [5, 'scheduled'],
    ]);

    await startWorker();
    const mail = await smtp.nextMailTo(ann.email, { timeoutMs: 15_000 });
    expect(mail.subject).toContain('Interview reminder: Analyst at Initech');
    expect(mail.text).toContain('technical interview for Analyst at Initech');
    expect(mail.text).toContain('Location: Room 4');
    expect(mail.text).toContain('https://meet.example.com/abc');
    const newYork = new Intl.DateTimeFormat('en-GB', { timeZone: 'America/New_York', timeStyle: 'short' }).format(
      new Date(scheduledAt),
    );
    expect(mail.text).toContain(`${newYork} (America/New_York)`);
  });

  it('new lead times reschedule every future interview; a delete cancels', async () => {
    const interview = await services.interviews.create(ann.id, { jobId, scheduledAt: inMs(3 * 24 * 60 * MINUTE) });
    expect((await deliveriesOf(t, interview.id)).map((row) => row.leadMinutes).sort((a, b) => a - b)).toEqual([
      60, 1440,
    ]);
    await services.users.updateSettings(ann.id, { interviewReminderLeadMinutes: [120] });
    const rows = await deliveriesOf(t, interview.id);
    expect(rows.filter((row) => row.state === 'scheduled').map((row) => row.leadMinutes)).toEqual([120]);
    expect(
      rows
        .filter((row) => row.state === 'cancelled')
        .map((row) => row.leadMinutes)
        .sort((a, b) => a - b),
    ).toEqual([60, 1440]);

    await services.interviews.delete(ann.id, interview.id);
    expect((await deliveriesOf(t, interview.id)).every((row) => row.state === 'cancelled')).toBe(true);
  });

  it('a write that rolls back (a contact of someone else) schedules nothing', async () => {
    const bob = await t.createUser();
    const bobsContact = await t.db.contact.create({ data: { userId: bob.id, name: 'Not yours' } });
    const before = await t.db.sql.probeRows<{ jobs: number }>(
      'SELECT count(*)::int AS jobs FROM graphile_worker._private_jobs',
    );
    t.sqlStatements.length = 0;
    await expect(
      services.interviews.create(ann.id, {
        jobId,
        scheduledAt: inMs(2 * 24 * 60 * MINUTE),
        contactIds: [bobsContact.id],
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND', field: 'interviewData.contactIds' });
    // The scheduling statement did run, inside the transaction that then rolled back.
    expect(t.sqlStatements.some((sql) => sql.includes('graphile_worker.add_job'))).toBe(true);
    expect(await t.db.interview.count({ where: { jobId } })).toBe(0);
    expect(await t.db.reminderDelivery.count({ where: { userId: ann.id } })).toBe(0);
    expect(
      await t.db.sql.probeRows<{ jobs: number }>('SELECT count(*)::int AS jobs FROM graphile_worker._private_jobs'),
    ).toEqual(before);
  });

  it('an interview in the past schedules nothing, and says so', async () => {
    const interview = await services.interviews.create(ann.id, { jobId, scheduledAt: inMs(-MINUTE) });
    expect(interview.reminderNotice).toBe('the time has already passed, so no reminder was scheduled');
    expect(await deliveriesOf(t, interview.id)).toEqual([]);
  });

  it('cancelling an interview cancels its reminders; calling it back on brings them back', async () => {
    await services.users.updateSettings(ann.id, { interviewReminderLeadMinutes: [6] });
    // Well ahead (no write below can reach its time); the worker is then made to run it at once.
    const interview = await services.interviews.create(ann.id, { jobId, scheduledAt: inMs(60 * MINUTE) });
    await services.interviews.update(ann.id, interview.id, { outcome: 'cancelled' });
    expect((await deliveriesOf(t, interview.id)).map((row) => row.state)).toEqual(['cancelled']);
    // New lead times leave a cancelled interview alone.
    await services.users.updateSettings(ann.id, { interviewReminderLeadMinutes: [5, 6] });
    expect((await deliveriesOf(t, interview.id)).map((row) => row.state)).toEqual(['cancelled']);
    await services.interviews.update(ann.id, interview.id, { outcome: 'pending' });
    const revived = await deliveriesOf(t, interview.id);
    expect(revived.map((row) => [row.leadMinutes, row.state]).sort()).toEqual([
      [5, 'scheduled'],
      [6, 'scheduled'],
    ]);
    await services.users.updateSettings(ann.id, { interviewReminderLeadMinutes: [6] });
    await runQueuedNow(t);
    await startWorker();
    const mail = await smtp.nextMailTo(ann.email, { timeoutMs: 15_000 });
    expect(mail.subject).toContain('Interview reminder: Analyst at Initech');
    await eventually(async () => (await deliveriesOf(t, interview.id)).some((row) => row.state === 'sent'));
    expect(smtp.mailsTo(ann.email)).toHaveLength(1);
  });

  it('an interview cancelled behind the scheduler’s back is skipped with the reason, never mailed', async () => {
    await services.users.updateSettings(ann.id, { interviewReminderLeadMinutes: [5] });
    const interview = await services.interviews.create(ann.id, { jobId, scheduledAt: inMs(5 * MINUTE + 1_000) });
    // As a write racing the worker's claim would leave it: cancelled, its delivery still scheduled.
    await t.db.interview.update({ where: { id: interview.id }, data: { outcome: 'cancelled' } });
    await startWorker();
    const [row] = await eventually(async () => {
      const found = await deliveriesOf(t, interview.id);
      return found[0]?.state === 'skipped' && found;
    });
    expect(row!.skipReason).toBe('interview cancelled');
    expect(smtp.mailsTo(ann.email)).toEqual([]);
  });

  it('is skipped once the interview has started (the cut-off), recorded with the reason', async () => {
    await services.users.updateSettings(ann.id, { interviewReminderLeadMinutes: [5] });
    const interview = await services.interviews.create(ann.id, { jobId, scheduledAt: inMs(5 * MINUTE + 1_000) });
    // The worker comes back 10 minutes late: the interview began 5 minutes ago.
    await startWorker(10 * MINUTE);
    const [row] = await eventually(async () => {
      const found = await deliveriesOf(t, interview.id);
      return found[0]?.state === 'skipped' && found;
    });
    expect(row!.skipReason).toBe('past the cut-off: the interview has started');
    expect(smtp.mailsTo(ann.email)).toEqual([]);
  });

  it('create and update add one statement each', async () => {
    const without = new InterviewService(t.db, services.jobs, services.contacts);
    const measure = async (write: () => Promise<unknown>) => {
      t.sqlStatements.length = 0;
      await write();
      return nonTransactional(t.sqlStatements).length;
    };
    const at = inMs(2 * 24 * 60 * MINUTE);
    const plain = await measure(() => without.create(ann.id, { jobId, scheduledAt: at, keepStatus: true }));
    const scheduled = await measure(() =>
      services.interviews.create(ann.id, { jobId, scheduledAt: at, keepStatus: true }),
    );
    expect(scheduled - plain).toBe(1);
    const { id } = await services.interviews.create(ann.id, { jobId, scheduledAt: at, keepStatus: true });
    const later = inMs(3 * 24 * 60 * MINUTE);
    const plainUpdate = await measure(() => without.update(ann.id, id, { scheduledAt: later }));
    const scheduledUpdate = await measure(() =>
      services.interviews.update(ann.id, id, { scheduledAt: inMs(4 * 24 * 60 * MINUTE) }),
    );
    expect(scheduledUpdate - plainUpdate).toBe(1);
  });
});

describe('task reminders', () => {
  it('mailed at dueAt with the task and the job', async () => {
    const task = await services.tasks.create(ann.id, { title: 'Send the portfolio', jobId, dueAt: inMs(1_500) });
    await startWorker();
    const mail = await smtp.nextMailTo(ann.email, { timeoutMs: 15_000 });
    expect(mail.subject).toBe('Task due: Send the portfolio');
    expect(mail.text).toContain('for Analyst at Initech');
    await eventually(async () => (await deliveriesOf(t, task.id))[0]?.state === 'sent');
  });

  it('completing a task cancels its reminder; reopening it brings it back', async () => {
    const viaComplete = await services.tasks.create(ann.id, { title: 'Reopened', dueAt: inMs(60 * MINUTE) });
    const viaUpdate = await services.tasks.create(ann.id, { title: 'Done for good', dueAt: inMs(60 * MINUTE) });
    await services.tasks.complete(ann.id, viaComplete.id);
    await services.tasks.update(ann.id, viaUpdate.id, { completed: true });
    expect((await deliveriesOf(t, viaComplete.id)).map((row) => row.state)).toEqual(['cancelled']);
    expect((await deliveriesOf(t, viaUpdate.id)).map((row) => row.state)).toEqual(['cancelled']);
    await services.tasks.update(ann.id, viaComplete.id, { completed: false });
    expect((await deliveriesOf(t, viaComplete.id)).map((row) => row.state)).toEqual(['scheduled']);
    await runQueuedNow(t);
    await startWorker();
    const mail = await smtp.nextMailTo(ann.email, { timeoutMs: 15_000 });
    expect(mail.subject).toBe('Task due: Reopened');
    await eventually(async () => (await deliveriesOf(t, viaComplete.id))[0]?.state === 'sent');
    expect((await deliveriesOf(t, viaUpdate.id)).map((row) => row.state)).toEqual(['cancelled']);
    expect(smtp.mailsTo(ann.email).map((each) => each.subject)).toEqual(['Task due: Reopened']);
  });

  it('a reminder already due is the worker’s: a later write that asks for none leaves it to be skipped', async () => {
    const task = await services.tasks.create(ann.id, { title: 'Overdue', dueAt: inMs(60 * MINUTE) });
    const interview = await services.interviews.create(ann.id, { jobId, scheduledAt: inMs(2 * 60 * MINUTE) });
    // Two hours on (an SMTP outage held both back): writes that change neither time.
    const later = () => new Date(Date.now() + 2 * 60 * MINUTE);
    const reminders = new ReminderScheduler();
    await new TaskService(t.db, { now: later, reminders }).update(ann.id, task.id, { completed: false });
    await new InterviewService(t.db, services.jobs, services.contacts, { now: later, reminders }).update(
      ann.id,
      interview.id,
      { outcome: 'pending', location: 'Room 5' },
    );
    expect((await deliveriesOf(t, task.id)).map((row) => row.state)).toEqual(['scheduled']);
    expect((await deliveriesOf(t, interview.id)).every((row) => row.state === 'scheduled')).toBe(true);
  });

  it('a task completed behind the scheduler’s back is skipped, and so is everything when reminderEmails is off', async () => {
    const done = await services.tasks.create(ann.id, { title: 'Done early', dueAt: inMs(1_000) });
    // As a completion racing the worker's claim would leave it: done, its delivery still scheduled.
    await t.db.task.update({ where: { id: done.id }, data: { completedAt: new Date() } });
    const bob = await t.createUser();
    await t.db.user.update({ where: { id: bob.id }, data: { reminderEmails: false } });
    const quiet = await services.tasks.create(bob.id, { title: 'Quiet', dueAt: inMs(1_000) });
    await startWorker();
    const reasons = await eventually(async () => {
      const rows = await t.db.reminderDelivery.findMany({ where: { itemId: { in: [done.id, quiet.id] } } });
      return rows.every((row) => row.state === 'skipped') && rows.length === 2 && rows;
    });
    expect(Object.fromEntries(reasons.map((row) => [row.itemId, row.skipReason]))).toEqual({
      [done.id]: 'task already completed',
      [quiet.id]: 'reminder emails are turned off',
    });
    expect(smtp.mails.filter((mail) => /Done early|Quiet/.test(mail.subject))).toEqual([]);
  });

  it('more than 24 hours late: skipped with the reason, never sent', async () => {
    const task = await services.tasks.create(ann.id, { title: 'Long ago', dueAt: inMs(1_000) });
    await startWorker(25 * 60 * MINUTE);
    const [row] = await eventually(async () => {
      const found = await deliveriesOf(t, task.id);
      return found[0]?.state === 'skipped' && found;
    });
    expect(row!.skipReason).toBe('past the cut-off: more than 24 hours late');
    expect(smtp.mailsTo(ann.email)).toEqual([]);
  });

  it('create adds one statement; a moved dueAt reschedules, a delete cancels', async () => {
    const without = new TaskService(t.db);
    t.sqlStatements.length = 0;
    await without.create(ann.id, { title: 'plain', dueAt: inMs(MINUTE * 60) });
    const plain = nonTransactional(t.sqlStatements).length;
    t.sqlStatements.length = 0;
    const task = await services.tasks.create(ann.id, { title: 'scheduled', dueAt: inMs(MINUTE * 60) });
    expect(nonTransactional(t.sqlStatements).length - plain).toBe(1);

    await services.tasks.update(ann.id, task.id, { dueAt: inMs(MINUTE * 120) });
    expect((await deliveriesOf(t, task.id)).map((row) => row.state)).toEqual(['cancelled', 'scheduled']);
    await services.tasks.delete(ann.id, task.id);
    expect((await deliveriesOf(t, task.id)).map((row) => row.state)).toEqual(['cancelled', 'cancelled']);
  });
});
