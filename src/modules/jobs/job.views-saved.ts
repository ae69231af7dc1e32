// Saved views (SPEC Part 2, "Finding"): a user's named jobsConnection arguments (filter, search,
// orderBy), applied with `jobsConnection(view: id)`. They live in the jobs module, not a module
// of their own: a view is nothing but jobsConnection's input, checked by the same parsers
// (job.connection.validation.ts) when saved and applied inside JobService.connection; a separate
// module would import those parsers from jobs while jobs would need it back to apply a view.
// Names are unique per user case-insensitively (name_key, as tags); saving a name again replaces
// that view's contents and keeps its id.
import { Prisma } from '../../generated/prisma/client.ts';
import type { Database } from '../../infra/database.ts';
import { AppError } from '../../lib/errors.ts';
import { isoDateTime, type IsoDateTime } from '../../lib/sql-json.ts';
import { id, parseInput, text } from '../../lib/validation.ts';
import {
  jobFilterSchema,
  orderBySchema,
  searchSchema,
  type JobFilterInput,
  type JobOrder,
} from './job.connection.validation.ts';

export const VIEW_NAME_MAX = 100;

export interface SavedViewView {
  id: string;
  name: string;
  /** The filter as it was given (checked), {} for none. */
  filter: JobFilterInput;
  search: string | null;
  orderBy: JobOrder | null;
  createdAt: IsoDateTime;
}

const viewNameSchema = text(VIEW_NAME_MAX).refine((name) => name.toLowerCase().length <= VIEW_NAME_MAX, {
  error: `must be at most ${VIEW_NAME_MAX} characters once lower-cased`,
});

/** saveView's arguments as they arrive (each checked, naming it). */
export interface SaveViewInput {
  name?: unknown;
  filter?: unknown;
  search?: unknown;
  orderBy?: unknown;
}

const viewIdSchema = id();

/** The given filter without its absent fields, as stored: plain JSON (strings, booleans, lists). */
const storedFilter = (filter: unknown): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries((filter ?? {}) as Record<string, unknown>).filter(
      ([, value]) => value !== null && value !== undefined,
    ),
  );

const VIEW_JSON = Prisma.sql`json_build_object(
  'id', v.id, 'name', v.name, 'filter', v.filter, 'search', v.search, 'orderBy', v.order_by,
  'createdAt', ${isoDateTime('v.created_at')})`;

export const viewNotFound = (argument: string): AppError =>
  new AppError('NOT_FOUND', 'Saved view not found', { field: argument });

export class SavedViewService {
  constructor(private readonly db: Database) {}

  /** The owner's views by name (case-insensitively, byte order): one statement. */
  async list(ownerId: string): Promise<SavedViewView[]> {
    const rows = await this.db.sql.rows<{ view: SavedViewView }>(Prisma.sql`
      SELECT ${VIEW_JSON} AS view FROM saved_views v
      WHERE v.user_id = ${ownerId}::uuid ORDER BY v.name_key COLLATE "C", v.id`);
    return rows.map((row) => row.view);
  }

  /** The owner's view `viewId`; NOT_FOUND naming `argument` for a missing one or another user's. */
  async find(ownerId: string, viewId: unknown, argument: string): Promise<SavedViewView> {
    const viewIdValue = parseInput(viewIdSchema, viewId, argument);
    const [row] = await this.db.sql.rows<{ view: SavedViewView }>(Prisma.sql`
      SELECT ${VIEW_JSON} AS view FROM saved_views v WHERE v.id = ${viewIdValue}::uuid AND v.user_id = ${ownerId}::uuid`);
    if (!row) throw viewNotFound(argument);
    return row.view;
  }

  /** A view's arguments checked as saveView checks them (imports check theirs here too); `filter` as stored JSON text. */
  parse(input: SaveViewInput): { name: string; filter: string; search: string | null; orderBy: unknown } {
    const name = parseInput(viewNameSchema, input.name, 'name');
    // The same parsers as jobsConnection's, naming the same fields.
    parseInput(jobFilterSchema, input.filter ?? {}, 'filter');
    const search = parseInput(searchSchema, input.search, 'search')?.trim() || null;
    const orderBy =
      input.orderBy === null || input.orderBy === undefined
        ? null
        : parseInput(orderBySchema, input.orderBy, 'orderBy');
    return { name, filter: JSON.stringify(storedFilter(input.filter)), search, orderBy };
  }

  /**
   * An import's bulk path: inside `tx` (the import's), views already checked by `parse`; a view of
   * the same name (any case) as one of the owner's is left as it is. One statement per view.
   */
  async importIn(
    tx: Prisma.TransactionClient,
    ownerId: string,
    views: readonly (ReturnType<SavedViewService['parse']> & { createdAt: Date | null })[],
    now: Date,
  ): Promise<void> {
    for (const view of views) {
      await tx.$executeRaw`
        INSERT INTO saved_views (id, user_id, name, name_key, filter, search, order_by, created_at)
        VALUES (gen_random_uuid(), ${ownerId}::uuid, ${view.name}, ${view.name.toLowerCase()}, ${view.filter}::jsonb,
          ${view.search}, ${view.orderBy === null ? null : JSON.stringify(view.orderBy)}::jsonb, ${view.createdAt ?? now})
        ON CONFLICT (user_id, name_key) DO NOTHING`;
    }
  }

  /** Saves the view under `name`; the same name (any case) replaces that view's contents. */
  async save(ownerId: string, input: SaveViewInput): Promise<SavedViewView> {
    const { name, filter, search, orderBy } = this.parse(input);
    const [row] = await this.db.$queryRaw<{ view: SavedViewView }[]>(Prisma.sql`
      WITH saved AS (
        INSERT INTO saved_views AS v (id, user_id, name, name_key, filter, search, order_by)
        VALUES (gen_random_uuid(), ${ownerId}::uuid, ${name}, ${name.toLowerCase()}, ${filter}::jsonb, ${search},
                ${orderBy === null ? null : JSON.stringify(orderBy)}::jsonb)
        ON CONFLICT (user_id, name_key) DO UPDATE
          SET name = excluded.name, filter = excluded.filter, search = excluded.search, order_by = excluded.order_by
        RETURNING v.*)
      SELECT ${VIEW_JSON} AS view FROM saved v`);
    if (!row) throw new Error('saveView wrote no row');
    return row.view;
  }

  /** Deletes the owner's view; NOT_FOUND naming `id` for a missing one or another user's. */
  async delete(ownerId: string, viewId: unknown): Promise<string> {
    const viewIdValue = parseInput(viewIdSchema, viewId, 'id');
    const [row] = await this.db.$queryRaw<{ id: string }[]>(Prisma.sql`
      DELETE FROM saved_views WHERE id = ${viewIdValue}::uuid AND user_id = ${ownerId}::uuid RETURNING id`);
    if (!row) throw viewNotFound('id');
    return row.id;
  }
}
