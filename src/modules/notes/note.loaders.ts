// The notes' per-request batch loader (the registry is src/graphql/loaders.ts).
import DataLoader from 'dataloader';
import type { LoaderFactory } from '../../graphql/loaders.ts';
import type { NoteView } from './note.views.ts';

/** A job's notes, oldest first. */
export const notesByJobLoader: LoaderFactory<DataLoader<string, NoteView[]>> = (scope) =>
  new DataLoader(async (jobIds) => {
    const byJob = await scope.services.notes.listForJobs(scope.ownerId, jobIds);
    return jobIds.map((jobId) => byJob.get(jobId) ?? []);
  });
