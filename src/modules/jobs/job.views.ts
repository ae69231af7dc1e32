// What the API answers for a job: a plain object shaped like the GraphQL type, with dates already
// in their wire format. Reads build it in PostgreSQL as JSON (one statement for a page of jobs
// with their notes); writes convert the row Prisma returns. Building the JSON in SQL costs a
// quarter of the CPU of Prisma's relation loading, the largest share of a `jobs` request
// (docs/PERFORMANCE.md).
import { Prisma, type Job } from '../../generated/prisma/client.ts';
import type { JobStatus } from '../../generated/prisma/enums.ts';
import { isoDateTime, type IsoDate, type IsoDateTime } from '../../lib/sql-json.ts';

export interface JobView {
  id: string;
  companyName: string;
  position: string;
  status: JobStatus;
  appliedOn: IsoDate | null;
  createdAt: IsoDateTime;
  updatedAt: IsoDateTime;
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

// ---------------------------------------------------------------- SQL that builds the view

/** The job of alias `j` as a JSON object, with the embeds asked for. */
export function jobJson(embeds: readonly JobEmbed[]): Prisma.Sql {
  const embedded = embeds.map((embed) => Prisma.sql`, ${Prisma.raw(`'${embed.field}'`)}, ${embed.json}`);
  return Prisma.sql`json_build_object(
  'id', j.id, 'companyName', j.company_name, 'position', j.position, 'status', j.status,
  'appliedOn', j.applied_on, 'createdAt', ${isoDateTime('j.created_at')}, 'updatedAt', ${isoDateTime('j.updated_at')}
  ${embedded.length > 0 ? Prisma.join(embedded, '') : Prisma.empty})`;
}
