// NoteService's own rules, called directly over this file's database: a note belongs to its job's
// owner (another user's job or note fails NOT_FOUND exactly like a missing one, and changes
// nothing), bad input fails BAD_USER_INPUT naming the field and stores nothing, partial updates,
// and notes come oldest first.
import { beforeEach, describe, expect, it } from 'vitest';
import { appError, expectInvalidInput, useTestServices } from '../../support/services.ts';
import type { TestUser } from '../../support/test-app.ts';

const { t, services } = useTestServices();
const MISSING_ID = '00000000-0000-4000-8000-00000000abcd';

let ann: TestUser;
let bob: TestUser;
let annJobId: string;
beforeEach(async () => {
  [ann, bob] = await Promise.all([t.createUser(), t.createUser()]);
  annJobId = (await t.db.job.create({ data: { userId: ann.id, companyName: 'Acme', position: 'Engineer' } })).id;
});

const note = (jobId: string, content: string, createdAt?: Date) =>
  t.db.note.create({ data: { jobId, content, ...(createdAt ? { createdAt } : {}) } });

/**
 * NOT_FOUND for `what`, with the same code and message whether the row is someone else's or
 * missing. The calls are made one after the other (functions, so that none rejects unawaited).
 */
async function expectNotFoundAlike(
  forOthers: () => Promise<unknown>,
  forMissing: () => Promise<unknown>,
  what: string,
) {
  const others = await appError(forOthers());
  const missing = await appError(forMissing());
  expect({ code: others.code, message: others.message }).toEqual({ code: 'NOT_FOUND', message: `${what} not found` });
  expect({ code: missing.code, message: missing.message }).toEqual({ code: others.code, message: others.message });
}

describe('listForJob', () => {
  it('answers the notes oldest first, a tie on createdAt broken by id', async () => {
    const same = new Date('2024-01-02T00:00:00Z');
    const newest = await note(annJobId, 'newest', new Date('2024-01-03T00:00:00Z'));
    const ties = [await note(annJobId, 'tie', same), await note(annJobId, 'tie', same)].sort((a, b) =>
      a.id < b.id ? -1 : 1,
    );
    const oldest = await note(annJobId, 'oldest', new Date('2024-01-01T00:00:00Z'));
    const listed = await services.notes.listForJob(ann.id, annJobId);
    expect(listed.map((n) => n.id)).toEqual([oldest.id, ...ties.map((n) => n.id), newest.id]);
  });

  it("another user's job fails NOT_FOUND like a missing one; a malformed id names jobId", async () => {
    await note(annJobId, 'Ann only');
    await expectNotFoundAlike(
      () => services.notes.listForJob(bob.id, annJobId),
      () => services.notes.listForJob(bob.id, MISSING_ID),
      'Job',
    );
    await expectInvalidInput(services.notes.listForJob(ann.id, 'nope'), 'jobId', 'must be a UUID');
  });

  it("listForJobs answers every job asked for, with only the owner's notes", async () => {
    const bobJob = await t.db.job.create({ data: { userId: bob.id, companyName: 'Bob Co', position: 'Dev' } });
    await note(bobJob.id, 'Bob only');
    const emptyJob = await t.db.job.create({ data: { userId: ann.id, companyName: 'Empty', position: 'Dev' } });
    const first = await note(annJobId, 'first', new Date('2024-01-01T00:00:00Z'));
    const second = await note(annJobId, 'second', new Date('2024-01-02T00:00:00Z'));
    const byJob = await services.notes.listForJobs(ann.id, [annJobId, emptyJob.id, bobJob.id]);
    expect([...byJob.keys()]).toEqual([annJobId, emptyJob.id, bobJob.id]);
    expect(byJob.get(annJobId)!.map((n) => n.id)).toEqual([first.id, second.id]);
    expect(byJob.get(emptyJob.id)).toEqual([]);
    expect(byJob.get(bobJob.id)).toEqual([]);
  });
});

describe('create', () => {
  it('adds a trimmed note with its reminder to the owner’s job', async () => {
    const created = await services.notes.create(ann.id, {
      jobId: annJobId,
      content: '  Call back  ',
      reminderTime: '2030-01-20T12:00:00+02:00',
    });
    expect(created).toMatchObject({ jobId: annJobId, content: 'Call back' });
    const row = await t.db.note.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.reminderTime).toEqual(new Date('2030-01-20T10:00:00Z'));
  });

  it("on another user's job fails NOT_FOUND like a missing job, and adds nothing", async () => {
    await expectNotFoundAlike(
      () => services.notes.create(bob.id, { jobId: annJobId, content: 'sneaky' }),
      () => services.notes.create(bob.id, { jobId: MISSING_ID, content: 'sneaky' }),
      'Job',
    );
    expect(await t.db.note.count({ where: { jobId: annJobId } })).toBe(0);
  });

  // OWN stands for Ann's job, which exists only once the test runs.
  const OWN = 'own job';
  it.each([
    [{ content: 'x' }, 'noteData.jobId', 'must be a UUID'],
    [{ jobId: 'nope', content: 'x' }, 'noteData.jobId', 'must be a UUID'],
    [{ jobId: OWN, content: '' }, 'noteData.content', 'must not be empty'],
    [{ jobId: OWN, content: 'x'.repeat(10_001) }, 'noteData.content', 'must be at most 10000 characters'],
    [
      { jobId: OWN, content: 'x', reminderTime: '2030-01-20T10:00:00' },
      'noteData.reminderTime',
      'must be an ISO 8601 date-time with a time zone, e.g. 2024-01-20T10:00:00Z',
    ],
    [
      { jobId: OWN, content: 'x', reminderTime: '0000-12-31T23:00:00Z' },
      'noteData.reminderTime',
      'must be an instant between 0001-01-01 and 9999-12-31 in UTC (its time zone counted), e.g. 2024-01-20T10:00:00Z',
    ],
  ])('refuses %j naming %s, and stores nothing', async (input, field, message) => {
    const sent = 'jobId' in input && input.jobId === OWN ? { ...input, jobId: annJobId } : input;
    await expectInvalidInput(services.notes.create(ann.id, sent), field, message);
    expect(await t.db.note.count({ where: { jobId: annJobId } })).toBe(0);
  });
});

describe('update and delete', () => {
  it('update changes only the fields given; reminderTime can be cleared with null', async () => {
    const created = await services.notes.create(ann.id, {
      jobId: annJobId,
      content: 'Call back',
      reminderTime: '2030-01-20T10:00:00Z',
    });
    const edited = await services.notes.update(ann.id, created.id, { content: 'Called' });
    expect(edited).toMatchObject({ content: 'Called' });
    expect((await t.db.note.findUniqueOrThrow({ where: { id: created.id } })).reminderTime).toEqual(
      new Date('2030-01-20T10:00:00Z'),
    );
    await services.notes.update(ann.id, created.id, { reminderTime: null });
    expect(await t.db.note.findUniqueOrThrow({ where: { id: created.id } })).toMatchObject({
      content: 'Called',
      reminderTime: null,
    });
  });

  it("another user's note fails NOT_FOUND like a missing one, and stays as it was", async () => {
    const annNote = await note(annJobId, 'Ann only');
    await expectNotFoundAlike(
      () => services.notes.update(bob.id, annNote.id, { content: 'changed' }),
      () => services.notes.update(bob.id, MISSING_ID, { content: 'changed' }),
      'Note',
    );
    await expectNotFoundAlike(
      () => services.notes.delete(bob.id, annNote.id),
      () => services.notes.delete(bob.id, MISSING_ID),
      'Note',
    );
    expect(await t.db.note.findUniqueOrThrow({ where: { id: annNote.id } })).toEqual(annNote);
  });

  it('bad input fails naming the field and changes nothing', async () => {
    const annNote = await note(annJobId, 'Ann only');
    await expectInvalidInput(services.notes.update(ann.id, 'nope', { content: 'x' }), 'id', 'must be a UUID');
    await expectInvalidInput(
      services.notes.update(ann.id, annNote.id, { content: ' ' }),
      'noteData.content',
      'must not be empty',
    );
    await expectInvalidInput(services.notes.delete(ann.id, 'nope'), 'id', 'must be a UUID');
    expect(await t.db.note.findUniqueOrThrow({ where: { id: annNote.id } })).toEqual(annNote);
  });

  it('delete answers the deleted note; a second delete is NOT_FOUND', async () => {
    const annNote = await note(annJobId, 'Ann only');
    expect(await services.notes.delete(ann.id, annNote.id)).toMatchObject({ id: annNote.id, content: 'Ann only' });
    expect((await appError(services.notes.delete(ann.id, annNote.id))).code).toBe('NOT_FOUND');
    expect(await t.db.note.count({ where: { id: annNote.id } })).toBe(0);
  });
});
