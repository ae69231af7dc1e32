// Input validation with zod, reported as BAD_USER_INPUT naming the field at fault.
import { z } from 'zod';
import { AppError } from './errors.ts';

/** Parses `input` or throws AppError.invalid naming the field at fault (data, and the message's start). */
export function parseInput<Schema extends z.ZodType>(
  schema: Schema,
  input: unknown,
  prefix?: string,
): z.output<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue?.path.map(String).join('.') ?? '';
  const field = [prefix, path].filter(Boolean).join('.') || 'input';
  throw AppError.invalid(field, issue?.message ?? 'is invalid');
}

/** Input as it arrives from a client: the fields of T, each of any value until validated. */
export type Untrusted<T> = { [Field in keyof T]?: unknown };

/** Any UUID-shaped id (PostgreSQL's uuid type accepts every version). */
export const id = () => z.guid({ error: 'must be a UUID' });

// PostgreSQL text cannot hold U+0000, and a lone surrogate would be stored as U+FFFD.
const storable = (value: string) => !value.includes('\u0000') && value.isWellFormed();
const STORABLE_ERROR = 'must be valid Unicode text without NUL characters';

/** A trimmed, non-empty string of at most `max` characters. */
export const text = (max: number) =>
  z
    .string({ error: (issue) => (issue.input === null ? 'must not be null' : 'must be a string') })
    .trim()
    .min(1, { error: 'must not be empty' })
    .max(max, { error: `must be at most ${max} characters` })
    .refine(storable, { error: STORABLE_ERROR });

/** Text PostgreSQL can hold, as written (not trimmed, may be empty): search text, a cursor's key. */
export const storableText = (max: number) =>
  z
    .string({ error: 'must be a string' })
    .max(max, { error: `must be at most ${max} characters` })
    .refine(storable, { error: STORABLE_ERROR });

/**
 * The instants every date and date-time input must fall within, in UTC: years 0001 to 9999.
 * Each layer holds a wider range, but not the same one: PostgreSQL's `date` goes from 4713 BC to
 * 5874897 AD and `timestamptz` to 294276 AD, yet it has no year 0 (1 BC is "0001-01-01 BC", so
 * "0000-01-01" is an error there); a JavaScript Date goes to ±275760 but writes years outside
 * 0000..9999 as "+010000-01-01", which the driver passes on and PostgreSQL refuses. Years 0001 to
 * 9999 are the ones the column, the driver and the GraphQL scalars all write and read the same
 * way, in plain ISO 8601 with four-digit years. Every date field uses `calendarDate` or `dateTime`
 * below and so gets this rule; a stricter field (a deadline in the future, say) narrows it.
 */
export const STORABLE_DATES = {
  min: new Date('0001-01-01T00:00:00.000Z'),
  max: new Date('9999-12-31T23:59:59.999Z'),
} as const;

const withinStorableDates = (message: string) =>
  z.date().min(STORABLE_DATES.min, { error: message }).max(STORABLE_DATES.max, { error: message });

/** A calendar day, "YYYY-MM-DD", as a Date at midnight UTC, in years 0001 to 9999. */
export const calendarDate = () =>
  z.iso
    .date({ error: 'must be a date in the form YYYY-MM-DD, e.g. 2024-01-15' })
    .transform((value) => new Date(`${value}T00:00:00.000Z`))
    .pipe(withinStorableDates('must be a date between 0001-01-01 and 9999-12-31'));

/** An instant with its time zone, e.g. "2024-01-20T10:00:00Z", in years 0001 to 9999 once in UTC. */
export const dateTime = () =>
  z.iso
    .datetime({ offset: true, error: 'must be an ISO 8601 date-time with a time zone, e.g. 2024-01-20T10:00:00Z' })
    .transform((value) => new Date(value))
    .pipe(
      withinStorableDates(
        'must be an instant between 0001-01-01 and 9999-12-31 in UTC (its time zone counted), e.g. 2024-01-20T10:00:00Z',
      ),
    );

/** An absolute http or https URL of at most `max` characters (links a browser can open). */
export const httpUrl = (max = 2048) =>
  z
    .string({ error: 'must be a string' })
    .trim()
    .max(max, { error: `must be at most ${max} characters` })
    .refine(
      (value) => {
        if (!URL.canParse(value)) return false;
        const { protocol, hostname } = new URL(value);
        return (protocol === 'http:' || protocol === 'https:') && hostname.length > 0;
      },
      { error: 'must be an http or https URL, e.g. https://example.com/jobs/42' },
    );
