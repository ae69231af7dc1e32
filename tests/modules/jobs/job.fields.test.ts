// The richer job fields (SPEC Part 2, "Richer applications") and archive, through JobService:
// each rule, each bad input named, partial updates (absent = unchanged, null = cleared), salary
// order against the stored values, archived jobs out of `list` but found by id.
import { beforeEach, describe, expect, it } from 'vitest';
import { appError, expectInvalidInput, useTestServices } from '../../support/services.ts';
import type { TestUser } from '../../support/test-app.ts';

const { t, services } = useTestServices();
const MISSING_ID = '00000000-0000-4000-8000-00000000abcd';

let ann: TestUser;
let bob: TestUser;
beforeEach(async () => {
  [ann, bob] = await Promise.all([t.createUser(), t.createUser()]);
});

const base = { companyName: 'Acme', position: 'Engineer' };
/** Reads embed the description only when asked for (it can be long). */
const withDescription = { embed: (field: string) => field === 'description' };
const FULL = {
  jobUrl: 'https://jobs.example.com/42?ref=x',
  location: '  Berlin  ',
  workMode: 'hybrid',
  source: 'LinkedIn',
  description: 'We build things.\nApply!',
  deadline: '2026-04-30',
  priority: 5,
  salaryMin: 60_000,
  salaryMax: 80_000,
  salaryCurrency: 'eur',
  salaryPeriod: 'year',
} as const;

describe('richer fields', () => {
  it('are stored and answered (text trimmed, the currency upper-cased), on the row and in reads', async () => {
    const job = await services.jobs.create(ann.id, { ...base, ...FULL });
    const expected = { ...FULL, location: 'Berlin', salaryCurrency: 'EUR', archived: false };
    expect(job).toMatchObject(expected);
    expect(await services.jobs.find(ann.id, job.id, withDescription)).toMatchObject(expected);
    expect((await services.jobs.list(ann.id, {}, withDescription))[0]).toMatchObject(expected);
    // Without asking, a page carries no posting text.
    expect((await services.jobs.list(ann.id))[0]).not.toHaveProperty('description');
    expect(await services.jobs.descriptions(ann.id, [job.id])).toEqual(new Map([[job.id, FULL.description]]));
    expect(await services.jobs.descriptions(bob.id, [job.id])).toEqual(new Map());
    const row = await t.db.job.findUniqueOrThrow({ where: { id: job.id } });
    expect(row).toMatchObject({
      salaryCurrency: 'EUR',
      deadline: new Date('2026-04-30T00:00:00Z'),
      workMode: 'hybrid',
    });
  });

  it('default to null, and a read answers the same shape as a write', async () => {
    const job = await services.jobs.create(ann.id, base);
    expect(job).toMatchObject({
      jobUrl: null,
      location: null,
      workMode: null,
      source: null,
      description: null,
      deadline: null,
      priority: null,
      salaryMin: null,
      salaryMax: null,
      salaryCurrency: null,
      salaryPeriod: null,
      archived: false,
    });
    expect(await services.jobs.find(ann.id, job.id, withDescription)).toEqual(job);
  });

  it('accept a 50,000-character description and a 2048-character URL', async () => {
    const jobUrl = `https://example.com/${'a'.repeat(2048 - 'https://example.com/'.length)}`;
    const job = await services.jobs.create(ann.id, { ...base, description: 'd'.repeat(50_000), jobUrl });
    expect(job.description).toHaveLength(50_000);
    expect(job.jobUrl).toBe(jobUrl);
  });

  it.each([
    [
      { jobUrl: 'ftp://example.com/job' },
      'jobData.jobUrl',
      'must be an http or https URL, e.g. https://example.com/jobs/42',
    ],
    [
      { jobUrl: 'javascript:alert(1)' },
      'jobData.jobUrl',
      'must be an http or https URL, e.g. https://example.com/jobs/42',
    ],
    [{ jobUrl: 'example.com/job' }, 'jobData.jobUrl', 'must be an http or https URL, e.g. https://example.com/jobs/42'],
    [{ jobUrl: `https://example.com/${'a'.repeat(2029)}` }, 'jobData.jobUrl', 'must be at most 2048 characters'],
    [{ location: 'L'.repeat(201) }, 'jobData.location', 'must be at most 200 characters'],
    [{ workMode: 'office' }, 'jobData.workMode', 'must be one of: onsite, hybrid, remote'],
    [{ source: 'S'.repeat(101) }, 'jobData.source', 'must be at most 100 characters'],
    [{ description: 'd'.repeat(50_001) }, 'jobData.description', 'must be at most 50000 characters'],
    [{ deadline: '2026-02-30' }, 'jobData.deadline', 'must be a date in the form YYYY-MM-DD, e.g. 2024-01-15'],
    [{ priority: 0 }, 'jobData.priority', 'must be between 1 and 5'],
    [{ priority: 6 }, 'jobData.priority', 'must be between 1 and 5'],
    [{ priority: 2.5 }, 'jobData.priority', 'must be an integer'],
    [{ salaryMin: -1 }, 'jobData.salaryMin', 'must not be negative'],
    [{ salaryMax: 1.5 }, 'jobData.salaryMax', 'must be an integer'],
    [{ salaryMin: 90_000, salaryMax: 80_000 }, 'jobData.salaryMin', 'must not be greater than salaryMax'],
    [{ salaryCurrency: 'XYZ' }, 'jobData.salaryCurrency', 'must be an ISO 4217 currency code, e.g. EUR or USD'],
    [{ salaryCurrency: 'EURO' }, 'jobData.salaryCurrency', 'must be an ISO 4217 currency code, e.g. EUR or USD'],
    [{ salaryPeriod: 'week' }, 'jobData.salaryPeriod', 'must be one of: hour, day, month, year'],
  ])('create refuses %j naming %s, and stores nothing', async (input, field, message) => {
    await expectInvalidInput(services.jobs.create(ann.id, { ...base, ...input }), field, message);
    expect(await t.db.job.count({ where: { userId: ann.id } })).toBe(0);
  });

  it('update: absent fields stay, null clears, given ones change', async () => {
    const job = await services.jobs.create(ann.id, { ...base, ...FULL });
    const updated = await services.jobs.update(ann.id, job.id, {
      location: null,
      priority: 1,
      workMode: 'remote',
      jobUrl: null,
      salaryCurrency: 'usd',
    });
    expect(updated).toMatchObject({
      ...FULL,
      location: null,
      priority: 1,
      workMode: 'remote',
      jobUrl: null,
      salaryCurrency: 'USD',
    });
    expect(await services.jobs.find(ann.id, job.id, withDescription)).toEqual(updated);
  });

  it('update checks salaryMin <= salaryMax against the stored values too, naming salaryMin', async () => {
    const job = await services.jobs.create(ann.id, { ...base, salaryMin: 50_000, salaryMax: 60_000 });
    await expectInvalidInput(
      services.jobs.update(ann.id, job.id, { salaryMin: 70_000 }),
      'jobData.salaryMin',
      'must not be greater than salaryMax (60000)',
    );
    await expectInvalidInput(
      services.jobs.update(ann.id, job.id, { salaryMax: 40_000 }),
      'jobData.salaryMin',
      'must not be greater than salaryMax (40000)',
    );
    expect(await t.db.job.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({
      salaryMin: 50_000,
      salaryMax: 60_000,
    });
    // Clearing the max lifts the bound; both at once are checked together.
    expect(await services.jobs.update(ann.id, job.id, { salaryMin: 70_000, salaryMax: null })).toMatchObject({
      salaryMin: 70_000,
      salaryMax: null,
    });
    expect(await services.jobs.update(ann.id, job.id, { salaryMin: 10, salaryMax: 20 })).toMatchObject({
      salaryMin: 10,
      salaryMax: 20,
    });
  });

  it.each([
    [{ jobUrl: 'ftp://example.com' }, 'jobData.jobUrl'],
    [{ salaryCurrency: 'XYZ' }, 'jobData.salaryCurrency'],
    [{ workMode: 'Remote' }, 'jobData.workMode'],
    [{ priority: 9 }, 'jobData.priority'],
  ])('update refuses %j naming %s and changes nothing', async (input, field) => {
    const job = await services.jobs.create(ann.id, base);
    const before = await t.db.job.findUniqueOrThrow({ where: { id: job.id } });
    const error = await appError(services.jobs.update(ann.id, job.id, input));
    expect([error.code, error.field]).toEqual(['BAD_USER_INPUT', field]);
    expect(await t.db.job.findUniqueOrThrow({ where: { id: job.id } })).toEqual(before);
  });
});

describe('archive', () => {
  it('takes the job out of list, keeps it for find, and unarchive brings it back', async () => {
    const kept = await services.jobs.create(ann.id, base);
    const archived = await services.jobs.create(ann.id, { ...base, companyName: 'Old', ...FULL });
    await t.db.note.create({ data: { jobId: archived.id, content: 'keep me' } });
    expect(await services.jobs.setArchived(ann.id, archived.id, true)).toMatchObject({ archived: true });
    expect((await services.jobs.list(ann.id)).map((job) => job.id)).toEqual([kept.id]);
    expect((await services.jobs.list(ann.id, { status: 'applied' })).map((job) => job.id)).toEqual([kept.id]);
    expect(await services.jobs.find(ann.id, archived.id)).toMatchObject({
      archived: true,
      companyName: 'Old',
      ...{ priority: 5 },
    });
    expect(await t.db.note.count({ where: { jobId: archived.id } })).toBe(1);
    expect(await services.jobs.setArchived(ann.id, archived.id, false)).toMatchObject({ archived: false });
    expect((await services.jobs.list(ann.id)).map((job) => job.id).sort()).toEqual([kept.id, archived.id].sort());
  });

  it("another user's job is NOT_FOUND like a missing one, and stays as it was", async () => {
    const job = await services.jobs.create(ann.id, base);
    for (const archived of [true, false]) {
      for (const id of [job.id, MISSING_ID]) {
        const error = await appError(services.jobs.setArchived(bob.id, id, archived));
        expect([error.code, error.message]).toEqual(['NOT_FOUND', 'Job not found']);
      }
    }
    expect((await t.db.job.findUniqueOrThrow({ where: { id: job.id } })).archived).toBe(false);
    await expectInvalidInput(services.jobs.setArchived(ann.id, 'nope', true), 'id', 'must be a UUID');
  });
});
