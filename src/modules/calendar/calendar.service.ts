// The calendar feed (SPEC Part 2, "calendar feed"): one secret URL per user that calendar apps
// subscribe to without any auth header. Only the SHA-256 of the URL's token is stored: the URL is
// shown once, by rotate, and rotating replaces the hash, which revokes the old URL at once.
import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '../../infra/database.ts';
import { orNotFound } from '../../lib/prisma-errors.ts';
import { calendarText, etagOf } from './calendar.ics.ts';
import { feedStatement, type CalendarEventView } from './calendar.views.ts';

/** Where feeds are served: GET /calendar/<token>.ics. */
export const CALENDAR_PATH = '/calendar';

/** 32 random bytes in base64url: 43 characters, 256 bits nobody can guess. */
const TOKEN_BYTES = 32;
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export interface CalendarFeedView {
  id: string;
  createdAt: Date;
  lastFetchedAt: Date | null;
}

export interface RotatedCalendarFeed {
  /** The feed's URL, with its token: shown this once, never stored. */
  url: string;
  feed: CalendarFeedView;
}

export interface CalendarDocument {
  body: string;
  etag: string;
  events: number;
}

export interface CalendarServiceOptions {
  /** The server's public base URL (config PUBLIC_URL), for the feed's absolute URL. */
  publicUrl: string;
  /** The services' clock: lastFetchedAt, a rotation's createdAt, the 30 days of cancelled events. */
  now?: () => Date;
}

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

const VIEW_FIELDS = { id: true, createdAt: true, lastFetchedAt: true } as const;

export class CalendarService {
  private readonly now: () => Date;
  private readonly publicUrl: string;

  constructor(
    private readonly db: Database,
    options: CalendarServiceOptions,
  ) {
    this.now = options.now ?? (() => new Date());
    this.publicUrl = options.publicUrl;
  }

  /** Creates the owner's feed, or replaces its token (the old URL answers 404 from now on). */
  async rotate(ownerId: string): Promise<RotatedCalendarFeed> {
    const token = randomBytes(TOKEN_BYTES).toString('base64url');
    const tokenHash = hashToken(token);
    const createdAt = this.now();
    const feed = await this.db.calendarFeed.upsert({
      where: { userId: ownerId },
      create: { userId: ownerId, tokenHash, createdAt },
      update: { tokenHash, createdAt, lastFetchedAt: null },
      select: VIEW_FIELDS,
    });
    return { url: `${this.publicUrl}${CALENDAR_PATH}/${token}.ics`, feed };
  }

  async feed(ownerId: string): Promise<CalendarFeedView | null> {
    return this.db.calendarFeed.findUnique({ where: { userId: ownerId }, select: VIEW_FIELDS });
  }

  /** Turns the feed off: its URL answers 404. NOT_FOUND when there is none. */
  async delete(ownerId: string): Promise<CalendarFeedView> {
    return orNotFound(
      'Calendar feed',
      this.db.calendarFeed.delete({ where: { userId: ownerId }, select: VIEW_FIELDS }),
    );
  }

  /**
   * The calendar of the feed whose URL carries `token`, or null for a token no feed has. One SQL
   * statement (a lookup on the unique hash, then the owner's events), which also stamps
   * lastFetchedAt. The token is compared only through its hash, on an index.
   */
  async document(token: string): Promise<CalendarDocument | null> {
    if (!TOKEN_PATTERN.test(token)) return null;
    const [row] = await this.db.sql.rows<{ found: boolean; events: CalendarEventView[] }>(
      feedStatement(hashToken(token), this.now()),
    );
    if (!row?.found) return null;
    const body = calendarText(row.events);
    return { body, etag: etagOf(body), events: row.events.length };
  }
}
