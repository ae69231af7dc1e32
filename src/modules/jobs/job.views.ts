// What the API answers for a job: a plain object shaped like the GraphQL type, with dates already
// in their wire format. Reads build it in PostgreSQL as JSON (one statement for a page of jobs
// with their notes); writes convert the row Prisma returns. Building the JSON in SQL costs a
// quarter of the CPU of Prisma's relation loading, the largest share of a `jobs` request
// (docs/PERFORMANCE.md).
import { Prisma, type Job } from '../../generated/prisma/client.ts';
import type { JobStatus, SalaryPeriod, WorkMode } from '../../generated/prisma/enums.ts';
import { isoDateTime, type IsoDate, type IsoDateTime } from '../../lib/sql-json.ts';

export interface JobStatusEventView {
  id: string;
  fromStatus: JobStatus | null;
  toStatus: JobStatus;
  occurredAt: IsoDateTime;
}

export interface JobView {
  id: string;
  companyName: string;
  position: string;
  status: JobStatus;
  appliedOn: IsoDate | null;
  createdAt: IsoDateTime;
  updatedAt: IsoDateTime;
  jobUrl: string | null;
  location: string | null;
  workMode: WorkMode | null;
  source: string | null;
  /**
   * The posting's text, up to 50,000 characters: reads embed it only when asked for
   * (DESCRIPTION_EMBED), so a page of jobs does not carry every posting; otherwise its loader.
   */
  description?: string | null;
  deadline: IsoDate | null;
  priority: number | null;
  salaryMin: number | null;
  salaryMax: number | null;
  salaryCurrency: string | null;
  salaryPeriod: SalaryPeriod | null;
  archived: boolean;
  statusChangedAt: IsoDateTime;
  /** Present when the read embedded it (STATUS_HISTORY_EMBED); otherwise the field's loader reads it. */
  statusHistory?: JobStatusEventView[];
  /** Present when the read embedded it (TAGS_EMBED); otherwise the field's loader reads it. */
  tags?: string[];
}

/**
 * A relation another module embeds in a job read, in the same statement: its JSON (SQL over the
 * job of alias `j`) under the key `field`. The notes module brings `notes`; the composition root
 * (src/services.ts) hands the list to JobService, so jobs imports no module that depends on it.
 */
export interface JobEmbed {
  /** The key in the job's JSON and the GraphQL field that asks for it: a code constant, never input. */
  field: string;
  json: Prisma.Sql;
}

const day = (value: Date | null): IsoDate | null => value?.toISOString().slice(0, 10) ?? null;

export function toJobView(job: Job): JobView {
  return {
    id: job.id,
    companyName: job.companyName,
    position: job.position,
    status: job.status,
    // A @db.Date comes back as midnight UTC of that day.
    appliedOn: day(job.appliedOn),
    createdAt: job.createdAt.toISOString(),
    updatedAt: job.updatedAt.toISOString(),
    jobUrl: job.jobUrl,
    location: job.location,
    workMode: job.workMode,
    source: job.source,
    description: job.description,
    deadline: day(job.deadline),
    priority: job.priority,
    salaryMin: job.salaryMin,
    salaryMax: job.salaryMax,
    salaryCurrency: job.salaryCurrency,
    salaryPeriod: job.salaryPeriod,
    archived: job.archived,
    statusChangedAt: job.statusChangedAt.toISOString(),
  };
}

// ---------------------------------------------------------------- SQL that builds the view

/** A status event of alias `e` as a JSON object. */
const STATUS_EVENT_JSON = Prisma.sql`json_build_object(
  'id', e.id, 'fromStatus', e.from_status, 'toStatus', e.to_status, 'occurredAt', ${isoDateTime('e.occurred_at')})`;

/**
 * Tags sort by their case-insensitive key, byte order (COLLATE "C") so that the order does not
 * depend on the database's locale; the spelling breaks ties of keys that lower-case alike.
 */
export const TAG_ORDER = Prisma.sql`t.name_key COLLATE "C", t.name COLLATE "C"`;

/** `Job.statusHistory` of the job of alias `j`, oldest first (index job_status_events_job_id_occurred_at_id_idx). */
export const STATUS_HISTORY_EMBED: JobEmbed = {
  field: 'statusHistory',
  json: Prisma.sql`coalesce((SELECT json_agg(${STATUS_EVENT_JSON} ORDER BY e.occurred_at, e.id)
    FROM job_status_events e WHERE e.job_id = j.id), '[]'::json)`,
};

/** `Job.description` of the job of alias `j`. */
export const DESCRIPTION_EMBED: JobEmbed = { field: 'description', json: Prisma.sql`j.description` };

/** `Job.tags` of the job of alias `j`, by name. */
export const TAGS_EMBED: JobEmbed = {
  field: 'tags',
  json: Prisma.sql`coalesce((SELECT json_agg(t.name ORDER BY ${TAG_ORDER})
    FROM job_tags jt JOIN tags t ON t.id = jt.tag_id WHERE jt.job_id = j.id), '[]'::json)`,
};

/** The job of alias `j` as a JSON object, with the embeds asked for. */
export function jobJson(embeds: readonly JobEmbed[]): Prisma.Sql {
  const embedded = embeds.map((embed) => Prisma.sql`, ${Prisma.raw(`'${embed.field}'`)}, ${embed.json}`);
  return Prisma.sql`json_build_object(
  'id', j.id, 'companyName', j.company_name, 'position', j.position, 'status', j.status,
  'appliedOn', j.applied_on, 'createdAt', ${isoDateTime('j.created_at')}, 'updatedAt', ${isoDateTime('j.updated_at')},
  'jobUrl', j.job_url, 'location', j.location, 'workMode', j.work_mode, 'source', j.source,
  'deadline', j.deadline, 'priority', j.priority,
  'salaryMin', j.salary_min, 'salaryMax', j.salary_max, 'salaryCurrency', j.salary_currency,
  'salaryPeriod', j.salary_period, 'archived', j.archived, 'statusChangedAt', ${isoDateTime('j.status_changed_at')}
  ${embedded.length > 0 ? Prisma.join(embedded, '') : Prisma.empty})`;
}
