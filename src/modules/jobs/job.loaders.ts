// The jobs' per-request batch loader (the registry is src/graphql/loaders.ts).
import DataLoader from 'dataloader';
import type { LoaderFactory } from '../../graphql/loaders.ts';
import { AppError } from '../../lib/errors.ts';
import type { JobView } from './job.views.ts';

/** A job of the caller's by id; NOT_FOUND for any other. */
export const jobByIdLoader: LoaderFactory<DataLoader<string, JobView>> = (scope) =>
  new DataLoader<string, JobView>(async (ids) => {
    const jobs = new Map((await scope.services.jobs.findMany(scope.ownerId, ids)).map((job) => [job.id, job]));
    return ids.map((id) => jobs.get(id) ?? AppError.notFound('Job'));
  });
