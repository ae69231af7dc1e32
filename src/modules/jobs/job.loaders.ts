// The jobs' per-request batch loaders (the registry is src/graphql/loaders.ts).
import DataLoader from 'dataloader';
import type { LoaderFactory } from '../../graphql/loaders.ts';
import { AppError } from '../../lib/errors.ts';
import type { JobStatusEventView, JobView } from './job.views.ts';

/** A job of the caller's by id; NOT_FOUND for any other. */
export const jobByIdLoader: LoaderFactory<DataLoader<string, JobView>> = (scope) =>
  new DataLoader<string, JobView>(async (ids) => {
    const jobs = new Map((await scope.services.jobs.findMany(scope.ownerId, ids)).map((job) => [job.id, job]));
    return ids.map((id) => jobs.get(id) ?? AppError.notFound('Job'));
  });

/** `Job.description` of jobs a read did not embed it in (a note's job): one statement for all. */
export const descriptionByJobLoader: LoaderFactory<DataLoader<string, string | null>> = (scope) =>
  new DataLoader<string, string | null>(async (jobIds) => {
    const descriptions = await scope.services.jobs.descriptions(scope.ownerId, jobIds);
    return jobIds.map((id) => descriptions.get(id) ?? null);
  });

/** `Job.statusHistory` of jobs a read did not embed it in (a mutation's job): one statement for all. */
export const statusHistoryByJobLoader: LoaderFactory<DataLoader<string, JobStatusEventView[]>> = (scope) =>
  new DataLoader<string, JobStatusEventView[]>(async (jobIds) => {
    const histories = await scope.services.jobs.statusHistories(scope.ownerId, jobIds);
    return jobIds.map((id) => histories.get(id) ?? []);
  });

/** `Job.tags` of jobs a read did not embed them in: one statement for all. */
export const tagsByJobLoader: LoaderFactory<DataLoader<string, string[]>> = (scope) =>
  new DataLoader<string, string[]>(async (jobIds) => {
    const tags = await scope.services.jobs.tags.ofJobs(scope.ownerId, jobIds);
    return jobIds.map((id) => tags.get(id) ?? []);
  });
