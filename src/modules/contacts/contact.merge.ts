// mergeJobs (jobs/job.merge.ts): the merged job's contacts become the kept job's; a contact
// linked to both stays linked once (the kept job's link, with its date).
import type { JobMergeHook } from '../jobs/index.ts';

export const contactsMerge: JobMergeHook = {
  relation: 'contacts',
  moveIn: async (tx, ownerId, fromJobId, toJobId) => {
    await tx.$executeRaw`
      INSERT INTO job_contacts (job_id, contact_id, created_at)
      SELECT ${toJobId}::uuid, jc.contact_id, jc.created_at
      FROM job_contacts jc JOIN contacts c ON c.id = jc.contact_id AND c.user_id = ${ownerId}::uuid
      WHERE jc.job_id = ${fromJobId}::uuid
      ON CONFLICT (job_id, contact_id) DO NOTHING`;
    await tx.$executeRaw`DELETE FROM job_contacts WHERE job_id = ${fromJobId}::uuid`;
  },
};
