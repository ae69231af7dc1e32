// The bulk path of imports (SPEC Part 2, "Portability"): many jobs with their status history and
// tags in the caller's transaction, a few statements per thousand jobs rather than a job at a
// time. The history is written as given (an import of our own export keeps every event), so this
// is the one other place than `changeStatusIn` that writes status events: it checks the same
// invariants (each event's fromStatus is the toStatus before it, times never go back, the job's
// status and statusChangedAt are those of its last event).
import type { Prisma } from '../../generated/prisma/client.ts';
import type { JobStatus, SalaryPeriod, WorkMode } from '../../generated/prisma/enums.ts';
import { chunked } from '../../lib/chunked.ts';
import { tagKey } from './job.validation.ts';

/** One event of an imported history, oldest first; the first one's fromStatus is null. */
export interface ImportedStatusEvent {
  fromStatus: JobStatus | null;
  toStatus: JobStatus;
  occurredAt: Date;
}

/** A job to import, already validated by the jobs' rules (createJobSchema). */
export interface ImportedJob {
  /** Chosen by the caller (randomUUID), so it can attach notes and the rest in the same transaction. */
  id: string;
  companyName: string;
  position: string;
  appliedOn: Date | null;
  jobUrl?: string | null;
  location?: string | null;
  workMode?: WorkMode | null;
  source?: string | null;
  description?: string | null;
  deadline?: Date | null;
  priority?: number | null;
  salaryMin?: number | null;
  salaryMax?: number | null;
  salaryCurrency?: string | null;
  salaryPeriod?: SalaryPeriod | null;
  archived?: boolean;
  createdAt?: Date;
  updatedAt?: Date;
  tags: readonly string[];
  /** At least one event; the job's status is the last one's toStatus. */
  history: readonly ImportedStatusEvent[];
}

/** Throws (a programming error: the caller validates histories) when `job`'s history breaks the rules. */
function checkHistory(job: ImportedJob): void {
  let previous: ImportedStatusEvent | undefined;
  for (const event of job.history) {
    const expectedFrom = previous ? previous.toStatus : null;
    if (event.fromStatus !== expectedFrom || (previous && event.occurredAt < previous.occurredAt)) {
      throw new Error(`The imported history of job ${job.id} is not a chain in time order`);
    }
    previous = event;
  }
  if (!previous) throw new Error(`The imported job ${job.id} has no status event`);
}

/** Inside `tx`: writes the owner's `jobs` with their status events and tags. */
export async function insertImportedJobs(
  tx: Prisma.TransactionClient,
  ownerId: string,
  jobs: readonly ImportedJob[],
  now: Date,
): Promise<void> {
  for (const job of jobs) checkHistory(job);
  // Plain INSERT ... SELECT FROM unnest(arrays): Prisma's createMany built every row as objects
  // first, which took a 20,000-row import past the production heap (docs/PERFORMANCE.md).
  const iso = (date: Date | null | undefined) => (date ? date.toISOString() : null);
  const day = (date: Date | null | undefined) => (date ? date.toISOString().slice(0, 10) : null);
  for (const part of chunked(jobs)) {
    const column = <T>(read: (job: ImportedJob) => T) => part.map(read);
    const last = (job: ImportedJob) => job.history[job.history.length - 1] as ImportedStatusEvent;
    await tx.$executeRaw`
      INSERT INTO jobs (id, user_id, company_name, position, status, applied_on, job_url, location, work_mode,
        source, description, deadline, priority, salary_min, salary_max, salary_currency, salary_period, archived,
        status_changed_at, created_at, updated_at)
      SELECT j.id, ${ownerId}::uuid, j.company_name, j.position, j.status::"JobStatus", j.applied_on, j.job_url,
        j.location, j.work_mode::"WorkMode", j.source, j.description, j.deadline, j.priority, j.salary_min,
        j.salary_max, j.salary_currency, j.salary_period::"SalaryPeriod", j.archived, j.status_changed_at,
        j.created_at, j.updated_at
      FROM unnest(
        ${column((job) => job.id)}::uuid[], ${column((job) => job.companyName)}::text[],
        ${column((job) => job.position)}::text[], ${column((job) => last(job).toStatus)}::text[],
        ${column((job) => day(job.appliedOn))}::date[], ${column((job) => job.jobUrl ?? null)}::text[],
        ${column((job) => job.location ?? null)}::text[], ${column((job) => job.workMode ?? null)}::text[],
        ${column((job) => job.source ?? null)}::text[], ${column((job) => job.description ?? null)}::text[],
        ${column((job) => day(job.deadline))}::date[], ${column((job) => job.priority ?? null)}::int[],
        ${column((job) => job.salaryMin ?? null)}::int[], ${column((job) => job.salaryMax ?? null)}::int[],
        ${column((job) => job.salaryCurrency ?? null)}::text[], ${column((job) => job.salaryPeriod ?? null)}::text[],
        ${column((job) => job.archived ?? false)}::boolean[], ${column((job) => iso(last(job).occurredAt))}::timestamptz[],
        ${column((job) => iso(job.createdAt ?? now))}::timestamptz[], ${column((job) => iso(job.updatedAt ?? now))}::timestamptz[]
      ) AS j(id, company_name, position, status, applied_on, job_url, location, work_mode, source, description,
        deadline, priority, salary_min, salary_max, salary_currency, salary_period, archived, status_changed_at,
        created_at, updated_at)`;
  }
  const events = jobs.flatMap((job) => job.history.map((event) => ({ jobId: job.id, ...event })));
  for (const part of chunked(events)) {
    await tx.$executeRaw`
      INSERT INTO job_status_events (id, job_id, from_status, to_status, occurred_at)
      SELECT gen_random_uuid(), e.job_id, e.from_status::"JobStatus", e.to_status::"JobStatus", e.occurred_at
      FROM unnest(${part.map((event) => event.jobId)}::uuid[], ${part.map((event) => event.fromStatus)}::text[],
        ${part.map((event) => event.toStatus)}::text[], ${part.map((event) => iso(event.occurredAt))}::timestamptz[])
        AS e(job_id, from_status, to_status, occurred_at)`;
  }

  // Tags: every name once (first spelling), upserted in key order as TagService.replaceIn does.
  const spelling = new Map<string, string>();
  for (const job of jobs)
    for (const name of job.tags) if (!spelling.has(tagKey(name))) spelling.set(tagKey(name), name);
  if (spelling.size === 0) return;
  const keys = [...spelling.keys()].sort();
  const tags = await tx.$queryRaw<{ id: string; key: string }[]>`
    INSERT INTO tags (id, user_id, name, name_key)
    SELECT gen_random_uuid(), ${ownerId}::uuid, given.name, given.key
    FROM unnest(${keys.map((key) => spelling.get(key) ?? key)}::text[], ${keys}::text[]) AS given(name, key)
    ORDER BY given.key
    ON CONFLICT (user_id, name_key) DO UPDATE SET name = tags.name
    RETURNING id, name_key AS key`;
  const tagIds = new Map(tags.map((tag) => [tag.key, tag.id]));
  const links = jobs.flatMap((job) =>
    [...new Set(job.tags.map(tagKey))].map((key) => ({ jobId: job.id, tagId: tagIds.get(key) as string })),
  );
  for (const part of chunked(links)) {
    await tx.$executeRaw`
      INSERT INTO job_tags (job_id, tag_id)
      SELECT * FROM unnest(${part.map((link) => link.jobId)}::uuid[], ${part.map((link) => link.tagId)}::uuid[])`;
  }
}
