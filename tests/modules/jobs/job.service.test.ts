// JobService's own rules, called directly over this file's database: a user reaches only their own
// jobs (another user's id reads as null or fails NOT_FOUND exactly like a missing id, and changes
// nothing), bad input fails BAD_USER_INPUT naming the field and stores nothing, defaults, partial
// updates, and the order of a page.
import { beforeEach, describe, expect, it } from 'vitest';
import { appError, expectInvalidInput, useTestServices } from '../../support/services.ts';
import type { TestUser } from '../../support/test-app.ts';

const { t, services } = useTestServices();
const MISSING_ID = '00000000-0000-4000-8000-00000000abcd';
const STATUSES = 'wishlist, applied, interviewing, offer, accepted, rejected, withdrawn';

let ann: TestUser;
let bob: TestUser;
beforeEach(async () => {
  [ann, bob] = await Promise.all([t.createUser(), t.createUser()]);
});

const annJob = (data: { companyName?: string; status?: 'applied' | 'offer'; createdAt?: Date } = {}) =>
  t.db.job.create({ data: { userId: ann.id, companyName: 'Acme', position: 'Engineer', ...data } });

describe('create', () => {
  it('defaults status to applied, trims text, keeps appliedOn as a calendar day, for the owner', async () => {
    const job = await services.jobs.create(ann.id, {
      companyName: '  Acme  ',
      position: 'Engineer\n',
      appliedOn: '2024-02-29',
    });
    expect(job).toMatchObject({
      companyName: 'Acme',
      position: 'Engineer',
      status: 'applied',
      appliedOn: '2024-02-29',
    });
    const row = await t.db.job.findUniqueOrThrow({ where: { id: job.id } });
    expect(row).toMatchObject({ userId: ann.id, status: 'applied', appliedOn: new Date('2024-02-29T00:00:00Z') });
  });

  it.each([
    [{ position: 'Engineer' }, 'jobData.companyName', 'must be a string'],
    [{ companyName: ' ', position: 'Engineer' }, 'jobData.companyName', 'must not be empty'],
    [{ companyName: 'A'.repeat(201), position: 'Engineer' }, 'jobData.companyName', 'must be at most 200 characters'],
    [
      { companyName: 'Acme', position: 'Eng\u0000' },
      'jobData.position',
      'must be valid Unicode text without NUL characters',
    ],
    [{ companyName: 'Acme', position: 'Engineer', status: 'hired' }, 'jobData.status', `must be one of: ${STATUSES}`],
    [
      { companyName: 'Acme', position: 'Engineer', appliedOn: '15/01/2024' },
      'jobData.appliedOn',
      'must be a date in the form YYYY-MM-DD, e.g. 2024-01-15',
    ],
    [
      { companyName: 'Acme', position: 'Engineer', appliedOn: '0000-01-01' },
      'jobData.appliedOn',
      'must be a date between 0001-01-01 and 9999-12-31',
    ],
  ])('refuses %j naming %s, and stores nothing', async (input, field, message) => {
    await expectInvalidInput(services.jobs.create(ann.id, input), field, message);
    expect(await t.db.job.count({ where: { userId: ann.id } })).toBe(0);
  });
});

describe('list', () => {
  it("answers only the owner's jobs, newest first, a tie on createdAt broken by id (descending)", async () => {
    const same = new Date('2024-01-02T00:00:00Z');
    const jobs = [
      await annJob({ companyName: 'Oldest', createdAt: new Date('2024-01-01T00:00:00Z') }),
      await annJob({ companyName: 'Tie one', createdAt: same }),
      await annJob({ companyName: 'Tie two', createdAt: same }),
      await annJob({ companyName: 'Newest', createdAt: new Date('2024-01-03T00:00:00Z') }),
    ];
    await t.db.job.create({ data: { userId: bob.id, companyName: 'Bob Co', position: 'Dev' } });
    const ties = jobs.slice(1, 3).sort((a, b) => (a.id < b.id ? 1 : -1));
    const expected = [jobs[3]!, ...ties, jobs[0]!].map((job) => job.id);

    expect((await services.jobs.list(ann.id)).map((job) => job.id)).toEqual(expected);
    expect((await services.jobs.list(ann.id, { limit: 2, offset: 1 })).map((job) => job.id)).toEqual(
      expected.slice(1, 3),
    );
    expect(await services.jobs.list(ann.id, { offset: 4 })).toEqual([]);
  });

  it('filters by status', async () => {
    const offer = await annJob({ status: 'offer' });
    await annJob({ status: 'applied' });
    expect((await services.jobs.list(ann.id, { status: 'offer' })).map((job) => job.id)).toEqual([offer.id]);
    expect(await services.jobs.list(ann.id, { status: 'rejected' })).toEqual([]);
  });

  it.each([
    [{ limit: 0 }, 'limit', 'must be at least 1'],
    [{ limit: 501 }, 'limit', 'must be at most 500'],
    [{ offset: -1 }, 'offset', 'must not be negative'],
    [{ status: 'hired' }, 'status', `must be one of: ${STATUSES}`],
  ])('refuses %j naming %s', async (input, field, message) => {
    await expectInvalidInput(services.jobs.list(ann.id, input), field, message);
  });
});

describe('find and findMany', () => {
  it("another user's job reads as null, exactly like a missing one", async () => {
    const job = await annJob();
    expect(await services.jobs.find(ann.id, job.id)).toMatchObject({ id: job.id, companyName: 'Acme' });
    expect(await services.jobs.find(bob.id, job.id)).toBeNull();
    expect(await services.jobs.find(bob.id, MISSING_ID)).toBeNull();
  });

  it('a malformed id is BAD_USER_INPUT naming id', async () => {
    await expectInvalidInput(services.jobs.find(ann.id, 'not-a-uuid'), 'id', 'must be a UUID');
  });

  it("findMany leaves out other users' and missing ids", async () => {
    const [first, second] = [await annJob(), await annJob()];
    const bobs = await t.db.job.create({ data: { userId: bob.id, companyName: 'Bob Co', position: 'Dev' } });
    const found = await services.jobs.findMany(ann.id, [second.id, bobs.id, MISSING_ID, first.id]);
    expect(found.map((job) => job.id).sort()).toEqual([first.id, second.id].sort());
  });
});

describe('update', () => {
  it('changes only the fields given; appliedOn can be cleared with null', async () => {
    const job = await services.jobs.create(ann.id, {
      companyName: 'Acme',
      position: 'Engineer',
      appliedOn: '2024-01-15',
    });
    const moved = await services.jobs.update(ann.id, job.id, { status: 'interviewing' });
    expect(moved).toMatchObject({
      companyName: 'Acme',
      position: 'Engineer',
      status: 'interviewing',
      appliedOn: '2024-01-15',
    });
    const cleared = await services.jobs.update(ann.id, job.id, { appliedOn: null });
    expect(cleared).toMatchObject({ status: 'interviewing', appliedOn: null });
  });

  it("another user's job fails NOT_FOUND like a missing one, and stays as it was", async () => {
    const job = await annJob();
    const before = await t.db.job.findUniqueOrThrow({ where: { id: job.id } });
    const forAnns = await appError(services.jobs.update(bob.id, job.id, { status: 'offer' }));
    const forMissing = await appError(services.jobs.update(bob.id, MISSING_ID, { status: 'offer' }));
    expect({ code: forAnns.code, message: forAnns.message }).toEqual({ code: 'NOT_FOUND', message: 'Job not found' });
    expect({ code: forMissing.code, message: forMissing.message }).toEqual({
      code: forAnns.code,
      message: forAnns.message,
    });
    expect(await t.db.job.findUniqueOrThrow({ where: { id: job.id } })).toEqual(before);
  });

  it('bad input fails naming the field (id first, then jobData) and changes nothing', async () => {
    const job = await annJob();
    const before = await t.db.job.findUniqueOrThrow({ where: { id: job.id } });
    await expectInvalidInput(services.jobs.update(ann.id, 'x', { status: 'offer' }), 'id', 'must be a UUID');
    await expectInvalidInput(
      services.jobs.update(ann.id, job.id, { companyName: '' }),
      'jobData.companyName',
      'must not be empty',
    );
    await expectInvalidInput(
      services.jobs.update(ann.id, job.id, { status: null }),
      'jobData.status',
      `must be one of: ${STATUSES}`,
    );
    expect(await t.db.job.findUniqueOrThrow({ where: { id: job.id } })).toEqual(before);
  });
});

describe('delete', () => {
  it("another user's job fails NOT_FOUND, and it and its notes stay", async () => {
    const job = await annJob();
    await t.db.note.create({ data: { jobId: job.id, content: 'keep me' } });
    const error = await appError(services.jobs.delete(bob.id, job.id));
    expect({ code: error.code, message: error.message }).toEqual({ code: 'NOT_FOUND', message: 'Job not found' });
    expect(await t.db.job.count({ where: { id: job.id } })).toBe(1);
    expect(await t.db.note.count({ where: { jobId: job.id } })).toBe(1);
  });

  it('answers the deleted job; a second delete is NOT_FOUND', async () => {
    const job = await annJob();
    expect(await services.jobs.delete(ann.id, job.id)).toMatchObject({ id: job.id, companyName: 'Acme' });
    expect((await appError(services.jobs.delete(ann.id, job.id))).code).toBe('NOT_FOUND');
  });
});
