// The interviews' per-request batch loader (the registry is src/graphql/loaders.ts).
import DataLoader from 'dataloader';
import type { LoaderFactory } from '../../graphql/loaders.ts';
import type { InterviewView } from './interview.views.ts';

/** A job's interviews, by time. */
export const interviewsByJobLoader: LoaderFactory<DataLoader<string, InterviewView[]>> = (scope) =>
  new DataLoader(async (jobIds) => {
    const byJob = await scope.services.interviews.listForJobs(scope.ownerId, jobIds);
    return jobIds.map((jobId) => byJob.get(jobId) ?? []);
  });
