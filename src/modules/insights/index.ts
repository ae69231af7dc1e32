// The insight feature's public face: other modules and the composition root import only this file.
// Importing it registers the stats query and its types on the schema builder.
import './insight.graphql.ts';

export { InsightService, type InsightServiceOptions, type StatsView } from './insight.service.ts';
export { STATS_DEFAULT_DAYS, STATS_WINDOW_MAX_DAYS } from './insight.validation.ts';
