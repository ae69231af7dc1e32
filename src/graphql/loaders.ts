// Per-request batch loaders: a field asked of every row of a list (a job's notes, a note's job)
// is loaded for all the rows in one statement, never one per row. Created on first use, so a
// request that needs none pays nothing; they live as long as the request's context.
import DataLoader from 'dataloader';
import { AppError } from '../lib/errors.ts';
import type { JobView, NoteView } from '../modules/jobs/job.views.ts';
import type { Services } from '../services.ts';
import type { Viewer } from './context.ts';

export class RequestLoaders {
  #notesByJob: DataLoader<string, NoteView[]> | undefined;
  #jobById: DataLoader<string, JobView> | undefined;

  constructor(
    private readonly services: Services,
    private readonly viewer: Viewer,
  ) {}

  /** Loaders only ever read the caller's own rows. */
  private get ownerId(): string {
    if (this.viewer.userId === null) throw AppError.unauthenticated();
    return this.viewer.userId;
  }

  /** A job's notes, oldest first. */
  get notesByJob(): DataLoader<string, NoteView[]> {
    return (this.#notesByJob ??= new DataLoader(async (jobIds) => {
      const byJob = await this.services.notes.listForJobs(this.ownerId, jobIds);
      return jobIds.map((jobId) => byJob.get(jobId) ?? []);
    }));
  }

  /** A job of the caller's by id; NOT_FOUND for any other. */
  get jobById(): DataLoader<string, JobView> {
    return (this.#jobById ??= new DataLoader<string, JobView>(async (ids) => {
      const jobs = new Map((await this.services.jobs.findMany(this.ownerId, ids)).map((job) => [job.id, job]));
      return ids.map((id) => jobs.get(id) ?? AppError.notFound('Job'));
    }));
  }
}
