// Possible duplicates of a new job (SPEC Part 2, "Finding"): a warning on createJob's payload,
// never a refusal. Both sides are normalised by the SQL functions of the migration
// 20261203090000_job_duplicates (job_url_key with its named list of tracking parameters,
// company_key with its legal suffixes): the stored side in the columns jobs.job_url_key and
// jobs.company_key, which a trigger keeps on every write, the new side by the same functions in
// the statement, so both go through the same code. One statement over the owner's jobs (index
// jobs_user_id_created_at_id_idx narrows it to them).
import { Prisma } from '../../generated/prisma/client.ts';
import type { SqlReader } from '../../infra/database.ts';
import { jobJson, type JobView } from './job.views.ts';

/**
 * Trigram similarity (pg_trgm, 0 to 1) from which two company keys count as the same company:
 * "Acme" and "Acme Labs" (0.5) or "Globex" and "Globex Systems" (0.47) pass, "Acme" and "Acne
 * Labs" (0.15) do not. Legal suffixes are already gone from the keys, so "Acme Inc" and "ACME
 * GmbH" compare as 1. The position must be similar too, which keeps this one loose.
 */
export const COMPANY_SIMILARITY_MIN = 0.45;

/**
 * Trigram similarity from which two positions count as the same role, given a similar company:
 * "Software Engineer" and "Senior Software Engineer" or "Sofware Engineer" (0.75) pass,
 * "Backend Engineer" and "Frontend Engineer" (0.46) do not.
 */
export const POSITION_SIMILARITY_MIN = 0.5;

/** At most this many possible duplicates are answered, the most recent first. */
export const POSSIBLE_DUPLICATES_MAX = 20;

/** The fields of a job the comparison reads. */
export interface DuplicateProbe {
  id: string;
  companyName: string;
  position: string;
  jobUrl: string | null;
}

/**
 * The owner's other jobs, archived ones included (re-adding an archived application is worth a
 * warning too), with the same URL key, or a similar company and a similar position: one statement.
 */
export async function possibleDuplicates(sql: SqlReader, ownerId: string, job: DuplicateProbe): Promise<JobView[]> {
  const [page] = await sql.rows<{ jobs: JobView[] }>(Prisma.sql`
    SELECT coalesce(json_agg(found.job ORDER BY found.created_at DESC, found.id DESC), '[]'::json) AS jobs
    FROM (
      SELECT j.created_at, j.id, ${jobJson([])} AS job
      FROM jobs j
      WHERE j.user_id = ${ownerId}::uuid AND j.id <> ${job.id}::uuid
        AND (
          j.job_url_key = job_url_key(${job.jobUrl}::text)
          OR (similarity(j.company_key, company_key(${job.companyName})) >= ${COMPANY_SIMILARITY_MIN}
            AND similarity(j.position, ${job.position}) >= ${POSITION_SIMILARITY_MIN})
        )
      ORDER BY j.created_at DESC, j.id DESC
      LIMIT ${POSSIBLE_DUPLICATES_MAX}
    ) found`);
  return page?.jobs ?? [];
}
