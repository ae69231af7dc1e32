// The bulk path of imports (SPEC Part 2, "Portability"): many jobs with their status history and
// tags in the caller's transaction, a few statements per thousand jobs rather than a job at a
// time. The history is written as given (an import of our own export keeps every event), so this
// is the one other place than `changeStatusIn` that writes status events: it checks the same
// invariants (each event's fromStatus is the toStatus before it, times never go back, the job's
// status and statusChangedAt are those of its last event).
import { randomUUID } from 'node:crypto';
import type { Prisma } from '../../generated/prisma/client.ts';
import type { JobStatus, SalaryPeriod, WorkMode } from '../../generated/prisma/enums.ts';
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

/** Rows per INSERT: far under PostgreSQL's 65,535 bind parameters at 20 columns. */
const CHUNK = 1000;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += CHUNK) out.push(items.slice(start, start + CHUNK));
  return out;
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
  for (const part of chunks(jobs)) {
    await tx.job.createMany({
      data: part.map(({ tags: _tags, history, ...job }) => {
        const last = history[history.length - 1] as ImportedStatusEvent;
        return {
          ...job,
          userId: ownerId,
          status: last.toStatus,
          statusChangedAt: last.occurredAt,
          createdAt: job.createdAt ?? now,
          updatedAt: job.updatedAt ?? now,
        };
      }),
    });
  }
  const events = jobs.flatMap((job) => job.history.map((event) => ({ id: randomUUID(), jobId: job.id, ...event })));
  for (const part of chunks(events)) await tx.jobStatusEvent.createMany({ data: part });

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
  for (const part of chunks(links)) await tx.jobTag.createMany({ data: part });
}
