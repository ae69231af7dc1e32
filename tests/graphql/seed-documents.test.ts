// Every GraphQL document of the seed README, verbatim, answers with data for a valid token.
import { beforeAll, describe, expect, it } from 'vitest';
import { SEED_DOCUMENTS } from '../fixtures/seed-documents.ts';
import { type TestUser, useTestApp } from '../support/test-app.ts';

const withIds = (document: string, ids: { job?: string; note?: string }) =>
  document.replaceAll('job-uuid', ids.job ?? 'job-uuid').replaceAll('note-uuid', ids.note ?? 'note-uuid');

const t = useTestApp();
let ann: TestUser;

beforeAll(async () => {
  ann = await t.createUser();
});

describe('the seed README GraphQL documents, verbatim', () => {
  let jobId: string;
  let noteId: string;

  it('createJob creates the job', async () => {
    const { status, data, errors } = await t.graphql(SEED_DOCUMENTS.createJob, { token: ann.token });
    expect(errors).toBeUndefined();
    expect(status).toBe(200);
    expect(data?.createJob).toMatchObject({
      success: true,
      message: 'Job created successfully',
      job: { companyName: 'Google', position: 'Software Engineer' },
    });
    jobId = data?.createJob.job.id;
    expect(jobId).toMatch(/^[0-9a-f-]{36}$/);
    const stored = await t.db.job.findUniqueOrThrow({ where: { id: jobId } });
    expect(stored).toMatchObject({ userId: ann.id, status: 'applied', appliedOn: new Date('2024-01-15T00:00:00Z') });
  });

  it('jobs lists it with every selected field', async () => {
    const { data, errors } = await t.graphql(SEED_DOCUMENTS.getAllJobs, { token: ann.token });
    expect(errors).toBeUndefined();
    expect(data?.jobs).toEqual([
      {
        id: jobId,
        companyName: 'Google',
        position: 'Software Engineer',
        status: 'applied',
        appliedOn: '2024-01-15',
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/),
      },
    ]);
  });

  it('job(id) returns it', async () => {
    const { data, errors } = await t.graphql(withIds(SEED_DOCUMENTS.getJobById, { job: jobId }), { token: ann.token });
    expect(errors).toBeUndefined();
    expect(data?.job).toMatchObject({ id: jobId, companyName: 'Google', status: 'applied', appliedOn: '2024-01-15' });
  });

  it('updateJob changes only the status', async () => {
    const { data, errors } = await t.graphql(withIds(SEED_DOCUMENTS.updateJob, { job: jobId }), { token: ann.token });
    expect(errors).toBeUndefined();
    expect(data?.updateJob).toEqual({
      success: true,
      message: 'Job updated successfully',
      job: { id: jobId, status: 'interviewing' },
    });
    const stored = await t.db.job.findUniqueOrThrow({ where: { id: jobId } });
    expect(stored).toMatchObject({ status: 'interviewing', companyName: 'Google', position: 'Software Engineer' });
  });

  it('createNote adds a note with its reminder', async () => {
    const { data, errors } = await t.graphql(withIds(SEED_DOCUMENTS.createNote, { job: jobId }), { token: ann.token });
    expect(errors).toBeUndefined();
    // The seed's reminderTime (2024-01-20) has passed: not scheduled, and the message says so
    // (SPEC Part 2, "Reminders, follow-ups, calendar").
    expect(data?.createNote).toMatchObject({
      success: true,
      message: 'Note created successfully; the time has already passed, so no reminder was scheduled',
      note: { content: 'Follow up with recruiter next week' },
    });
    noteId = data?.createNote.note.id;
    const stored = await t.db.note.findUniqueOrThrow({ where: { id: noteId } });
    expect(stored.reminderTime).toEqual(new Date('2024-01-20T10:00:00Z'));
  });

  it('jobNotes lists it', async () => {
    const { data, errors } = await t.graphql(withIds(SEED_DOCUMENTS.getNotesForJob, { job: jobId }), {
      token: ann.token,
    });
    expect(errors).toBeUndefined();
    expect(data?.jobNotes).toEqual([
      {
        id: noteId,
        content: 'Follow up with recruiter next week',
        reminderTime: '2024-01-20T10:00:00.000Z',
        createdAt: expect.any(String),
      },
    ]);
  });

  it('me returns the account', async () => {
    const { data, errors } = await t.graphql(SEED_DOCUMENTS.getCurrentUser, { token: ann.token });
    expect(errors).toBeUndefined();
    expect(data?.me).toEqual({ id: ann.id, email: ann.email, firstName: 'Ann', lastName: 'Example', isActive: true });
  });

  it('deleteNote deletes the note', async () => {
    const { data, errors } = await t.graphql(withIds(SEED_DOCUMENTS.deleteNote, { note: noteId }), {
      token: ann.token,
    });
    expect(errors).toBeUndefined();
    expect(data?.deleteNote).toEqual({ success: true, message: 'Note deleted successfully' });
    expect(await t.db.note.count({ where: { id: noteId } })).toBe(0);
  });

  it('deleteJob deletes the job', async () => {
    const { data, errors } = await t.graphql(withIds(SEED_DOCUMENTS.deleteJob, { job: jobId }), { token: ann.token });
    expect(errors).toBeUndefined();
    expect(data?.deleteJob).toEqual({ success: true, message: 'Job deleted successfully' });
    expect(await t.db.job.count({ where: { id: jobId } })).toBe(0);
  });
});

describe('without a valid token', () => {
  const cases = Object.entries(SEED_DOCUMENTS).map(([name, document]) => ({
    name,
    document: withIds(document, {
      job: '00000000-0000-4000-8000-000000000000',
      note: '00000000-0000-4000-8000-000000000001',
    }),
  }));

  it.each(cases)('$name answers UNAUTHENTICATED with no token', async ({ document }) => {
    const { status, data, errors } = await t.graphql(document);
    // GraphQL over HTTP: an answer that carries data (a nullable field set to null) is 200; one
    // whose data is null keeps the 401.
    expect(status).toBe(data === null ? 401 : 200);
    // No data leaks: the whole result is null, or the nullable field is.
    expect(Object.values(data ?? {}).every((value) => value === null)).toBe(true);
    expect(errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    // A client that accepts only application/json gets the 401 either way.
    const legacy = await t.fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query: document }),
    });
    expect(legacy.status).toBe(401);
    expect(await legacy.json()).toMatchObject({ data, errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
  });

  it.each([
    ['a garbage token', 'not-a-jwt'],
    [
      'a token signed with another key',
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIwMDAwMDAwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMDAwMDAiLCJ0eXBlIjoiYWNjZXNzIn0.2yF8WmH7mUHq3R7iQzH3l0lJb1ZfEwV5pB2c7z4m9xk',
    ],
  ])('me answers UNAUTHENTICATED for %s', async (_label, token) => {
    const { errors } = await t.graphql(SEED_DOCUMENTS.getCurrentUser, { token });
    expect(errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
