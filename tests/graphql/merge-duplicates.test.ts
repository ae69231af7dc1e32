// Duplicates and merging through the API (SPEC Part 2, "Finding"): createJob's payload warns of
// possible duplicates and creates the job anyway; other mutations' JobPayload answers none;
// mergeJobs answers the kept job with everything moved, or success: false naming the argument.
// Every call goes through the SDK client.
import { beforeEach, describe, expect, it } from 'vitest';
import { CreateJobWithDuplicatesDocument, JobWithNotesDocument, MergeJobsDocument } from '../../src/sdk/index.ts';
import { useSdkTestApp } from '../support/sdk.ts';
import type { TestUser } from '../support/test-app.ts';

const t = useSdkTestApp();
const MISSING_ID = '00000000-0000-4000-8000-00000000abcd';
let ann: TestUser;
let bob: TestUser;

beforeEach(async () => {
  [ann, bob] = await Promise.all([t.createUser(), t.createUser()]);
});

describe('createJob’s possibleDuplicates', () => {
  it('warns of the same posting and of a similar company and position, and creates the job', async () => {
    const api = t.sdk(ann.token);
    const byUrl = await t.db.job.create({
      data: { userId: ann.id, companyName: 'Initech', position: 'Analyst', jobUrl: 'https://boards.example.com/j/7' },
    });
    const bySimilarity = await t.db.job.create({
      data: { userId: ann.id, companyName: 'Acme, Inc.', position: 'Software Engineer', archived: true },
    });
    await t.db.job.create({ data: { userId: ann.id, companyName: 'Globex', position: 'Software Engineer' } });
    await t.db.job.create({ data: { userId: bob.id, companyName: 'Acme', position: 'Software Engineer' } });

    const { createJob } = await api.request(CreateJobWithDuplicatesDocument, {
      jobData: {
        companyName: 'ACME GmbH',
        position: 'Senior Software Engineer',
        jobUrl: 'http://www.boards.example.com/j/7/?utm_source=newsletter#top',
      },
    });
    expect(createJob).toMatchObject({ success: true, message: 'Job created successfully', code: null, field: null });
    expect(createJob.possibleDuplicates.map((job) => job.id).sort()).toEqual([byUrl.id, bySimilarity.id].sort());
    expect(createJob.possibleDuplicates).toContainEqual({
      id: bySimilarity.id,
      companyName: 'Acme, Inc.',
      position: 'Software Engineer',
    });
    expect(await t.db.job.count({ where: { userId: ann.id } })).toBe(4);
  });

  it('answers none when the creation fails, and none on other mutations’ JobPayload', async () => {
    const api = t.sdk(ann.token);
    const existing = await t.db.job.create({ data: { userId: ann.id, companyName: 'Acme', position: 'Engineer' } });
    const { createJob } = await api.request(CreateJobWithDuplicatesDocument, {
      jobData: { companyName: 'Acme', position: 'Engineer', status: 'lost' },
    });
    expect(createJob).toMatchObject({ success: false, field: 'jobData.status', job: null, possibleDuplicates: [] });

    const update = await t.graphql(
      'mutation ($id: ID!) { updateJob(id: $id, jobData: { position: "Engineer" }) { success possibleDuplicates { id } } }',
      { token: ann.token, variables: { id: existing.id } },
    );
    expect(update.data).toEqual({ updateJob: { success: true, possibleDuplicates: [] } });
  });
});

describe('mergeJobs', () => {
  it('answers the kept job with the merged one’s notes, tags and history; the merged job is gone', async () => {
    const api = t.sdk(ann.token);
    const merged = await t.db.job.create({
      data: {
        userId: ann.id,
        companyName: 'Acme',
        position: 'Engineer',
        jobUrl: 'https://acme.example/42',
        notes: { create: { content: 'Recruiter called' } },
        statusHistory: { create: { toStatus: 'applied', occurredAt: new Date('2026-01-01T00:00:00Z') } },
        statusChangedAt: new Date('2026-01-01T00:00:00Z'),
      },
    });
    const kept = await api.request(CreateJobWithDuplicatesDocument, {
      jobData: { companyName: 'Acme Inc', position: 'Engineer', status: 'interviewing', tags: ['remote'] },
    });
    const keptId = kept.createJob.job!.id;
    expect(kept.createJob.possibleDuplicates.map((job) => job.id)).toEqual([merged.id]);

    const { mergeJobs } = await api.request(MergeJobsDocument, { keepId: keptId, mergeId: merged.id });
    expect(mergeJobs).toMatchObject({
      success: true,
      message: 'Jobs merged successfully',
      code: null,
      field: null,
      job: { id: keptId, companyName: 'Acme Inc', status: 'interviewing', jobUrl: 'https://acme.example/42' },
    });
    expect(mergeJobs.job!.tags).toEqual(['remote']);
    expect(mergeJobs.job!.statusHistory.map(({ fromStatus, toStatus }) => [fromStatus, toStatus])).toEqual([
      [null, 'applied'],
      ['applied', 'interviewing'],
    ]);
    const { job } = await api.request(JobWithNotesDocument, { id: keptId });
    expect(job?.notes.map((note) => note.content)).toEqual(['Recruiter called']);
    expect(await t.db.job.findUnique({ where: { id: merged.id } })).toBeNull();
  });

  it('answers success: false naming mergeId for the same id, and NOT_FOUND for another user’s job', async () => {
    const api = t.sdk(ann.token);
    const own = await t.db.job.create({ data: { userId: ann.id, companyName: 'Acme', position: 'Engineer' } });
    const bobs = await t.db.job.create({ data: { userId: bob.id, companyName: 'Acme', position: 'Engineer' } });
    expect((await api.request(MergeJobsDocument, { keepId: own.id, mergeId: own.id })).mergeJobs).toEqual({
      success: false,
      message: 'mergeId must differ from keepId',
      code: 'BAD_USER_INPUT',
      field: 'mergeId',
      job: null,
    });
    const foreign = (await api.request(MergeJobsDocument, { keepId: own.id, mergeId: bobs.id })).mergeJobs;
    const missing = (await api.request(MergeJobsDocument, { keepId: own.id, mergeId: MISSING_ID })).mergeJobs;
    expect(foreign).toEqual({
      success: false,
      message: 'Job not found',
      code: 'NOT_FOUND',
      field: 'mergeId',
      job: null,
    });
    expect(foreign).toEqual(missing);
    expect(await t.db.job.count({ where: { id: { in: [own.id, bobs.id] } } })).toBe(2);
  });
});
