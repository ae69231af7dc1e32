// A note's reminderTime becomes one mail, end to end: scheduled in the note's transaction (one
// added statement), delivered by the worker through the SMTP sink, with the note's text, the
// job's company and position and the time in the user's zone; moved then deleted before it is
// due: the mail comes at the new time, then never; a rolled-back write schedules nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReminderScheduler } from '../../../src/modules/reminders/index.ts';
import { useTestApp, type TestUser } from '../../support/test-app.ts';
import { deliveriesOf, eventually, queuedJobs, testWorker } from './support.ts';

const t = useTestApp({ smtp: true });
const { smtp } = t;

const CREATE = `mutation CreateNote($noteData: CreateNoteInput!) {
  createNote(noteData: $noteData) { success message note { id reminderTime } } }`;
const UPDATE = `mutation UpdateNote($id: ID!, $noteData: UpdateNoteInput!) {
  updateNote(id: $id, noteData: $noteData) { success message note { id reminderTime } } }`;
const DELETE = `mutation DeleteNote($id: ID!) { deleteNote(id: $id) { success deletedId } }`;

const inMs = (ms: number) => new Date(Date.now() + ms).toISOString();

let ann: TestUser;
let jobId: string;
let worker: ReturnType<typeof testWorker>;
beforeAll(async () => {
  ann = await t.createUser();
  await t.db.user.update({ where: { id: ann.id }, data: { timeZone: 'Asia/Tokyo' } });
  jobId = (await t.db.job.create({ data: { userId: ann.id, companyName: 'Acme', position: 'Engineer' } })).id;
  worker = testWorker(t);
  await worker.start();
});
afterAll(() => worker.stop());

async function createNote(content: string, reminderTime: string | null) {
  const response = await t.graphql<{ createNote: { success: boolean; message: string; note: { id: string } } }>(
    CREATE,
    { token: ann.token, variables: { noteData: { jobId, content, reminderTime } } },
  );
  return response.data!.createNote;
}

describe('a note reminder', () => {
  it('is mailed at its time with the note, the job and the time in the user zone', async () => {
    const at = inMs(2_500);
    const { note, success } = await createNote('Call Jane about the offer', at);
    expect(success).toBe(true);
    expect(await deliveriesOf(t, note.id)).toMatchObject([{ state: 'scheduled', itemKind: 'note' }]);

    const mail = await smtp.nextMailTo(ann.email, { timeoutMs: 15_000 });
    expect(mail.text).toContain('Call Jane about the offer');
    expect(mail.text).toContain('Engineer at Acme');
    const tokyo = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Tokyo', timeStyle: 'short' }).format(new Date(at));
    expect(mail.text).toContain(tokyo);
    expect(mail.text).toContain('(Asia/Tokyo)');
    const [delivery] = await eventually(async () => {
      const rows = await deliveriesOf(t, note.id);
      return rows[0]?.state === 'sent' && rows;
    });
    expect(delivery!.sentAt).not.toBeNull();
  });

  it('adds at most one statement to the write that schedules it', async () => {
    t.sqlStatements.length = 0;
    await createNote('no reminder', null);
    const without = t.sqlStatements.filter((sql) => !/^(BEGIN|COMMIT)/i.test(sql.trim())).length;
    t.sqlStatements.length = 0;
    await createNote('with a reminder', inMs(3_600_000));
    const withReminder = t.sqlStatements.filter((sql) => !/^(BEGIN|COMMIT)/i.test(sql.trim())).length;
    expect(withReminder - without, t.sqlStatements.join('\n')).toBe(1);
    expect(t.sqlStatements.some((sql) => sql.includes('graphile_worker.add_job'))).toBe(true);
  });

  it('is not scheduled when its time has passed, and the message says so', async () => {
    const { note, success, message } = await createNote('too late', inMs(-60_000));
    expect(success).toBe(true);
    expect(message).toBe('Note created successfully; the time has already passed, so no reminder was scheduled');
    expect(await deliveriesOf(t, note.id)).toEqual([]);
  });

  it('moved then deleted before it is due: mailed at the new time, then never', async () => {
    const { note } = await createNote('Moved reminder', inMs(60_000));
    const moved = inMs(700);
    const update = await t.graphql(UPDATE, {
      token: ann.token,
      variables: { id: note.id, noteData: { reminderTime: moved } },
    });
    expect(update.data).toMatchObject({ updateNote: { success: true, message: 'Note updated successfully' } });
    const mail = await smtp.nextMailTo(ann.email, { timeoutMs: 15_000 });
    expect(mail.text).toContain('Moved reminder');
    const rows = await eventually(async () => {
      const found = await deliveriesOf(t, note.id);
      return found.some((row) => row.state === 'sent') && found;
    });
    expect(rows.map((row) => [row.state, row.dueAt.toISOString()])).toEqual([
      ['cancelled', expect.any(String)],
      ['sent', new Date(moved).toISOString()],
    ]);

    // Moved again into the future, then deleted: cancelled, and its job removed from the queue.
    await t.graphql(UPDATE, { token: ann.token, variables: { id: note.id, noteData: { reminderTime: inMs(1_000) } } });
    expect(await t.graphql(DELETE, { token: ann.token, variables: { id: note.id } })).toMatchObject({
      data: { deleteNote: { success: true } },
    });
    const after = await deliveriesOf(t, note.id);
    expect(after.map((row) => row.state).sort()).toEqual(['cancelled', 'cancelled', 'sent']);
    const keys = new Set(after.map((row) => `reminder:${row.id}`));
    expect((await queuedJobs(t)).filter((job) => job.key && keys.has(job.key))).toEqual([]);
    // Past the deleted reminder's time, still one mail only.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(smtp.mailsTo(ann.email).filter((m) => m.text.includes('Moved reminder'))).toHaveLength(1);
  });

  it('is not scheduled by a write that rolls back', async () => {
    const scheduler = new ReminderScheduler();
    const note = await t.db.note.create({ data: { jobId, content: 'rolled back' } });
    await expect(
      t.db.$transaction(async (tx) => {
        await scheduler.reschedule(tx, {
          kind: 'note',
          itemId: note.id,
          userId: ann.id,
          at: new Date(Date.now() + 60_000),
          now: new Date(),
        });
        expect(await tx.reminderDelivery.count({ where: { itemId: note.id } })).toBe(1);
        throw new Error('the write fails after scheduling');
      }),
    ).rejects.toThrow('the write fails');
    expect(await deliveriesOf(t, note.id)).toEqual([]);
    const jobs = await queuedJobs(t);
    const rows = await t.db.reminderDelivery.findMany({ select: { id: true } });
    expect(jobs.length).toBe(
      rows.length - (await t.db.reminderDelivery.count({ where: { state: { not: 'scheduled' } } })),
    );
  });
});
