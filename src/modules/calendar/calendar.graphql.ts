// GraphQL for the calendar feed: the CalendarFeed type, the calendarFeed query and the
// rotateCalendarFeed / deleteCalendarFeed mutations.
import { builder } from '../../graphql/builder.ts';
import { attempt, MutationPayload, type Outcome } from '../../graphql/payload.ts';
import type { CalendarFeedView, RotatedCalendarFeed } from './calendar.service.ts';

export const CalendarFeedObject = builder.objectRef<CalendarFeedView>('CalendarFeed').implement({
  description:
    'Your calendar subscription: interviews, note reminders, task due dates and job deadlines as an ' +
    'iCalendar feed. Its URL is shown only by rotateCalendarFeed.',
  fields: (t) => ({
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the current URL was made.' }),
    lastFetchedAt: t.expose('lastFetchedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When a calendar app last fetched the current URL; null until one does.',
    }),
  }),
});

const RotateCalendarFeedPayload = builder
  .objectRef<Outcome<RotatedCalendarFeed>>('RotateCalendarFeedPayload')
  .implement({
    interfaces: [MutationPayload],
    fields: (t) => ({
      url: t.string({
        nullable: true,
        description:
          'The feed URL (GET /calendar/<token>.ics, no auth header), shown this once: only a hash of ' +
          'its token is kept. Paste it into your calendar app as a subscription.',
        resolve: (outcome) => outcome.value?.url ?? null,
      }),
      calendarFeed: t.field({
        type: CalendarFeedObject,
        nullable: true,
        resolve: (outcome) => outcome.value?.feed ?? null,
      }),
    }),
  });

const DeleteCalendarFeedPayload = builder.objectRef<Outcome<CalendarFeedView>>('DeleteCalendarFeedPayload').implement({
  interfaces: [MutationPayload],
  fields: (t) => ({
    deletedId: t.id({ nullable: true, resolve: (outcome) => outcome.value?.id ?? null }),
  }),
});

builder.queryField('calendarFeed', (t) =>
  t.withAuth({ authenticated: true }).field({
    type: CalendarFeedObject,
    nullable: true,
    description: 'Your calendar feed, or null when it is off.',
    resolve: (_root, _args, context) => context.services.calendar.feed(context.viewer.userId),
  }),
);

builder.mutationFields((t) => ({
  rotateCalendarFeed: t.withAuth({ authenticated: true }).field({
    type: RotateCalendarFeedPayload,
    description:
      'Turns your calendar feed on, or gives it a new URL: the previous URL stops working at once ' +
      '(404). The new URL is in the answer and nowhere else.',
    resolve: (_root, _args, context) =>
      attempt('Calendar feed URL created', () => context.services.calendar.rotate(context.viewer.userId)),
  }),
  deleteCalendarFeed: t.withAuth({ authenticated: true }).field({
    type: DeleteCalendarFeedPayload,
    description: 'Turns your calendar feed off: its URL answers 404. NOT_FOUND when it is already off.',
    resolve: (_root, _args, context) =>
      attempt('Calendar feed deleted', () => context.services.calendar.delete(context.viewer.userId)),
  }),
}));
