// Users as the rest of the API sees them, and their settings. Registration and login live in the
// auth module.
import type { Prisma } from '../../generated/prisma/client.ts';
import type { Database } from '../../infra/database.ts';
import { AppError } from '../../lib/errors.ts';
import { NO_REMINDERS, type ReminderHook } from '../../lib/reminder-hook.ts';
import { orNotFound } from '../../lib/prisma-errors.ts';
import { parseInput } from '../../lib/validation.ts';
import { updateSettingsSchema, type SettingsChange, type UpdateSettingsInput } from './settings.validation.ts';
import { SETTINGS_SELECT, toSettingsView, type SettingsView } from './settings.views.ts';

export interface UserServiceOptions {
  /** Reschedules the user's interview reminders when their lead times change (handed over by services.ts). */
  reminders?: ReminderHook;
  now?: () => Date;
}

export class UserService {
  private readonly reminders: ReminderHook;
  private readonly now: () => Date;

  constructor(
    private readonly db: Database,
    options: UserServiceOptions = {},
  ) {
    this.reminders = options.reminders ?? NO_REMINDERS;
    this.now = options.now ?? (() => new Date());
  }

  async getById<Query extends { select?: object; include?: object }>(userId: string, query?: Query) {
    const user = await this.db.user.findUnique({ ...query, where: { id: userId } });
    if (!user) throw AppError.notFound('User');
    return user;
  }

  /** The user's settings (stats, reminders and follow-ups read them here): one statement. */
  async settings(userId: string): Promise<SettingsView> {
    const user = await this.db.user.findUnique({ where: { id: userId }, select: SETTINGS_SELECT });
    if (!user) throw AppError.notFound('User');
    return toSettingsView(user);
  }

  /** The settings of each of `userIds` that exists (a worker's batch): one statement for any number. */
  async settingsOf(userIds: readonly string[]): Promise<Map<string, SettingsView>> {
    const users = await this.db.user.findMany({
      where: { id: { in: [...userIds] } },
      select: { id: true, ...SETTINGS_SELECT },
    });
    return new Map(users.map((user) => [user.id, toSettingsView(user)]));
  }

  /**
   * Changes the settings given, keeps the others, and answers them all. Each value is checked
   * first (BAD_USER_INPUT naming `settingsData.<field>`); nothing is written when one is bad.
   */
  async updateSettings(userId: string, input: UpdateSettingsInput): Promise<SettingsView> {
    const change = parseInput(updateSettingsSchema, input, 'settingsData');
    const data = Object.fromEntries(Object.entries(change).filter(([, value]) => value !== undefined));
    if (Object.keys(data).length === 0) return this.settings(userId);
    const write = (tx: Prisma.TransactionClient) => writeSettings(tx, userId, data);
    // New lead times move every future interview's reminders, in the same transaction.
    const user = await orNotFound(
      'User',
      change.interviewReminderLeadMinutes === undefined
        ? write(this.db)
        : this.db.$transaction(async (tx) => {
            const updated = await write(tx);
            await this.reminders.rescheduleInterviewsOf(tx, userId, this.now());
            return updated;
          }),
    );
    return toSettingsView(user);
  }

  /**
   * An import's bulk path: inside `tx` (the import's, before its interviews, whose reminders then
   * use these lead times), the settings a document brings, already checked by the import; the
   * others are kept. One statement, none when there is nothing to change; new lead times also
   * move the account's existing future interviews' reminders, as updateSettings does.
   */
  async importSettingsIn(
    tx: Prisma.TransactionClient,
    userId: string,
    settings: SettingsChange,
    now: Date,
  ): Promise<void> {
    if (Object.keys(settings).length === 0) return;
    await writeSettings(tx, userId, settings);
    if (settings.interviewReminderLeadMinutes !== undefined) {
      await this.reminders.rescheduleInterviewsOf(tx, userId, now);
    }
  }
}

/** The one write of a user's settings (updateSettings and imports): the columns given, the settings answered. */
function writeSettings(client: Prisma.TransactionClient, userId: string, data: SettingsChange) {
  return client.user.update({ where: { id: userId }, data, select: SETTINGS_SELECT });
}
