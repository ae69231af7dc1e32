// GraphQL for insight: the stats query and its types. It only translates: InsightService holds the
// rules and the SQL.
import { builder } from '../../graphql/builder.ts';
import { JobStatusEnum } from '../jobs/index.ts';
import type { StatsView } from './insight.service.ts';
import { STATS_DEFAULT_DAYS, STATS_WINDOW_MAX_DAYS } from './insight.validation.ts';
import type {
  FunnelStageView,
  SourceStatsView,
  StageTimeView,
  StatusCountView,
  WeekCountView,
} from './insight.views.ts';

const StatusCountObject = builder.objectRef<StatusCountView>('StatusCount').implement({
  fields: (t) => ({
    status: t.expose('status', { type: JobStatusEnum }),
    count: t.exposeInt('count'),
  }),
});

const FunnelStageObject = builder.objectRef<FunnelStageView>('FunnelStage').implement({
  description: 'How many of the window’s applications ever reached this stage or a later one.',
  fields: (t) => ({
    stage: t.expose('stage', { type: JobStatusEnum }),
    count: t.exposeInt('count'),
  }),
});

const StageTimeObject = builder.objectRef<StageTimeView>('StageTime').implement({
  description:
    'Days spent in a stage, over every stint in it of the window’s applications (the open stage counts to now).',
  fields: (t) => ({
    stage: t.expose('stage', { type: JobStatusEnum }),
    samples: t.exposeInt('samples', { description: 'How many stints were measured.' }),
    medianDays: t.exposeFloat('medianDays', { nullable: true, description: 'Null when no stint was measured.' }),
    p90Days: t.exposeFloat('p90Days', { nullable: true, description: 'The 90th percentile (interpolated).' }),
  }),
});

const WeekCountObject = builder.objectRef<WeekCountView>('WeekCount').implement({
  fields: (t) => ({
    weekStart: t.expose('weekStart', { type: 'Date', description: 'The Monday of the ISO week, in your time zone.' }),
    applications: t.exposeInt('applications'),
  }),
});

const SourceStatsObject = builder.objectRef<SourceStatsView>('SourceStats').implement({
  fields: (t) => ({
    source: t.exposeString('source', { nullable: true, description: 'Null: the applications without a source.' }),
    applications: t.exposeInt('applications'),
    responseRate: t.exposeFloat('responseRate'),
  }),
});

const StatsObject = builder.objectRef<StatsView>('Stats').implement({
  description:
    'What your applications add up to. An application is in the window by its applied day: appliedOn, else the day (your time zone) of its first status event at or past applied. Archived jobs count everywhere but in byStatus and ghosted.',
  fields: (t) => ({
    from: t.expose('from', { type: 'Date', description: 'The window’s first day (included).' }),
    to: t.expose('to', { type: 'Date', description: 'The window’s last day (included).' }),
    timeZone: t.exposeString('timeZone', { description: 'Your setting: the zone of days and weeks.' }),
    byStatus: t.field({
      type: [StatusCountObject],
      description:
        'Now, whatever the window: how many of your non-archived jobs are in each status (every status, 0 included).',
      resolve: (stats) => stats.byStatus,
    }),
    applications: t.exposeInt('applications', { description: 'Applications sent in the window.' }),
    funnel: t.field({
      type: [FunnelStageObject],
      description:
        'applied, interviewing, offer, accepted: how many of the window’s applications ever reached the stage or a later one (wishlist < applied < interviewing < offer < accepted; rejected and withdrawn are not stages). Never increasing.',
      resolve: (stats) => stats.funnel,
    }),
    responseRate: t.exposeFloat('responseRate', {
      nullable: true,
      description:
        'Share (0 to 1) of the window’s applications that ever moved to interviewing, offer, accepted or rejected (withdrawn is not a response). Null when there are none.',
    }),
    medianDaysToFirstResponse: t.exposeFloat('medianDaysToFirstResponse', {
      nullable: true,
      description:
        'Median, over the window’s answered applications, of calendar days (your time zone) from the applied day to the first response. Null when none was answered.',
    }),
    timeInStage: t.field({
      type: [StageTimeObject],
      description: 'applied, interviewing, offer: days spent in each (end states are not timed).',
      resolve: (stats) => stats.timeInStage,
    }),
    perWeek: t.field({
      type: [WeekCountObject],
      description: 'Applications per ISO week (Monday, your time zone) over the window, empty weeks included.',
      resolve: (stats) => stats.perWeek,
    }),
    bySource: t.field({
      type: [SourceStatsObject],
      description: 'The window’s applications and response rate per source, most applications first; null source last.',
      resolve: (stats) => stats.bySource,
    }),
    ghosted: t.exposeInt('ghosted', {
      description:
        'Now, whatever the window: your non-archived jobs still applied with no status event for ghostedAfterDays days.',
    }),
    ghostedAfterDays: t.exposeInt('ghostedAfterDays', { description: 'Your setting (default 21).' }),
  }),
});

const DAY_HELP = 'A calendar day, YYYY-MM-DD, in your time zone.';

builder.queryField('stats', (t) =>
  t.withAuth({ authenticated: true }).field({
    type: StatsObject,
    description: `Your stats over the days from..to (both included). Defaults: to = today in your time zone, from = ${STATS_DEFAULT_DAYS - 1} days before to (${STATS_DEFAULT_DAYS} days). from after to, or a window over ${STATS_WINDOW_MAX_DAYS} days, is BAD_USER_INPUT naming to.`,
    args: {
      from: t.arg.string({ description: `${DAY_HELP} The first day of the window.` }),
      to: t.arg.string({ description: `${DAY_HELP} The last day of the window.` }),
    },
    resolve: (_root, args, context) =>
      context.services.insights.stats(context.viewer.userId, { from: args.from, to: args.to }),
  }),
);
