// Job applications. Every query is filtered by owner: another user's job is indistinguishable
// from one that does not exist. Reads answer views built in SQL (job.views.ts). Every status
// change goes through `changeStatusIn`, which writes the status event in the change's transaction.
import { Prisma } from '../../generated/prisma/client.ts';
import type { JobStatus } from '../../generated/prisma/enums.ts';
import type { Database } from '../../infra/database.ts';
import { AppError } from '../../lib/errors.ts';
import { orNotFound } from '../../lib/prisma-errors.ts';
import { parseInput } from '../../lib/validation.ts';
import {
  jobConnection,
  withView,
  type JobConnectionArgs,
  type JobConnectionView,
  type JobFilterPart,
} from './job.connection.ts';
import { possibleDuplicates, type DuplicateProbe } from './job.duplicates.ts';
import { insertImportedJobs, type ImportedJob } from './job.import.ts';
import { eventTimeAfter } from './job.history.ts';
import { mergeJobs, type JobMergeHook } from './job.merge.ts';
import { TagService } from './job.tags.ts';
import { SavedViewService } from './job.views-saved.ts';
import {
  createJobSchema,
  jobIdSchema,
  listJobsSchema,
  SALARY_ORDER,
  salaryInOrder,
  updateJobSchema,
  type CreateJobInput,
  type ListJobsInput,
  type UpdateJobInput,
} from './job.validation.ts';
import {
  DESCRIPTION_EMBED,
  jobJson,
  STATUS_HISTORY_EMBED,
  TAGS_EMBED,
  toJobView,
  type JobEmbed,
  type JobStatusEventView,
  type JobView,
} from './job.views.ts';

export interface JobReadOptions {
  /** Which embeds (by field) to load in the same statement: those the request asks for. */
  embed?: (field: string) => boolean;
}

export interface JobServiceOptions {
  /** The clock of status changes and of the "not in the future" rule; tests set it. */
  now?: () => Date;
  /** Filter conditions other modules bring (hasUpcomingInterview), given by the composition root. */
  filterParts?: readonly JobFilterPart[];
  /** What other modules move in mergeJobs (notes, contacts, ...), given by the composition root. */
  mergeHooks?: readonly JobMergeHook[];
}

/** A status change another module makes (an interview moves its job to interviewing). */
export interface StatusChange {
  to: JobStatus;
  /** Move only from one of these; any status when omitted. */
  from?: readonly JobStatus[];
  occurredAt: Date;
}

/** The job row as a status change reads it, locked. */
interface LockedJob {
  status: JobStatus;
  statusChangedAt: Date;
  salaryMin: number | null;
  salaryMax: number | null;
}

const STATUS_CHANGED_AT = 'jobData.statusChangedAt';

export class JobService {
  readonly tags: TagService;
  readonly savedViews: SavedViewService;
  private readonly now: () => Date;
  private readonly embeds: readonly JobEmbed[];
  private readonly filterParts: readonly JobFilterPart[];
  private readonly mergeHooks: readonly JobMergeHook[];

  /** `embeds`: the relations other modules can load with a job (notes), given by the composition root. */
  constructor(
    private readonly db: Database,
    embeds: readonly JobEmbed[] = [],
    options: JobServiceOptions = {},
  ) {
    this.embeds = [DESCRIPTION_EMBED, STATUS_HISTORY_EMBED, TAGS_EMBED, ...embeds];
    this.now = options.now ?? (() => new Date());
    this.filterParts = options.filterParts ?? [];
    this.tags = new TagService(db);
    this.savedViews = new SavedViewService(db);
    this.mergeHooks = options.mergeHooks ?? [];
  }

  private embedsFor({ embed }: JobReadOptions): JobEmbed[] {
    return embed ? this.embeds.filter((candidate) => embed(candidate.field)) : [];
  }

  /**
   * A page of the owner's jobs that are not archived, newest first (index
   * jobs_user_id_created_at_id_idx): one statement.
   */
  async list(ownerId: string, input: ListJobsInput = {}, options: JobReadOptions = {}): Promise<JobView[]> {
    const { status, limit, offset } = parseInput(listJobsSchema, input);
    const byStatus = status ? Prisma.sql`AND j.status = ${status}::"JobStatus"` : Prisma.empty;
    const [page] = await this.db.sql.rows<{ jobs: JobView[] }>(Prisma.sql`
      SELECT coalesce(json_agg(page.job ORDER BY page.created_at DESC, page.id DESC), '[]'::json) AS jobs
      FROM (
        SELECT j.created_at, j.id, ${jobJson(this.embedsFor(options))} AS job
        FROM jobs j
        WHERE j.user_id = ${ownerId}::uuid AND NOT j.archived ${byStatus}
        ORDER BY j.created_at DESC, j.id DESC
        LIMIT ${limit ?? null}::int OFFSET ${offset}
      ) page`);
    return page?.jobs ?? [];
  }

  /** A page of jobsConnection (job.connection.ts): keyset-paged, filtered, ordered; one statement (a view one more). */
  async connection(ownerId: string, args: JobConnectionArgs, options: JobReadOptions = {}): Promise<JobConnectionView> {
    const context = { db: this.db, now: this.now(), filterParts: this.filterParts };
    // A saved view costs one statement more; another user's answers like a missing one.
    const view =
      args.view === null || args.view === undefined ? null : await this.savedViews.find(ownerId, args.view, 'view');
    return jobConnection(context, ownerId, view ? withView(args, view) : args, this.embedsFor(options));
  }

  /** The job (archived or not), or null when it does not exist or belongs to someone else. */
  async find(ownerId: string, jobId: string, options: JobReadOptions = {}): Promise<JobView | null> {
    const id = parseInput(jobIdSchema, jobId, 'id');
    const [row] = await this.db.sql.rows<{ job: JobView }>(Prisma.sql`
      SELECT ${jobJson(this.embedsFor(options))} AS job FROM jobs j WHERE j.id = ${id}::uuid AND j.user_id = ${ownerId}::uuid`);
    return row?.job ?? null;
  }

  /** The owner's jobs among `ids` (any order; others' and missing ones left out): one statement. */
  async findMany(ownerId: string, ids: readonly string[]): Promise<JobView[]> {
    const rows = await this.db.sql.rows<{ job: JobView }>(Prisma.sql`
      SELECT ${jobJson([])} AS job FROM jobs j WHERE j.id = ANY(${ids}::uuid[]) AND j.user_id = ${ownerId}::uuid`);
    return rows.map((row) => row.job);
  }

  /** The status histories of the owner's jobs among `jobIds`, each oldest first: one statement. */
  async statusHistories(ownerId: string, jobIds: readonly string[]): Promise<Map<string, JobStatusEventView[]>> {
    const rows = await this.db.sql.rows<{ jobId: string; history: JobStatusEventView[] }>(Prisma.sql`
      SELECT j.id AS "jobId", ${STATUS_HISTORY_EMBED.json} AS history
      FROM jobs j WHERE j.id = ANY(${jobIds}::uuid[]) AND j.user_id = ${ownerId}::uuid`);
    return new Map(rows.map((row) => [row.jobId, row.history]));
  }

  /** The descriptions of the owner's jobs among `jobIds` (null where there is none): one statement. */
  async descriptions(ownerId: string, jobIds: readonly string[]): Promise<Map<string, string | null>> {
    const rows = await this.db.sql.rows<{ jobId: string; description: string | null }>(Prisma.sql`
      SELECT j.id AS "jobId", j.description FROM jobs j WHERE j.id = ANY(${jobIds}::uuid[]) AND j.user_id = ${ownerId}::uuid`);
    return new Map(rows.map((row) => [row.jobId, row.description]));
  }

  /** Creates the job with its first status event (from null, at statusChangedAt, default now). */
  async create(ownerId: string, input: CreateJobInput): Promise<JobView> {
    const { tags, statusChangedAt, ...data } = parseInput(createJobSchema, input, 'jobData');
    const now = this.now();
    if (statusChangedAt && statusChangedAt > now)
      throw AppError.invalid(STATUS_CHANGED_AT, 'must not be in the future');
    const occurredAt = statusChangedAt ?? now;
    const create = (client: Prisma.TransactionClient) =>
      client.job.create({
        data: {
          ...data,
          userId: ownerId,
          statusChangedAt: occurredAt,
          // Prisma writes the nested event in the job's transaction.
          statusHistory: { create: { fromStatus: null, toStatus: data.status, occurredAt } },
        },
      });
    if (!tags || tags.length === 0) return toJobView(await create(this.db));
    return toJobView(
      await this.db.$transaction(async (tx) => {
        const job = await create(tx);
        await this.tags.replaceIn(tx, ownerId, job.id, tags);
        return job;
      }),
    );
  }

  /**
   * A partial update in one transaction, the job row locked: a status that differs from the stored
   * one is a change with its event (at statusChangedAt when backdated: not in the future, not
   * before the previous change); salaryMin <= salaryMax holds with the stored values; tags replace
   * the set.
   */
  async update(ownerId: string, jobId: string, input: UpdateJobInput): Promise<JobView> {
    const id = parseInput(jobIdSchema, jobId, 'id');
    const { status, statusChangedAt, tags, ...fields } = parseInput(updateJobSchema, input, 'jobData');
    const now = this.now();
    const onlyWithChange = () => AppError.invalid(STATUS_CHANGED_AT, 'is valid only with a status that changes');
    if (statusChangedAt && status === undefined) throw onlyWithChange();
    if (statusChangedAt && statusChangedAt > now)
      throw AppError.invalid(STATUS_CHANGED_AT, 'must not be in the future');
    const job = await this.db.$transaction(async (tx) => {
      const current = await this.lock(tx, ownerId, id);
      const salaryMin = fields.salaryMin === undefined ? current.salaryMin : fields.salaryMin;
      const salaryMax = fields.salaryMax === undefined ? current.salaryMax : fields.salaryMax;
      if (!salaryInOrder(salaryMin, salaryMax)) {
        throw AppError.invalid('jobData.salaryMin', `${SALARY_ORDER} (${salaryMax})`);
      }
      if (status !== undefined && status !== current.status) {
        if (statusChangedAt && statusChangedAt < current.statusChangedAt) {
          throw AppError.invalid(
            STATUS_CHANGED_AT,
            `must not be before the previous status change (${current.statusChangedAt.toISOString()})`,
          );
        }
        await this.changeStatusIn(tx, ownerId, id, { to: status, occurredAt: statusChangedAt ?? now });
      } else if (statusChangedAt) {
        throw onlyWithChange();
      }
      if (tags !== undefined) await this.tags.replaceIn(tx, ownerId, id, tags ?? []);
      return tx.job.update({ where: { id }, data: fields });
    });
    return toJobView(job);
  }

  /** Inside `tx`: moves the owner's job to `change.to` when its current status is one of
   *  `change.from` (any status when `from` is omitted), writing the status event at
   *  `change.occurredAt`; answers whether it moved. NOT_FOUND for another user's job. */
  async changeStatusIn(
    tx: Prisma.TransactionClient,
    ownerId: string,
    jobId: string,
    change: { to: JobStatus; from?: readonly JobStatus[]; occurredAt: Date },
  ): Promise<boolean> {
    const id = parseInput(jobIdSchema, jobId, 'jobId');
    // The row lock orders concurrent changes: each reads the status the previous one left, so
    // every event's fromStatus is the toStatus before it.
    const current = await this.lock(tx, ownerId, id);
    if (current.status === change.to || (change.from && !change.from.includes(current.status))) return false;
    const occurredAt = eventTimeAfter(current.statusChangedAt, change.occurredAt);
    await tx.jobStatusEvent.create({
      data: { jobId: id, fromStatus: current.status, toStatus: change.to, occurredAt },
    });
    await tx.job.update({ where: { id }, data: { status: change.to, statusChangedAt: occurredAt } });
    return true;
  }

  /** Inside `tx`: an import's jobs with their status histories and tags, in bulk (job.import.ts). */
  importIn(tx: Prisma.TransactionClient, ownerId: string, jobs: readonly ImportedJob[]): Promise<void> {
    return insertImportedJobs(tx, ownerId, jobs, this.now());
  }

  /** The owner's other jobs that may be the same application as `job` (job.duplicates.ts): one statement. */
  possibleDuplicates(ownerId: string, job: DuplicateProbe): Promise<JobView[]> {
    return possibleDuplicates(this.db.sql, ownerId, job);
  }

  /** Merges `mergeId` into `keepId` in one transaction and answers the kept job (job.merge.ts). */
  merge(ownerId: string, keepId: unknown, mergeId: unknown): Promise<JobView> {
    return mergeJobs({ db: this.db, hooks: this.mergeHooks, now: this.now }, ownerId, keepId, mergeId);
  }

  /** Archived jobs leave `jobs` but keep everything; `job(id)` still finds them. */
  async setArchived(ownerId: string, jobId: string, archived: boolean): Promise<JobView> {
    const id = parseInput(jobIdSchema, jobId, 'id');
    return toJobView(
      await orNotFound('Job', this.db.job.update({ where: { id, userId: ownerId }, data: { archived } })),
    );
  }

  /** Deletes the job and, by cascade, its notes, status events and tag links. */
  async delete(ownerId: string, jobId: string): Promise<JobView> {
    const id = parseInput(jobIdSchema, jobId, 'id');
    return toJobView(await orNotFound('Job', this.db.job.delete({ where: { id, userId: ownerId } })));
  }

  /** Inside `tx`: the owner's job row, locked until `tx` ends; NOT_FOUND for any other. */
  private async lock(tx: Prisma.TransactionClient, ownerId: string, id: string): Promise<LockedJob> {
    const [row] = await tx.$queryRaw<LockedJob[]>`
      SELECT status, status_changed_at AS "statusChangedAt", salary_min AS "salaryMin", salary_max AS "salaryMax"
      FROM jobs WHERE id = ${id}::uuid AND user_id = ${ownerId}::uuid
      FOR UPDATE`;
    if (!row) throw AppError.notFound('Job');
    return row;
  }
}
