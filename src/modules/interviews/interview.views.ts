// What the API answers for an interview: a plain object shaped like the GraphQL type, dates in
// their wire format, built in PostgreSQL as JSON (see jobs/job.views.ts for the why). A job read
// embeds its interviews in the same statement (interviewsEmbed), each with its contacts.
import { Prisma } from '../../generated/prisma/client.ts';
import type { InterviewKind, InterviewOutcome } from '../../generated/prisma/enums.ts';
import { isoDateTime, type IsoDateTime } from '../../lib/sql-json.ts';
import { CONTACT_JSON, CONTACT_ORDER, type ContactView } from '../contacts/index.ts';
import type { JobEmbed, JobView } from '../jobs/index.ts';

export interface InterviewView {
  id: string;
  jobId: string;
  scheduledAt: IsoDateTime;
  durationMinutes: number;
  kind: InterviewKind;
  location: string | null;
  meetingUrl: string | null;
  notes: string | null;
  outcome: InterviewOutcome;
  /** The contacts taking part, by name, then id. */
  contacts: ContactView[];
  createdAt: IsoDateTime;
  updatedAt: IsoDateTime;
}

/** A job as a read answers it when `interviewsEmbed` was asked for: its interviews by time. */
export type JobWithInterviews = JobView & { interviews?: InterviewView[] };

// ---------------------------------------------------------------- SQL that builds the views

/** The contacts of the interview of alias `i`, in the contacts' order (primary key of interview_contacts). */
const CONTACTS_OF_INTERVIEW_JSON = Prisma.sql`coalesce(
  (SELECT json_agg(${CONTACT_JSON} ORDER BY ${CONTACT_ORDER})
   FROM interview_contacts ic JOIN contacts c ON c.id = ic.contact_id
   WHERE ic.interview_id = i.id), '[]'::json)`;

/** The interview of alias `i` as a JSON object, with its contacts. */
export const INTERVIEW_JSON = Prisma.sql`json_build_object(
  'id', i.id, 'jobId', i.job_id, 'scheduledAt', ${isoDateTime('i.scheduled_at')},
  'durationMinutes', i.duration_minutes, 'kind', i.kind, 'location', i.location,
  'meetingUrl', i.meeting_url, 'notes', i.notes, 'outcome', i.outcome,
  'contacts', ${CONTACTS_OF_INTERVIEW_JSON},
  'createdAt', ${isoDateTime('i.created_at')}, 'updatedAt', ${isoDateTime('i.updated_at')})`;

/** The order of a job's or a user's interviews: by time, a tie broken by id (both indexes end so). */
export const INTERVIEW_ORDER = Prisma.sql`i.scheduled_at, i.id`;

/** The interviews of the job of alias `j`, by time, as a JSON array (index interviews_job_id_scheduled_at_id_idx). */
export const INTERVIEWS_OF_JOB_JSON = Prisma.sql`coalesce(
  (SELECT json_agg(${INTERVIEW_JSON} ORDER BY ${INTERVIEW_ORDER}) FROM interviews i WHERE i.job_id = j.id), '[]'::json)`;

/** `Job.interviews` loaded with the job, in the same statement, when a read asks for it. */
export const interviewsEmbed: JobEmbed = { field: 'interviews', json: INTERVIEWS_OF_JOB_JSON };
