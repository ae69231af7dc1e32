// No reminder is left without an outcome. graphile-worker gives a job up after its last attempt
// (max_attempts); when the delivery's own statements failed on every one (PostgreSQL refusing the
// claim, say), the row would stay 'scheduled' with no job to run it. Two things see to it:
// - the last attempt of a job re-queues its delivery (a fresh job under the same key) while it is
//   within its cut-off, and records it as skipped past it (best effort: the database may still
//   refuse);
// - the heartbeat's sweep, in every worker process, does the same for every due row that has no
//   job that will run (key gone, or given up and not running), so a row the last attempt could not
//   save is saved once the database answers again.
// A 'sending' row counts only once its claim is stale: a live claimer renews it while it sends.
import { Prisma } from '../../generated/prisma/client.ts';
import type { Database } from '../../infra/database.ts';
import { LATE_CUTOFF_MS } from './reminder.delivery.ts';
import { jobKeySql, MAX_SEND_ATTEMPTS, SEND_REMINDER_TASK } from './reminder.scheduler.ts';

/** At most this many rows per sweep; the next heartbeat takes the rest. */
const SWEEP_LIMIT = 500;

export interface OrphanScope {
  /** The worker's clock: what is due, and the cut-offs. */
  now: Date;
  /** A 'sending' row whose claim is older than this is no one's any more. */
  staleClaimMs: number;
  /** Only this delivery, from inside its own job's last attempt: that job (running, given up after) does not count. */
  only?: { deliveryId: string; jobId: string; workerId: string };
}

/** Due rows with no job that will run them, and the cut-off they are within (or past). */
function orphansSql({ now, staleClaimMs, only }: OrphanScope, withinCutoff: boolean): Prisma.Sql {
  // Interviews until they start (due_at is the start minus the lead); the others 24 hours late.
  const cutoff = Prisma.sql`CASE WHEN d.item_kind = 'interview' THEN d.due_at + make_interval(mins => d.lead_minutes)
    ELSE d.due_at + make_interval(secs => ${LATE_CUTOFF_MS / 1000}) END`;
  const ownClaim = only ? Prisma.sql`OR d.claimed_by = ${only.workerId}` : Prisma.empty;
  return Prisma.sql`
    SELECT d.id FROM reminder_deliveries d
    WHERE d.state IN ('scheduled', 'sending') AND d.due_at <= ${now}::timestamptz
      ${only ? Prisma.sql`AND d.id = ${only.deliveryId}::uuid` : Prisma.empty}
      AND (d.state = 'scheduled' OR d.claimed_at IS NULL
           OR d.claimed_at < now() - make_interval(secs => ${staleClaimMs / 1000}) ${ownClaim})
      AND ${withinCutoff ? Prisma.sql`${now}::timestamptz <= ${cutoff}` : Prisma.sql`${now}::timestamptz > ${cutoff}`}
      AND NOT EXISTS (
        SELECT 1 FROM graphile_worker._private_jobs j
        WHERE j.key = ${jobKeySql(Prisma.sql`d.id::text`)}
          AND (j.attempts < j.max_attempts OR j.locked_at IS NOT NULL)
          ${only ? Prisma.sql`AND j.id <> ${only.jobId}::bigint` : Prisma.empty})
    ORDER BY d.due_at
    LIMIT ${SWEEP_LIMIT}`;
}

/**
 * Queues a fresh job (the same key: a given-up job under it is reset) for each orphan within its
 * cut-off. A follow-up nudge past it is queued too: its delivery creates the task and records the
 * skip. Answers how many were queued.
 */
export async function requeueOrphans(db: Database, scope: OrphanScope): Promise<number> {
  const [row] = await db.sql.rows<{ queued: number }>(Prisma.sql`
    WITH orphans AS (
      SELECT w.id FROM (${orphansSql(scope, true)}) w
      UNION
      SELECT o.id FROM (${orphansSql(scope, false)}) o
      JOIN reminder_deliveries d ON d.id = o.id AND d.item_kind = 'follow_up'
    )
    SELECT count(graphile_worker.add_job(${SEND_REMINDER_TASK}, json_build_object('id', o.id),
             max_attempts => ${MAX_SEND_ATTEMPTS}, job_key => ${jobKeySql(Prisma.sql`o.id::text`)}))::int AS queued
    FROM orphans o`);
  return row?.queued ?? 0;
}

/** Records each orphan past its cut-off (but follow-up nudges) as skipped, with the reason. Answers how many. */
export async function skipLateOrphans(db: Database, scope: OrphanScope): Promise<number> {
  const rows = await db.sql.rows<{ id: string }>(Prisma.sql`
    UPDATE reminder_deliveries d
    SET state = 'skipped', updated_at = now(),
        skip_reason = CASE WHEN d.item_kind = 'interview' THEN 'past the cut-off: the interview has started'
                      ELSE 'past the cut-off: more than 24 hours late' END
    WHERE d.item_kind <> 'follow_up' AND d.state IN ('scheduled', 'sending') AND d.id IN (${orphansSql(scope, false)})
    RETURNING d.id`);
  return rows.length;
}
