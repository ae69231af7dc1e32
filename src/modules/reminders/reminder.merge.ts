// mergeJobs (jobs/job.merge.ts): the merged job's follow-up nudges move to the kept job instead of
// going with it (follow_up_nudges.job_id cascades). A nudge remembers its applied event, and the
// event moves too: gone, the sweep would nudge that stage a second time.
import type { JobMergeHook } from '../jobs/index.ts';

export const followUpsMerge: JobMergeHook = {
  relation: 'follow-up nudges',
  moveIn: async (tx, _ownerId, fromJobId, toJobId) => {
    // Both jobs are the owner's and locked by the merge; nudges have no owner column of their own.
    await tx.$executeRaw`UPDATE follow_up_nudges SET job_id = ${toJobId}::uuid WHERE job_id = ${fromJobId}::uuid`;
  },
};
