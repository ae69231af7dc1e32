// What the API answers for a user's settings: the five settings columns of the users table,
// shaped like the GraphQL `Settings` type. Every account has them (column defaults), so reading
// them is one primary-key lookup, with no row of their own to create.
import type { Prisma, User } from '../../generated/prisma/client.ts';

export interface SettingsView {
  /** A canonical IANA zone name (see canonicalTimeZone), e.g. "Europe/Paris" or "UTC". */
  timeZone: string;
  reminderEmails: boolean;
  /** Minutes before an interview, longest first, each once. */
  interviewReminderLeadMinutes: number[];
  /** 0 turns follow-up nudges off. */
  followUpAfterDays: number;
  ghostedAfterDays: number;
}

/** The columns the view is made of, as a Prisma select. */
export const SETTINGS_SELECT = {
  timeZone: true,
  reminderEmails: true,
  interviewReminderLeadMinutes: true,
  followUpAfterDays: true,
  ghostedAfterDays: true,
} as const satisfies Prisma.UserSelect;

export type SettingsColumns = Pick<User, keyof typeof SETTINGS_SELECT>;

export function toSettingsView(user: SettingsColumns): SettingsView {
  return {
    timeZone: user.timeZone,
    reminderEmails: user.reminderEmails,
    interviewReminderLeadMinutes: [...user.interviewReminderLeadMinutes],
    followUpAfterDays: user.followUpAfterDays,
    ghostedAfterDays: user.ghostedAfterDays,
  };
}
