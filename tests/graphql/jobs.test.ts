// Jobs and notes beyond the seed documents: cascade, order, filters, and the query plan.
// Every call goes through the SDK client.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CreateJobDocument, DeleteJobDocument, JobsDocument, JobsWithNotesDocument } from '../../src/sdk/index.ts';
import { createSdkTestApp, type SdkTestApp } from '../support/sdk.ts';
import type { TestUser } from '../support/test-app.ts';

let t: SdkTestApp;
let ann: TestUser;

beforeAll(async () => {
  t = await createSdkTestApp();
});
beforeEach(async () => {
  ann = await t.createUser();
});
afterAll(() => t.close());

async function seedJobs(ownerId: string, count: number, notesPerJob: number) {
  for (let index = 0; index < count; index += 1) {
    await t.db.job.create({
      data: {
        userId: ownerId,
        companyName: `Company ${index}`,
        position: 'Engineer',
        status: index % 2 === 0 ? 'applied' : 'offer',
        createdAt: new Date(Date.UTC(2024, 0, 1, 0, 0, index)),
        notes: { create: Array.from({ length: notesPerJob }, (_, n) => ({ content: `note ${n}` })) },
      },
    });
  }
}

describe('deleting a job', () => {
  it('deletes its notes', async () => {
    const job = await t.db.job.create({
      data: {
        userId: ann.id,
        companyName: 'Acme',
        position: 'Engineer',
        notes: { create: [{ content: 'one' }, { content: 'two' }] },
      },
    });
    expect(await t.db.note.count({ where: { jobId: job.id } })).toBe(2);
    const { deleteJob } = await t.sdk(ann.token).request(DeleteJobDocument, { id: job.id });
    expect(deleteJob).toEqual({
      success: true,
      message: 'Job deleted successfully',
      code: null,
      field: null,
      deletedId: job.id,
    });
    expect(await t.db.note.count({ where: { jobId: job.id } })).toBe(0);
    expect(await t.db.job.count({ where: { id: job.id } })).toBe(0);
  });
});

describe('jobs', () => {
  it('lists newest first, filters by status and pages', async () => {
    await seedJobs(ann.id, 5, 0);
    const api = t.sdk(ann.token);
    const all = await api.request(JobsDocument);
    expect(all.jobs.map((job) => job.companyName)).toEqual([
      'Company 4',
      'Company 3',
      'Company 2',
      'Company 1',
      'Company 0',
    ]);
    const offers = await api.request(JobsDocument, { status: 'offer' });
    expect(offers.jobs.map(({ companyName, status }) => ({ companyName, status }))).toEqual([
      { companyName: 'Company 3', status: 'offer' },
      { companyName: 'Company 1', status: 'offer' },
    ]);
    const page = await api.request(JobsDocument, { limit: 2, offset: 1 });
    expect(page.jobs.map(({ companyName }) => ({ companyName }))).toEqual([
      { companyName: 'Company 3' },
      { companyName: 'Company 2' },
    ]);
  });

  it('a job created without a status is "applied"; a wishlist job may have no date', async () => {
    // One request per job: the SDK has one operation per document, where this test once sent
    // both createJob calls as aliases of one document; the defaults under test are the same.
    const api = t.sdk(ann.token);
    const a = await api.request(CreateJobDocument, { jobData: { companyName: 'A', position: 'P' } });
    const b = await api.request(CreateJobDocument, {
      jobData: { companyName: 'B', position: 'P', status: 'wishlist' },
    });
    expect({ a: a.createJob.job, b: b.createJob.job }).toMatchObject({
      a: { status: 'applied', appliedOn: null },
      b: { status: 'wishlist', appliedOn: null },
    });
  });
});

describe('the query plan has no N+1', () => {
  async function statementsFor(jobCount: number): Promise<number> {
    const owner = await t.createUser();
    await seedJobs(owner.id, jobCount, 2);
    const api = t.sdk(owner.token);
    t.sqlStatements.length = 0;
    const { status, data, errors } = await api.execute(JobsWithNotesDocument, { limit: 500 });
    const statements = t.sqlStatements.length;
    expect(status).toBe(200);
    expect(errors).toBeUndefined();
    expect(data?.jobs).toHaveLength(jobCount);
    expect(data?.jobs.every((job) => job.notes.length === 2)).toBe(true);
    return statements;
  }

  it('jobs { notes } runs as many statements for 100 jobs as for 10', async () => {
    const forTen = await statementsFor(10);
    const forHundred = await statementsFor(100);
    expect(forHundred).toBe(forTen);
    // The account check, the jobs and their notes: a small constant.
    expect(forTen).toBeLessThanOrEqual(4);
  });
});
