// GraphQL of duplicates and merging (SPEC Part 2, "Finding"): createJob's possibleDuplicates on
// JobPayload, and mergeJobs. The rules live in job.duplicates.ts and job.merge.ts.
import { builder } from '../../graphql/builder.ts';
import { attempt } from '../../graphql/payload.ts';
import { createdFor } from './job.created.ts';
import { forgetJobRelations, JobObject, JobPayload } from './job.graphql.ts';
import { POSSIBLE_DUPLICATES_MAX } from './job.duplicates.ts';

builder.objectField(JobPayload, 'possibleDuplicates', (t) =>
  t.field({
    type: [JobObject],
    description: `Only on createJob's answer (empty on every other mutation's, and when the creation failed): your other jobs, archived ones included, that may be the same application — the same posting URL once normalised (scheme, host case, www., tracking parameters such as utm_*, fragment and trailing slash ignored; other query parameters in any order), or a similar company (case, punctuation and legal suffixes such as Inc or GmbH ignored) with a similar position. A warning: the job is created anyway. At most ${POSSIBLE_DUPLICATES_MAX}, newest first; read only when asked for.`,
    resolve: (outcome, _args, context) => {
      const ownerId = createdFor(outcome);
      if (!ownerId || !outcome.value) return [];
      return context.services.jobs.possibleDuplicates(ownerId, outcome.value);
    },
  }),
);

builder.mutationFields((t) => ({
  mergeJobs: t.withAuth({ authenticated: true }).field({
    type: JobPayload,
    description:
      'Merges the job `mergeId` into the job `keepId`, in one transaction, and answers the kept job: notes, status history (one timeline by time; the kept job keeps its current status), contacts, interviews, tasks and tags (at most 20 in all, else BAD_USER_INPUT naming tags) move onto it; its empty fields (jobUrl, location, workMode, source, description, deadline, priority, appliedOn; the salary when it has none) take the merged job’s values; the merged job is deleted. The same id twice is BAD_USER_INPUT naming mergeId; NOT_FOUND names the id that is not one of your jobs. On any failure nothing changes.',
    args: { keepId: t.arg.id({ required: true }), mergeId: t.arg.id({ required: true }) },
    resolve: (_root, args, context) =>
      attempt('Jobs merged successfully', async () => {
        const job = await context.services.jobs.merge(context.viewer.userId, args.keepId, args.mergeId);
        forgetJobRelations(context, job.id);
        return job;
      }),
  }),
}));
