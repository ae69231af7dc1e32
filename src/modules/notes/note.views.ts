// What the API answers for a note: a plain object shaped like the GraphQL type, dates in their
// wire format, built in PostgreSQL as JSON for reads (see jobs/job.views.ts for the why).
import { Prisma, type Note } from '../../generated/prisma/client.ts';
import { isoDateTime, type IsoDateTime } from '../../lib/sql-json.ts';
import type { JobEmbed, JobView } from '../jobs/index.ts';

export interface NoteView {
  id: string;
  jobId: string;
  content: string;
  reminderTime: IsoDateTime | null;
  createdAt: IsoDateTime;
}

/** A job as a read answers it when `notesEmbed` was asked for: its notes, oldest first. */
export type JobWithNotes = JobView & { notes?: NoteView[] };

export function toNoteView(note: Note): NoteView {
  return {
    id: note.id,
    jobId: note.jobId,
    content: note.content,
    reminderTime: note.reminderTime?.toISOString() ?? null,
    createdAt: note.createdAt.toISOString(),
  };
}

// ---------------------------------------------------------------- SQL that builds the views

/** A note of alias `n` as a JSON object. */
export const NOTE_JSON = Prisma.sql`json_build_object(
  'id', n.id, 'jobId', n.job_id, 'content', n.content,
  'reminderTime', ${isoDateTime('n.reminder_time')}, 'createdAt', ${isoDateTime('n.created_at')})`;

/** The notes of the job of alias `j`, oldest first, as a JSON array (index notes_job_id_created_at_id_idx). */
export const NOTES_OF_JOB_JSON = Prisma.sql`coalesce(
  (SELECT json_agg(${NOTE_JSON} ORDER BY n.created_at, n.id) FROM notes n WHERE n.job_id = j.id), '[]'::json)`;

/** `Job.notes` loaded with the job, in the same statement, when a read asks for it. */
export const notesEmbed: JobEmbed = { field: 'notes', json: NOTES_OF_JOB_JSON };
