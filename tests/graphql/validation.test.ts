// Bad input answers `success: false` with a message naming the field, never a server error,
// and stores nothing. Every call goes through the SDK client; the values the SDK's types allow
// but the API refuses (an unknown status, a malformed id, null for a required field) travel as
// variables, which reach the same validation as inline literals.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CreateJobDocument,
  CreateNoteDocument,
  DeleteJobDocument,
  DeleteNoteDocument,
  JobDocument,
  JobNotesDocument,
  JobsDocument,
  UpdateJobDocument,
  UpdateNoteDocument,
  type CreateJobInput,
  type CreateNoteInput,
  type GraphQLClient,
} from '../../src/sdk/index.ts';
import { requestError, useSdkTestApp } from '../support/sdk.ts';
import type { TestUser } from '../support/test-app.ts';

const t = useSdkTestApp();
let ann: TestUser;
let jobId: string;
let api: GraphQLClient;

beforeAll(async () => {
  ann = await t.createUser();
  api = t.sdk(ann.token);
  jobId = (await t.db.job.create({ data: { userId: ann.id, companyName: 'Acme', position: 'Engineer' } })).id;
});

const valid: CreateJobInput = { companyName: 'Acme', position: 'Engineer', status: 'applied', appliedOn: '2024-01-15' };

describe('createJob refuses bad input, naming the field', () => {
  it.each<[string, Partial<CreateJobInput>, string, RegExp]>([
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
    const { status, data, errors } = await api.execute(CreateJobDocument, { jobData: { ...valid, ...change } });
    expect(status).toBe(200);
    expect(errors).toBeUndefined();
    expect(data?.createJob).toMatchObject({ success: false, code: 'BAD_USER_INPUT', field, job: null });
    expect(data?.createJob.message).toMatch(new RegExp(`^${field.replace('.', '\\.')} `));
    expect(data?.createJob.message).toMatch(message);
    expect(await t.db.job.count()).toBe(before);
  });

  it('accepts the same input when it is valid, trimming the text', async () => {
    const { createJob } = await api.request(CreateJobDocument, { jobData: { ...valid, companyName: '  Acme  ' } });
    expect(createJob).toMatchObject({
      success: true,
      message: 'Job created successfully',
      code: null,
      field: null,
      job: { companyName: 'Acme' },
    });
    const stored = await t.db.job.findUniqueOrThrow({ where: { id: createJob.job?.id ?? 'no job answered' } });
    expect(stored.companyName).toBe('Acme');
  });

  it('a leap day is a real day', async () => {
    const { createJob } = await api.request(CreateJobDocument, { jobData: { ...valid, appliedOn: '2024-02-29' } });
    expect(createJob.success).toBe(true);
    expect(createJob.job?.appliedOn).toBe('2024-02-29');
  });
});

describe('malformed ids', () => {
  it('updateJob answers success: false naming id', async () => {
    const { data, errors } = await api.execute(UpdateJobDocument, { id: 'not-a-uuid', jobData: { status: 'offer' } });
    expect(errors).toBeUndefined();
    expect(data?.updateJob).toEqual({
      success: false,
      message: 'id must be a UUID',
      code: 'BAD_USER_INPUT',
      field: 'id',
      job: null,
    });
  });

  it.each([
    [
      'deleteJob',
      (id: string) =>
        api.execute(DeleteJobDocument, { id }).then(({ data, errors }) => ({ errors, payload: data?.deleteJob })),
      '42',
    ],
    [
      'deleteNote',
      (id: string) =>
        api.execute(DeleteNoteDocument, { id }).then(({ data, errors }) => ({ errors, payload: data?.deleteNote })),
      'job-uuid',
    ],
  ])('%s answers success: false naming id', async (_name, send, id) => {
    const { errors, payload } = await send(id);
    expect(errors).toBeUndefined();
    expect(payload).toEqual({
      success: false,
      message: 'id must be a UUID',
      code: 'BAD_USER_INPUT',
      field: 'id',
      deletedId: null,
    });
  });

  it('createNote names noteData.jobId', async () => {
    const { data, errors } = await api.execute(CreateNoteDocument, { noteData: { jobId: 'nope', content: 'x' } });
    expect(errors).toBeUndefined();
    expect(data?.createNote).toEqual({
      success: false,
      message: 'noteData.jobId must be a UUID',
      code: 'BAD_USER_INPUT',
      field: 'noteData.jobId',
      note: null,
    });
  });

  // GraphQL over HTTP: an answer that carries data (`job: null` is data) is 200; one whose data is
  // null (`jobNotes` is not nullable) is 400.
  it.each([
    ['job', () => api.request(JobDocument, { id: 'job-uuid' }), 'id', 200],
    ['jobNotes', () => api.request(JobNotesDocument, { jobId: 'job-uuid' }), 'jobId', 400],
  ])('query %s answers BAD_USER_INPUT naming %s, with status %s', async (_name, send, field, status) => {
    const error = await requestError(send());
    expect(error.status).toBe(status);
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.errors[0]).toMatchObject({
      message: `${field} must be a UUID`,
      extensions: { code: 'BAD_USER_INPUT', field },
    });
  });
});

describe('updateJob and note input', () => {
  it('rejects clearing a required field with null', async () => {
    const { updateJob } = await api.request(UpdateJobDocument, { id: jobId, jobData: { companyName: null } });
    expect(updateJob).toEqual({
      success: false,
      message: 'jobData.companyName must not be null',
      code: 'BAD_USER_INPUT',
      field: 'jobData.companyName',
      job: null,
    });
  });

  it('clears appliedOn with null and leaves other fields', async () => {
    await t.db.job.update({ where: { id: jobId }, data: { appliedOn: new Date('2024-01-01') } });
    const { updateJob } = await api.request(UpdateJobDocument, { id: jobId, jobData: { appliedOn: null } });
    expect(updateJob).toMatchObject({
      success: true,
      message: 'Job updated successfully',
      code: null,
      field: null,
      job: { id: jobId, appliedOn: null, companyName: 'Acme', position: 'Engineer', status: 'applied' },
    });
    expect((await t.db.job.findUniqueOrThrow({ where: { id: jobId } })).appliedOn).toBeNull();
  });

  it.each<[string, Partial<CreateNoteInput>, string]>([
    ['a reminder without a time zone', { reminderTime: '2024-01-20T10:00:00' }, 'noteData.reminderTime'],
    ['a reminder that is not a time', { reminderTime: 'tomorrow' }, 'noteData.reminderTime'],
    ['empty content', { content: '' }, 'noteData.content'],
    ['over-long content', { content: 'x'.repeat(10_001) }, 'noteData.content'],
  ])('createNote refuses %s', async (_label, change, field) => {
    const { createNote } = await api.request(CreateNoteDocument, {
      noteData: { jobId, content: 'Call back', ...change },
    });
    expect(createNote).toMatchObject({ success: false, code: 'BAD_USER_INPUT', field, note: null });
    expect(createNote.message).toMatch(new RegExp(`^${field.replace('.', '\\.')} `));
    expect(await t.db.note.count({ where: { jobId } })).toBe(0);
  });

  it('jobs refuses an unknown status filter and an out-of-range limit', async () => {
    const status = await requestError(api.request(JobsDocument, { status: 'ghosted' }));
    expect(status.errors[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'status' });
    const limit = await requestError(api.request(JobsDocument, { limit: 100000 }));
    expect(limit.errors[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'limit' });
  });
});

// PostgreSQL has no year 0 (1 BC is "0001-01-01 BC") and JavaScript writes years past 9999 as
// "+010000-…": the range every layer round-trips is 0001-01-01 to 9999-12-31 (src/lib/validation.ts).
describe('dates and date-times outside 0001-01-01..9999-12-31 (UTC) are refused, naming the field', () => {
  const RANGE = /between 0001-01-01 and 9999-12-31/;

  it.each([
    ['year 0 (what PostgreSQL cannot store)', '0000-01-01'],
    ['the last day of year 0', '0000-12-31'],
  ])('createJob refuses appliedOn in %s', async (_label, appliedOn) => {
    const before = await t.db.job.count();
    const { status, data, errors } = await api.execute(CreateJobDocument, { jobData: { ...valid, appliedOn } });
    expect(status).toBe(200);
    expect(errors).toBeUndefined();
    expect(data?.createJob).toMatchObject({
      success: false,
      code: 'BAD_USER_INPUT',
      field: 'jobData.appliedOn',
      job: null,
    });
    expect(data?.createJob.message).toMatch(/^jobData\.appliedOn /);
    expect(data?.createJob.message).toMatch(RANGE);
    expect(await t.db.job.count()).toBe(before);
  });

  it('updateJob refuses appliedOn in year 0 and leaves the job as it was', async () => {
    const before = await t.db.job.findUniqueOrThrow({ where: { id: jobId } });
    const { data, errors } = await api.execute(UpdateJobDocument, { id: jobId, jobData: { appliedOn: '0000-06-15' } });
    expect(errors).toBeUndefined();
    expect(data?.updateJob).toMatchObject({ success: false, code: 'BAD_USER_INPUT', field: 'jobData.appliedOn' });
    expect(data?.updateJob.message).toMatch(RANGE);
    expect(await t.db.job.findUniqueOrThrow({ where: { id: jobId } })).toEqual(before);
  });

  it.each(['0001-01-01', '9999-12-31'])('appliedOn %s, an end of the range, is stored and read back', async (day) => {
    const { createJob } = await api.request(CreateJobDocument, { jobData: { ...valid, appliedOn: day } });
    expect(createJob).toMatchObject({ success: true, job: { appliedOn: day } });
    const { job } = await api.request(JobDocument, { id: createJob.job?.id ?? 'no job answered' });
    expect(job?.appliedOn).toBe(day);
  });

  it.each([
    ['in year 0', '0000-06-01T12:00:00Z'],
    // Within 0001 as written, but its instant in UTC is 0000-12-31T23:00Z.
    ['whose UTC instant falls in year 0', '0001-01-01T00:00:00+01:00'],
    // Within 9999 as written, but its instant in UTC is 10000-01-01T01:00Z.
    ['whose UTC instant falls in year 10000', '9999-12-31T23:00:00-02:00'],
  ])('createNote refuses a reminderTime %s', async (_label, reminderTime) => {
    const before = await t.db.note.count();
    const { data, errors } = await api.execute(CreateNoteDocument, {
      noteData: { jobId, content: 'Call back', reminderTime },
    });
    expect(errors).toBeUndefined();
    expect(data?.createNote).toMatchObject({
      success: false,
      code: 'BAD_USER_INPUT',
      field: 'noteData.reminderTime',
      note: null,
    });
    expect(data?.createNote.message).toMatch(/^noteData\.reminderTime /);
    expect(data?.createNote.message).toMatch(RANGE);
    expect(await t.db.note.count()).toBe(before);
  });

  it('updateNote refuses a reminderTime out of range and leaves the note as it was', async () => {
    const note = await t.db.note.create({ data: { jobId, content: 'Follow up' } });
    const { data, errors } = await api.execute(UpdateNoteDocument, {
      id: note.id,
      noteData: { reminderTime: '0000-01-01T00:00:00Z' },
    });
    expect(errors).toBeUndefined();
    expect(data?.updateNote).toMatchObject({ success: false, code: 'BAD_USER_INPUT', field: 'noteData.reminderTime' });
    expect(data?.updateNote.message).toMatch(RANGE);
    expect(await t.db.note.findUniqueOrThrow({ where: { id: note.id } })).toEqual(note);
    await t.db.note.delete({ where: { id: note.id } });
  });

  it.each([
    ['0001-01-01T00:00:00Z', '0001-01-01T00:00:00.000Z'],
    ['9999-12-31T23:59:59.999Z', '9999-12-31T23:59:59.999Z'],
    ['9999-12-31T23:59:59.999+14:00', '9999-12-31T09:59:59.999Z'],
  ])('reminderTime %s, within the range, is stored and read back', async (reminderTime, stored) => {
    const { createNote } = await api.request(CreateNoteDocument, {
      noteData: { jobId, content: 'Edge', reminderTime },
    });
    expect(createNote).toMatchObject({ success: true, note: { reminderTime: stored } });
    const { jobNotes } = await api.request(JobNotesDocument, { jobId });
    expect(jobNotes.find((note) => note.id === createNote.note?.id)?.reminderTime).toBe(stored);
    await t.db.note.delete({ where: { id: createNote.note?.id ?? 'no note answered' } });
  });
});
