// Bad input answers `success: false` with a message naming the field, never a server error,
// and stores nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../support/test-app.ts';

let t: TestApp;
let ann: TestUser;
let jobId: string;

beforeAll(async () => {
  t = await createTestApp();
  ann = await t.createUser();
  jobId = (await t.db.job.create({ data: { userId: ann.id, companyName: 'Acme', position: 'Engineer' } })).id;
});
afterAll(() => t.close());

const CREATE_JOB = `mutation ($jobData: CreateJobInput!) {
  createJob(jobData: $jobData) { success message code field job { id } }
}`;
const valid = { companyName: 'Acme', position: 'Engineer', status: 'applied', appliedOn: '2024-01-15' };

describe('createJob refuses bad input, naming the field', () => {
  it.each([
    ['an empty company name', { companyName: '' }, 'jobData.companyName', /must not be empty/],
    ['a blank company name', { companyName: '   ' }, 'jobData.companyName', /must not be empty/],
    ['an over-long company name', { companyName: 'x'.repeat(201) }, 'jobData.companyName', /at most 200/],
    ['an over-long position', { position: 'x'.repeat(201) }, 'jobData.position', /at most 200/],
    [
      'an unknown status',
      { status: 'ghosted' },
      'jobData.status',
      /must be one of: wishlist, applied, interviewing, offer, accepted, rejected, withdrawn/,
    ],
    ['a date that is not a date', { appliedOn: 'yesterday' }, 'jobData.appliedOn', /YYYY-MM-DD/],
    ['a day that does not exist', { appliedOn: '2024-02-30' }, 'jobData.appliedOn', /YYYY-MM-DD/],
    ['a month that does not exist', { appliedOn: '2024-13-01' }, 'jobData.appliedOn', /YYYY-MM-DD/],
  ])('%s', async (_label, change, field, message) => {
    const before = await t.db.job.count();
    const { status, data, errors } = await t.graphql(CREATE_JOB, {
      token: ann.token,
      variables: { jobData: { ...valid, ...change } },
    });
    expect(status).toBe(200);
    expect(errors).toBeUndefined();
    expect(data?.createJob).toMatchObject({ success: false, code: 'BAD_USER_INPUT', field, job: null });
    expect(data?.createJob.message).toMatch(new RegExp(`^${field.replace('.', '\\.')} `));
    expect(data?.createJob.message).toMatch(message);
    expect(await t.db.job.count()).toBe(before);
  });

  it('accepts the same input when it is valid, trimming the text', async () => {
    const { data } = await t.graphql(CREATE_JOB, {
      token: ann.token,
      variables: { jobData: { ...valid, companyName: '  Acme  ' } },
    });
    expect(data?.createJob.success).toBe(true);
    const stored = await t.db.job.findUniqueOrThrow({ where: { id: data?.createJob.job.id } });
    expect(stored.companyName).toBe('Acme');
  });

  it('a leap day is a real day', async () => {
    const { data } = await t.graphql(CREATE_JOB, {
      token: ann.token,
      variables: { jobData: { ...valid, appliedOn: '2024-02-29' } },
    });
    expect(data?.createJob.success).toBe(true);
  });
});

describe('malformed ids', () => {
  it.each([
    ['updateJob', `mutation { updateJob(id: "not-a-uuid", jobData: { status: "offer" }) { success message field } }`],
    ['deleteJob', `mutation { deleteJob(id: "42") { success message field } }`],
    ['deleteNote', `mutation { deleteNote(id: "job-uuid") { success message field } }`],
  ])('%s answers success: false naming id', async (name, document) => {
    const { data, errors } = await t.graphql(document, { token: ann.token });
    expect(errors).toBeUndefined();
    expect(data?.[name]).toEqual({ success: false, message: 'id must be a UUID', field: 'id' });
  });

  it('createNote names noteData.jobId', async () => {
    const { data } = await t.graphql(
      `mutation { createNote(noteData: { jobId: "nope", content: "x" }) { success message field } }`,
      { token: ann.token },
    );
    expect(data?.createNote).toEqual({
      success: false,
      message: 'noteData.jobId must be a UUID',
      field: 'noteData.jobId',
    });
  });

  it.each([
    ['job', `{ job(id: "job-uuid") { id } }`, 'id'],
    ['jobNotes', `{ jobNotes(jobId: "job-uuid") { id } }`, 'jobId'],
  ])('query %s answers BAD_USER_INPUT naming %s, with status 400', async (_name, document, field) => {
    const { status, errors } = await t.graphql(document, { token: ann.token });
    expect(status).toBe(400);
    expect(errors?.[0]).toMatchObject({
      message: `${field} must be a UUID`,
      extensions: { code: 'BAD_USER_INPUT', field },
    });
  });
});

describe('updateJob and note input', () => {
  it('rejects clearing a required field with null', async () => {
    const { data } = await t.graphql(
      `mutation ($id: ID!) { updateJob(id: $id, jobData: { companyName: null }) { success message field } }`,
      { token: ann.token, variables: { id: jobId } },
    );
    expect(data?.updateJob).toEqual({
      success: false,
      message: 'jobData.companyName must not be null',
      field: 'jobData.companyName',
    });
  });

  it('clears appliedOn with null and leaves other fields', async () => {
    await t.db.job.update({ where: { id: jobId }, data: { appliedOn: new Date('2024-01-01') } });
    const { data } = await t.graphql(
      `mutation ($id: ID!) { updateJob(id: $id, jobData: { appliedOn: null }) { success job { appliedOn companyName } } }`,
      { token: ann.token, variables: { id: jobId } },
    );
    expect(data?.updateJob).toEqual({ success: true, job: { appliedOn: null, companyName: 'Acme' } });
  });

  it.each([
    ['a reminder without a time zone', { reminderTime: '2024-01-20T10:00:00' }, 'noteData.reminderTime'],
    ['a reminder that is not a time', { reminderTime: 'tomorrow' }, 'noteData.reminderTime'],
    ['empty content', { content: '' }, 'noteData.content'],
    ['over-long content', { content: 'x'.repeat(10_001) }, 'noteData.content'],
  ])('createNote refuses %s', async (_label, change, field) => {
    const { data } = await t.graphql(
      `mutation ($noteData: CreateNoteInput!) { createNote(noteData: $noteData) { success message field } }`,
      { token: ann.token, variables: { noteData: { jobId, content: 'Call back', ...change } } },
    );
    expect(data?.createNote).toMatchObject({ success: false, field });
    expect(data?.createNote.message).toMatch(new RegExp(`^${field.replace('.', '\\.')} `));
    expect(await t.db.note.count({ where: { jobId } })).toBe(0);
  });

  it('jobs refuses an unknown status filter and an out-of-range limit', async () => {
    const status = await t.graphql(`{ jobs(status: "ghosted") { id } }`, { token: ann.token });
    expect(status.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'status' });
    const limit = await t.graphql(`{ jobs(limit: 100000) { id } }`, { token: ann.token });
    expect(limit.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'limit' });
  });
});
