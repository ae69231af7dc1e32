// Rules for the stats window (SPEC.md Part 2, "Insight"): two calendar days, `from` on or before
// `to`, at most STATS_WINDOW_MAX_DAYS long. Either may be left out (see resolveWindow).
import { z } from 'zod';
import { AppError } from '../../lib/errors.ts';
import { calendarDate, parseInput, type Untrusted } from '../../lib/validation.ts';

/** The window when neither end is given: the last 90 days, today (the user's zone) included. */
export const STATS_DEFAULT_DAYS = 90;
/** The longest window, both ends included: two years of 365 days and a leap day. */
export const STATS_WINDOW_MAX_DAYS = 731;

const DAY_MS = 86_400_000;

export const statsWindowSchema = z.object({
  from: calendarDate().nullish(),
  to: calendarDate().nullish(),
});

export type StatsWindowInput = Untrusted<z.input<typeof statsWindowSchema>>;

/** Both ends of a window, as calendar days (`YYYY-MM-DD`), both included. */
export interface StatsWindow {
  from: string;
  to: string;
}

const dayOf = (date: Date): string => date.toISOString().slice(0, 10);

/** Today's calendar day in `timeZone` at the instant `now`. */
export function todayIn(timeZone: string, now: Date): string {
  // en-CA writes YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/**
 * The window asked for, its missing ends filled in: `to` defaults to today in the user's zone,
 * `from` to STATS_DEFAULT_DAYS - 1 days before `to`. `from` after `to`, or a window longer than
 * STATS_WINDOW_MAX_DAYS, is BAD_USER_INPUT naming `to`.
 */
export function resolveWindow(input: StatsWindowInput, today: string): StatsWindow {
  const parsed = parseInput(statsWindowSchema, input);
  const to = parsed.to ?? new Date(`${today}T00:00:00.000Z`);
  const from = parsed.from ?? new Date(to.getTime() - (STATS_DEFAULT_DAYS - 1) * DAY_MS);
  if (from > to) throw AppError.invalid('to', 'must be on or after from');
  const days = Math.round((to.getTime() - from.getTime()) / DAY_MS) + 1;
  if (days > STATS_WINDOW_MAX_DAYS) {
    throw AppError.invalid(
      'to',
      `must be at most ${STATS_WINDOW_MAX_DAYS - 1} days after from (a window of at most ${STATS_WINDOW_MAX_DAYS} days)`,
    );
  }
  return { from: dayOf(from), to: dayOf(to) };
}
