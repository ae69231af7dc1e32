// A user sees and changes only their own jobs and notes: another user's id answers exactly
// like an id that does not exist, and changes nothing. Every call goes through the SDK client.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CreateNoteDocument,
  DeleteJobDocument,
  DeleteNoteDocument,
  JobDocument,
  JobNotesDocument,
  JobsDocument,
  JobWithNotesDocument,
  MeDocument,
  UpdateJobDocument,
  UpdateNoteDocument,
  type GraphQLResponse,
} from '../../src/sdk/index.ts';
import { requestError, useSdkTestApp } from '../support/sdk.ts';
import type { TestUser } from '../support/test-app.ts';

const t = useSdkTestApp();
let ann: TestUser;
let bob: TestUser;
let annJobId: string;
let annNoteId: string;
const MISSING_ID = '00000000-0000-4000-8000-00000000abcd';

beforeAll(async () => {
  [ann, bob] = await Promise.all([t.createUser(), t.createUser()]);
  const job = await t.db.job.create({
    data: { userId: ann.id, companyName: 'Acme', position: 'Engineer', status: 'applied' },
  });
  const note = await t.db.note.create({ data: { jobId: job.id, content: 'Ann only' } });
  annJobId = job.id;
  annNoteId = note.id;
});

/** Runs `send` as Bob for Ann's id and for a missing id: both whole responses (status too) must match. */
async function asBobForAnnAndMissing<TResult>(
  send: (id: string) => Promise<GraphQLResponse<TResult>>,
  ids: { own: string; missing: string },
): Promise<GraphQLResponse<TResult>> {
  const forAnn = await send(ids.own);
  const forMissing = await send(ids.missing);
  expect(forAnn).toEqual(forMissing);
  return forAnn;
}

describe("Bob and Ann's data", () => {
  it('jobs does not list Ann’s job', async () => {
    expect(await t.sdk(bob.token).request(JobsDocument)).toEqual({ jobs: [] });
  });

  it('job(id) answers null, as for a missing id', async () => {
    const { status, data, errors } = await asBobForAnnAndMissing(
      (id) => t.sdk(bob.token).execute(JobDocument, { id }),
      { own: annJobId, missing: MISSING_ID },
    );
    expect(status).toBe(200);
    expect(errors).toBeUndefined();
    expect(data).toEqual({ job: null });
  });

  it('jobNotes answers NOT_FOUND, as for a missing id', async () => {
    const { errors } = await asBobForAnnAndMissing((jobId) => t.sdk(bob.token).execute(JobNotesDocument, { jobId }), {
      own: annJobId,
      missing: MISSING_ID,
    });
    expect(errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    // The client turns the same answer into a GraphQLRequestError.
    const error = await requestError(t.sdk(bob.token).request(JobNotesDocument, { jobId: annJobId }));
    expect(error.code).toBe('NOT_FOUND');
  });

  it('updateJob answers not found and changes nothing', async () => {
    const { data, errors } = await asBobForAnnAndMissing(
      (id) =>
        t.sdk(bob.token).execute(UpdateJobDocument, { id, jobData: { status: 'rejected', companyName: 'Pwned' } }),
      { own: annJobId, missing: MISSING_ID },
    );
    expect(errors).toBeUndefined();
    expect(data?.updateJob).toEqual({
      success: false,
      message: 'Job not found',
      code: 'NOT_FOUND',
      field: null,
      job: null,
    });
    expect(await t.db.job.findUniqueOrThrow({ where: { id: annJobId } })).toMatchObject({
      companyName: 'Acme',
      status: 'applied',
    });
  });

  it('deleteJob answers not found and deletes nothing', async () => {
    const { data, errors } = await asBobForAnnAndMissing((id) => t.sdk(bob.token).execute(DeleteJobDocument, { id }), {
      own: annJobId,
      missing: MISSING_ID,
    });
    expect(errors).toBeUndefined();
    expect(data?.deleteJob).toEqual({
      success: false,
      message: 'Job not found',
      code: 'NOT_FOUND',
      field: null,
      deletedId: null,
    });
    expect(await t.db.job.count({ where: { id: annJobId } })).toBe(1);
  });

  it('createNote on Ann’s job answers not found and adds nothing', async () => {
    const { data, errors } = await asBobForAnnAndMissing(
      (jobId) => t.sdk(bob.token).execute(CreateNoteDocument, { noteData: { jobId, content: 'hi' } }),
      { own: annJobId, missing: MISSING_ID },
    );
    expect(errors).toBeUndefined();
    expect(data?.createNote).toEqual({
      success: false,
      message: 'Job not found',
      code: 'NOT_FOUND',
      field: null,
      note: null,
    });
    expect(await t.db.note.count({ where: { jobId: annJobId } })).toBe(1);
  });

  it('updateNote answers not found and changes nothing', async () => {
    const { data, errors } = await asBobForAnnAndMissing(
      (id) => t.sdk(bob.token).execute(UpdateNoteDocument, { id, noteData: { content: 'Pwned' } }),
      { own: annNoteId, missing: MISSING_ID },
    );
    expect(errors).toBeUndefined();
    expect(data?.updateNote).toEqual({
      success: false,
      message: 'Note not found',
      code: 'NOT_FOUND',
      field: null,
      note: null,
    });
    expect((await t.db.note.findUniqueOrThrow({ where: { id: annNoteId } })).content).toBe('Ann only');
  });

  it('deleteNote answers not found and deletes nothing', async () => {
    const { data, errors } = await asBobForAnnAndMissing((id) => t.sdk(bob.token).execute(DeleteNoteDocument, { id }), {
      own: annNoteId,
      missing: MISSING_ID,
    });
    expect(errors).toBeUndefined();
    expect(data?.deleteNote).toEqual({
      success: false,
      message: 'Note not found',
      code: 'NOT_FOUND',
      field: null,
      deletedId: null,
    });
    expect(await t.db.note.count({ where: { id: annNoteId } })).toBe(1);
  });

  it('Ann still sees her own job and its note', async () => {
    const { job } = await t.sdk(ann.token).request(JobWithNotesDocument, { id: annJobId });
    expect(job).toEqual({
      id: annJobId,
      companyName: 'Acme',
      position: 'Engineer',
      status: 'applied',
      appliedOn: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      notes: [
        { id: annNoteId, jobId: annJobId, content: 'Ann only', reminderTime: null, createdAt: expect.any(String) },
      ],
    });
  });
});

describe('tokens of accounts that cannot sign in', () => {
  it('an inactive account’s token is refused', async () => {
    const pending = await t.createUser({ isActive: false });
    const error = await requestError(t.sdk(pending.token).request(JobsDocument));
    expect(error.errors[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('a deleted account’s token is refused', async () => {
    const gone = await t.createUser();
    await t.db.user.delete({ where: { id: gone.id } });
    const error = await requestError(t.sdk(gone.token).request(MeDocument));
    expect(error.errors[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
