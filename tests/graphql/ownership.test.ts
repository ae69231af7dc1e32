// A user sees and changes only their own jobs and notes: another user's id answers exactly
// like an id that does not exist, and changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../support/test-app.ts';

let t: TestApp;
let ann: TestUser;
let bob: TestUser;
let annJobId: string;
let annNoteId: string;
const MISSING_ID = '00000000-0000-4000-8000-00000000abcd';

beforeAll(async () => {
  t = await createTestApp();
  [ann, bob] = await Promise.all([t.createUser(), t.createUser()]);
  const job = await t.db.job.create({
    data: { userId: ann.id, companyName: 'Acme', position: 'Engineer', status: 'applied' },
  });
  const note = await t.db.note.create({ data: { jobId: job.id, content: 'Ann only' } });
  annJobId = job.id;
  annNoteId = note.id;
});
afterAll(() => t.close());

/** Runs `document` as Bob against Ann's id and against a missing id: both answers must match. */
async function asBobForAnnAndMissing(document: string, ids: { own: string; missing: string }) {
  const forAnn = await t.graphql(document, { token: bob.token, variables: { id: ids.own } });
  const forMissing = await t.graphql(document, { token: bob.token, variables: { id: ids.missing } });
  expect(forAnn).toEqual(forMissing);
  return forAnn;
}

describe("Bob and Ann's data", () => {
  it('jobs does not list Ann’s job', async () => {
    const { data } = await t.graphql('{ jobs { id } }', { token: bob.token });
    expect(data?.jobs).toEqual([]);
  });

  it('job(id) answers null, as for a missing id', async () => {
    const { data } = await asBobForAnnAndMissing('query ($id: ID!) { job(id: $id) { id companyName } }', {
      own: annJobId,
      missing: MISSING_ID,
    });
    expect(data?.job).toBeNull();
  });

  it('jobNotes answers NOT_FOUND, as for a missing id', async () => {
    const { errors } = await asBobForAnnAndMissing('query ($id: ID!) { jobNotes(jobId: $id) { id content } }', {
      own: annJobId,
      missing: MISSING_ID,
    });
    expect(errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('updateJob answers not found and changes nothing', async () => {
    const { data } = await asBobForAnnAndMissing(
      'mutation ($id: ID!) { updateJob(id: $id, jobData: { status: "rejected", companyName: "Pwned" }) { success message code job { id } } }',
      { own: annJobId, missing: MISSING_ID },
    );
    expect(data?.updateJob).toEqual({ success: false, message: 'Job not found', code: 'NOT_FOUND', job: null });
    expect(await t.db.job.findUniqueOrThrow({ where: { id: annJobId } })).toMatchObject({
      companyName: 'Acme',
      status: 'applied',
    });
  });

  it('deleteJob answers not found and deletes nothing', async () => {
    const { data } = await asBobForAnnAndMissing(
      'mutation ($id: ID!) { deleteJob(id: $id) { success message code } }',
      { own: annJobId, missing: MISSING_ID },
    );
    expect(data?.deleteJob).toEqual({ success: false, message: 'Job not found', code: 'NOT_FOUND' });
    expect(await t.db.job.count({ where: { id: annJobId } })).toBe(1);
  });

  it('createNote on Ann’s job answers not found and adds nothing', async () => {
    const { data } = await asBobForAnnAndMissing(
      'mutation ($id: ID!) { createNote(noteData: { jobId: $id, content: "hi" }) { success message code note { id } } }',
      { own: annJobId, missing: MISSING_ID },
    );
    expect(data?.createNote).toEqual({ success: false, message: 'Job not found', code: 'NOT_FOUND', note: null });
    expect(await t.db.note.count({ where: { jobId: annJobId } })).toBe(1);
  });

  it('updateNote answers not found and changes nothing', async () => {
    const { data } = await asBobForAnnAndMissing(
      'mutation ($id: ID!) { updateNote(id: $id, noteData: { content: "Pwned" }) { success message code } }',
      { own: annNoteId, missing: MISSING_ID },
    );
    expect(data?.updateNote).toEqual({ success: false, message: 'Note not found', code: 'NOT_FOUND' });
    expect((await t.db.note.findUniqueOrThrow({ where: { id: annNoteId } })).content).toBe('Ann only');
  });

  it('deleteNote answers not found and deletes nothing', async () => {
    const { data } = await asBobForAnnAndMissing(
      'mutation ($id: ID!) { deleteNote(id: $id) { success message code } }',
      { own: annNoteId, missing: MISSING_ID },
    );
    expect(data?.deleteNote).toEqual({ success: false, message: 'Note not found', code: 'NOT_FOUND' });
    expect(await t.db.note.count({ where: { id: annNoteId } })).toBe(1);
  });

  it('Ann still sees and changes her own job', async () => {
    const { data } = await t.graphql(`query ($id: ID!) { job(id: $id) { id notes { content } } }`, {
      token: ann.token,
      variables: { id: annJobId },
    });
    expect(data?.job).toEqual({ id: annJobId, notes: [{ content: 'Ann only' }] });
  });
});

describe('tokens of accounts that cannot sign in', () => {
  it('an inactive account’s token is refused', async () => {
    const pending = await t.createUser({ isActive: false });
    const { errors } = await t.graphql('{ jobs { id } }', { token: pending.token });
    expect(errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('a deleted account’s token is refused', async () => {
    const gone = await t.createUser();
    await t.db.user.delete({ where: { id: gone.id } });
    const { errors } = await t.graphql('{ me { id } }', { token: gone.token });
    expect(errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
