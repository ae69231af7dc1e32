// Notes on jobs. A note belongs to its job's owner; every query goes through that ownership.
// Reads answer views built in SQL (note.views.ts).
import { Prisma } from '../../generated/prisma/client.ts';
import type { Database } from '../../infra/database.ts';
import { AppError } from '../../lib/errors.ts';
import {
  NO_REMINDERS,
  withReminderNotice,
  type ReminderHook,
  type WithReminderNotice,
} from '../../lib/reminder-hook.ts';
import { orNotFound } from '../../lib/prisma-errors.ts';
import { parseInput } from '../../lib/validation.ts';
import { jobIdSchema } from '../jobs/index.ts';
import { insertImportedNotes, type ImportedNote } from './note.import.ts';
import {
  createNoteSchema,
  noteIdSchema,
  updateNoteSchema,
  type CreateNoteInput,
  type UpdateNoteInput,
} from './note.validation.ts';
import { NOTE_JSON, NOTES_OF_JOB_JSON, toNoteView, type NoteView } from './note.views.ts';

export interface NoteServiceOptions {
  /** Schedules a note's reminder in the write's transaction (the reminders module, handed over by services.ts). */
  reminders?: ReminderHook;
  /** The clock: a reminderTime at or before it is not scheduled. */
  now?: () => Date;
}

export class NoteService {
  private readonly reminders: ReminderHook;
  private readonly now: () => Date;

  constructor(
    private readonly db: Database,
    options: NoteServiceOptions = {},
  ) {
    this.reminders = options.reminders ?? NO_REMINDERS;
    this.now = options.now ?? (() => new Date());
  }

  /** The job's notes, oldest first; NOT_FOUND when the job is missing or someone else's. One statement. */
  async listForJob(ownerId: string, jobIdInput: string): Promise<NoteView[]> {
    const jobId = parseInput(jobIdSchema, jobIdInput, 'jobId');
    const [job] = await this.db.sql.rows<{ notes: NoteView[] }>(Prisma.sql`
      SELECT ${NOTES_OF_JOB_JSON} AS notes FROM jobs j WHERE j.id = ${jobId}::uuid AND j.user_id = ${ownerId}::uuid`);
    if (!job) throw AppError.notFound('Job');
    return job.notes;
  }

  /** The notes of the owner's jobs among `jobIds`, oldest first per job: one statement for any number of jobs. */
  async listForJobs(ownerId: string, jobIds: readonly string[]): Promise<Map<string, NoteView[]>> {
    const [row] = await this.db.sql.rows<{ notes: NoteView[] }>(Prisma.sql`
      SELECT coalesce(json_agg(${NOTE_JSON} ORDER BY n.created_at, n.id), '[]'::json) AS notes
      FROM notes n JOIN jobs j ON j.id = n.job_id
      WHERE n.job_id = ANY(${jobIds}::uuid[]) AND j.user_id = ${ownerId}::uuid`);
    const byJob = new Map<string, NoteView[]>(jobIds.map((jobId) => [jobId, []]));
    for (const note of row?.notes ?? []) byJob.get(note.jobId)?.push(note);
    return byJob;
  }

  /** With a reminderTime, its reminder is scheduled in the same transaction (one added statement). */
  async create(ownerId: string, input: CreateNoteInput): Promise<WithReminderNotice<NoteView>> {
    const { jobId, ...data } = parseInput(createNoteSchema, input, 'noteData');
    const now = this.now();
    // The owner is part of the connect filter: a note is only ever added to one's own job.
    const write = (tx: Prisma.TransactionClient) =>
      tx.note.create({ data: { ...data, job: { connect: { id: jobId, userId: ownerId } } } });
    const note = await orNotFound(
      'Job',
      // Without a reminder, no transaction: a note is one statement.
      data.reminderTime
        ? this.db.$transaction(async (tx) => {
            const created = await write(tx);
            await this.scheduleFor(tx, ownerId, created.id, created.reminderTime, now);
            return created;
          })
        : write(this.db),
    );
    return withReminderNotice(toNoteView(note), note.reminderTime, now);
  }

  /** A reminderTime given (or null) reschedules (or cancels) the reminder in the same transaction. */
  async update(ownerId: string, noteId: string, input: UpdateNoteInput): Promise<WithReminderNotice<NoteView>> {
    const id = parseInput(noteIdSchema, noteId, 'id');
    const data = parseInput(updateNoteSchema, input, 'noteData');
    const now = this.now();
    const write = (tx: Prisma.TransactionClient) => tx.note.update({ where: { id, job: { userId: ownerId } }, data });
    const note = await orNotFound(
      'Note',
      data.reminderTime === undefined
        ? write(this.db)
        : this.db.$transaction(async (tx) => {
            const updated = await write(tx);
            await this.scheduleFor(tx, ownerId, updated.id, updated.reminderTime, now);
            return updated;
          }),
    );
    return withReminderNotice(toNoteView(note), data.reminderTime === undefined ? null : note.reminderTime, now);
  }

  /** Deleting a note with a reminder cancels it in the same transaction. */
  async delete(ownerId: string, noteId: string): Promise<NoteView> {
    const id = parseInput(noteIdSchema, noteId, 'id');
    const note = await orNotFound(
      'Note',
      this.db.$transaction(async (tx) => {
        const deleted = await tx.note.delete({ where: { id, job: { userId: ownerId } } });
        if (deleted.reminderTime) await this.scheduleFor(tx, ownerId, deleted.id, null, this.now());
        return deleted;
      }),
    );
    return toNoteView(note);
  }

  /**
   * An import's bulk path: inside `tx` (the import's), the owner's `notes` on jobs of theirs the
   * caller has just written, with the reminders of those whose time is after `now` (note.import.ts).
   */
  importIn(tx: Prisma.TransactionClient, ownerId: string, notes: readonly ImportedNote[], now: Date): Promise<void> {
    return insertImportedNotes(tx, this.reminders, ownerId, notes, now);
  }

  private scheduleFor(tx: Prisma.TransactionClient, ownerId: string, noteId: string, at: Date | null, now: Date) {
    return this.reminders.reschedule(tx, { kind: 'note', itemId: noteId, userId: ownerId, at, now });
  }
}
