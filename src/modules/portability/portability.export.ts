// Exports (SPEC Part 2, "Portability"): the user's whole account as one JSON document, or their
// jobs as CSV, streamed. Each part is read in batches by keyset (the last (created_at, id) seen,
// never OFFSET), each batch one statement that builds its JSON in PostgreSQL, and written out
// before the next is read: memory holds one batch whatever the account's size. Every statement
// of one export reads the same snapshot (a REPEATABLE READ, READ ONLY transaction on one
// connection, held until the export ends or its reader goes away): a write during a long export
// (a note moved, a job deleted or added) is wholly in it or wholly out of it, never half.
import { stringify } from 'csv-stringify/sync';
import { Prisma } from '../../generated/prisma/client.ts';
import type { RowReader, SqlReader } from '../../infra/database.ts';
import { isoDateTime } from '../../lib/sql-json.ts';
import { CSV_COLUMNS, EXPORT_VERSION, NOTES_SEPARATOR, type ExportedJob } from './portability.format.ts';

/** Jobs per statement: about 1 MB of JSON with three notes each. */
export const EXPORT_BATCH = 500;

const iso = (column: string) => isoDateTime(column);
const day = (column: string) => Prisma.raw(`to_char(${column}, 'YYYY-MM-DD')`);

/** Contacts in the order of their creation (import keeps created_at, so a round trip keeps it too). */
const CONTACT_KEY = Prisma.sql`c.created_at, c.name, c.id`;

const JOB_JSON = Prisma.sql`json_build_object(
  'id', j.id, 'companyName', j.company_name, 'position', j.position, 'status', j.status,
  'appliedOn', ${day('j.applied_on')}, 'jobUrl', j.job_url, 'location', j.location, 'workMode', j.work_mode,
  'source', j.source, 'description', j.description, 'deadline', ${day('j.deadline')}, 'priority', j.priority,
  'salaryMin', j.salary_min, 'salaryMax', j.salary_max, 'salaryCurrency', j.salary_currency,
  'salaryPeriod', j.salary_period, 'archived', j.archived, 'statusChangedAt', ${iso('j.status_changed_at')},
  'createdAt', ${iso('j.created_at')}, 'updatedAt', ${iso('j.updated_at')},
  'tags', coalesce((SELECT json_agg(t.name ORDER BY t.name_key COLLATE "C", t.name COLLATE "C")
    FROM job_tags jt JOIN tags t ON t.id = jt.tag_id WHERE jt.job_id = j.id), '[]'::json),
  'statusHistory', coalesce((SELECT json_agg(json_build_object('fromStatus', e.from_status, 'toStatus', e.to_status,
    'occurredAt', ${iso('e.occurred_at')}) ORDER BY e.occurred_at, e.id)
    FROM job_status_events e WHERE e.job_id = j.id), '[]'::json),
  'notes', coalesce((SELECT json_agg(json_build_object('id', n.id, 'content', n.content,
    'reminderTime', ${iso('n.reminder_time')}, 'createdAt', ${iso('n.created_at')})
    ORDER BY n.created_at, n.content, n.id) FROM notes n WHERE n.job_id = j.id), '[]'::json),
  'contactIds', coalesce((SELECT json_agg(c.id ORDER BY ${CONTACT_KEY})
    FROM job_contacts jc JOIN contacts c ON c.id = jc.contact_id WHERE jc.job_id = j.id), '[]'::json),
  'interviews', coalesce((SELECT json_agg(json_build_object('id', i.id, 'scheduledAt', ${iso('i.scheduled_at')},
    'durationMinutes', i.duration_minutes, 'kind', i.kind, 'location', i.location, 'meetingUrl', i.meeting_url,
    'notes', i.notes, 'outcome', i.outcome, 'createdAt', ${iso('i.created_at')}, 'updatedAt', ${iso('i.updated_at')},
    'contactIds', coalesce((SELECT json_agg(c.id ORDER BY ${CONTACT_KEY})
      FROM interview_contacts ic JOIN contacts c ON c.id = ic.contact_id WHERE ic.interview_id = i.id), '[]'::json))
    ORDER BY i.scheduled_at, i.created_at, i.id) FROM interviews i WHERE i.job_id = j.id), '[]'::json),
  'tasks', coalesce((SELECT json_agg(${taskJson('k')} ORDER BY k.created_at, k.title, k.id)
    FROM tasks k WHERE k.job_id = j.id), '[]'::json)
)`;

function taskJson(alias: string): Prisma.Sql {
  return Prisma.raw(`json_build_object('id', ${alias}.id, 'title', ${alias}.title,
    'dueAt', to_char(${alias}.due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'completedAt', to_char(${alias}.completed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'kind', ${alias}.kind,
    'createdAt', to_char(${alias}.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'updatedAt', to_char(${alias}.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))`);
}

interface Keyed {
  /** The keyset position: created_at as text with microseconds, and the id. */
  at: string;
  id: string;
  doc: unknown;
}

/** The rows of `select` (which reads `after` as (created_at, id)) batch by batch. */
async function* batches(read: (after: { at: string; id: string } | null) => Promise<Keyed[]>): AsyncGenerator<Keyed[]> {
  let after: { at: string; id: string } | null = null;
  for (;;) {
    const rows = await read(after);
    if (rows.length === 0) return;
    yield rows;
    const last = rows[rows.length - 1] as Keyed;
    after = { at: last.at, id: last.id };
  }
}

const after = (column: string, position: { at: string; id: string } | null) =>
  position
    ? Prisma.sql`AND (${Prisma.raw(column)}.created_at, ${Prisma.raw(column)}.id) > (${position.at}::timestamptz, ${position.id}::uuid)`
    : Prisma.empty;

const keyAt = (alias: string) =>
  Prisma.raw(`to_char(${alias}.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`);

/** The owner's jobs, oldest first (index jobs_user_id_created_at_id_idx, read backwards), as export documents. */
export function jobBatches(sql: RowReader, ownerId: string, size = EXPORT_BATCH): AsyncGenerator<Keyed[]> {
  return batches((position) =>
    sql.rows<Keyed>(Prisma.sql`
      SELECT ${keyAt('j')} AS at, j.id, ${JOB_JSON} AS doc
      FROM jobs j
      WHERE j.user_id = ${ownerId}::uuid ${after('j', position)}
      ORDER BY j.created_at, j.id
      LIMIT ${size}`),
  );
}

function contactBatches(sql: RowReader, ownerId: string): AsyncGenerator<Keyed[]> {
  return batches((position) =>
    sql.rows<Keyed>(Prisma.sql`
      SELECT ${keyAt('c')} AS at, c.id, json_build_object('id', c.id, 'name', c.name, 'email', c.email,
        'phone', c.phone, 'role', c.role, 'company', c.company, 'linkedinUrl', c.linkedin_url, 'notes', c.notes,
        'createdAt', ${iso('c.created_at')}, 'updatedAt', ${iso('c.updated_at')}) AS doc
      FROM contacts c
      WHERE c.user_id = ${ownerId}::uuid ${after('c', position)}
      ORDER BY c.created_at, c.id
      LIMIT ${EXPORT_BATCH}`),
  );
}

function standaloneTaskBatches(sql: RowReader, ownerId: string): AsyncGenerator<Keyed[]> {
  return batches((position) =>
    sql.rows<Keyed>(Prisma.sql`
      SELECT ${keyAt('k')} AS at, k.id, ${taskJson('k')} AS doc
      FROM tasks k
      WHERE k.user_id = ${ownerId}::uuid AND k.job_id IS NULL ${after('k', position)}
      ORDER BY k.created_at, k.id
      LIMIT ${EXPORT_BATCH}`),
  );
}

/** A JSON array written element by element from `source`. */
async function* jsonArray(source: AsyncGenerator<Keyed[]>): AsyncGenerator<string> {
  let first = true;
  for await (const rows of source) {
    let chunk = '';
    for (const row of rows) {
      chunk += (first ? '\n    ' : ',\n    ') + JSON.stringify(row.doc);
      first = false;
    }
    yield chunk;
  }
  yield first ? ']' : '\n  ]';
}

/**
 * The whole account as one JSON document (portability.format.ts, ExportDocument), piece by piece.
 * Small parts (settings, tags, saved views) are one statement each; contacts, tasks without a job
 * and jobs come in batches.
 */
export async function* exportJsonDocument(pool: SqlReader, ownerId: string, exportedAt: Date): AsyncGenerator<string> {
  const sql = await pool.snapshot();
  try {
    yield* jsonDocument(sql, ownerId, exportedAt);
  } finally {
    await sql.close();
  }
}

async function* jsonDocument(sql: RowReader, ownerId: string, exportedAt: Date): AsyncGenerator<string> {
  const [head] = await sql.rows<{ settings: unknown; tags: unknown; savedViews: unknown }>(Prisma.sql`
    SELECT json_build_object('timeZone', u.time_zone, 'reminderEmails', u.reminder_emails,
        'interviewReminderLeadMinutes', to_json(u.interview_reminder_lead_minutes),
        'followUpAfterDays', u.follow_up_after_days, 'ghostedAfterDays', u.ghosted_after_days) AS settings,
      coalesce((SELECT json_agg(json_build_object('name', t.name, 'count', t.count) ORDER BY t.name_key COLLATE "C", t.name COLLATE "C")
        FROM (SELECT t.name, t.name_key, count(*)::int AS count FROM tags t JOIN job_tags jt ON jt.tag_id = t.id
              WHERE t.user_id = u.id GROUP BY t.id) t), '[]'::json) AS tags,
      coalesce((SELECT json_agg(json_build_object('id', v.id, 'name', v.name, 'filter', v.filter, 'search', v.search,
          'orderBy', v.order_by, 'createdAt', ${iso('v.created_at')}) ORDER BY v.created_at, v.name_key)
        FROM saved_views v WHERE v.user_id = u.id), '[]'::json) AS "savedViews"
    FROM users u WHERE u.id = ${ownerId}::uuid`);
  if (!head) return;
  yield `{\n  "version": ${EXPORT_VERSION},\n  "exportedAt": ${JSON.stringify(exportedAt.toISOString())},\n`;
  yield `  "settings": ${JSON.stringify(head.settings)},\n  "tags": ${JSON.stringify(head.tags)},\n`;
  yield `  "savedViews": ${JSON.stringify(head.savedViews)},\n  "contacts": [`;
  yield* jsonArray(contactBatches(sql, ownerId));
  yield ',\n  "tasks": [';
  yield* jsonArray(standaloneTaskBatches(sql, ownerId));
  yield ',\n  "jobs": [';
  yield* jsonArray(jobBatches(sql, ownerId));
  yield '\n}\n';
}

/** A job as a CSV row, in CSV_COLUMNS order. */
function csvRow(job: ExportedJob): (string | number | boolean | null)[] {
  const values: Record<(typeof CSV_COLUMNS)[number], string | number | boolean | null> = {
    id: job.id,
    company: job.companyName,
    position: job.position,
    status: job.status,
    applied_on: job.appliedOn,
    job_url: job.jobUrl,
    location: job.location,
    work_mode: job.workMode,
    source: job.source,
    salary_min: job.salaryMin,
    salary_max: job.salaryMax,
    salary_currency: job.salaryCurrency,
    salary_period: job.salaryPeriod,
    priority: job.priority,
    deadline: job.deadline,
    archived: job.archived,
    tags: job.tags.join('; '),
    notes: job.notes.map((note) => note.content).join(NOTES_SEPARATOR),
    description: job.description,
    status_changed_at: job.statusChangedAt,
    created_at: job.createdAt,
  };
  return CSV_COLUMNS.map((column) => values[column]);
}

// csv-stringify's escape_formulas puts an apostrophe before a cell that begins with = + - @, a tab
// or a CR (OWASP's CSV injection advice), so a spreadsheet shows it as text instead of running it.
const CSV_OPTIONS = { escape_formulas: true, cast: { boolean: (value: boolean) => (value ? 'true' : 'false') } };

/** The owner's jobs as CSV (one row per job, CSV_COLUMNS), batch by batch. */
export async function* exportJobsCsv(pool: SqlReader, ownerId: string): AsyncGenerator<string> {
  // The header goes out with the first batch: the first piece has read the database, so an outage
  // (or a full pool) is still a 503 rather than a 200 with a cut-off file.
  const sql = await pool.snapshot();
  let header = stringify([[...CSV_COLUMNS]], CSV_OPTIONS);
  try {
    for await (const rows of jobBatches(sql, ownerId)) {
      yield (
        header +
        stringify(
          rows.map((row) => csvRow(row.doc as ExportedJob)),
          CSV_OPTIONS,
        )
      );
      header = '';
    }
    if (header) yield header;
  } finally {
    await sql.close();
  }
}
