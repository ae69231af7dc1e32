// Input validation with zod, reported as BAD_USER_INPUT naming the field at fault.
import { z } from 'zod';
import { AppError } from './errors.ts';

/** Parses `input` or throws an AppError whose message starts with the field's name. */
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
  throw AppError.invalid(field, `${field} ${issue?.message ?? 'is invalid'}`);
}

/** Input as it arrives from a client: the fields of T, each of any value until validated. */
export type Untrusted<T> = { [Field in keyof T]?: unknown };

/** Any UUID-shaped id (PostgreSQL's uuid type accepts every version). */
export const id = () => z.guid({ error: 'must be a UUID' });

/** A trimmed, non-empty string of at most `max` characters. */
export const text = (max: number) =>
  z
    .string({ error: (issue) => (issue.input === null ? 'must not be null' : 'must be a string') })
    .trim()
    .min(1, { error: 'must not be empty' })
    .max(max, { error: `must be at most ${max} characters` })
    // PostgreSQL text cannot hold U+0000, and a lone surrogate would be stored as U+FFFD.
    .refine((value) => !value.includes('\u0000') && value.isWellFormed(), {
      error: 'must be valid Unicode text without NUL characters',
    });

/** A calendar day, "YYYY-MM-DD", as a Date at midnight UTC. */
export const calendarDate = () =>
  z.iso
    .date({ error: 'must be a date in the form YYYY-MM-DD, e.g. 2024-01-15' })
    .transform((value) => new Date(`${value}T00:00:00.000Z`));

/** An instant with its time zone, e.g. "2024-01-20T10:00:00Z". */
export const dateTime = () =>
  z.iso
    .datetime({ offset: true, error: 'must be an ISO 8601 date-time with a time zone, e.g. 2024-01-20T10:00:00Z' })
    .transform((value) => new Date(value));
