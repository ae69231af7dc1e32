// stats over GraphQL, through the SDK's named `Stats` operation: the known history's figures that
// do not move with the clock (the app's clock is the system's here; the service test pins it and
// checks the rest), bad days naming the field, the window's bounds, the statement count, and
// one user's jobs never counted in another's stats.
import { beforeEach, describe, expect, it } from 'vitest';
import { StatsDocument } from '../../src/sdk/index.ts';
import {
  EXPECTED_BY_SOURCE,
  EXPECTED_BY_STATUS,
  EXPECTED_FUNNEL,
  EXPECTED_WEEKS_BERLIN,
  HISTORY,
  seedJobs,
  WINDOW,
} from '../modules/insights/history.ts';
import { useSdkTestApp } from '../support/sdk.ts';
import type { TestUser } from '../support/test-app.ts';

const t = useSdkTestApp();

let ann: TestUser;
let bob: TestUser;
beforeEach(async () => {
  [ann, bob] = await Promise.all([t.createUser(), t.createUser()]);
  await t.db.user.update({ where: { id: ann.id }, data: { timeZone: 'Europe/Berlin' } });
  await seedJobs(t, ann.id, HISTORY);
});

describe('stats', () => {
  it('answers the known history’s figures', async () => {
    const { stats } = await t.sdk(ann.token).request(StatsDocument, WINDOW);
    expect(stats).toMatchObject({
      from: '2024-03-01',
      to: '2024-03-17',
      timeZone: 'Europe/Berlin',
      byStatus: EXPECTED_BY_STATUS,
      applications: 5,
      funnel: EXPECTED_FUNNEL,
      responseRate: 0.6,
      medianDaysToFirstResponse: 2,
      perWeek: EXPECTED_WEEKS_BERLIN,
      bySource: EXPECTED_BY_SOURCE,
      // Ghost and, its 21 days long past by the system clock, Midnight: Archived never counts.
      ghosted: 2,
      ghostedAfterDays: 21,
    });
    expect(stats.timeInStage.map(({ stage, samples }) => ({ stage, samples }))).toEqual([
      { stage: 'applied', samples: 4 },
      { stage: 'interviewing', samples: 2 },
      { stage: 'offer', samples: 1 },
    ]);
    // The stints that ended do not move with the clock.
    expect(stats.timeInStage[1]).toMatchObject({ medianDays: 2.25, p90Days: 3.65 });
    expect(stats.timeInStage[2]).toMatchObject({ medianDays: 4, p90Days: 4 });
  });

  it('costs two statements (settings, then every figure) besides the session check', async () => {
    const client = t.sdk(ann.token);
    await client.request(StatsDocument, WINDOW); // warm: the session check is cached per request anyway
    t.sqlStatements.length = 0;
    await client.request(StatsDocument, WINDOW);
    const statements = t.sqlStatements.filter((sql) => !/sessions|token_version/i.test(sql));
    expect(statements).toHaveLength(2);
  });

  it('never counts another user’s jobs', async () => {
    const { stats } = await t.sdk(bob.token).request(StatsDocument, WINDOW);
    expect(stats).toMatchObject({ applications: 0, responseRate: null, ghosted: 0, bySource: [] });
    expect(stats.byStatus.every((row) => row.count === 0)).toBe(true);
  });

  it('defaults to a 90-day window ending today in the user’s zone', async () => {
    const { stats } = await t.sdk(ann.token).request(StatsDocument);
    const days = (Date.parse(stats.to) - Date.parse(stats.from)) / 86_400_000 + 1;
    expect(days).toBe(90);
    expect(stats.perWeek.length).toBeGreaterThanOrEqual(13);
  });

  it.each([
    [{ from: '2024-13-01', to: '2024-03-17' }, 'from', 'must be a date in the form YYYY-MM-DD, e.g. 2024-01-15'],
    [{ from: '2024-03-01', to: 'tomorrow' }, 'to', 'must be a date in the form YYYY-MM-DD, e.g. 2024-01-15'],
    [{ from: '2024-03-18', to: '2024-03-17' }, 'to', 'must be on or after from'],
    [
      { from: '2021-01-01', to: '2024-01-01' },
      'to',
      'must be at most 730 days after from (a window of at most 731 days)',
    ],
  ])('%j is BAD_USER_INPUT naming %s', async (variables, field, problem) => {
    const { data, errors } = await t.sdk(ann.token).execute(StatsDocument, variables);
    expect(data).toBeNull();
    expect(errors).toMatchObject([{ message: `${field} ${problem}`, extensions: { code: 'BAD_USER_INPUT', field } }]);
  });

  it('needs a token', async () => {
    const { errors } = await t.sdk().execute(StatsDocument, WINDOW);
    expect(errors).toMatchObject([{ extensions: { code: 'UNAUTHENTICATED' } }]);
  });
});
