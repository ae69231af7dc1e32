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

/** A status as an SQL literal of the enum: a code constant, never input. */
const status = (value: JobStatus) => Prisma.raw(`'${value}'::"JobStatus"`);

/**
 * One statement for every figure. `job_facts` sums each job's history up: its highest stage
 * (appliedOn counts as having applied), its applied day (appliedOn, else the day in the user's
 * zone of its first event at or past applied), its first response and its latest event. The
 * window's applications are the jobs whose applied day falls in [from, to], archived ones
 * included; byStatus and ghosted are the current state, outside the window.
 */
export function statsStatement(query: StatsQuery): Prisma.Sql {
  const { ownerId, timeZone, from, to, now, ghostedAfterDays } = query;
  // PostgreSQL orders an enum by its declaration (wishlist < applied < interviewing < offer <
  // accepted < rejected < withdrawn), so "at or past applied" is a range of the enum: the end
  // states (rejected, withdrawn) sort after accepted and are left out by `<= accepted`.
  const applied = status('applied');
  const accepted = status('accepted');
  return Prisma.sql`
    WITH owned AS (
      SELECT j.id, j.status, j.applied_on, j.source, j.archived
      FROM jobs j WHERE j.user_id = ${ownerId}::uuid
    ),
    history AS (
      SELECT e.job_id, e.to_status, e.occurred_at,
             lead(e.occurred_at) OVER (PARTITION BY e.job_id ORDER BY e.occurred_at, e.id) AS ended_at
      FROM job_status_events e JOIN owned o ON o.id = e.job_id
    ),
    per_job AS (
      SELECT h.job_id,
             max(h.to_status) FILTER (WHERE h.to_status <= ${accepted}) AS top_stage,
             min(h.occurred_at) FILTER (WHERE h.to_status BETWEEN ${applied} AND ${accepted}) AS first_applied_at,
             min(h.occurred_at) FILTER (WHERE h.to_status IN (${statusList(RESPONSE_STATUSES)})) AS first_response_at,
             max(h.occurred_at) AS last_event_at
      FROM history h GROUP BY h.job_id
    ),
    job_facts AS (
      SELECT o.id, o.source, o.status, o.archived,
             greatest(p.top_stage, CASE WHEN o.applied_on IS NOT NULL THEN ${applied} END) AS top_stage,
             coalesce(o.applied_on, (p.first_applied_at AT TIME ZONE ${timeZone}::text)::date) AS applied_day,
             p.first_response_at, p.last_event_at
      FROM owned o LEFT JOIN per_job p ON p.job_id = o.id
    ),
    applications AS (
      SELECT f.id, f.source, f.top_stage, f.applied_day, f.first_response_at,
             f.first_response_at IS NOT NULL AS responded
      FROM job_facts f
      WHERE f.top_stage >= ${applied} AND f.applied_day BETWEEN ${from}::date AND ${to}::date
    ),
    stints AS (
      SELECT h.to_status AS stage,
             greatest(0, extract(epoch FROM coalesce(h.ended_at, ${now}::timestamptz) - h.occurred_at) / 86400)::float8 AS days
      FROM history h JOIN applications a ON a.id = h.job_id
      WHERE h.to_status IN (${statusList(TIMED_STAGES)})
    ),
    summary AS (
      SELECT count(*) AS applications,
             ${Prisma.join(
               FUNNEL_STAGES.map((stage) =>
                 Prisma.raw(`count(*) FILTER (WHERE a.top_stage >= '${stage}'::"JobStatus") AS reached_${stage}`),
               ),
             )},
             (count(*) FILTER (WHERE a.responded))::float8 / nullif(count(*), 0) AS response_rate,
             percentile_cont(0.5) WITHIN GROUP (
               ORDER BY greatest(0, (a.first_response_at AT TIME ZONE ${timeZone}::text)::date - a.applied_day))
               FILTER (WHERE a.responded) AS median_days_to_first_response
      FROM applications a
    ),
    stage_times AS (
      SELECT t.stage, count(*) AS samples,
             percentile_cont(ARRAY[0.5, 0.9]::float8[]) WITHIN GROUP (ORDER BY t.days) AS percentiles
      FROM stints t GROUP BY t.stage
    )
    SELECT json_build_object(
      'byStatus', (
        SELECT json_agg(json_build_object('status', c.status, 'count', c.count) ORDER BY c.status)
        FROM (
          SELECT s.status, count(f.id) AS count
          FROM unnest(enum_range(NULL::"JobStatus")) AS s(status)
          LEFT JOIN job_facts f ON f.status = s.status AND NOT f.archived
          GROUP BY s.status
        ) c
      ),
      'applications', summary.applications,
      'funnel', json_build_array(${Prisma.join(
        FUNNEL_STAGES.map((stage) =>
          Prisma.raw(`json_build_object('stage', '${stage}', 'count', summary.reached_${stage})`),
        ),
      )}),
      'responseRate', summary.response_rate,
      'medianDaysToFirstResponse', summary.median_days_to_first_response,
      'timeInStage', (
        SELECT json_agg(json_build_object(
                 'stage', s.stage,
                 'samples', coalesce(st.samples, 0),
                 'medianDays', st.percentiles[1],
                 'p90Days', st.percentiles[2])
               ORDER BY s.ord)
        FROM unnest(ARRAY[${statusList(TIMED_STAGES)}]) WITH ORDINALITY AS s(stage, ord)
        LEFT JOIN stage_times st ON st.stage = s.stage
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
          -- Sources compare case-insensitively, as filter.source does; each group shows its most
          -- used spelling ("LinkedIn" for 2 "LinkedIn" and 1 "linkedin").
          SELECT mode() WITHIN GROUP (ORDER BY a.source) AS source, count(*) AS applications,
                 (count(*) FILTER (WHERE a.responded))::float8 / count(*) AS response_rate
          FROM applications a GROUP BY lower(a.source)
        ) b
      ),
      'ghosted', (
        SELECT count(*) FROM job_facts f
        WHERE f.status = ${applied} AND NOT f.archived
          AND f.last_event_at <= ${now}::timestamptz - make_interval(days => ${ghostedAfterDays}::int)
      )
    ) AS stats
    FROM summary`;
}
