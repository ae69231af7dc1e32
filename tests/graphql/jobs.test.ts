// Jobs and notes beyond the seed documents: cascade, order, filters, and the query plan.
// Every call goes through the SDK client.
import { beforeEach, describe, expect, it } from 'vitest';
import {
  ArchiveJobDocument,
  CreateJobDocument,
  CreateJobWithDetailsDocument,
  CreateNoteDocument,
  DeleteJobDocument,
  DeleteTagDocument,
  JobsDocument,
  JobsWithDetailsAndNotesDocument,
  JobsWithDetailsDocument,
  JobsWithNotesDocument,
  JobWithDetailsDocument,
  RenameTagDocument,
  TagsDocument,
  UnarchiveJobDocument,
  UpdateJobWithDetailsDocument,
} from '../../src/sdk/index.ts';
import { useSdkTestApp } from '../support/sdk.ts';
import type { TestUser } from '../support/test-app.ts';

const t = useSdkTestApp();
let ann: TestUser;

beforeEach(async () => {
  ann = await t.createUser();
});

async function seedJobs(ownerId: string, count: number, notesPerJob: number, tagsPerJob = 0) {
  const tags = await Promise.all(
    Array.from({ length: tagsPerJob }, (_, n) =>
      t.db.tag.create({ data: { userId: ownerId, name: `Tag ${n}`, nameKey: `tag ${n}` } }),
    ),
  );
  for (let index = 0; index < count; index += 1) {
    const occurredAt = new Date(Date.UTC(2024, 0, 1, 0, 0, index));
    await t.db.job.create({
      data: {
        userId: ownerId,
        companyName: `Company ${index}`,
        position: 'Engineer',
        status: index % 2 === 0 ? 'applied' : 'offer',
        createdAt: occurredAt,
        notes: { create: Array.from({ length: notesPerJob }, (_, n) => ({ content: `note ${n}` })) },
        statusHistory: { create: [{ toStatus: 'applied', occurredAt }] },
        tags: { create: tags.map((tag) => ({ tagId: tag.id })) },
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

  it('answers every job without a limit, past the 100 the seed-era list stopped at, and pages past it', async () => {
    const owner = await t.createUser();
    await t.db.job.createMany({
      data: Array.from({ length: 620 }, (_, index) => ({
        userId: owner.id,
        companyName: `Company ${index}`,
        position: 'Engineer',
        createdAt: new Date(Date.UTC(2024, 0, 1, 0, 0, index)),
      })),
    });
    const api = t.sdk(owner.token);
    const all = await api.request(JobsDocument);
    expect(all.jobs).toHaveLength(620);
    expect(all.jobs[0]?.companyName).toBe('Company 619');
    expect(all.jobs.at(-1)?.companyName).toBe('Company 0');
    const tail = await api.request(JobsDocument, { offset: 600 });
    expect(tail.jobs.map((job) => job.companyName)).toEqual(
      Array.from({ length: 20 }, (_, index) => `Company ${19 - index}`),
    );
    const { data } = await api.execute(JobsDocument, { limit: 501 });
    expect(data).toBeNull();
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

describe('the query plan has no N+1 for Part 2 relations', () => {
  async function statementsFor(jobCount: number, withNotes: boolean): Promise<number> {
    const owner = await t.createUser();
    await seedJobs(owner.id, jobCount, 2, 3);
    const api = t.sdk(owner.token);
    t.sqlStatements.length = 0;
    const { data, errors } = withNotes
      ? await api.execute(JobsWithDetailsAndNotesDocument, { limit: 500 })
      : await api.execute(JobsWithDetailsDocument, { limit: 500 });
    const statements = t.sqlStatements.length;
    expect(errors).toBeUndefined();
    const jobs: { tags: string[]; statusHistory: unknown[]; notes?: unknown[] }[] = data?.jobs ?? [];
    expect(jobs).toHaveLength(jobCount);
    expect(jobs.every((job) => job.tags.length === 3 && job.statusHistory.length === 1)).toBe(true);
    expect(jobs.every((job) => (withNotes ? job.notes?.length === 2 : job.notes === undefined))).toBe(true);
    return statements;
  }

  it('jobs { statusHistory tags } runs as many statements for 100 jobs as for 10: all in the jobs statement', async () => {
    const forTen = await statementsFor(10, false);
    expect(await statementsFor(100, false)).toBe(forTen);
    expect(forTen).toBe(2);
  });

  it('jobs { statusHistory tags notes } likewise', async () => {
    const forTen = await statementsFor(10, true);
    expect(await statementsFor(100, true)).toBe(forTen);
    expect(forTen).toBe(2);
  });

  it("a mutation's job loads its history and tags in one statement each", async () => {
    const api = t.sdk(ann.token);
    const { createJob } = await api.request(CreateJobWithDetailsDocument, {
      jobData: { companyName: 'Acme', position: 'Engineer', tags: ['a'] },
    });
    t.sqlStatements.length = 0;
    const { updateJob } = await api.request(UpdateJobWithDetailsDocument, {
      id: createJob.job!.id,
      jobData: { status: 'offer', tags: ['b', 'a'] },
    });
    expect(updateJob.job).toMatchObject({ status: 'offer', tags: ['a', 'b'] });
    expect(updateJob.job!.statusHistory.map((event) => [event.fromStatus, event.toStatus])).toEqual([
      [null, 'applied'],
      ['applied', 'offer'],
    ]);
    const historyReads = t.sqlStatements.filter((sql) => sql.includes('job_status_events e'));
    expect(historyReads).toHaveLength(1);
  });
});

describe('Part 2 job fields through the SDK', () => {
  it("a note's job answers its description (batched), like the job read does", async () => {
    const api = t.sdk(ann.token);
    const jobs = await Promise.all(
      ['first posting', null].map(async (description) => {
        const { createJob } = await api.request(CreateJobWithDetailsDocument, {
          jobData: { companyName: 'Acme', position: 'Eng', description },
        });
        await api.request(CreateNoteDocument, { noteData: { jobId: createJob.job!.id, content: 'n' } });
        return createJob.job!;
      }),
    );
    t.sqlStatements.length = 0;
    const read = await t.graphql<{
      jobs: { id: string; description: string | null; notes: { job: { id: string; description: string | null } }[] }[];
    }>('{ jobs { id description notes { job { id description } } } }', { token: ann.token });
    expect(read.errors).toBeUndefined();
    for (const job of read.data!.jobs) {
      expect(job.notes[0]!.job).toEqual({ id: job.id, description: job.description });
    }
    expect(read.data!.jobs.map((job) => job.description).sort()).toEqual(jobs.map((job) => job.description).sort());
    // Account check, jobs (description embedded) with notes, the notes' jobs, their descriptions.
    expect(t.sqlStatements).toHaveLength(4);
  });

  it('createJob and updateJob take and answer every field; job(id) answers the same', async () => {
    const api = t.sdk(ann.token);
    const { createJob } = await api.request(CreateJobWithDetailsDocument, {
      jobData: {
        companyName: 'Acme',
        position: 'Engineer',
        status: 'wishlist',
        jobUrl: 'https://acme.example/jobs/1',
        location: 'Remote (EU)',
        workMode: 'remote',
        source: 'referral',
        description: 'Build things',
        deadline: '2030-01-31',
        priority: 4,
        salaryMin: 50_000,
        salaryMax: 70_000,
        salaryCurrency: 'chf',
        salaryPeriod: 'year',
        tags: ['Rust', 'rust', 'remote'],
        statusChangedAt: '2024-05-01T10:00:00Z',
      },
    });
    expect(createJob).toMatchObject({ success: true, code: null, field: null });
    const job = createJob.job!;
    expect(job).toMatchObject({
      status: 'wishlist',
      workMode: 'remote',
      salaryCurrency: 'CHF',
      salaryPeriod: 'year',
      archived: false,
      tags: ['remote', 'Rust'],
      statusChangedAt: '2024-05-01T10:00:00.000Z',
      statusHistory: [
        { id: expect.any(String), fromStatus: null, toStatus: 'wishlist', occurredAt: '2024-05-01T10:00:00.000Z' },
      ],
    });
    expect((await api.request(JobWithDetailsDocument, { id: job.id })).job).toEqual(job);

    const { updateJob } = await api.request(UpdateJobWithDetailsDocument, {
      id: job.id,
      jobData: { status: 'applied', statusChangedAt: '2024-05-02T10:00:00+02:00', workMode: 'hybrid', priority: null },
    });
    expect(updateJob.job).toMatchObject({
      status: 'applied',
      workMode: 'hybrid',
      priority: null,
      statusChangedAt: '2024-05-02T08:00:00.000Z',
    });
    expect(updateJob.job!.statusHistory.at(-1)).toMatchObject({
      fromStatus: 'wishlist',
      toStatus: 'applied',
      occurredAt: '2024-05-02T08:00:00.000Z',
    });
    const { updatedAt: _u, ...read } = (await api.request(JobWithDetailsDocument, { id: job.id })).job!;
    const { updatedAt: _w, ...written } = updateJob.job!;
    expect(read).toEqual(written);
  });

  it.each([
    [{ jobUrl: 'ftp://example.com/x' }, 'jobData.jobUrl'],
    [{ salaryCurrency: 'XYZ' }, 'jobData.salaryCurrency'],
    [{ salaryMin: 10, salaryMax: 5 }, 'jobData.salaryMin'],
    [{ statusChangedAt: '2999-01-01T00:00:00Z' }, 'jobData.statusChangedAt'],
    [{ tags: Array.from({ length: 21 }, (_, n) => `t${n}`) }, 'jobData.tags'],
    [{ tags: ['x'.repeat(51)] }, 'jobData.tags'],
    [{ priority: 0 }, 'jobData.priority'],
  ])('createJob with %j answers success: false naming %s', async (input, field) => {
    const { createJob } = await t
      .sdk(ann.token)
      .request(CreateJobWithDetailsDocument, { jobData: { companyName: 'Acme', position: 'Engineer', ...input } });
    expect(createJob).toMatchObject({ success: false, code: 'BAD_USER_INPUT', field, job: null });
    expect(createJob.message.startsWith(`${field} `)).toBe(true);
    expect(await t.db.job.count({ where: { userId: ann.id } })).toBe(0);
  });

  it('updateJob refuses statusChangedAt without a status change, naming it', async () => {
    const api = t.sdk(ann.token);
    const { createJob } = await api.request(CreateJobDocument, { jobData: { companyName: 'Acme', position: 'Eng' } });
    const { updateJob } = await api.request(UpdateJobWithDetailsDocument, {
      id: createJob.job!.id,
      jobData: { statusChangedAt: '2024-01-01T00:00:00Z' },
    });
    expect(updateJob).toEqual({
      success: false,
      code: 'BAD_USER_INPUT',
      field: 'jobData.statusChangedAt',
      message: 'jobData.statusChangedAt is valid only with a status that changes',
      job: null,
    });
  });

  describe.each([
    ['workMode', 'remote', 'office', 'onsite, hybrid, remote'],
    ['salaryPeriod', 'month', 'week', 'hour, day, month, year'],
  ])('%s, a fixed-set input', (field, good, bad, values) => {
    const create = (value: string) =>
      t.graphql(
        `mutation { createJob(jobData: { companyName: "Acme", position: "Eng", ${field}: ${value} }) { success job { ${field} } } }`,
        { token: ann.token },
      );

    it.each([
      ['quoted', `"${good}"`],
      ['bare', good],
    ])('takes a %s value and answers the enum', async (_spelling, value) => {
      const { data, errors } = await create(value);
      expect(errors).toBeUndefined();
      expect(data?.createJob).toEqual({ success: true, job: { [field]: good } });
    });

    it.each([
      ['quoted', `"${bad}"`],
      ['bare', bad],
    ])('refuses an unknown %s value: BAD_USER_INPUT naming the field and listing the values', async (_s, value) => {
      const { status, errors } = await create(value);
      expect(status).toBe(400);
      expect(errors?.[0]).toMatchObject({
        message: `jobData.${field} must be one of: ${values}`,
        extensions: { code: 'BAD_USER_INPUT', field: `jobData.${field}` },
      });
      expect(await t.db.job.count({ where: { userId: ann.id } })).toBe(0);
    });
  });
});

describe('archive through the SDK', () => {
  it('archiveJob hides the job from jobs, job(id) still finds it, unarchiveJob brings it back', async () => {
    const api = t.sdk(ann.token);
    const { createJob } = await api.request(CreateJobDocument, { jobData: { companyName: 'Acme', position: 'Eng' } });
    const id = createJob.job!.id;
    const { archiveJob } = await api.request(ArchiveJobDocument, { id });
    expect(archiveJob).toMatchObject({
      success: true,
      message: 'Job archived successfully',
      job: { id, archived: true },
    });
    expect((await api.request(JobsDocument)).jobs).toEqual([]);
    expect((await api.request(JobWithDetailsDocument, { id })).job).toMatchObject({ id, archived: true });
    const { unarchiveJob } = await api.request(UnarchiveJobDocument, { id });
    expect(unarchiveJob).toMatchObject({ success: true, job: { id, archived: false } });
    expect((await api.request(JobsDocument)).jobs.map((job) => job.id)).toEqual([id]);
  });
});

describe('tags through the SDK', () => {
  it('lists, renames (merging) and deletes, answering the payloads', async () => {
    const api = t.sdk(ann.token);
    const create = (tags: string[]) =>
      api.request(CreateJobWithDetailsDocument, { jobData: { companyName: 'Acme', position: 'Eng', tags } });
    await create(['wfh', 'Berlin']);
    await create(['Remote']);
    expect((await api.request(TagsDocument)).tags).toEqual([
      { name: 'Berlin', count: 1 },
      { name: 'Remote', count: 1 },
      { name: 'wfh', count: 1 },
    ]);
    expect((await api.request(RenameTagDocument, { from: 'WFH', to: 'remote' })).renameTag).toEqual({
      success: true,
      message: 'Tag renamed successfully',
      code: null,
      field: null,
      tag: { name: 'Remote', count: 2 },
    });
    expect((await api.request(DeleteTagDocument, { name: 'berlin' })).deleteTag).toEqual({
      success: true,
      message: 'Tag deleted successfully',
      code: null,
      field: null,
      deletedId: 'Berlin',
    });
    expect((await api.request(TagsDocument)).tags).toEqual([{ name: 'Remote', count: 2 }]);
    expect((await api.request(JobsWithDetailsDocument)).jobs.map((job) => job.tags)).toEqual([['Remote'], ['Remote']]);
  });

  it('an unknown tag (or another user’s) is NOT_FOUND naming the argument', async () => {
    const bob = await t.createUser();
    await t.sdk(bob.token).request(CreateJobWithDetailsDocument, {
      jobData: { companyName: 'Bob Co', position: 'Dev', tags: ['secret'] },
    });
    const api = t.sdk(ann.token);
    for (const from of ['secret', 'nope']) {
      expect((await api.request(RenameTagDocument, { from, to: 'mine' })).renameTag).toEqual({
        success: false,
        message: 'Tag not found',
        code: 'NOT_FOUND',
        field: 'from',
        tag: null,
      });
      expect((await api.request(DeleteTagDocument, { name: from })).deleteTag).toEqual({
        success: false,
        message: 'Tag not found',
        code: 'NOT_FOUND',
        field: 'name',
        deletedId: null,
      });
    }
    expect((await t.sdk(bob.token).request(TagsDocument)).tags).toEqual([{ name: 'secret', count: 1 }]);
  });
});
