// mergeJobs (jobs/job.merge.ts): the merged job's tasks, done or not, move to the kept job.
import type { JobMergeHook } from '../jobs/index.ts';

export const tasksMerge: JobMergeHook = {
  relation: 'tasks',
  moveIn: async (tx, ownerId, fromJobId, toJobId) => {
    await tx.$executeRaw`
      UPDATE tasks SET job_id = ${toJobId}::uuid, updated_at = now()
      WHERE job_id = ${fromJobId}::uuid AND user_id = ${ownerId}::uuid`;
  },
};
