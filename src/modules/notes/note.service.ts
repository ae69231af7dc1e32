// Notes on jobs. A note belongs to its job's owner; every query goes through that ownership.
// Reads answer views built in SQL (note.views.ts).
import { Prisma } from '../../generated/prisma/client.ts';
import type { Database } from '../../infra/database.ts';
import { AppError } from '../../lib/errors.ts';
import { orNotFound } from '../../lib/prisma-errors.ts';
import { parseInput } from '../../lib/validation.ts';
import { jobIdSchema } from '../jobs/index.ts';
import {
  createNoteSchema,
  noteIdSchema,
  updateNoteSchema,
  type CreateNoteInput,
  type UpdateNoteInput,
} from './note.validation.ts';
import { NOTE_JSON, NOTES_OF_JOB_JSON, toNoteView, type NoteView } from './note.views.ts';

export class NoteService {
  constructor(private readonly db: Database) {}

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

  async create(ownerId: string, input: CreateNoteInput): Promise<NoteView> {
    const { jobId, ...data } = parseInput(createNoteSchema, input, 'noteData');
    // The owner is part of the connect filter: a note is only ever added to one's own job.
    const note = await orNotFound(
      'Job',
      this.db.note.create({ data: { ...data, job: { connect: { id: jobId, userId: ownerId } } } }),
    );
    return toNoteView(note);
  }

  async update(ownerId: string, noteId: string, input: UpdateNoteInput): Promise<NoteView> {
    const id = parseInput(noteIdSchema, noteId, 'id');
    const data = parseInput(updateNoteSchema, input, 'noteData');
    return toNoteView(await orNotFound('Note', this.db.note.update({ where: { id, job: { userId: ownerId } }, data })));
  }

  async delete(ownerId: string, noteId: string): Promise<NoteView> {
    const id = parseInput(noteIdSchema, noteId, 'id');
    return toNoteView(await orNotFound('Note', this.db.note.delete({ where: { id, job: { userId: ownerId } } })));
  }
}
