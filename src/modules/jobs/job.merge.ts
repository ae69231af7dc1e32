// mergeJobs (SPEC Part 2, "Finding"): one job absorbs another, in one transaction. The kept job
// keeps its identity, current status and every field it has; fields it lacks are filled from the
// merged job; the merged job's notes, status history, contacts, interviews, tasks and tags move
// onto it; the merged job is deleted. Another module's tables move through its JobMergeHook,
// handed to JobService by the composition root, so jobs imports none of them.
import { Prisma } from '../../generated/prisma/client.ts';
import type { JobStatus } from '../../generated/prisma/enums.ts';
import type { Database } from '../../infra/database.ts';
import { AppError } from '../../lib/errors.ts';
import { parseInput } from '../../lib/validation.ts';
import { eventTimeAfter } from './job.history.ts';
import { jobIdSchema, TAGS_PER_JOB_MAX } from './job.validation.ts';
import { toJobView, type JobView } from './job.views.ts';

/** What a module brings to a merge: it moves its rows of one job onto another inside `tx`. */
export interface JobMergeHook {
  /** The relation it moves ("notes", "contacts", ...): for logs and tests. */
  relation: string;
  /** Inside the merge's transaction, both jobs the owner's and locked: `fromJobId`'s rows go to `toJobId`. */
  moveIn(tx: Prisma.TransactionClient, ownerId: string, fromJobId: string, toJobId: string): Promise<void>;
}

export interface MergeContext {
  db: Database;
  hooks: readonly JobMergeHook[];
  now: () => Date;
}

/**
 * Merges `mergeId` into `keepId` and answers the kept job. Same id twice: BAD_USER_INPUT naming
 * `mergeId`; an id that is not the owner's: NOT_FOUND naming it; a union of more than
 * TAGS_PER_JOB_MAX tags: BAD_USER_INPUT naming `tags`. Any failure changes nothing.
 */
export async function mergeJobs(
  { db, hooks, now }: MergeContext,
  ownerId: string,
  keepIdInput: unknown,
  mergeIdInput: unknown,
): Promise<JobView> {
  const keepId = parseInput(jobIdSchema, keepIdInput, 'keepId');
  const mergeId = parseInput(jobIdSchema, mergeIdInput, 'mergeId');
  if (keepId.toLowerCase() === mergeId.toLowerCase()) throw AppError.invalid('mergeId', 'must differ from keepId');
  return db.$transaction(async (tx) => {
    const kept = await lockBoth(tx, ownerId, keepId, mergeId);
    await refuseTooManyTags(tx, keepId, mergeId);
    await fillEmptyFields(tx, keepId, mergeId, now());
    for (const hook of hooks) await hook.moveIn(tx, ownerId, mergeId, keepId);
    await tx.$executeRaw`
      INSERT INTO job_tags (job_id, tag_id)
      SELECT ${keepId}::uuid, tag_id FROM job_tags WHERE job_id = ${mergeId}::uuid
      ON CONFLICT DO NOTHING`;
    await mergeHistories(tx, keepId, mergeId, kept.status, now());
    // Its remaining rows (duplicate tag and contact links) go with it by cascade.
    await tx.$executeRaw`DELETE FROM jobs WHERE id = ${mergeId}::uuid`;
    return toJobView(await tx.job.findUniqueOrThrow({ where: { id: keepId } }));
  });
}

/**
 * Both rows locked until the transaction ends, in id order (two merges of the same pair, either
 * way round, cannot deadlock); FOR UPDATE as changeStatusIn's lock, since the merged row is
 * deleted. NOT_FOUND names the id that is not the owner's (the kept one first).
 */
async function lockBoth(
  tx: Prisma.TransactionClient,
  ownerId: string,
  keepId: string,
  mergeId: string,
): Promise<{ status: JobStatus }> {
  const rows = await tx.$queryRaw<{ id: string; status: JobStatus }[]>`
    SELECT id::text, status FROM jobs
    WHERE id IN (${keepId}::uuid, ${mergeId}::uuid) AND user_id = ${ownerId}::uuid
    ORDER BY id
    FOR UPDATE`;
  const kept = rows.find((row) => row.id === keepId.toLowerCase());
  if (!kept) throw new AppError('NOT_FOUND', 'Job not found', { field: 'keepId' });
  if (rows.length < 2) throw new AppError('NOT_FOUND', 'Job not found', { field: 'mergeId' });
  return kept;
}

async function refuseTooManyTags(tx: Prisma.TransactionClient, keepId: string, mergeId: string): Promise<void> {
  const [row] = await tx.$queryRaw<{ count: number }[]>`
    SELECT count(DISTINCT tag_id)::int AS count FROM job_tags WHERE job_id IN (${keepId}::uuid, ${mergeId}::uuid)`;
  const count = row?.count ?? 0;
  if (count > TAGS_PER_JOB_MAX) {
    throw AppError.invalid('tags', `would hold ${count} tags once merged; at most ${TAGS_PER_JOB_MAX}`);
  }
}

/**
 * The kept job's empty optional fields take the merged job's values: jobUrl, location, workMode,
 * source, description, deadline, priority, appliedOn; the salary as a whole (min, max, currency,
 * period) only when the kept job has none of it, so min <= max still holds. Company, position,
 * status and archived stay the kept job's.
 */
const NO_SALARY = Prisma.sql`num_nulls(k.salary_min, k.salary_max, k.salary_currency, k.salary_period) = 4`;

async function fillEmptyFields(tx: Prisma.TransactionClient, keepId: string, mergeId: string, now: Date) {
  await tx.$executeRaw`
    UPDATE jobs k SET
      job_url = coalesce(k.job_url, m.job_url),
      location = coalesce(k.location, m.location),
      work_mode = coalesce(k.work_mode, m.work_mode),
      source = coalesce(k.source, m.source),
      description = coalesce(k.description, m.description),
      deadline = coalesce(k.deadline, m.deadline),
      priority = coalesce(k.priority, m.priority),
      applied_on = coalesce(k.applied_on, m.applied_on),
      salary_min = CASE WHEN ${NO_SALARY} THEN m.salary_min ELSE k.salary_min END,
      salary_max = CASE WHEN ${NO_SALARY} THEN m.salary_max ELSE k.salary_max END,
      salary_currency = CASE WHEN ${NO_SALARY} THEN m.salary_currency ELSE k.salary_currency END,
      salary_period = CASE WHEN ${NO_SALARY} THEN m.salary_period ELSE k.salary_period END,
      updated_at = ${now}
    FROM jobs m
    WHERE k.id = ${keepId}::uuid AND m.id = ${mergeId}::uuid`;
}

/**
 * One timeline: the merged job's events join the kept job's as they were, everything sorted by
 * occurredAt (then id). Each event's fromStatus becomes the toStatus of the event before it (null
 * for the first), and an event that then changes nothing (applied after applied: the later
 * job's creation, typically) is dropped, so the chain reads as one history. The kept job's
 * current status stays: when the timeline ends elsewhere (the merged job moved later), one event
 * back to it is appended at the merge's time. statusChangedAt is the last event's time.
 */
async function mergeHistories(
  tx: Prisma.TransactionClient,
  keepId: string,
  mergeId: string,
  keptStatus: JobStatus,
  now: Date,
): Promise<void> {
  await tx.$executeRaw`UPDATE job_status_events SET job_id = ${keepId}::uuid WHERE job_id = ${mergeId}::uuid`;
  // Dropping an event whose toStatus equals the one before leaves every other event's predecessor status as it was.
  await tx.$executeRaw`
    WITH timeline AS (
      SELECT id, to_status, lag(to_status) OVER (ORDER BY occurred_at, id) AS previous
      FROM job_status_events WHERE job_id = ${keepId}::uuid)
    DELETE FROM job_status_events e USING timeline t WHERE e.id = t.id AND t.previous = t.to_status`;
  await tx.$executeRaw`
    WITH timeline AS (
      SELECT id, lag(to_status) OVER (ORDER BY occurred_at, id) AS previous
      FROM job_status_events WHERE job_id = ${keepId}::uuid)
    UPDATE job_status_events e SET from_status = t.previous
    FROM timeline t WHERE e.id = t.id AND e.from_status IS DISTINCT FROM t.previous`;
  const [last] = await tx.$queryRaw<{ toStatus: JobStatus; occurredAt: Date }[]>`
    SELECT to_status AS "toStatus", occurred_at AS "occurredAt" FROM job_status_events
    WHERE job_id = ${keepId}::uuid ORDER BY occurred_at DESC, id DESC LIMIT 1`;
  if (!last) return;
  let statusChangedAt = last.occurredAt;
  if (last.toStatus !== keptStatus) {
    statusChangedAt = eventTimeAfter(last.occurredAt, now);
    await tx.jobStatusEvent.create({
      data: { jobId: keepId, fromStatus: last.toStatus, toStatus: keptStatus, occurredAt: statusChangedAt },
    });
  }
  await tx.$executeRaw`UPDATE jobs SET status_changed_at = ${statusChangedAt} WHERE id = ${keepId}::uuid`;
}
