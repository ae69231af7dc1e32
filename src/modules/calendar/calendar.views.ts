// The calendar feed's one statement: find the feed by its token's hash (stamping lastFetchedAt),
// then every event of its owner, built in PostgreSQL as JSON. Interviews, tasks with a due date,
// notes with a reminder and jobs with a deadline, each with its SEQUENCE from
// calendar_item_revisions (kept by the triggers of migration add_calendar_feed), plus the events
// cancelled in the last 30 days. One statement whatever the number of items; every part is
// scoped to the feed's owner.
import { Prisma } from '../../generated/prisma/client.ts';
import type { CalendarItemKind } from '../../generated/prisma/enums.ts';
import { isoDateTime, type IsoDateTime } from '../../lib/sql-json.ts';

/** How long a deleted (or un-timed) item stays in the feed as STATUS:CANCELLED. */
export const CANCELLED_EVENT_DAYS = 30;

export interface CalendarEventView {
  kind: CalendarItemKind;
  /** The item's id: the interview's, task's or note's; the job's for a deadline. */
  id: string;
  sequence: number;
  cancelled: boolean;
  /** The event's DTSTAMP: its last change. */
  stamp: IsoDateTime;
  /** An instant (IsoDateTime); for an all-day deadline, its day (IsoDate), and `end` the day after. */
  start: string;
  /** None for an instant (a reminder, a due date). */
  end: string | null;
  allDay: boolean;
  summary: string;
  description: string | null;
  location: string | null;
  url: string | null;
}

/** "Engineer at Acme" for the job of alias `j`. */
const JOB_LABEL = Prisma.sql`(j.position || ' at ' || j.company_name)`;

/** A day as `YYYY-MM-DD`. */
const isoDay = (expression: string) => Prisma.raw(`to_char(${expression}, 'YYYY-MM-DD')`);

/** The revision row of an item (absent only for a row written between two statements of the migration). */
const revision = (kind: CalendarItemKind, id: string) =>
  Prisma.raw(`LEFT JOIN calendar_item_revisions r ON r.kind = '${kind}' AND r.item_id = ${id}`);

/** The contacts of the interview of alias `i`: "Jane Doe (Recruiter), Sam Lee". */
const INTERVIEW_CONTACTS = Prisma.sql`(
  SELECT string_agg(c.name || coalesce(' (' || c.role || ')', ''), ', ' ORDER BY c.name, c.id)
  FROM interview_contacts ic JOIN contacts c ON c.id = ic.contact_id WHERE ic.interview_id = i.id)`;

function eventsOf(ownerId: Prisma.Sql, now: Date): Prisma.Sql {
  return Prisma.sql`
    SELECT 'interview' AS kind, i.id, coalesce(r.sequence, 0) AS sequence, i.outcome = 'cancelled' AS cancelled,
      ${isoDateTime('coalesce(r.changed_at, i.updated_at)')} AS stamp,
      ${isoDateTime('i.scheduled_at')} AS start,
      ${isoDateTime('(i.scheduled_at + make_interval(mins => i.duration_minutes))')} AS "end", false AS "allDay",
      'Interview: ' || ${JOB_LABEL} AS summary,
      concat_ws(E'\n', ${JOB_LABEL} || ' (' || replace(i.kind::text, '_', ' ') || ' interview)',
        'With: ' || ${INTERVIEW_CONTACTS}, 'Meeting: ' || i.meeting_url, 'Job posting: ' || j.job_url,
        E'\n' || i.notes) AS description,
      i.location, i.meeting_url AS url, i.scheduled_at AS sort_at
    FROM interviews i JOIN jobs j ON j.id = i.job_id ${revision('interview', 'i.id')}
    WHERE i.user_id = ${ownerId}
    UNION ALL
    SELECT 'task', t.id, coalesce(r.sequence, 0), false,
      ${isoDateTime('coalesce(r.changed_at, t.updated_at)')}, ${isoDateTime('t.due_at')}, NULL, false,
      'Task: ' || t.title || CASE WHEN t.completed_at IS NULL THEN '' ELSE ' (done)' END,
      concat_ws(E'\n', replace(t.kind::text, '_', ' '), ${JOB_LABEL}), NULL, NULL, t.due_at
    FROM tasks t LEFT JOIN jobs j ON j.id = t.job_id ${revision('task', 't.id')}
    WHERE t.user_id = ${ownerId} AND t.due_at IS NOT NULL
    UNION ALL
    SELECT 'note', n.id, coalesce(r.sequence, 0), false,
      ${isoDateTime('coalesce(r.changed_at, n.created_at)')}, ${isoDateTime('n.reminder_time')}, NULL, false,
      'Reminder: ' || ${JOB_LABEL}, n.content, NULL, NULL, n.reminder_time
    FROM notes n JOIN jobs j ON j.id = n.job_id ${revision('note', 'n.id')}
    WHERE j.user_id = ${ownerId} AND n.reminder_time IS NOT NULL
    UNION ALL
    SELECT 'deadline', j.id, coalesce(r.sequence, 0), false,
      ${isoDateTime('coalesce(r.changed_at, j.updated_at)')}, ${isoDay('j.deadline')}, ${isoDay('j.deadline + 1')}, true,
      'Deadline: ' || ${JOB_LABEL}, concat_ws(E'\n', 'Application deadline', 'Job posting: ' || j.job_url),
      NULL, j.job_url, j.deadline::timestamp AT TIME ZONE 'UTC'
    FROM jobs j ${revision('deadline', 'j.id')}
    WHERE j.user_id = ${ownerId} AND j.deadline IS NOT NULL
    UNION ALL
    SELECT r.kind::text, r.item_id, r.sequence, true, ${isoDateTime('r.changed_at')},
      CASE WHEN r.kind = 'deadline' THEN ${isoDay("r.starts_at AT TIME ZONE 'UTC'")} ELSE ${isoDateTime('r.starts_at')} END,
      CASE WHEN r.kind = 'deadline' THEN ${isoDay("r.ends_at AT TIME ZONE 'UTC'")} ELSE ${isoDateTime('r.ends_at')} END,
      r.kind = 'deadline', coalesce(r.summary, 'Cancelled'), NULL, NULL, NULL, r.starts_at
    FROM calendar_item_revisions r
    WHERE r.user_id = ${ownerId} AND r.cancelled_at IS NOT NULL AND r.starts_at IS NOT NULL
      AND r.cancelled_at > ${now}::timestamptz - make_interval(days => ${CANCELLED_EVENT_DAYS})`;
}

/**
 * The feed of the token whose SHA-256 is `tokenHash`: `found` false when no feed has it (and then
 * nothing else is read). Stamps the feed's last_fetched_at with `now`.
 */
export function feedStatement(tokenHash: string, now: Date): Prisma.Sql {
  return Prisma.sql`
    WITH feed AS (
      UPDATE calendar_feeds SET last_fetched_at = ${now}::timestamptz
      WHERE token_hash = ${tokenHash} RETURNING user_id
    ), events AS (${eventsOf(Prisma.sql`(SELECT user_id FROM feed)`, now)})
    SELECT EXISTS (SELECT 1 FROM feed) AS found,
      coalesce((SELECT json_agg(e ORDER BY e.sort_at, e.kind, e.id) FROM events e), '[]'::json) AS events`;
}
