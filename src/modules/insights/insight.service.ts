// Stats: what a user's applications add up to (SPEC.md Part 2, "Insight"). Two statements: the
// user's settings (time zone, ghosted delay) through the users module, then every figure in one
// statement built in SQL (insight.views.ts).
import type { Database } from '../../infra/database.ts';
import type { UserService } from '../users/index.ts';
import { resolveWindow, todayIn, type StatsWindowInput } from './insight.validation.ts';
import { statsStatement, type StatsFigures } from './insight.views.ts';

export interface InsightServiceOptions {
  /** The clock: "today" for the default window, the end of open stages, the ghosted cut-off. */
  now?: () => Date;
}

export interface StatsView extends StatsFigures {
  from: string;
  to: string;
  timeZone: string;
  ghostedAfterDays: number;
}

export class InsightService {
  private readonly now: () => Date;

  constructor(
    private readonly db: Database,
    private readonly users: UserService,
    options: InsightServiceOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /**
   * The owner's stats over the window [from, to] (calendar days in the user's zone, both
   * included; defaults in resolveWindow). Bad days are BAD_USER_INPUT naming `from` or `to`.
   */
  async stats(ownerId: string, input: StatsWindowInput = {}): Promise<StatsView> {
    const now = this.now();
    const { timeZone, ghostedAfterDays } = await this.users.settings(ownerId);
    const window = resolveWindow(input, todayIn(timeZone, now));
    const [row] = await this.db.sql.rows<{ stats: StatsFigures }>(
      statsStatement({ ownerId, timeZone, ...window, now, ghostedAfterDays }),
    );
    if (!row) throw new Error('the stats statement answered no row');
    return { ...window, timeZone, ghostedAfterDays, ...row.stats };
  }
}
