// Rules for a user's settings (SPEC.md Part 2, "Reminders, follow-ups, calendar"): an IANA time
// zone stored in its canonical spelling, reminder lead times, and the follow-up and ghosted delays.
import { z } from 'zod';
import type { Untrusted } from '../../lib/validation.ts';

export const LEAD_MINUTES_MIN = 5;
/** Four weeks. */
export const LEAD_MINUTES_MAX = 40_320;
export const LEAD_TIMES_MAX = 5;
export const FOLLOW_UP_DAYS_MAX = 365;
export const GHOSTED_DAYS_MIN = 1;
export const GHOSTED_DAYS_MAX = 365;

/** The zone every account starts with; also what "Etc/UTC" and the other spellings of UTC become. */
export const UTC = 'UTC';

/**
 * The zones a setting may hold: those of the runtime's ICU (`Intl.supportedValuesOf`, which lists
 * the canonical names only) plus UTC, by their lower-cased spelling. PostgreSQL knows each of them
 * too (a test checks), so stats can use the stored name in `AT TIME ZONE`.
 */
const CANONICAL_ZONES = new Map<string, string>(
  [...Intl.supportedValuesOf('timeZone'), UTC].map((zone) => [zone.toLowerCase(), zone]),
);

/**
 * The canonical name of an IANA zone, or undefined when it is not one. The spelling is forgiven
 * and fixed ("europe/paris" is stored as "Europe/Paris"), and an IANA alias is stored as the zone
 * it links to ("Etc/UTC" as "UTC", "US/Eastern" as "America/New_York", "Asia/Kolkata" as ICU's
 * canonical "Asia/Calcutta"), so that every stored value is one of a known list. Offsets
 * ("+05:00") and abbreviations that are no IANA name are refused.
 */
export function canonicalTimeZone(name: string): string | undefined {
  const listed = CANONICAL_ZONES.get(name.toLowerCase());
  if (listed) return listed;
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
  return CANONICAL_ZONES.get(resolved.toLowerCase());
}

const notNull =
  (what: string) =>
  (issue: { input: unknown }): string =>
    issue.input === null ? 'must not be null' : `must be ${what}`;

const timeZone = () =>
  z
    .string({ error: notNull('a string') })
    .trim()
    .transform((name, context) => {
      const canonical = canonicalTimeZone(name);
      if (canonical) return canonical;
      context.addIssue({ code: 'custom', message: 'must be an IANA time zone, e.g. Europe/Paris or UTC' });
      return z.NEVER;
    });

const wholeDays = (min: number, max: number) =>
  z
    .number({ error: notNull('an integer') })
    .int({ error: 'must be an integer' })
    .min(min, { error: `must be between ${min} and ${max}` })
    .max(max, { error: `must be between ${min} and ${max}` });

const LEAD_RULE = `must be at most ${LEAD_TIMES_MAX} distinct whole minutes from ${LEAD_MINUTES_MIN} to ${LEAD_MINUTES_MAX} (4 weeks)`;

/** Checked as a whole, so that the error names the setting rather than one of its entries. */
const leadMinutes = () =>
  z
    .array(z.unknown(), { error: notNull('a list of minutes') })
    .check((context) => {
      const minutes = context.value;
      const bad = minutes.find(
        (value) =>
          typeof value !== 'number' || !Number.isInteger(value) || value < LEAD_MINUTES_MIN || value > LEAD_MINUTES_MAX,
      );
      let problem: string | undefined;
      if (minutes.length > LEAD_TIMES_MAX) problem = `${LEAD_RULE}; ${minutes.length} given`;
      else if (bad !== undefined) problem = `${LEAD_RULE}; ${JSON.stringify(bad)} is not`;
      else if (new Set(minutes).size !== minutes.length) problem = `${LEAD_RULE}; a value is repeated`;
      if (problem) context.issues.push({ code: 'custom', message: problem, input: minutes });
    })
    // Stored longest lead first: the order reminders go out in.
    .transform((minutes) => (minutes as number[]).toSorted((a, b) => b - a));

/** A partial update: absent fields stay as they are; none of them may be null. */
export const updateSettingsSchema = z.object({
  timeZone: timeZone().optional(),
  reminderEmails: z.boolean({ error: notNull('true or false') }).optional(),
  interviewReminderLeadMinutes: leadMinutes().optional(),
  followUpAfterDays: wholeDays(0, FOLLOW_UP_DAYS_MAX).optional(),
  ghostedAfterDays: wholeDays(GHOSTED_DAYS_MIN, GHOSTED_DAYS_MAX).optional(),
});

export type UpdateSettingsInput = Untrusted<z.input<typeof updateSettingsSchema>>;
export type SettingsChange = z.output<typeof updateSettingsSchema>;
