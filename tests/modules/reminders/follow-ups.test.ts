// Follow-up nudges: a job still applied after followUpAfterDays gets one follow_up task and one
// nudge mail at 09:00 in the user's zone, once per job and stage; reminderEmails off: the task
// but no mail; an applied event backdated past its nudge (an import) is never nudged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepFollowUps } from '../../../src/modules/reminders/reminder.follow-up.ts';
import { useTestApp, type TestUser } from '../../support/test-app.ts';
import { eventually, testWorker } from './support.ts';

const t = useTestApp({ smtp: true });
const { smtp } = t;

// Applied on 20 November at 16:00 in Berlin; 7 days later at 09:00 Berlin is 08:00 UTC.
const APPLIED_AT = new Date('2026-11-20T15:00:00Z');
const DUE = new Date('2026-11-27T08:00:00Z');
const clock = { now: new Date(DUE.getTime() + 60_000) };
const DEPLOYED = new Date('2026-01-01T00:00:00Z');

let worker: ReturnType<typeof testWorker>;
beforeAll(async () => {
  worker = testWorker(t, { now: () => clock.now, followUps: false });
  await worker.start();
});
afterAll(() => worker.stop());

async function appliedJob(user: TestUser, company: string, eventWrittenAt: Date = APPLIED_AT, appliedAt = APPLIED_AT) {
  const job = await t.db.job.create({
    data: {
      userId: user.id,
      companyName: company,
      position: 'Engineer',
      status: 'applied',
      statusChangedAt: appliedAt,
    },
  });
  await t.db.jobStatusEvent.create({
    data: { jobId: job.id, toStatus: 'applied', occurredAt: appliedAt, createdAt: eventWrittenAt },
  });
  return job;
}

async function berliner(reminderEmails = true) {
  const user = await t.createUser();
  await t.db.user.update({
    where: { id: user.id },
    data: { timeZone: 'Europe/Berlin', followUpAfterDays: 7, reminderEmails },
  });
  return user;
}

/** Starts a worker again (the test stopped it while the nudge was queued) and waits for the nudge's delivery to be skipped. */
async function restartAndAwaitSkippedNudge(jobId: string) {
  const [nudge] = await t.db.followUpNudge.findMany({ where: { jobId } });
  worker = testWorker(t, { now: () => clock.now, followUps: false });
  await worker.start();
  return eventually(async () => {
    const row = await t.db.reminderDelivery.findFirst({ where: { itemId: nudge!.id } });
    return row?.state === 'skipped' && row;
  });
}

const followUpTasks = (jobId: string) => t.db.task.findMany({ where: { jobId, kind: 'follow_up' } });

describe('follow-up nudges', () => {
  it('one task and one mail at 09:00 in the user zone, once per job and stage', async () => {
    const ann = await berliner();
    const job = await appliedJob(ann, 'Nudge Co');
    // An hour before 09:00 Berlin with no horizon: not yet.
    expect(
      await sweepFollowUps(t.db, { now: new Date(DUE.getTime() - 3_600_000), horizonMs: 0, deployedAt: DEPLOYED }),
    ).toBe(0);
    expect(await sweepFollowUps(t.db, { now: clock.now, horizonMs: 0, deployedAt: DEPLOYED })).toBe(1);
    const [nudge] = await t.db.followUpNudge.findMany({ where: { jobId: job.id } });
    expect(nudge!.dueAt.toISOString()).toBe(DUE.toISOString());

    const mail = await smtp.nextMailTo(ann.email, { timeoutMs: 15_000 });
    expect(mail.subject).toBe('Follow up: Engineer at Nudge Co');
    expect(mail.text).toContain('no news for 7 days');
    const tasks = await eventually(async () => {
      const found = await followUpTasks(job.id);
      return found.length > 0 && found;
    });
    expect(tasks).toMatchObject([{ kind: 'follow_up', dueAt: null, title: 'Follow up with Nudge Co (Engineer)' }]);

    // Again: the same stage is never nudged twice.
    expect(await sweepFollowUps(t.db, { now: clock.now, horizonMs: 0, deployedAt: DEPLOYED })).toBe(0);
    await eventually(
      async () => (await t.db.reminderDelivery.count({ where: { itemId: nudge!.id, state: 'sent' } })) === 1,
    );
    expect(await followUpTasks(job.id)).toHaveLength(1);
    expect(smtp.mailsTo(ann.email)).toHaveLength(1);
  });

  it('reminderEmails off: the task, no mail, the delivery skipped with the reason', async () => {
    const bob = await berliner(false);
    const job = await appliedJob(bob, 'Quiet Co');
    expect(await sweepFollowUps(t.db, { now: clock.now, horizonMs: 0, deployedAt: DEPLOYED })).toBe(1);
    const [nudge] = await t.db.followUpNudge.findMany({ where: { jobId: job.id } });
    const delivery = await eventually(async () => {
      const row = await t.db.reminderDelivery.findFirst({ where: { itemId: nudge!.id } });
      return row?.state === 'skipped' && row;
    });
    expect(delivery.skipReason).toBe('reminder emails are turned off');
    expect(await followUpTasks(job.id)).toHaveLength(1);
    expect(smtp.mailsTo(bob.email)).toEqual([]);
  });

  it('an applied event written after its nudge was due (an import, backdated) is never nudged', async () => {
    const cy = await berliner();
    const job = await appliedJob(cy, 'Imported Co', new Date(DUE.getTime() + 1_000));
    expect(await sweepFollowUps(t.db, { now: clock.now, horizonMs: 0, deployedAt: DEPLOYED })).toBe(0);
    expect(await t.db.followUpNudge.count({ where: { jobId: job.id } })).toBe(0);
  });

  it('a job that moved on before its nudge is due gets neither task nor mail', async () => {
    const dee = await berliner();
    const job = await appliedJob(dee, 'Moved Co');
    // No worker while it is queued and the application moves on; then one runs it.
    await worker.stop();
    expect(await sweepFollowUps(t.db, { now: new Date(DUE.getTime() - 3_600_000), deployedAt: DEPLOYED })).toBe(1);
    await t.db.job.update({ where: { id: job.id }, data: { status: 'interviewing' } });
    await t.db.jobStatusEvent.create({
      data: {
        jobId: job.id,
        fromStatus: 'applied',
        toStatus: 'interviewing',
        occurredAt: new Date(APPLIED_AT.getTime() + 86_400_000),
      },
    });
    // Its job falls due at once (run_at is in the real past); the worker finds it stale.
    expect((await restartAndAwaitSkippedNudge(job.id)).skipReason).toBe('stale: the application moved on');
    expect(await followUpTasks(job.id)).toEqual([]);
    expect(smtp.mailsTo(dee.email)).toEqual([]);
  });

  it('followUpAfterDays set to 0 after a nudge was queued: skipped with the reason, no task, no mail', async () => {
    const eve = await berliner();
    const job = await appliedJob(eve, 'Paused Co');
    await worker.stop();
    expect(await sweepFollowUps(t.db, { now: clock.now, horizonMs: 0, deployedAt: DEPLOYED })).toBe(1);
    await t.app.services.users.updateSettings(eve.id, { followUpAfterDays: 0 });
    expect((await restartAndAwaitSkippedNudge(job.id)).skipReason).toBe('follow-ups are turned off');
    expect(await followUpTasks(job.id)).toEqual([]);
    expect(smtp.mailsTo(eve.email)).toEqual([]);
  });

  it('a merge keeps the merged job’s nudges: the stage it followed up is never nudged again', async () => {
    const fay = await berliner();
    const kept = await appliedJob(fay, 'Kept Co');
    // Applied an hour earlier (the same nudge time): after the merge its event opens the kept job’s applied stage.
    const hourBefore = new Date(APPLIED_AT.getTime() - 3_600_000);
    const merged = await appliedJob(fay, 'Merged Co', hourBefore, hourBefore);
    expect(await sweepFollowUps(t.db, { now: clock.now, horizonMs: 0, deployedAt: DEPLOYED })).toBe(2);
    await eventually(
      async () =>
        (await t.db.reminderDelivery.count({ where: { userId: fay.id, itemKind: 'follow_up', state: 'sent' } })) === 2,
    );

    await t.app.services.jobs.merge(fay.id, kept.id, merged.id);
    const events = await t.db.jobStatusEvent.findMany({ where: { jobId: kept.id } });
    expect(events.map((event) => event.occurredAt.toISOString())).toEqual([hourBefore.toISOString()]);
    expect(await t.db.followUpNudge.count({ where: { jobId: kept.id } })).toBe(2);
    expect(await sweepFollowUps(t.db, { now: clock.now, horizonMs: 0, deployedAt: DEPLOYED })).toBe(0);
    expect(smtp.mailsTo(fay.email)).toHaveLength(2);
  });
});
