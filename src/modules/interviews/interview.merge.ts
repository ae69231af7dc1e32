// mergeJobs (jobs/job.merge.ts): the merged job's interviews, with their contacts, move to the kept job.
import type { JobMergeHook } from '../jobs/index.ts';

export const interviewsMerge: JobMergeHook = {
  relation: 'interviews',
  moveIn: async (tx, ownerId, fromJobId, toJobId) => {
    await tx.$executeRaw`
      UPDATE interviews SET job_id = ${toJobId}::uuid, updated_at = now()
      WHERE job_id = ${fromJobId}::uuid AND user_id = ${ownerId}::uuid`;
  },
};
