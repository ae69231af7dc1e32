// Follow-up nudges (SPEC "Reminders, follow-ups, calendar"): a job still `applied`, whose latest
// status event is that applied event, gets one nudge at 09:00 in the user's zone
// followUpAfterDays later, once per job and stage (follow_up_nudges.event_id is unique). A sweep
// (hourly, and at each worker start) turns the nudges falling due soon into ordinary deliveries
// (kind follow_up) with their queue jobs in one statement; the worker then creates the follow_up
// task (straight in SQL: a task with no dueAt, so it sends no mail of its own) and mails the nudge
// unless reminderEmails is off. Only applied events written after the feature was deployed, and
// written before their nudge would be due (so an import of old applications, whose events are
// backdated, does not storm), are nudged.
import { Prisma } from '../../generated/prisma/client.ts';
import type { Database } from '../../infra/database.ts';
import { jobKeySql, MAX_SEND_ATTEMPTS, SEND_REMINDER_TASK } from './reminder.scheduler.ts';

export const FOLLOW_UP_SWEEP_TASK = 'follow_up_sweep';
/** Hourly; with a two-hour horizon, a nudge's job is queued well before its 09:00. */
export const FOLLOW_UP_CRONTAB = `0 * * * * ${FOLLOW_UP_SWEEP_TASK}`;
export const FOLLOW_UP_HORIZON_MS = 2 * 60 * 60 * 1000;
/** The migration that brought follow-ups: applied events older than it are never nudged. */
export const FOLLOW_UP_MIGRATION = '20261203135902_reminders';

export interface SweepOptions {
  now: Date;
  horizonMs?: number;
  /** Applied events written before this are not nudged; default: when FOLLOW_UP_MIGRATION was applied. */
  deployedAt?: Date;
}

/** Queues the nudges due by now + horizon: one statement. Answers how many were queued. */
export async function sweepFollowUps(
  db: Database,
  { now, horizonMs = FOLLOW_UP_HORIZON_MS, deployedAt }: SweepOptions,
) {
  const horizon = new Date(now.getTime() + horizonMs);
  const since = deployedAt
    ? Prisma.sql`${deployedAt}::timestamptz`
    : Prisma.sql`coalesce((SELECT finished_at FROM _prisma_migrations WHERE migration_name = ${FOLLOW_UP_MIGRATION}), 'infinity')`;
  const [row] = await db.sql.rows<{ queued: number }>(Prisma.sql`
    WITH candidates AS (
      SELECT j.id AS job_id, j.user_id, e.id AS event_id, e.created_at,
             ((((e.occurred_at AT TIME ZONE u.time_zone)::date + u.follow_up_after_days) + time '09:00')
               AT TIME ZONE u.time_zone) AS due_at
      FROM jobs j
      JOIN users u ON u.id = j.user_id
      JOIN LATERAL (SELECT e.id, e.to_status, e.occurred_at, e.created_at FROM job_status_events e
                    WHERE e.job_id = j.id ORDER BY e.occurred_at DESC, e.created_at DESC, e.id DESC LIMIT 1) e ON true
      WHERE j.status = 'applied' AND NOT j.archived AND e.to_status = 'applied' AND u.follow_up_after_days > 0
        AND e.created_at >= ${since}
        AND NOT EXISTS (SELECT 1 FROM follow_up_nudges f WHERE f.event_id = e.id)
        -- Once per stage: a nudge made since this stage began counts, whichever event it followed
        -- (two applied events of a merge collapse into one stage).
        AND NOT EXISTS (SELECT 1 FROM follow_up_nudges f WHERE f.job_id = j.id AND f.created_at >= e.occurred_at)
    ),
    nudges AS (
      INSERT INTO follow_up_nudges (id, job_id, event_id, due_at)
      SELECT gen_random_uuid(), c.job_id, c.event_id, c.due_at FROM candidates c
      WHERE c.due_at <= ${horizon}::timestamptz AND c.due_at >= c.created_at
      ON CONFLICT (event_id) DO NOTHING
      RETURNING id, job_id, due_at
    ),
    deliveries AS (
      INSERT INTO reminder_deliveries (id, user_id, item_kind, item_id, item_version, lead_minutes, due_at)
      SELECT gen_random_uuid(), j.user_id, 'follow_up', n.id, (extract(epoch FROM n.due_at) * 1000)::bigint, 0, n.due_at
      FROM nudges n JOIN jobs j ON j.id = n.job_id
      RETURNING id, due_at
    )
    SELECT count(graphile_worker.add_job(${SEND_REMINDER_TASK}, json_build_object('id', d.id), run_at => d.due_at,
             max_attempts => ${MAX_SEND_ATTEMPTS}, job_key => ${jobKeySql(Prisma.sql`d.id::text`)}))::int AS queued
    FROM deliveries d`);
  return row?.queued ?? 0;
}

/** The nudge's follow_up task, created once (a retried or re-run delivery finds it there). */
export async function createFollowUpTask(db: Database, nudgeId: string, title: string): Promise<void> {
  await db.sql.rows(Prisma.sql`
    WITH nudge AS (
      SELECT f.id, f.job_id, j.user_id FROM follow_up_nudges f JOIN jobs j ON j.id = f.job_id
      WHERE f.id = ${nudgeId}::uuid AND f.task_id IS NULL FOR UPDATE OF f
    ),
    task AS (
      INSERT INTO tasks (id, user_id, job_id, title, kind, created_at, updated_at)
      SELECT gen_random_uuid(), n.user_id, n.job_id, ${title.slice(0, 200)}, 'follow_up', now(), now() FROM nudge n
      RETURNING id
    )
    UPDATE follow_up_nudges f SET task_id = task.id FROM task WHERE f.id = ${nudgeId}::uuid`);
}
