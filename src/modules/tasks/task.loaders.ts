// The tasks' per-request batch loader (the registry is src/graphql/loaders.ts).
import DataLoader from 'dataloader';
import type { LoaderFactory } from '../../graphql/loaders.ts';
import type { TaskView } from './task.views.ts';

/** A job's tasks, in the tasks order (soonest due first). */
export const tasksByJobLoader: LoaderFactory<DataLoader<string, TaskView[]>> = (scope) =>
  new DataLoader(async (jobIds) => {
    const byJob = await scope.services.tasks.listForJobs(scope.ownerId, jobIds);
    return jobIds.map((jobId) => byJob.get(jobId) ?? []);
  });
