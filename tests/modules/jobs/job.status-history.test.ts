// Status history (SPEC Part 2, "Status history" and "Decisions: Backdating"): an event in the same
// transaction as every status change, creation included, none for an update that keeps the
// status; concurrent changes chain (the job row is locked); backdating rules; changeStatusIn for
// other modules. The service runs on a clock of the test's own, so nothing sleeps.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { JobStatus } from '../../../src/generated/prisma/enums.ts';
import { JobService } from '../../../src/modules/jobs/index.ts';
import { appError, expectInvalidInput, useTestServices } from '../../support/services.ts';
import type { TestUser } from '../../support/test-app.ts';

const { t } = useTestServices();
const MISSING_ID = '00000000-0000-4000-8000-00000000abcd';

/** A clock the test moves by hand. */
let clock = new Date('2026-03-01T12:00:00.000Z');
const advance = (ms: number) => (clock = new Date(clock.getTime() + ms));
let jobs: JobService;
beforeAll(() => {
  jobs = new JobService(t.db, [], { now: () => clock });
});

let ann: TestUser;
let bob: TestUser;
beforeEach(async () => {
  clock = new Date('2026-03-01T12:00:00.000Z');
  [ann, bob] = await Promise.all([t.createUser(), t.createUser()]);
});

const eventsOf = (jobId: string) =>
  t.db.jobStatusEvent.findMany({ where: { jobId }, orderBy: [{ occurredAt: 'asc' }, { id: 'asc' }] });
const historyOf = async (jobId: string) =>
  (await eventsOf(jobId)).map(({ fromStatus, toStatus, occurredAt }) => ({
    fromStatus,
    toStatus,
    occurredAt: occurredAt.toISOString(),
  }));

describe('creation', () => {
  it('writes the first event (from null, at statusChangedAt = now) with the job', async () => {
    const job = await jobs.create(ann.id, { companyName: 'Acme', position: 'Engineer', status: 'wishlist' });
    expect(job.statusChangedAt).toBe(clock.toISOString());
    expect(await historyOf(job.id)).toEqual([
      { fromStatus: null, toStatus: 'wishlist', occurredAt: '2026-03-01T12:00:00.000Z' },
    ]);
    const view = await jobs.find(ann.id, job.id, { embed: () => true });
    expect(view?.statusHistory).toEqual([
      { id: expect.any(String), fromStatus: null, toStatus: 'wishlist', occurredAt: '2026-03-01T12:00:00.000Z' },
    ]);
    expect(view?.statusChangedAt).toBe('2026-03-01T12:00:00.000Z');
  });

  it('takes a past statusChangedAt for the first status, not a future one', async () => {
    const job = await jobs.create(ann.id, {
      companyName: 'Acme',
      position: 'Engineer',
      statusChangedAt: '2026-02-20T09:30:00+01:00',
    });
    expect(job.statusChangedAt).toBe('2026-02-20T08:30:00.000Z');
    expect(await historyOf(job.id)).toEqual([
      { fromStatus: null, toStatus: 'applied', occurredAt: '2026-02-20T08:30:00.000Z' },
    ]);
    await expectInvalidInput(
      jobs.create(ann.id, { companyName: 'Late', position: 'Engineer', statusChangedAt: '2026-03-01T12:00:00.001Z' }),
      'jobData.statusChangedAt',
      'must not be in the future',
    );
    await expectInvalidInput(
      jobs.create(ann.id, { companyName: 'Late', position: 'Engineer', statusChangedAt: 'yesterday' }),
      'jobData.statusChangedAt',
      'must be an ISO 8601 date-time with a time zone, e.g. 2024-01-20T10:00:00Z',
    );
    expect(await t.db.job.count({ where: { companyName: 'Late' } })).toBe(0);
  });
});

describe('update', () => {
  it('writes one event per real change, from the stored status, and none for a no-op', async () => {
    const job = await jobs.create(ann.id, { companyName: 'Acme', position: 'Engineer' });
    advance(60_000);
    const moved = await jobs.update(ann.id, job.id, { status: 'interviewing' });
    expect(moved).toMatchObject({ status: 'interviewing', statusChangedAt: '2026-03-01T12:01:00.000Z' });
    advance(60_000);
    await jobs.update(ann.id, job.id, { status: 'interviewing', position: 'Senior Engineer' });
    await jobs.update(ann.id, job.id, { companyName: 'Acme Inc' });
    advance(60_000);
    await jobs.update(ann.id, job.id, { status: 'offer' });
    expect(await historyOf(job.id)).toEqual([
      { fromStatus: null, toStatus: 'applied', occurredAt: '2026-03-01T12:00:00.000Z' },
      { fromStatus: 'applied', toStatus: 'interviewing', occurredAt: '2026-03-01T12:01:00.000Z' },
      { fromStatus: 'interviewing', toStatus: 'offer', occurredAt: '2026-03-01T12:03:00.000Z' },
    ]);
    const row = await t.db.job.findUniqueOrThrow({ where: { id: job.id } });
    expect(row).toMatchObject({
      status: 'offer',
      statusChangedAt: new Date('2026-03-01T12:03:00.000Z'),
      companyName: 'Acme Inc',
      position: 'Senior Engineer',
    });
  });

  it('a change at the same instant as the previous one still sorts after it (1 ms later)', async () => {
    const job = await jobs.create(ann.id, { companyName: 'Acme', position: 'Engineer' });
    await jobs.update(ann.id, job.id, { status: 'interviewing' });
    await jobs.update(ann.id, job.id, { status: 'offer' });
    expect(await historyOf(job.id)).toEqual([
      { fromStatus: null, toStatus: 'applied', occurredAt: '2026-03-01T12:00:00.000Z' },
      { fromStatus: 'applied', toStatus: 'interviewing', occurredAt: '2026-03-01T12:00:00.001Z' },
      { fromStatus: 'interviewing', toStatus: 'offer', occurredAt: '2026-03-01T12:00:00.002Z' },
    ]);
  });

  it('concurrent changes to different statuses chain: each event starts where the one before ended', async () => {
    const job = await jobs.create(ann.id, { companyName: 'Acme', position: 'Engineer' });
    const targets: JobStatus[] = ['interviewing', 'offer', 'rejected', 'withdrawn', 'accepted', 'wishlist'];
    // The real clock: the changes race for the row, in whatever order the database lets them.
    const racing = new JobService(t.db);
    await Promise.all(targets.map((status) => racing.update(ann.id, job.id, { status })));
    const history = await eventsOf(job.id);
    expect(history).toHaveLength(targets.length + 1);
    for (let index = 1; index < history.length; index += 1) {
      expect(history[index]!.fromStatus).toBe(history[index - 1]!.toStatus);
    }
    const row = await t.db.job.findUniqueOrThrow({ where: { id: job.id } });
    expect(row.status).toBe(history.at(-1)!.toStatus);
    expect(row.statusChangedAt).toEqual(history.at(-1)!.occurredAt);
  });

  it("another user's job is NOT_FOUND like a missing one, and gets no event", async () => {
    const job = await jobs.create(ann.id, { companyName: 'Acme', position: 'Engineer' });
    const forAnns = await appError(jobs.update(bob.id, job.id, { status: 'offer' }));
    const forMissing = await appError(jobs.update(bob.id, MISSING_ID, { status: 'offer' }));
    expect([forAnns.code, forAnns.message]).toEqual(['NOT_FOUND', 'Job not found']);
    expect([forMissing.code, forMissing.message]).toEqual([forAnns.code, forAnns.message]);
    expect(await eventsOf(job.id)).toHaveLength(1);
  });
});

describe('backdating (statusChangedAt on update)', () => {
  it('dates the change and the new statusChangedAt', async () => {
    const job = await jobs.create(ann.id, {
      companyName: 'Acme',
      position: 'Engineer',
      statusChangedAt: '2026-02-01T00:00:00Z',
    });
    const moved = await jobs.update(ann.id, job.id, {
      status: 'interviewing',
      statusChangedAt: '2026-02-28T18:00:00Z',
    });
    expect(moved.statusChangedAt).toBe('2026-02-28T18:00:00.000Z');
    expect((await historyOf(job.id)).at(-1)).toEqual({
      fromStatus: 'applied',
      toStatus: 'interviewing',
      occurredAt: '2026-02-28T18:00:00.000Z',
    });
  });

  it('may equal now and the previous change, not pass them', async () => {
    const job = await jobs.create(ann.id, {
      companyName: 'Acme',
      position: 'Engineer',
      statusChangedAt: '2026-02-01T00:00:00Z',
    });
    await expectInvalidInput(
      jobs.update(ann.id, job.id, { status: 'offer', statusChangedAt: '2026-03-01T12:00:00.001Z' }),
      'jobData.statusChangedAt',
      'must not be in the future',
    );
    await expectInvalidInput(
      jobs.update(ann.id, job.id, { status: 'offer', statusChangedAt: '2026-01-31T23:59:59.999Z' }),
      'jobData.statusChangedAt',
      'must not be before the previous status change (2026-02-01T00:00:00.000Z)',
    );
    expect(await eventsOf(job.id)).toHaveLength(1);
    await jobs.update(ann.id, job.id, { status: 'offer', statusChangedAt: '2026-03-01T12:00:00Z' });
    expect(await eventsOf(job.id)).toHaveLength(2);
  });

  it('is refused without a status, or with the status the job already has', async () => {
    const job = await jobs.create(ann.id, { companyName: 'Acme', position: 'Engineer' });
    const before = await t.db.job.findUniqueOrThrow({ where: { id: job.id } });
    for (const input of [
      { statusChangedAt: '2026-02-01T00:00:00Z' },
      { statusChangedAt: '2026-02-01T00:00:00Z', companyName: 'Other' },
      { status: 'applied', statusChangedAt: '2026-02-01T00:00:00Z' },
    ]) {
      await expectInvalidInput(
        jobs.update(ann.id, job.id, input),
        'jobData.statusChangedAt',
        'is valid only with a status that changes',
      );
    }
    expect(await t.db.job.findUniqueOrThrow({ where: { id: job.id } })).toEqual(before);
    expect(await eventsOf(job.id)).toHaveLength(1);
  });
});

describe('changeStatusIn (for other modules, inside their transaction)', () => {
  it('moves only from the statuses given, writes the event, answers whether it moved', async () => {
    const job = await jobs.create(ann.id, { companyName: 'Acme', position: 'Engineer' });
    const at = new Date('2026-03-01T12:30:00Z');
    const move = (from: JobStatus[]) =>
      t.db.$transaction((tx) => jobs.changeStatusIn(tx, ann.id, job.id, { to: 'interviewing', from, occurredAt: at }));
    expect(await move(['wishlist'])).toBe(false);
    expect(await eventsOf(job.id)).toHaveLength(1);
    expect(await move(['wishlist', 'applied'])).toBe(true);
    expect(await move(['wishlist', 'applied'])).toBe(false);
    expect(await historyOf(job.id)).toEqual([
      { fromStatus: null, toStatus: 'applied', occurredAt: '2026-03-01T12:00:00.000Z' },
      { fromStatus: 'applied', toStatus: 'interviewing', occurredAt: '2026-03-01T12:30:00.000Z' },
    ]);
    expect(await t.db.job.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({
      status: 'interviewing',
      statusChangedAt: at,
    });
  });

  it('rolls back with the caller’s transaction', async () => {
    const job = await jobs.create(ann.id, { companyName: 'Acme', position: 'Engineer' });
    const failure = new Error('the caller failed after the change');
    await expect(
      t.db.$transaction(async (tx) => {
        await jobs.changeStatusIn(tx, ann.id, job.id, { to: 'offer', occurredAt: clock });
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await eventsOf(job.id)).toHaveLength(1);
    expect((await t.db.job.findUniqueOrThrow({ where: { id: job.id } })).status).toBe('applied');
  });

  it("is NOT_FOUND for another user's job, like a missing one", async () => {
    const job = await jobs.create(ann.id, { companyName: 'Acme', position: 'Engineer' });
    for (const id of [job.id, MISSING_ID]) {
      const error = await appError(
        t.db.$transaction((tx) => jobs.changeStatusIn(tx, bob.id, id, { to: 'offer', occurredAt: clock })),
      );
      expect([error.code, error.message]).toEqual(['NOT_FOUND', 'Job not found']);
    }
    expect(await eventsOf(job.id)).toHaveLength(1);
  });
});
