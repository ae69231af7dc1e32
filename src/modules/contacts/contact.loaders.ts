// The contacts' per-request batch loaders (the registry is src/graphql/loaders.ts).
import DataLoader from 'dataloader';
import type { LoaderFactory } from '../../graphql/loaders.ts';
import type { JobView } from '../jobs/index.ts';
import type { ContactView } from './contact.views.ts';

/** A job's contacts, by name (when the job's read did not embed them). */
export const contactsByJobLoader: LoaderFactory<DataLoader<string, ContactView[]>> = (scope) =>
  new DataLoader(async (jobIds) => {
    const byJob = await scope.services.contacts.listForJobs(scope.ownerId, jobIds);
    return jobIds.map((jobId) => byJob.get(jobId) ?? []);
  });

/** A contact of the caller's by id, or null for any other (an interview's contacts, say). */
export const contactByIdLoader: LoaderFactory<DataLoader<string, ContactView | null>> = (scope) =>
  new DataLoader(async (ids) => {
    const found = new Map((await scope.services.contacts.findMany(scope.ownerId, ids)).map((c) => [c.id, c]));
    return ids.map((id) => found.get(id) ?? null);
  });

/**
 * A contact's jobs, newest first: one statement for the links of all the contacts asked, then
 * one for all their jobs, whatever the number of rows.
 */
export const jobsByContactLoader: LoaderFactory<DataLoader<string, JobView[]>> = (scope) =>
  new DataLoader(async (contactIds) => {
    const byContact = await scope.services.contacts.jobIdsOf(scope.ownerId, contactIds);
    const jobIds = [...new Set([...byContact.values()].flat())];
    // A job deleted between the two reads is left out.
    const found = jobIds.length > 0 ? await scope.services.jobs.findMany(scope.ownerId, jobIds) : [];
    const jobs = new Map(found.map((job) => [job.id, job]));
    return contactIds.map((contactId) =>
      (byContact.get(contactId) ?? []).flatMap((jobId) => {
        const job = jobs.get(jobId);
        return job ? [job] : [];
      }),
    );
  });
