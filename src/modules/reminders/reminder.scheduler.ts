// Scheduling: the delivery rows (reminder_deliveries, the source of truth) and the queue's jobs
// (graphile_worker.add_job / remove_job), written in ONE statement inside the caller's
// transaction. A delivery's key is (kind, item, version, lead): the version is the item's due
// time in epoch ms, so moving an item is a new delivery and the old one is cancelled; moving it
// back revives the cancelled row (never one already sent).
import { Prisma } from '../../generated/prisma/client.ts';
import type { ReminderHook, ReminderItemKind, ReminderListTarget, ReminderTarget } from '../../lib/reminder-hook.ts';

/** The queue's task name for one delivery. */
export const SEND_REMINDER_TASK = 'send_reminder';
/** A job's key: one job per delivery, so that re-adding one (a revived delivery) replaces it. */
export const jobKeySql = (id: Prisma.Sql) => Prisma.sql`'reminder:' || ${id}`;
/** Retries of a failed send (SMTP down), spaced by graphile-worker's exponential backoff (e^n s). */
export const MAX_SEND_ATTEMPTS = 12;

/** The lead times, in minutes, of an item of `kind` owned by the user in `userIdSql`. */
function leadsOf(kind: ReminderItemKind, userIdSql: Prisma.Sql): Prisma.Sql {
  return kind === 'interview'
    ? Prisma.sql`(SELECT u.interview_reminder_lead_minutes FROM users u WHERE u.id = ${userIdSql})`
    : Prisma.sql`ARRAY[0]`;
}

/**
 * The statement (exported for the bench's bulk scheduling): `items` (item_id, user_id, at) are what should be pending; deliveries of
 * `kind` in `scope` that are scheduled but not wanted are cancelled (their jobs removed).
 */
export function rescheduleSql(kind: ReminderItemKind, items: Prisma.Sql, scope: Prisma.Sql, now: Date): Prisma.Sql {
  return Prisma.sql`
    WITH items AS (${items}),
    wanted AS (
      SELECT i.item_id, i.user_id, (extract(epoch FROM i.at) * 1000)::bigint AS item_version,
             l.lead AS lead_minutes, i.at - make_interval(mins => l.lead) AS due_at
      FROM items i CROSS JOIN LATERAL unnest(${leadsOf(kind, Prisma.sql`i.user_id`)}) AS l(lead)
      WHERE i.at IS NOT NULL AND i.at - make_interval(mins => l.lead) > ${now}::timestamptz
    ),
    cancelled AS (
      UPDATE reminder_deliveries d SET state = 'cancelled', updated_at = now()
      -- A reminder already due belongs to the worker, which re-reads the item (moved, deleted, done:
      -- skipped with the reason); only those still ahead are cancelled here.
      WHERE d.item_kind = ${kind} AND ${scope} AND d.state = 'scheduled' AND d.due_at > ${now}::timestamptz
        AND NOT EXISTS (SELECT 1 FROM wanted w WHERE w.item_id = d.item_id
                          AND w.item_version = d.item_version AND w.lead_minutes = d.lead_minutes)
      RETURNING d.id
    ),
    upserted AS (
      INSERT INTO reminder_deliveries (id, user_id, item_kind, item_id, item_version, lead_minutes, due_at)
      SELECT gen_random_uuid(), w.user_id, ${kind}, w.item_id, w.item_version, w.lead_minutes, w.due_at FROM wanted w
      ON CONFLICT (item_kind, item_id, item_version, lead_minutes)
        DO UPDATE SET state = 'scheduled', updated_at = now() WHERE reminder_deliveries.state = 'cancelled'
      RETURNING id, due_at
    )
    SELECT
      (SELECT count(graphile_worker.add_job(${SEND_REMINDER_TASK}, json_build_object('id', u.id),
         run_at => u.due_at, max_attempts => ${MAX_SEND_ATTEMPTS}, job_key => ${jobKeySql(Prisma.sql`u.id::text`)}))
       FROM upserted u)::int AS added,
      (SELECT count(graphile_worker.remove_job(${jobKeySql(Prisma.sql`c.id::text`)})) FROM cancelled c)::int AS removed,
      (SELECT count(*) FROM wanted)::int AS pending`;
}

export class ReminderScheduler implements ReminderHook {
  async reschedule(tx: Prisma.TransactionClient, target: ReminderTarget): Promise<number> {
    const items = Prisma.sql`SELECT ${target.itemId}::uuid AS item_id, ${target.userId}::uuid AS user_id,
      ${target.at}::timestamptz AS at`;
    const [row] = await tx.$queryRaw<{ pending: number }[]>(
      rescheduleSql(target.kind, items, Prisma.sql`d.item_id = ${target.itemId}::uuid`, target.now),
    );
    return row?.pending ?? 0;
  }

  async rescheduleMany(
    tx: Prisma.TransactionClient,
    kind: ReminderItemKind,
    targets: readonly ReminderListTarget[],
    now: Date,
  ): Promise<number> {
    if (targets.length === 0) return 0;
    const ids = targets.map((target) => target.itemId);
    const items = Prisma.sql`SELECT * FROM unnest(${ids}::uuid[], ${targets.map((target) => target.userId)}::uuid[],
      ${targets.map((target) => target.at?.toISOString() ?? null)}::timestamptz[]) AS i(item_id, user_id, at)`;
    const [row] = await tx.$queryRaw<{ pending: number }[]>(
      rescheduleSql(kind, items, Prisma.sql`d.item_id = ANY(${ids}::uuid[])`, now),
    );
    return row?.pending ?? 0;
  }

  async rescheduleInterviewsOf(tx: Prisma.TransactionClient, userId: string, now: Date): Promise<void> {
    const items = Prisma.sql`SELECT i.id AS item_id, i.user_id, i.scheduled_at AS at FROM interviews i
      WHERE i.user_id = ${userId}::uuid AND i.scheduled_at > ${now}::timestamptz AND i.outcome <> 'cancelled'`;
    // Only future deliveries move (rescheduleSql leaves those already due to the worker).
    const scope = Prisma.sql`d.user_id = ${userId}::uuid`;
    await tx.$queryRaw(rescheduleSql('interview', items, scope, now));
  }
}
