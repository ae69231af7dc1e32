// GraphQL for a user's settings: `me { settings }` and `updateSettings`.
import { builder } from '../../graphql/builder.ts';
import { attempt, MutationPayload, type Outcome } from '../../graphql/payload.ts';
import {
  FOLLOW_UP_DAYS_MAX,
  GHOSTED_DAYS_MAX,
  GHOSTED_DAYS_MIN,
  LEAD_MINUTES_MAX,
  LEAD_MINUTES_MIN,
  LEAD_TIMES_MAX,
} from './settings.validation.ts';
import { SETTINGS_SELECT, toSettingsView, type SettingsView } from './settings.views.ts';
import { UserObject } from './user.graphql.ts';

const TIME_ZONE_HELP =
  'An IANA time zone, e.g. Europe/Paris; default UTC. Stored in its canonical spelling: the case is ' +
  'fixed ("europe/paris" becomes "Europe/Paris") and an alias becomes the zone it links to ' +
  '("Etc/UTC" becomes "UTC", "US/Eastern" "America/New_York").';
const LEAD_HELP =
  `Minutes before an interview at which reminders go out: up to ${LEAD_TIMES_MAX} distinct values from ` +
  `${LEAD_MINUTES_MIN} to ${LEAD_MINUTES_MAX} (4 weeks), longest first; default [1440, 60].`;
const FOLLOW_UP_HELP = `Days in applied without news before a follow-up task and nudge, 0 to ${FOLLOW_UP_DAYS_MAX}; 0 turns nudges off; default 7.`;
const GHOSTED_HELP = `Days in applied without news after which stats count an application as ghosted, ${GHOSTED_DAYS_MIN} to ${GHOSTED_DAYS_MAX}; default 21.`;
const REMINDER_EMAILS_HELP = 'Whether reminder and follow-up emails are sent; default true.';

export const SettingsObject = builder.objectRef<SettingsView>('Settings').implement({
  description: 'How the tracker treats your account: time zone, reminders, follow-ups.',
  fields: (t) => ({
    timeZone: t.exposeString('timeZone', { description: TIME_ZONE_HELP }),
    reminderEmails: t.exposeBoolean('reminderEmails', { description: REMINDER_EMAILS_HELP }),
    interviewReminderLeadMinutes: t.exposeIntList('interviewReminderLeadMinutes', { description: LEAD_HELP }),
    followUpAfterDays: t.exposeInt('followUpAfterDays', { description: FOLLOW_UP_HELP }),
    ghostedAfterDays: t.exposeInt('ghostedAfterDays', { description: GHOSTED_HELP }),
  }),
});

builder.prismaObjectField(UserObject, 'settings', (t) =>
  t.field({
    type: SettingsObject,
    description: 'Time zone, reminder and follow-up settings of the account.',
    // Read with the user's row by `me` (its columns), so `me { settings }` is still one statement.
    select: SETTINGS_SELECT,
    resolve: (user) => toSettingsView(user),
  }),
);

// Every field is nullable here so that a null answers BAD_USER_INPUT naming it (the service
// refuses it), like every other bad value, instead of failing the whole document.
const UpdateSettingsInput = builder.inputType('UpdateSettingsInput', {
  description: 'Only the fields given change; none of them may be null.',
  fields: (t) => ({
    timeZone: t.string({ description: TIME_ZONE_HELP }),
    reminderEmails: t.boolean({ description: REMINDER_EMAILS_HELP }),
    interviewReminderLeadMinutes: t.intList({ description: `${LEAD_HELP} Replaces the list; [] sends none.` }),
    followUpAfterDays: t.int({ description: FOLLOW_UP_HELP }),
    ghostedAfterDays: t.int({ description: GHOSTED_HELP }),
  }),
});

const SettingsPayload = builder.objectRef<Outcome<SettingsView>>('SettingsPayload').implement({
  interfaces: [MutationPayload],
  fields: (t) => ({
    settings: t.field({ type: SettingsObject, nullable: true, resolve: (outcome) => outcome.value }),
  }),
});

builder.mutationField('updateSettings', (t) =>
  t.withAuth({ authenticated: true }).field({
    type: SettingsPayload,
    description: 'Changes the settings given and answers them all.',
    args: { settingsData: t.arg({ type: UpdateSettingsInput, required: true }) },
    resolve: (_root, args, context) =>
      attempt('Settings updated successfully', () =>
        context.services.users.updateSettings(context.viewer.userId, args.settingsData),
      ),
  }),
);
