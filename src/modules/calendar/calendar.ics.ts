// The feed's iCalendar text (RFC 5545), written by ical-generator: CRLF line ends, lines folded at
// 75 octets, text escaped. Nothing in it depends on the time of the request (DTSTAMP is each
// item's last change), so an unchanged feed is the same bytes and keeps its ETag.
import { createHash } from 'node:crypto';
import ical, { ICalEventStatus } from 'ical-generator';
import type { CalendarEventView } from './calendar.views.ts';

/** How often calendar apps should fetch again (REFRESH-INTERVAL and X-PUBLISHED-TTL). */
export const FEED_REFRESH_SECONDS = 60 * 60;

/** Stable per item and kind: a job's deadline and its id never clash with another item's. */
export function eventUid(event: Pick<CalendarEventView, 'kind' | 'id'>): string {
  return `${event.kind}-${event.id}@job-application-tracker`;
}

// RFC 5545 TEXT holds no control character but tab (line breaks are escaped by the writer);
// the app's text inputs refuse only NUL, so the others are left out here.
// eslint-disable-next-line no-control-regex -- matching them is the point
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
const icsText = <T extends string | null>(value: T): T =>
  (value === null ? value : value.replace(CONTROL_CHARACTERS, '')) as T;

export function calendarText(events: readonly CalendarEventView[]): string {
  const calendar = ical({
    name: 'Job applications',
    description: 'Interviews, reminders, task due dates and application deadlines',
    prodId: { company: 'job-application-tracker', product: 'calendar-feed', language: 'EN' },
    ttl: FEED_REFRESH_SECONDS,
  });
  for (const event of events) {
    calendar.createEvent({
      id: eventUid(event),
      sequence: event.sequence,
      stamp: new Date(event.stamp),
      // A day stays a string: ical-generator writes it as a DATE, never shifted by a time zone.
      start: event.allDay ? event.start : new Date(event.start),
      end: event.end === null ? null : event.allDay ? event.end : new Date(event.end),
      allDay: event.allDay,
      summary: icsText(event.summary),
      description: icsText(event.description),
      location: icsText(event.location),
      url: event.url,
      status: event.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
  // RFC 5545 ends every line with CRLF, the last one too (ical-generator leaves it off).
  const text = calendar.toString();
  return text.endsWith('\r\n') ? text : `${text}\r\n`;
}

/** A strong ETag of the body. */
export function etagOf(body: string): string {
  return `"${createHash('sha256').update(body).digest('base64url')}"`;
}

/** Whether an If-None-Match header matches `etag` (a list, `*`, weak or strong: RFC 9110 weak comparison). */
export function matchesEtag(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === '*' || tag === etag);
}
