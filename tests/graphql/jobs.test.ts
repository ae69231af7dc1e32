// Jobs and notes beyond the seed documents: cascade, order, filters, and the query plan.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../support/test-app.ts';

let t: TestApp;
let ann: TestUser;

beforeAll(async () => {
  t = await createTestApp();
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
    const { data } = await t.graphql('mutation ($id: ID!) { deleteJob(id: $id) { success deletedId } }', {
      token: ann.token,
      variables: { id: job.id },
    });
    expect(data?.deleteJob).toEqual({ success: true, deletedId: job.id });
    expect(await t.db.note.count({ where: { jobId: job.id } })).toBe(0);
  });
});

describe('jobs', () => {
  it('lists newest first, filters by status and pages', async () => {
    await seedJobs(ann.id, 5, 0);
    const all = await t.graphql('{ jobs { companyName } }', { token: ann.token });
    expect(all.data?.jobs.map((job: { companyName: string }) => job.companyName)).toEqual([
      'Company 4',
      'Company 3',
      'Company 2',
      'Company 1',
      'Company 0',
    ]);
    const offers = await t.graphql('{ jobs(status: "offer") { companyName status } }', { token: ann.token });
    expect(offers.data?.jobs).toEqual([
      { companyName: 'Company 3', status: 'offer' },
      { companyName: 'Company 1', status: 'offer' },
    ]);
    const page = await t.graphql('{ jobs(limit: 2, offset: 1) { companyName } }', { token: ann.token });
    expect(page.data?.jobs).toEqual([{ companyName: 'Company 3' }, { companyName: 'Company 2' }]);
  });

  it('a job created without a status is "applied"; a wishlist job may have no date', async () => {
    const { data } = await t.graphql(
      'mutation { a: createJob(jobData: { companyName: "A", position: "P" }) { job { status appliedOn } } b: createJob(jobData: { companyName: "B", position: "P", status: "wishlist" }) { job { status appliedOn } } }',
      { token: ann.token },
    );
    expect(data).toEqual({
      a: { job: { status: 'applied', appliedOn: null } },
      b: { job: { status: 'wishlist', appliedOn: null } },
    });
  });
});

describe('the query plan has no N+1', () => {
  const JOBS_WITH_NOTES = '{ jobs(limit: 500) { id companyName notes { id content } } }';

  async function statementsFor(jobCount: number): Promise<number> {
    const owner = await t.createUser();
    await seedJobs(owner.id, jobCount, 2);
    t.sqlStatements.length = 0;
    const { data, errors } = await t.graphql(JOBS_WITH_NOTES, { token: owner.token });
    expect(errors).toBeUndefined();
    expect(data?.jobs).toHaveLength(jobCount);
    expect(data?.jobs.every((job: { notes: unknown[] }) => job.notes.length === 2)).toBe(true);
    return t.sqlStatements.length;
  }

  it('jobs { notes } runs as many statements for 100 jobs as for 10', async () => {
    const forTen = await statementsFor(10);
    const forHundred = await statementsFor(100);
    expect(forHundred).toBe(forTen);
    // The account check, the jobs and their notes: a small constant.
    expect(forTen).toBeLessThanOrEqual(4);
  });
});
