// Job applications. Every query is filtered by owner: another user's job is indistinguishable
// from one that does not exist. Reads answer views built in SQL (job.views.ts).
import { Prisma } from '../../generated/prisma/client.ts';
import type { Database } from '../../infra/database.ts';
import { orNotFound } from '../../lib/prisma-errors.ts';
import { parseInput } from '../../lib/validation.ts';
import {
  createJobSchema,
  jobIdSchema,
  listJobsSchema,
  updateJobSchema,
  type CreateJobInput,
  type ListJobsInput,
  type UpdateJobInput,
} from './job.validation.ts';
import { jobJson, toJobView, type JobEmbed, type JobView } from './job.views.ts';

export interface JobReadOptions {
  /** Which embeds (by field) to load in the same statement: those the request asks for. */
  embed?: (field: string) => boolean;
}

export class JobService {
  /** `embeds`: the relations other modules can load with a job (notes), given by the composition root. */
  constructor(
    private readonly db: Database,
    private readonly embeds: readonly JobEmbed[] = [],
  ) {}

  private embedsFor({ embed }: JobReadOptions): JobEmbed[] {
    return embed ? this.embeds.filter((candidate) => embed(candidate.field)) : [];
  }

  /** A page of the owner's jobs, newest first (index jobs_user_id_created_at_id_idx): one statement. */
  async list(ownerId: string, input: ListJobsInput = {}, options: JobReadOptions = {}): Promise<JobView[]> {
    const { status, limit, offset } = parseInput(listJobsSchema, input);
    const byStatus = status ? Prisma.sql`AND j.status = ${status}::"JobStatus"` : Prisma.empty;
    const [page] = await this.db.sql.rows<{ jobs: JobView[] }>(Prisma.sql`
      SELECT coalesce(json_agg(page.job ORDER BY page.created_at DESC, page.id DESC), '[]'::json) AS jobs
      FROM (
        SELECT j.created_at, j.id, ${jobJson(this.embedsFor(options))} AS job
        FROM jobs j
        WHERE j.user_id = ${ownerId}::uuid ${byStatus}
        ORDER BY j.created_at DESC, j.id DESC
        LIMIT ${limit} OFFSET ${offset}
      ) page`);
    return page?.jobs ?? [];
  }

  /** The job, or null when it does not exist or belongs to someone else. */
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

  async create(ownerId: string, input: CreateJobInput): Promise<JobView> {
    const data = parseInput(createJobSchema, input, 'jobData');
    return toJobView(await this.db.job.create({ data: { ...data, userId: ownerId } }));
  }

  async update(ownerId: string, jobId: string, input: UpdateJobInput): Promise<JobView> {
    const id = parseInput(jobIdSchema, jobId, 'id');
    const data = parseInput(updateJobSchema, input, 'jobData');
    return toJobView(await orNotFound('Job', this.db.job.update({ where: { id, userId: ownerId }, data })));
  }

  /** Deletes the job and, by cascade, its notes. */
  async delete(ownerId: string, jobId: string): Promise<JobView> {
    const id = parseInput(jobIdSchema, jobId, 'id');
    return toJobView(await orNotFound('Job', this.db.job.delete({ where: { id, userId: ownerId } })));
  }
}
