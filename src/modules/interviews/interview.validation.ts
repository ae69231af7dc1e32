// Rules for interview input: a time with its zone, a bounded duration, the fixed sets of kinds
// and outcomes, short texts, an http(s) meeting link, the caller's contacts by id.
import { z } from 'zod';
import type { InterviewKind, InterviewOutcome } from '../../generated/prisma/enums.ts';
import { dateTime, httpUrl, id, text, type Untrusted } from '../../lib/validation.ts';

export const INTERVIEW_KINDS = [
  'phone_screen',
  'technical',
  'behavioral',
  'onsite',
  'panel',
  'final',
  'other',
] as const satisfies readonly InterviewKind[];
export const INTERVIEW_OUTCOMES = [
  'pending',
  'passed',
  'failed',
  'cancelled',
] as const satisfies readonly InterviewOutcome[];

export const DURATION_MINUTES = { min: 5, max: 1440, default: 60 } as const;
export const LOCATION_MAX = 200;
export const INTERVIEW_NOTES_MAX = 10_000;
/** More people than any interview has: bounds the statement that checks them. */
export const INTERVIEW_CONTACTS_MAX = 50;
export const UPCOMING_DAYS = { min: 1, max: 365, default: 14 } as const;

export const interviewIdSchema = id();

const notNull = (issue: { input: unknown }, problem: string) => (issue.input === null ? 'must not be null' : problem);

const durationMinutes = z
  .number({ error: (issue) => notNull(issue, 'must be an integer') })
  .int({ error: 'must be an integer' })
  .min(DURATION_MINUTES.min, { error: `must be between ${DURATION_MINUTES.min} and ${DURATION_MINUTES.max}` })
  .max(DURATION_MINUTES.max, { error: `must be between ${DURATION_MINUTES.min} and ${DURATION_MINUTES.max}` });

// The GraphQL scalars already refuse other values; these rules hold for direct service calls too.
const kind = z.enum(INTERVIEW_KINDS, {
  error: (issue) => notNull(issue, `must be one of: ${INTERVIEW_KINDS.join(', ')}`),
});
const outcome = z.enum(INTERVIEW_OUTCOMES, {
  error: (issue) => notNull(issue, `must be one of: ${INTERVIEW_OUTCOMES.join(', ')}`),
});

/** Ids of the caller's contacts; duplicates collapse (a person takes part once). */
const contactIds = z
  .array(id(), { error: (issue) => notNull(issue, 'must be a list of ids') })
  .max(INTERVIEW_CONTACTS_MAX, { error: `must hold at most ${INTERVIEW_CONTACTS_MAX} contacts` })
  .transform((ids) => [...new Set(ids.map((value) => value.toLowerCase()))]);

export const createInterviewSchema = z.object({
  jobId: id(),
  scheduledAt: dateTime(),
  durationMinutes: durationMinutes.nullish().transform((value) => value ?? DURATION_MINUTES.default),
  kind: kind.nullish().transform((value) => value ?? 'other'),
  location: text(LOCATION_MAX).nullish(),
  meetingUrl: httpUrl().nullish(),
  notes: text(INTERVIEW_NOTES_MAX).nullish(),
  outcome: outcome.nullish().transform((value) => value ?? 'pending'),
  contactIds: contactIds.nullish().transform((value) => value ?? []),
  keepStatus: z
    .boolean({ error: 'must be a boolean' })
    .nullish()
    .transform((value) => value ?? false),
});

/** A partial update: absent fields stay; location, meetingUrl and notes may be cleared with null. */
export const updateInterviewSchema = z.object({
  scheduledAt: dateTime().optional(),
  durationMinutes: durationMinutes.optional(),
  kind: kind.optional(),
  location: text(LOCATION_MAX).nullish(),
  meetingUrl: httpUrl().nullish(),
  notes: text(INTERVIEW_NOTES_MAX).nullish(),
  outcome: outcome.optional(),
  /** Replaces the set; [] removes everyone. */
  contactIds: contactIds.optional(),
});

export const upcomingDaysSchema = z
  .number({ error: 'must be an integer' })
  .int({ error: 'must be an integer' })
  .min(UPCOMING_DAYS.min, { error: `must be between ${UPCOMING_DAYS.min} and ${UPCOMING_DAYS.max}` })
  .max(UPCOMING_DAYS.max, { error: `must be between ${UPCOMING_DAYS.min} and ${UPCOMING_DAYS.max}` });

export type CreateInterviewInput = Untrusted<z.input<typeof createInterviewSchema>>;
export type UpdateInterviewInput = Untrusted<z.input<typeof updateInterviewSchema>>;
