// The stats statement (SPEC.md Part 2, "Insight"): every figure of one user's Stats, built as one
// JSON value by PostgreSQL from the jobs and their status history (job_status_events, owned by
// the jobs module and read here in SQL only). Window functions (lead()) give each stint in a
// stage its end; percentile_cont gives medians and 90th percentiles; generate_series the weeks.
import { Prisma } from '../../generated/prisma/client.ts';
import type { JobStatus } from '../../generated/prisma/enums.ts';

/** The pipeline's stages in order; rejected and withdrawn are end states, not stages. */
export const STAGE_ORDER = ['wishlist', 'applied', 'interviewing', 'offer', 'accepted'] as const satisfies JobStatus[];
/** The funnel's stages: wishlist is not an application yet. */
export const FUNNEL_STAGES = ['applied', 'interviewing', 'offer', 'accepted'] as const satisfies JobStatus[];
/** The stages whose time is measured; accepted, like the end states, is not timed. */
export const TIMED_STAGES = ['applied', 'interviewing', 'offer'] as const satisfies JobStatus[];
/** A move to one of these is an answer from the employer (the user's own withdrawal is not). */
export const RESPONSE_STATUSES = ['interviewing', 'offer', 'accepted', 'rejected'] as const satisfies JobStatus[];

export interface StatusCountView {
  status: JobStatus;
  count: number;
}
export interface FunnelStageView {
  stage: JobStatus;
  count: number;
}
export interface StageTimeView {
  stage: JobStatus;
  /** How many stints in the stage were measured. */
  samples: number;
  medianDays: number | null;
  p90Days: number | null;
}
export interface WeekCountView {
  /** The Monday of the ISO week, YYYY-MM-DD, in the user's zone. */
  weekStart: string;
  applications: number;
}
export interface SourceStatsView {
  source: string | null;
  applications: number;
  responseRate: number;
}
export interface StatsFigures {
  byStatus: StatusCountView[];
  applications: number;
  funnel: FunnelStageView[];
  responseRate: number | null;
  medianDaysToFirstResponse: number | null;
  timeInStage: StageTimeView[];
  perWeek: WeekCountView[];
  bySource: SourceStatsView[];
  ghosted: number;
}

export interface StatsQuery {
  ownerId: string;
  /** A canonical IANA zone (the user's setting); PostgreSQL knows every one of them. */
  timeZone: string;
  from: string;
  to: string;
  now: Date;
  ghostedAfterDays: number;
}

const statusList = (statuses: readonly JobStatus[]) =>
  Prisma.raw(statuses.map((status) => `'${status}'::"JobStatus"`).join(', '));

/** A status's rank in STAGE_ORDER (0 for wishlist), null for an end state. */
const stageRank = (column: string) =>
  Prisma.raw(
    `CASE ${column} ${STAGE_ORDER.map((stage, rank) => `WHEN '${stage}' THEN ${rank}`).join(' ')} ELSE NULL END`,
  );

// A code constant, written into the SQL (a parameter would arrive untyped).
const APPLIED_RANK = Prisma.raw(String(STAGE_ORDER.indexOf('applied')));

/**
 * One statement for every figure. `job_facts` sums each job's history up: its highest stage
 * (appliedOn counts as having applied), its applied day (appliedOn, else the day in the user's
 * zone of its first event at or past applied), its first response and its latest event. The
 * window's applications are the jobs whose applied day falls in [from, to], archived ones
 * included; byStatus and ghosted are the current state, outside the window.
 */
export function statsStatement(query: StatsQuery): Prisma.Sql {
  const { ownerId, timeZone, from, to, now, ghostedAfterDays } = query;
  return Prisma.sql`
    WITH owned AS (
      SELECT j.id, j.status, j.applied_on, j.source, j.archived
      FROM jobs j WHERE j.user_id = ${ownerId}::uuid
    ),
    history AS (
      SELECT e.job_id, e.to_status, e.occurred_at,
             lead(e.occurred_at) OVER (PARTITION BY e.job_id ORDER BY e.occurred_at, e.created_at, e.id) AS ended_at
      FROM job_status_events e JOIN owned o ON o.id = e.job_id
    ),
    job_facts AS (
      SELECT o.id, o.source,
             greatest(max(${stageRank('h.to_status')}),
                      CASE WHEN o.applied_on IS NOT NULL THEN ${APPLIED_RANK} END) AS top_rank,
             coalesce(o.applied_on,
                      (min(h.occurred_at) FILTER (WHERE ${stageRank('h.to_status')} >= ${APPLIED_RANK})
                        AT TIME ZONE ${timeZone}::text)::date) AS applied_day,
             min(h.occurred_at) FILTER (WHERE h.to_status IN (${statusList(RESPONSE_STATUSES)})) AS first_response_at
      FROM owned o LEFT JOIN history h ON h.job_id = o.id
      GROUP BY o.id, o.source, o.applied_on
    ),
    applications AS (
      SELECT f.*, f.first_response_at IS NOT NULL AS responded
      FROM job_facts f
      WHERE f.top_rank >= ${APPLIED_RANK} AND f.applied_day BETWEEN ${from}::date AND ${to}::date
    ),
    stints AS (
      SELECT h.to_status AS stage,
             greatest(0, extract(epoch FROM coalesce(h.ended_at, ${now}::timestamptz) - h.occurred_at) / 86400)::float8 AS days
      FROM history h JOIN applications a ON a.id = h.job_id
      WHERE h.to_status IN (${statusList(TIMED_STAGES)})
    ),
    last_events AS (
      SELECT h.job_id, max(h.occurred_at) AS last_at FROM history h GROUP BY h.job_id
    )
    SELECT json_build_object(
      'byStatus', (
        SELECT json_agg(json_build_object('status', c.status, 'count', c.count) ORDER BY c.status)
        FROM (
          SELECT s.status, count(o.id) AS count
          FROM unnest(enum_range(NULL::"JobStatus")) AS s(status)
          LEFT JOIN owned o ON o.status = s.status AND NOT o.archived
          GROUP BY s.status
        ) c
      ),
      'applications', (SELECT count(*) FROM applications),
      'funnel', (
        SELECT json_agg(json_build_object(
                 'stage', s.stage,
                 'count', (SELECT count(*) FROM applications a WHERE a.top_rank >= ${stageRank('s.stage')}))
               ORDER BY s.ord)
        FROM unnest(ARRAY[${statusList(FUNNEL_STAGES)}]) WITH ORDINALITY AS s(stage, ord)
      ),
      'responseRate', (SELECT (count(*) FILTER (WHERE responded))::float8 / nullif(count(*), 0) FROM applications),
      'medianDaysToFirstResponse', (
        SELECT percentile_cont(0.5) WITHIN GROUP (
                 ORDER BY greatest(0, (a.first_response_at AT TIME ZONE ${timeZone}::text)::date - a.applied_day))
        FROM applications a WHERE a.responded
      ),
      'timeInStage', (
        SELECT json_agg(json_build_object(
                 'stage', s.stage,
                 'samples', (SELECT count(*) FROM stints t WHERE t.stage = s.stage),
                 'medianDays', (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY t.days) FROM stints t WHERE t.stage = s.stage),
                 'p90Days', (SELECT percentile_cont(0.9) WITHIN GROUP (ORDER BY t.days) FROM stints t WHERE t.stage = s.stage))
               ORDER BY s.ord)
        FROM unnest(ARRAY[${statusList(TIMED_STAGES)}]) WITH ORDINALITY AS s(stage, ord)
      ),
      'perWeek', (
        SELECT json_agg(json_build_object('weekStart', to_char(w.week_start, 'YYYY-MM-DD'), 'applications', w.applications)
                        ORDER BY w.week_start)
        FROM (
          SELECT weeks.week_start::date AS week_start, count(a.id) AS applications
          FROM generate_series(date_trunc('week', ${from}::date::timestamp),
                               date_trunc('week', ${to}::date::timestamp), interval '1 week') AS weeks(week_start)
          LEFT JOIN applications a ON date_trunc('week', a.applied_day::timestamp) = weeks.week_start
          GROUP BY weeks.week_start
        ) w
      ),
      'bySource', (
        SELECT coalesce(json_agg(json_build_object('source', b.source, 'applications', b.applications,
                                                   'responseRate', b.response_rate)
                                 ORDER BY b.applications DESC, b.source NULLS LAST), '[]'::json)
        FROM (
          SELECT a.source, count(*) AS applications,
                 (count(*) FILTER (WHERE a.responded))::float8 / count(*) AS response_rate
          FROM applications a GROUP BY a.source
        ) b
      ),
      'ghosted', (
        SELECT count(*) FROM owned o JOIN last_events l ON l.job_id = o.id
        WHERE o.status = 'applied' AND NOT o.archived
          AND l.last_at <= ${now}::timestamptz - make_interval(days => ${ghostedAfterDays}::int)
      )
    ) AS stats`;
}
