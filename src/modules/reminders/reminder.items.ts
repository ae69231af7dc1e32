// What a reminder is about, re-read by the worker just before it sends: the item as it is now
// (gone: deleted), its owner's address and settings, and the job's company and position.
import { Prisma } from '../../generated/prisma/client.ts';
import type { ReminderItemKind } from '../../lib/reminder-hook.ts';

/** What a delivery can be about: the hook's kinds, and the follow-up nudges of this module. */
export type DeliveryKind = ReminderItemKind | 'follow_up';

export interface ReminderItem {
  kind: DeliveryKind;
  userId: string;
  /** The item's time now (note reminderTime, interview scheduledAt, task dueAt). */
  at: Date | null;
  /** Note text, task title, or the interview's kind. */
  title: string;
  details: string | null;
  location: string | null;
  meetingUrl: string | null;
  durationMinutes: number | null;
  /** The item no longer asks for a reminder: a task done, an interview cancelled, follow-ups turned off (0 days). */
  completed: boolean;
  companyName: string | null;
  position: string | null;
  email: string;
  firstName: string;
  timeZone: string;
  reminderEmails: boolean;
}

const USER_COLUMNS = Prisma.sql`u.id AS "userId", u.email, u.first_name AS "firstName", u.time_zone AS "timeZone",
  u.reminder_emails AS "reminderEmails", j.company_name AS "companyName", j.position`;

/** Each kind's item, by the id in `id` (a parameter, or a column of the claiming statement). */
export const ITEM_SQL: Record<DeliveryKind, (id: Prisma.Sql) => Prisma.Sql> = {
  // `at` only while the job is still applied at the stage the nudge follows up; otherwise stale.
  follow_up: (id) => Prisma.sql`
    SELECT CASE WHEN j.status = 'applied' AND latest.id = f.event_id THEN f.due_at END AS at,
           'follow_up' AS title, u.follow_up_after_days::text AS details, NULL AS location, NULL AS "meetingUrl",
           NULL::int AS "durationMinutes", u.follow_up_after_days = 0 AS completed, ${USER_COLUMNS}
    FROM follow_up_nudges f JOIN jobs j ON j.id = f.job_id JOIN users u ON u.id = j.user_id
    LEFT JOIN LATERAL (SELECT e.id FROM job_status_events e WHERE e.job_id = j.id
                       ORDER BY e.occurred_at DESC, e.created_at DESC, e.id DESC LIMIT 1) latest ON true
    WHERE f.id = ${id}`,
  note: (id) => Prisma.sql`
    SELECT n.reminder_time AS at, n.content AS title, NULL AS details, NULL AS location, NULL AS "meetingUrl",
           NULL::int AS "durationMinutes", false AS completed, ${USER_COLUMNS}
    FROM notes n JOIN jobs j ON j.id = n.job_id JOIN users u ON u.id = j.user_id WHERE n.id = ${id}`,
  interview: (id) => Prisma.sql`
    SELECT i.scheduled_at AS at, i.kind::text AS title, i.notes AS details, i.location, i.meeting_url AS "meetingUrl",
           i.duration_minutes::int AS "durationMinutes", i.outcome = 'cancelled' AS completed, ${USER_COLUMNS}
    FROM interviews i JOIN jobs j ON j.id = i.job_id JOIN users u ON u.id = i.user_id WHERE i.id = ${id}`,
  task: (id) => Prisma.sql`
    SELECT t.due_at AS at, t.title, t.kind::text AS details, NULL AS location, NULL AS "meetingUrl",
           NULL::int AS "durationMinutes", t.completed_at IS NOT NULL AS completed, ${USER_COLUMNS}
    FROM tasks t LEFT JOIN jobs j ON j.id = t.job_id JOIN users u ON u.id = t.user_id WHERE t.id = ${id}`,
};

/** The item's columns as JSON (null when it was deleted), for the kind in `kind` and the id in `id`. */
export function itemJsonSql(kind: Prisma.Sql, id: Prisma.Sql): Prisma.Sql {
  const cases = (Object.keys(ITEM_SQL) as DeliveryKind[]).map(
    (each) => Prisma.sql`WHEN ${each} THEN (SELECT row_to_json(x) FROM (${ITEM_SQL[each](id)}) x)`,
  );
  return Prisma.sql`CASE ${kind} ${Prisma.join(cases, ' ')} END`;
}

/** The item from its JSON (itemJsonSql), or null when it was deleted. */
export function toReminderItem(
  kind: DeliveryKind,
  json: (Omit<ReminderItem, 'kind' | 'at'> & { at: string | null }) | null,
) {
  return json ? { ...json, kind, at: json.at ? new Date(json.at) : null } : null;
}
