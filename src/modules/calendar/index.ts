// The calendar feed's public face: other modules and the composition root import only this file.
// Importing it registers the CalendarFeed type and the calendar fields on the schema builder.
import './calendar.graphql.ts';

export { CalendarFeedObject } from './calendar.graphql.ts';
export { CALENDAR_OPENAPI_PATHS } from './calendar.openapi.ts';
export { redactCalendarPath, useCalendarFeedRoute, type CalendarRouteOptions } from './calendar.http.ts';
export {
  CALENDAR_PATH,
  CalendarService,
  type CalendarDocument,
  type CalendarFeedView,
  type CalendarServiceOptions,
  type RotatedCalendarFeed,
} from './calendar.service.ts';
export { CANCELLED_EVENT_DAYS } from './calendar.views.ts';
