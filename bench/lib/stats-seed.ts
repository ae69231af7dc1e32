// The stats benchmark's data (bench/run.ts, "stats: 10,000 vs 100 jobs"): users whose jobs all
// fall in one two-year window, each with a status history like a real search, all set-based SQL.
import type pg from 'pg';
import { seedUsers } from './postgres.ts';

/** The window every seeded application falls in (the longest stats accepts). */
export const STATS_WINDOW = { from: '2024-01-01', to: '2025-12-31' };

/**
 * One user `${prefix}-1@bench.local` with `jobs` jobs, applied on days spread over STATS_WINDOW,
 * with their events: applied for all; then a third interviewing (a ninth on to an offer, some
 * accepted), a fifth rejected, a few withdrawn; the rest stay applied (ghosted when old).
 */
export async function seedStatsUser(client: pg.Client, prefix: string, jobs: number): Promise<void> {
  await seedUsers(client, { prefix, users: 1, jobsPerUser: jobs, notesPerJob: 0 });
  await client.query(
    `WITH numbered AS (
       SELECT j.id, row_number() OVER (ORDER BY j.created_at, j.id) AS g
       FROM jobs j JOIN users u ON u.id = j.user_id AND u.email = $1 || '-1@bench.local'
     )
     UPDATE jobs j SET applied_on = date '2024-01-01' + (n.g % 730)::int,
                      created_at = timestamptz '2024-01-01 09:00:00+00' + (n.g % 730) * interval '1 day',
                      source = (ARRAY['LinkedIn', 'referral', 'company site', NULL])[1 + n.g % 4]
     FROM numbered n WHERE n.id = j.id`,
    [prefix],
  );
  // Each job's path as (days after applying, status): step k of a job happens k * 4 days in.
  await client.query(
    `WITH numbered AS (
       SELECT j.id, j.created_at, row_number() OVER (ORDER BY j.created_at, j.id) AS g
       FROM jobs j JOIN users u ON u.id = j.user_id AND u.email = $1 || '-1@bench.local'
     ),
     paths AS (
       SELECT n.id, n.created_at,
              CASE WHEN n.g % 9 = 0 THEN ARRAY['applied', 'interviewing', 'offer', 'accepted']
                   WHEN n.g % 3 = 0 THEN ARRAY['applied', 'interviewing', 'rejected']
                   WHEN n.g % 5 = 1 THEN ARRAY['applied', 'rejected']
                   WHEN n.g % 11 = 2 THEN ARRAY['applied', 'withdrawn']
                   ELSE ARRAY['applied'] END AS steps
       FROM numbered n
     )
     INSERT INTO job_status_events (id, job_id, from_status, to_status, occurred_at, created_at)
     SELECT gen_random_uuid(), p.id, p.steps[s.k - 1]::"JobStatus", p.steps[s.k]::"JobStatus",
            p.created_at + (s.k - 1) * interval '4 days', now()
     FROM paths p CROSS JOIN LATERAL generate_subscripts(p.steps, 1) AS s(k)`,
    [prefix],
  );
  await client.query(
    `UPDATE jobs j SET status = e.to_status, status_changed_at = e.occurred_at
     FROM (SELECT DISTINCT ON (job_id) job_id, to_status, occurred_at FROM job_status_events
           ORDER BY job_id, occurred_at DESC) e
     JOIN users u ON u.email = $1 || '-1@bench.local'
     WHERE j.id = e.job_id AND j.user_id = u.id`,
    [prefix],
  );
}
