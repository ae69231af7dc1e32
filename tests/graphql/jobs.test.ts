// Jobs and notes beyond the seed documents: cascade, order, filters, and the query plan.
// Every call goes through the SDK client.
import { beforeEach, describe, expect, it } from 'vitest';
import {
  CreateJobDocument,
  CreateNoteDocument,
  DeleteJobDocument,
  JobsDocument,
  JobsWithNotesDocument,
} from '../../src/sdk/index.ts';
import { useSdkTestApp } from '../support/sdk.ts';
import type { TestUser } from '../support/test-app.ts';

const t = useSdkTestApp();
let ann: TestUser;

beforeEach(async () => {
  ann = await t.createUser();
});

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

describe('reads and writes answer a job and a note alike', () => {
  // Writes answer the row Prisma returns; reads answer JSON built in SQL (job.views.ts).
  it('the same dates, to the millisecond, whichever path answers', async () => {
    const api = t.sdk(ann.token);
    const { createJob } = await api.request(CreateJobDocument, {
      jobData: { companyName: 'Acme', position: 'Engineer', status: 'interviewing', appliedOn: '2024-02-29' },
    });
    const created = createJob.job!;
    const { createNote } = await api.request(CreateNoteDocument, {
      noteData: { jobId: created.id, content: 'call back', reminderTime: '2024-03-01T09:30:00.5+01:00' },
    });
    const stored = await t.db.job.findUniqueOrThrow({ where: { id: created.id }, include: { notes: true } });
    expect(created).toMatchObject({
      appliedOn: '2024-02-29',
      createdAt: stored.createdAt.toISOString(),
      updatedAt: stored.updatedAt.toISOString(),
    });
    expect(createNote.note).toMatchObject({
      reminderTime: '2024-03-01T08:30:00.500Z',
      createdAt: stored.notes[0]!.createdAt.toISOString(),
    });

    const fields = 'id companyName position status appliedOn createdAt updatedAt';
    const noteFields = 'id jobId content reminderTime createdAt';
    const read = await t.graphql(
      `query ($id: ID!) { job(id: $id) { ${fields} notes { ${noteFields} } } jobs { ${fields} notes { ${noteFields} } } }`,
      { token: ann.token, variables: { id: created.id } },
    );
    expect(read.errors).toBeUndefined();
    const { notes: _notes, ...createdFields } = created as typeof created & { notes?: unknown };
    const expected = { ...createdFields, notes: [{ ...createNote.note, jobId: created.id }] };
    expect(read.data).toEqual({ job: expected, jobs: [expected] });
  });
});

describe('the query plan has no N+1', () => {
  async function statementsFor(jobCount: number, query?: string): Promise<number> {
    const owner = await t.createUser();
    await seedJobs(owner.id, jobCount, 2);
    const api = t.sdk(owner.token);
    t.sqlStatements.length = 0;
    const { status, data, errors } = query
      ? await t.graphql<{ jobs: { notes: unknown[] }[] }>(query, { token: owner.token })
      : await api.execute(JobsWithNotesDocument, { limit: 500 });
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
    // The account check and one statement for the jobs with their notes.
    expect(forTen).toBe(2);
  });

  it('notes asked through a fragment are still read with the jobs', async () => {
    const query = `{ jobs(limit: 500) { ...WithNotes } } fragment WithNotes on Job { id ... on Job { notes { id } } }`;
    expect(await statementsFor(10, query)).toBe(2);
  });

  it("a note's job and that job's notes are loaded in one batch each, whatever the number of rows", async () => {
    const query = `{ jobs(limit: 500) { id notes { id content job { id companyName notes { id } } } } }`;
    const forTen = await statementsFor(10, query);
    const forHundred = await statementsFor(100, query);
    expect(forHundred).toBe(forTen);
    // Account check, jobs with notes, the notes' jobs, those jobs' notes.
    expect(forTen).toBe(4);
  });

  it('the batched paths answer the same rows, in the same order, as the direct ones', async () => {
    await seedJobs(ann.id, 3, 3);
    const direct = await t.graphql<{ jobs: { id: string; notes: { id: string }[] }[] }>(
      '{ jobs { id notes { id content createdAt } } }',
      { token: ann.token },
    );
    const batched = await t.graphql<{ jobs: { notes: { job: { id: string; notes: unknown[] } }[] }[] }>(
      '{ jobs { notes { job { id notes { id content createdAt } } } } }',
      { token: ann.token },
    );
    expect(batched.errors).toBeUndefined();
    const viaJob = batched.data!.jobs.map((job) => job.notes[0]!.job);
    expect(viaJob).toEqual(direct.data!.jobs);
    expect(direct.data!.jobs.map((job) => job.notes.map((note) => note.id).length)).toEqual([3, 3, 3]);
  });
});
