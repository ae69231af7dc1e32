// jobsConnection's `filter.hasUpcomingInterview`: the interviews table is this module's, so the
// condition comes from here; the composition root hands it to JobService (as embeds come).
import { Prisma } from '../../generated/prisma/client.ts';
import type { JobFilterPart } from '../jobs/index.ts';

/** The job of alias `j` has a pending interview scheduled at `now` or later (index interviews_job_id_scheduled_at_id_idx). */
export const upcomingInterviewFilter: JobFilterPart = {
  field: 'hasUpcomingInterview',
  holds: (now) => Prisma.sql`EXISTS (SELECT 1 FROM interviews i
    WHERE i.job_id = j.id AND i.scheduled_at >= ${now.toISOString()}::timestamptz AND i.outcome = 'pending')`,
};
