// Users as the rest of the API sees them, and their settings. Registration and login live in the
// auth module.
import type { Database } from '../../infra/database.ts';
import { AppError } from '../../lib/errors.ts';
import { orNotFound } from '../../lib/prisma-errors.ts';
import { parseInput } from '../../lib/validation.ts';
import { updateSettingsSchema, type UpdateSettingsInput } from './settings.validation.ts';
import { SETTINGS_SELECT, toSettingsView, type SettingsView } from './settings.views.ts';

export class UserService {
  constructor(private readonly db: Database) {}

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
    return toSettingsView(
      await orNotFound('User', this.db.user.update({ where: { id: userId }, data, select: SETTINGS_SELECT })),
    );
  }
}
