// jobsConnection (SPEC Part 2, "Finding"): a Relay connection over the owner's jobs, keyset
// (seek) paged, filtered, ordered by one of JOB_ORDER_FIELDS or by search relevance.
//
// Our own SQL, not Pothos' relay plugin or plugin-prisma's prismaConnection: those page without
// OFFSET only on a unique column, not on a (sort key, id) keyset, and they would load rows through
// Prisma instead of the jobs' JSON view with its embeds (job.views.ts). Here a page is one
// statement whatever relations the request asks for, and totalCount one more when asked.
//
// The order of a key is (key, id) in the direction asked, ties broken by id, NULLs last in both
// directions. A nullable key is read as two index-ordered segments, the rows with a key and then
// those without (each a range scan of the index (user_id, key, id): a NULLS LAST descending
// order is not one scan of an ascending index), glued with UNION ALL. A cursor names its segment
// by its key (null or not) and seeks inside it: `(key, id) > (:key, :id)`, never OFFSET, so a page
// neither skips nor repeats a row that survives inserts and deletes between requests.
// `last`/`before` run the same query in the reversed order and turn the page round.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { Prisma } from '../../generated/prisma/client.ts';
import type { Database } from '../../infra/database.ts';
import { AppError } from '../../lib/errors.ts';
import { calendarDate, dateTime, parseInput, storableText } from '../../lib/validation.ts';
import {
  cursorSchema,
  DEFAULT_ORDER,
  jobFilterSchema,
  orderBySchema,
  PAGE_SIZE_DEFAULT,
  pageSizeSchema,
  searchSchema,
  type CursorContent,
  type JobFilter,
  type JobOrder,
  type OrderDirection,
} from './job.connection.validation.ts';
import { searchMatch } from './job.search.ts';
import { COMPANY_NAME_MAX } from './job.validation.ts';
import { jobJson, type JobEmbed, type JobView } from './job.views.ts';

/**
 * A filter condition another module brings (the interviews module: `hasUpcomingInterview`); the
 * composition root hands the list to JobService, so jobs imports no module that depends on it.
 */
export interface JobFilterPart {
  /** The Boolean JobFilter field it answers: a code constant. */
  field: 'hasUpcomingInterview';
  /** The condition over the job of alias `j` that `field: true` asks for, at `now`. */
  holds(now: Date): Prisma.Sql;
}

/** jobsConnection's arguments as they arrive (each checked here, naming it). */
export interface JobConnectionArgs {
  first?: unknown;
  after?: unknown;
  last?: unknown;
  before?: unknown;
  filter?: unknown;
  search?: unknown;
  orderBy?: unknown;
  /** A saved view's id: its filter, search and orderBy, each unless given here. */
  view?: unknown;
}

/** `args` with the saved view's filter, search and orderBy where `args` gives none (explicit ones win). */
export function withView(
  args: JobConnectionArgs,
  view: { filter: unknown; search: unknown; orderBy: unknown },
): JobConnectionArgs {
  const given = (value: unknown) => value !== null && value !== undefined;
  return {
    ...args,
    filter: given(args.filter) ? args.filter : view.filter,
    search: given(args.search) ? args.search : view.search,
    orderBy: given(args.orderBy) ? args.orderBy : view.orderBy,
  };
}

export interface JobEdgeView {
  cursor: string;
  node: JobView;
}

export interface JobConnectionView {
  edges: JobEdgeView[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  /** How many jobs match, over every page: one statement, run only when asked for. */
  totalCount: () => Promise<number>;
}

export interface JobConnectionContext {
  db: Database;
  now: Date;
  filterParts: readonly JobFilterPart[];
}

/** A sort key: its SQL over `j`, its type (to read a cursor's value back), whether it can be NULL. */
interface OrderKey {
  sql: Prisma.Sql;
  type: Prisma.Sql;
  nullable: boolean;
  /** What a cursor's value must look like for this key. */
  value: z.ZodType;
}

// A cursor's value must also be one PostgreSQL reads back (years 0001 to 9999, a smallint).
const instant = dateTime();
const day = calendarDate();

const columnKey = (column: string, type: string, value: z.ZodType, nullable = false): OrderKey => ({
  sql: Prisma.raw(column),
  type: Prisma.raw(type),
  nullable,
  value: nullable ? value.nullable() : value,
});

// Each has its index (user_id, key, id): prisma/schema.prisma, migration add_job_order_indexes.
const ORDER_KEYS = {
  applied_on: columnKey('j.applied_on', 'date', day, true),
  created_at: columnKey('j.created_at', 'timestamptz', instant),
  updated_at: columnKey('j.updated_at', 'timestamptz', instant),
  company_name: columnKey('j.company_name', 'text', storableText(COMPANY_NAME_MAX)),
  status_changed_at: columnKey('j.status_changed_at', 'timestamptz', instant),
  priority: columnKey('j.priority', 'int', z.number().int().min(-32_768).max(32_767), true),
  deadline: columnKey('j.deadline', 'date', day, true),
} as const satisfies Record<JobOrder['field'], OrderKey>;

const rankKey = (rank: Prisma.Sql): OrderKey => ({
  sql: Prisma.sql`coalesce(${rank}, 0)::float8`,
  type: Prisma.raw('float8'),
  nullable: false,
  value: z.number(),
});

/** `text` as a LIKE pattern matching it anywhere, its wildcards taken literally. */
const containing = (text: string): string => `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;

const isoDay = (date: Date): string => date.toISOString().slice(0, 10);

/** The conditions of `filter` over the job of alias `j` (the owner's condition not included). */
function filterConditions(filter: JobFilter, context: JobConnectionContext): Prisma.Sql[] {
  const conditions = [Prisma.sql`j.archived = ${filter.archived ?? false}`];
  // An empty list is no condition, for status as for tags (a client with no chip selected sends []).
  if (filter.status && filter.status.length > 0) {
    conditions.push(Prisma.sql`j.status = ANY(${filter.status}::"JobStatus"[])`);
  }
  if (filter.tags && filter.tags.length > 0) {
    conditions.push(Prisma.sql`(SELECT count(*) FROM job_tags jt JOIN tags t ON t.id = jt.tag_id
      WHERE jt.job_id = j.id AND t.name_key = ANY(${filter.tags}::text[])) = ${filter.tags.length}`);
  }
  if (filter.workMode) conditions.push(Prisma.sql`j.work_mode = ${filter.workMode}::"WorkMode"`);
  if (filter.source) conditions.push(Prisma.sql`lower(j.source) = lower(${filter.source})`);
  if (filter.appliedFrom) conditions.push(Prisma.sql`j.applied_on >= ${isoDay(filter.appliedFrom)}::date`);
  if (filter.appliedTo) conditions.push(Prisma.sql`j.applied_on <= ${isoDay(filter.appliedTo)}::date`);
  if (filter.updatedSince) {
    conditions.push(Prisma.sql`j.updated_at >= ${filter.updatedSince.toISOString()}::timestamptz`);
  }
  if (filter.companyName) conditions.push(Prisma.sql`j.company_name ILIKE ${containing(filter.companyName)}`);
  if (filter.hasUpcomingInterview !== null && filter.hasUpcomingInterview !== undefined) {
    const part = context.filterParts.find((candidate) => candidate.field === 'hasUpcomingInterview');
    if (!part) throw new Error('No JobFilterPart answers hasUpcomingInterview');
    const holds = part.holds(context.now);
    conditions.push(filter.hasUpcomingInterview ? holds : Prisma.sql`NOT ${holds}`);
  }
  return conditions;
}

// ---------------------------------------------------------------- cursors

const encodeCursor = (content: CursorContent): string => Buffer.from(JSON.stringify(content)).toString('base64url');

function decodeCursor(value: unknown, argument: 'after' | 'before', order: string, key: OrderKey): CursorContent {
  const cursor = parseInput(
    z.string({ error: 'must be a string' }).max(1000, { error: 'is not a cursor of jobsConnection' }),
    value,
    argument,
  );
  let content: CursorContent;
  try {
    content = cursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw AppError.invalid(argument, 'is not a cursor of jobsConnection');
  }
  if (content.o !== order) {
    throw AppError.invalid(argument, 'was made for another orderBy or search; start again without it');
  }
  const parsed = key.value.safeParse(content.v);
  if (!parsed.success) throw AppError.invalid(argument, 'is not a cursor of jobsConnection');
  // The value as parsed, never as written: PostgreSQL refuses some offsets JavaScript reads
  // (`+23:59`), and an instant in UTC is one it always reads back.
  return {
    ...content,
    v: parsed.data instanceof Date ? parsed.data.toISOString() : (parsed.data as CursorContent['v']),
  };
}

/** What a cursor is valid for: the order, and the search text when there is one. */
function orderSignature(order: JobOrder | 'relevance', search: string | null): string {
  const ordered = order === 'relevance' ? 'relevance' : `${order.field}:${order.direction}`;
  return search === null
    ? ordered
    : `${ordered}:${createHash('sha256').update(search).digest('base64url').slice(0, 16)}`;
}

// ---------------------------------------------------------------- the page's SQL

const flip = (direction: OrderDirection): OrderDirection => (direction === 'asc' ? 'desc' : 'asc');
const sqlDirection = (direction: OrderDirection) => Prisma.raw(direction === 'asc' ? 'ASC' : 'DESC');
const beyond = (direction: OrderDirection) => Prisma.raw(direction === 'asc' ? '>' : '<');

type Segment = 'keyed' | 'null';

/**
 * The rows after `cursor` (or all) in `direction`, at most `limit`, as {seg, id, k}: one
 * UNION ALL part per segment from the cursor's on, each ordered by the index.
 */
function seekParts(
  where: Prisma.Sql,
  key: OrderKey,
  direction: OrderDirection,
  forward: boolean,
  cursor: CursorContent | null,
  limit: number,
): Prisma.Sql {
  // NULLs last in the order asked; so first when walking it backwards.
  const segments: Segment[] = key.nullable ? (forward ? ['keyed', 'null'] : ['null', 'keyed']) : ['keyed'];
  const from = cursor ? segments.indexOf(cursor.v === null ? 'null' : 'keyed') : 0;
  const dir = sqlDirection(direction);
  const parts = segments.slice(from).map((segment, offset) => {
    const seg = from + offset;
    const seeking = cursor !== null && offset === 0;
    if (segment === 'null') {
      const seek = seeking ? Prisma.sql`AND j.id ${beyond(direction)} ${cursor.id}::uuid` : Prisma.empty;
      // Ordered by the key too (all NULL here), so that the plan reads the key's index, not the primary key's.
      return Prisma.sql`(SELECT ${seg}::int AS seg, j.id, NULL::${key.type} AS k FROM jobs j
        WHERE ${where} AND ${key.sql} IS NULL ${seek} ORDER BY ${key.sql} ${dir}, j.id ${dir} LIMIT ${limit})`;
    }
    const keyed = key.nullable ? Prisma.sql`AND ${key.sql} IS NOT NULL` : Prisma.empty;
    const seek = seeking
      ? Prisma.sql`AND (${key.sql}, j.id) ${beyond(direction)} (${cursor.v}::text::${key.type}, ${cursor.id}::uuid)`
      : Prisma.empty;
    return Prisma.sql`(SELECT ${seg}::int AS seg, j.id, ${key.sql} AS k FROM jobs j
      WHERE ${where} ${keyed} ${seek} ORDER BY ${key.sql} ${dir}, j.id ${dir} LIMIT ${limit})`;
  });
  return Prisma.join(parts, ' UNION ALL ');
}

interface PageRow {
  v: string | number | null;
  id: string;
  job: JobView;
}

/** A page of the owner's jobs: one statement for the page with its embeds; totalCount one more. */
export async function jobConnection(
  context: JobConnectionContext,
  ownerId: string,
  args: JobConnectionArgs,
  embeds: readonly JobEmbed[],
): Promise<JobConnectionView> {
  const first = parseInput(pageSizeSchema, args.first, 'first');
  const last = parseInput(pageSizeSchema, args.last, 'last');
  if (first !== null && first !== undefined && last !== null && last !== undefined) {
    throw AppError.invalid(
      'last',
      'cannot be given with first: page forward with first/after or backward with last/before',
    );
  }
  const forward = last === null || last === undefined;
  const size = (forward ? first : last) ?? PAGE_SIZE_DEFAULT;
  const filter = parseInput(jobFilterSchema, args.filter ?? {}, 'filter');
  const search = parseInput(searchSchema, args.search, 'search') ?? null;
  const orderBy =
    args.orderBy === null || args.orderBy === undefined ? null : parseInput(orderBySchema, args.orderBy, 'orderBy');

  // The owner keys the search to its own index range (job.search.ts).
  const match = search === null ? null : searchMatch(search, ownerId);
  const order: JobOrder | 'relevance' = orderBy ?? (match ? 'relevance' : DEFAULT_ORDER);
  const key = order === 'relevance' ? rankKey(match?.rank ?? Prisma.sql`0`) : ORDER_KEYS[order.field];
  const direction: OrderDirection = order === 'relevance' ? 'desc' : order.direction;
  const signature = orderSignature(order, match ? search : null);
  const afterOrBefore = forward ? args.after : args.before;
  const argument = forward ? 'after' : 'before';
  // One walk per request: a cursor of the other direction would be silently ignored otherwise.
  const otherSide = forward ? args.before : args.after;
  if (otherSide !== null && otherSide !== undefined) {
    throw forward
      ? AppError.invalid('before', 'goes with last: page backward with last/before, forward with first/after')
      : AppError.invalid('after', 'goes with first: page forward with first/after, backward with last/before');
  }
  const cursor =
    afterOrBefore === null || afterOrBefore === undefined
      ? null
      : decodeCursor(afterOrBefore, argument, signature, key);

  const where = Prisma.join(
    [Prisma.sql`j.user_id = ${ownerId}::uuid`, ...filterConditions(filter, context), ...(match ? [match.where] : [])],
    ' AND ',
  );
  const walk = forward ? direction : flip(direction);
  const dir = sqlDirection(walk);
  const rows = await context.db.sql.rows<PageRow>(Prisma.sql`
    WITH page AS (
      SELECT parts.seg, parts.id, parts.k FROM (${seekParts(where, key, walk, forward, cursor, size + 1)}) parts
      ORDER BY parts.seg, parts.k ${dir}, parts.id ${dir}
      LIMIT ${size + 1})
    SELECT to_json(page.k) AS v, page.id, ${jobJson(embeds)} AS job
    FROM page JOIN jobs j ON j.id = page.id
    ORDER BY page.seg, page.k ${dir}, page.id ${dir}`);

  const more = rows.length > size;
  const page = rows.slice(0, size);
  if (!forward) page.reverse();
  const edges = page.map((row) => ({ cursor: encodeCursor({ v: row.v, id: row.id, o: signature }), node: row.job }));
  const given = cursor !== null;
  return {
    edges,
    pageInfo: {
      // Relay's rule: the side walked towards is known from the extra row; the side the cursor
      // came from has rows when there was a cursor (the row it names, or rows before it).
      hasNextPage: forward ? more : given,
      hasPreviousPage: forward ? given : more,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount: async () => {
      const [row] = await context.db.sql.rows<{ count: number }>(
        Prisma.sql`SELECT count(*)::int AS count FROM jobs j WHERE ${where}`,
      );
      return row?.count ?? 0;
    },
  };
}
