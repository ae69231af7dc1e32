// Job applications. Every query is filtered by owner: another user's job is indistinguishable
// from one that does not exist.
import type { Job, Prisma } from '../../generated/prisma/client.ts';
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

/** The selection Pothos plans for the requested fields (nested notes in the same round trip). */
export type JobQuery = Pick<Prisma.JobFindManyArgs, 'include' | 'select'>;

const NEWEST_FIRST: Prisma.JobOrderByWithRelationInput[] = [{ createdAt: 'desc' }, { id: 'desc' }];

export class JobService {
  constructor(private readonly db: Database) {}

  async list(ownerId: string, input: ListJobsInput = {}, query: JobQuery = {}): Promise<Job[]> {
    const { status, limit, offset } = parseInput(listJobsSchema, input);
    return this.db.job.findMany({
      ...query,
      where: { userId: ownerId, ...(status ? { status } : {}) },
      orderBy: NEWEST_FIRST,
      take: limit,
      skip: offset,
    });
  }

  /** The job, or null when it does not exist or belongs to someone else. */
  async find(ownerId: string, jobId: string, query: JobQuery = {}): Promise<Job | null> {
    const id = parseInput(jobIdSchema, jobId, 'id');
    return this.db.job.findFirst({ ...query, where: { id, userId: ownerId } });
  }

  async create(ownerId: string, input: CreateJobInput): Promise<Job> {
    const data = parseInput(createJobSchema, input, 'jobData');
    return this.db.job.create({ data: { ...data, userId: ownerId } });
  }

  async update(ownerId: string, jobId: string, input: UpdateJobInput): Promise<Job> {
    const id = parseInput(jobIdSchema, jobId, 'id');
    const data = parseInput(updateJobSchema, input, 'jobData');
    return orNotFound('Job', this.db.job.update({ where: { id, userId: ownerId }, data }));
  }

  /** Deletes the job and, by cascade, its notes. */
  async delete(ownerId: string, jobId: string): Promise<Job> {
    const id = parseInput(jobIdSchema, jobId, 'id');
    return orNotFound('Job', this.db.job.delete({ where: { id, userId: ownerId } }));
  }
}
