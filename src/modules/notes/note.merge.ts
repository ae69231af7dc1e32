// mergeJobs (jobs/job.merge.ts): the merged job's notes move to the kept job, reminders and all.
import type { JobMergeHook } from '../jobs/index.ts';

export const notesMerge: JobMergeHook = {
  relation: 'notes',
  // Notes carry no owner column: the jobs service has checked and locked both jobs as the owner's.
  moveIn: async (tx, _ownerId, fromJobId, toJobId) => {
    await tx.$executeRaw`UPDATE notes SET job_id = ${toJobId}::uuid WHERE job_id = ${fromJobId}::uuid`;
  },
};
