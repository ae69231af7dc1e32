// Notes on jobs. A note belongs to its job's owner; every query goes through that ownership.
import type { Note, Prisma } from '../../generated/prisma/client.ts';
import type { Database } from '../../infra/database.ts';
import { AppError } from '../../lib/errors.ts';
import { orNotFound } from '../../lib/prisma-errors.ts';
import { parseInput } from '../../lib/validation.ts';
import { jobIdSchema } from '../jobs/job.validation.ts';
import {
  createNoteSchema,
  noteIdSchema,
  updateNoteSchema,
  type CreateNoteInput,
  type UpdateNoteInput,
} from './note.validation.ts';

export type NoteQuery = Pick<Prisma.NoteFindManyArgs, 'include' | 'select'>;

const OLDEST_FIRST: Prisma.NoteOrderByWithRelationInput[] = [{ createdAt: 'asc' }, { id: 'asc' }];

export class NoteService {
  constructor(private readonly db: Database) {}

  /** The job's notes, oldest first; NOT_FOUND when the job is missing or someone else's. */
  async listForJob(ownerId: string, jobIdInput: string, query: NoteQuery = {}): Promise<Note[]> {
    const jobId = parseInput(jobIdSchema, jobIdInput, 'jobId');
    // One round trip: the notes come nested in the owner-filtered job.
    const job = await this.db.job.findFirst({
      where: { id: jobId, userId: ownerId },
      select: { notes: { ...query, orderBy: OLDEST_FIRST } },
    });
    if (!job) throw AppError.notFound('Job');
    return job.notes;
  }

  async create(ownerId: string, input: CreateNoteInput): Promise<Note> {
    const { jobId, ...data } = parseInput(createNoteSchema, input, 'noteData');
    // The owner is part of the connect filter: a note is only ever added to one's own job.
    return orNotFound(
      'Job',
      this.db.note.create({ data: { ...data, job: { connect: { id: jobId, userId: ownerId } } } }),
    );
  }

  async update(ownerId: string, noteId: string, input: UpdateNoteInput): Promise<Note> {
    const id = parseInput(noteIdSchema, noteId, 'id');
    const data = parseInput(updateNoteSchema, input, 'noteData');
    return orNotFound('Note', this.db.note.update({ where: { id, job: { userId: ownerId } }, data }));
  }

  async delete(ownerId: string, noteId: string): Promise<Note> {
    const id = parseInput(noteIdSchema, noteId, 'id');
    return orNotFound('Note', this.db.note.delete({ where: { id, job: { userId: ownerId } } }));
  }
}
