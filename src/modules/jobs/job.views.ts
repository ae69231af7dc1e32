// What the API answers for a job and a note: plain objects shaped like the GraphQL types, with
// dates already in their wire format. Reads build them in PostgreSQL as JSON (one statement for
// a page of jobs with their notes); writes convert the row Prisma returns. Building the JSON in
// SQL costs a quarter of the CPU of Prisma's relation loading, the largest share of a `jobs`
// request (docs/PERFORMANCE.md).
import { Prisma, type Job, type Note } from '../../generated/prisma/client.ts';
import type { JobStatus } from '../../generated/prisma/enums.ts';

/** An instant as `Date.prototype.toISOString` writes it (UTC, milliseconds, `Z`). */
export type IsoDateTime = string;
/** A calendar day, `YYYY-MM-DD`. */
export type IsoDate = string;

export interface NoteView {
  id: string;
  jobId: string;
  content: string;
  reminderTime: IsoDateTime | null;
  createdAt: IsoDateTime;
}

export interface JobView {
  id: string;
  companyName: string;
  position: string;
  status: JobStatus;
  appliedOn: IsoDate | null;
  createdAt: IsoDateTime;
  updatedAt: IsoDateTime;
  /** Present when the read loaded them (oldest first); otherwise `Job.notes` loads them in one batch. */
  notes?: NoteView[];
}

export function toNoteView(note: Note): NoteView {
  return {
    id: note.id,
    jobId: note.jobId,
    content: note.content,
    reminderTime: note.reminderTime?.toISOString() ?? null,
    createdAt: note.createdAt.toISOString(),
  };
}

export function toJobView(job: Job): JobView {
  return {
    id: job.id,
    companyName: job.companyName,
    position: job.position,
    status: job.status,
    // A @db.Date comes back as midnight UTC of that day.
    appliedOn: job.appliedOn?.toISOString().slice(0, 10) ?? null,
    createdAt: job.createdAt.toISOString(),
    updatedAt: job.updatedAt.toISOString(),
  };
}

// ---------------------------------------------------------------- SQL that builds the views

/** `toISOString` in SQL, so that both paths print an instant the same way. */
const isoDateTime = (column: string) =>
  Prisma.raw(`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);

/** A note of alias `n` as a JSON object. */
export const NOTE_JSON = Prisma.sql`json_build_object(
  'id', n.id, 'jobId', n.job_id, 'content', n.content,
  'reminderTime', ${isoDateTime('n.reminder_time')}, 'createdAt', ${isoDateTime('n.created_at')})`;

/** The notes of the job of alias `j`, oldest first, as a JSON array (index notes_job_id_created_at_id_idx). */
export const NOTES_OF_JOB_JSON = Prisma.sql`coalesce(
  (SELECT json_agg(${NOTE_JSON} ORDER BY n.created_at, n.id) FROM notes n WHERE n.job_id = j.id), '[]'::json)`;

/** The job of alias `j` as a JSON object, with its notes when asked for. */
export function jobJson(withNotes: boolean): Prisma.Sql {
  return Prisma.sql`json_build_object(
  'id', j.id, 'companyName', j.company_name, 'position', j.position, 'status', j.status,
  'appliedOn', j.applied_on, 'createdAt', ${isoDateTime('j.created_at')}, 'updatedAt', ${isoDateTime('j.updated_at')}
  ${withNotes ? Prisma.sql`, 'notes', ${NOTES_OF_JOB_JSON}` : Prisma.empty})`;
}
