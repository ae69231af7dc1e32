// InsightService.stats over a known history written out by hand (./history.ts): every figure
// against numbers computed by hand, in two time zones whose weeks differ; the clock injected;
// the window's defaults and limits, bad days naming the field; and the funnel never increasing
// over a randomised history (fixed seed).
import { beforeEach, describe, expect, it } from 'vitest';
import type { JobStatus } from '../../../src/generated/prisma/enums.ts';
import { STATS_WINDOW_MAX_DAYS } from '../../../src/modules/insights/index.ts';
import { createServices } from '../../../src/services.ts';
import { expectInvalidInput, useTestServices } from '../../support/services.ts';
import type { TestUser } from '../../support/test-app.ts';
import {
  EXPECTED_BY_SOURCE,
  EXPECTED_BY_STATUS,
  EXPECTED_FUNNEL,
  EXPECTED_TIME_IN_STAGE,
  EXPECTED_WEEKS_BERLIN,
  EXPECTED_WEEKS_UTC,
  HISTORY,
  NOW,
  seedJobs,
  WINDOW,
  type SeededJob,
} from './history.ts';

const { t } = useTestServices();

/** The services with their clock at `clock.now`. */
const clock = { now: NOW };
const statsOf = (userId: string, window: { from?: unknown; to?: unknown } = WINDOW) =>
  createServices({ ...t.deps, now: () => clock.now }).insights.stats(userId, window);

let ann: TestUser;
let bob: TestUser;
beforeEach(async () => {
  clock.now = NOW;
  [ann, bob] = await Promise.all([t.createUser(), t.createUser()]);
  await t.db.user.update({ where: { id: ann.id }, data: { timeZone: 'Europe/Berlin' } });
  await seedJobs(t, ann.id, HISTORY);
  // Bob's application in the window must never show in Ann's figures.
  await seedJobs(t, bob.id, [
    {
      company: 'Bob Co',
      status: 'offer',
      source: 'LinkedIn',
      events: [
        ['applied', '2024-03-05T10:00:00Z'],
        ['offer', '2024-03-06T10:00:00Z'],
      ],
    },
  ]);
});

/** timeInStage with the floats rounded, so the hand-computed figures compare exactly. */
const rounded = (stages: { stage: string; samples: number; medianDays: number | null; p90Days: number | null }[]) =>
  stages.map((stage) => ({
    ...stage,
    medianDays: stage.medianDays === null ? null : Number(stage.medianDays.toFixed(6)),
    p90Days: stage.p90Days === null ? null : Number(stage.p90Days.toFixed(6)),
  }));

describe('bySource', () => {
  it('groups spellings of one source case-insensitively, as filter.source matches, under the most used one', async () => {
    const applied = (company: string, source: string, responded: boolean): SeededJob => ({
      company,
      status: responded ? 'interviewing' : 'applied',
      source,
      events: [
        ['applied', '2024-03-04T10:00:00Z'],
        ...(responded ? [['interviewing', '2024-03-05T10:00:00Z'] as [JobStatus, string]] : []),
      ],
    });
    await seedJobs(t, bob.id, [
      applied('A', 'Indeed', true),
      applied('B', 'indeed', false),
      applied('C', 'Indeed', false),
      applied('D', 'INDEED', false),
    ]);
    const { bySource } = await statsOf(bob.id);
    // Bob's earlier LinkedIn offer is in the window too.
    expect(bySource).toEqual([
      { source: 'Indeed', applications: 4, responseRate: 0.25 },
      { source: 'LinkedIn', applications: 1, responseRate: 1 },
    ]);
  });
});

describe('every figure of the known history', () => {
  it('in Europe/Berlin', async () => {
    const stats = await statsOf(ann.id);
    expect({ ...stats, timeInStage: rounded(stats.timeInStage) }).toEqual({
      from: '2024-03-01',
      to: '2024-03-17',
      timeZone: 'Europe/Berlin',
      ghostedAfterDays: 21,
      byStatus: EXPECTED_BY_STATUS,
      applications: 5,
      funnel: EXPECTED_FUNNEL,
      responseRate: 0.6,
      medianDaysToFirstResponse: 2,
      timeInStage: rounded(EXPECTED_TIME_IN_STAGE),
      perWeek: EXPECTED_WEEKS_BERLIN,
      bySource: EXPECTED_BY_SOURCE,
      ghosted: 1,
    });
  });

  it('in UTC the Sunday-23:30 application falls in the week before; nothing else moves', async () => {
    await t.db.user.update({ where: { id: ann.id }, data: { timeZone: 'UTC' } });
    const stats = await statsOf(ann.id);
    expect(stats.timeZone).toBe('UTC');
    expect(stats.perWeek).toEqual(EXPECTED_WEEKS_UTC);
    expect(stats.funnel).toEqual(EXPECTED_FUNNEL);
    expect(stats.applications).toBe(5);
  });

  it('the applied day is taken in the user’s zone at the window’s edge too', async () => {
    // Midnight applied on 03-10 in UTC, 03-11 in Berlin: a window of 03-11 only holds it in Berlin.
    const berlin = await statsOf(ann.id, { from: '2024-03-11', to: '2024-03-11' });
    expect(berlin.applications).toBe(2); // Archived (appliedOn 03-11) and Midnight
    await t.db.user.update({ where: { id: ann.id }, data: { timeZone: 'UTC' } });
    const utc = await statsOf(ann.id, { from: '2024-03-11', to: '2024-03-11' });
    expect(utc.applications).toBe(1);
    expect(utc.perWeek).toEqual([{ weekStart: '2024-03-11', applications: 1 }]);
  });

  it('the open stage counts to the injected now; ghosted follows the clock and the setting', async () => {
    clock.now = new Date('2024-03-21T12:00:00Z'); // one day later
    const later = await statsOf(ann.id);
    // applied stints 2, 3, 10, 10.5208333: median 6.5; p90 10 + 0.7 * 0.5208333.
    expect(rounded(later.timeInStage)[0]).toEqual({
      stage: 'applied',
      samples: 4,
      medianDays: 6.5,
      p90Days: 10.364583,
    });
    expect(later.timeInStage.slice(1)).toEqual(
      EXPECTED_TIME_IN_STAGE.slice(1).map((stage) =>
        expect.objectContaining({ stage: stage.stage, samples: stage.samples }),
      ),
    );

    // 5 days: Midnight (9.5 days quiet) joins Ghost; Archived does not count.
    await t.db.user.update({ where: { id: ann.id }, data: { ghostedAfterDays: 5 } });
    clock.now = NOW;
    const strict = await statsOf(ann.id);
    expect({ ghosted: strict.ghosted, ghostedAfterDays: strict.ghostedAfterDays }).toEqual({
      ghosted: 2,
      ghostedAfterDays: 5,
    });
  });

  it('a user with no jobs: zeros, null rates, every status and stage listed', async () => {
    const carol = await t.createUser();
    const stats = await statsOf(carol.id, { from: '2024-03-04', to: '2024-03-10' });
    expect(stats).toMatchObject({
      applications: 0,
      responseRate: null,
      medianDaysToFirstResponse: null,
      bySource: [],
      ghosted: 0,
      perWeek: [{ weekStart: '2024-03-04', applications: 0 }],
      funnel: EXPECTED_FUNNEL.map(({ stage }) => ({ stage, count: 0 })),
      timeInStage: EXPECTED_TIME_IN_STAGE.map(({ stage }) => ({ stage, samples: 0, medianDays: null, p90Days: null })),
    });
    expect(stats.byStatus).toEqual(EXPECTED_BY_STATUS.map(({ status }) => ({ status, count: 0 })));
  });

  it('Bob sees his own application only', async () => {
    const stats = await statsOf(bob.id);
    expect(stats).toMatchObject({ applications: 1, responseRate: 1, ghosted: 0 });
    expect(stats.funnel.map((stage) => stage.count)).toEqual([1, 1, 1, 0]);
  });
});

describe('the window', () => {
  it('defaults to the 90 days up to today in the user’s zone', async () => {
    clock.now = new Date('2024-03-20T23:30:00Z'); // already 03-21 in Berlin
    expect(await statsOf(ann.id, {})).toMatchObject({ from: '2023-12-23', to: '2024-03-21' });
    expect(await statsOf(bob.id, {})).toMatchObject({ from: '2023-12-22', to: '2024-03-20' });
    expect(await statsOf(ann.id, { from: null, to: '2024-03-31' })).toMatchObject({
      from: '2024-01-02',
      to: '2024-03-31',
    });
    expect(await statsOf(ann.id, { from: '2024-03-01' })).toMatchObject({ from: '2024-03-01', to: '2024-03-21' });
  });

  it(`takes up to ${STATS_WINDOW_MAX_DAYS} days, both ends included`, async () => {
    expect(await statsOf(ann.id, { from: '2022-01-01', to: '2024-01-01' })).toMatchObject({ from: '2022-01-01' });
    await expectInvalidInput(
      statsOf(ann.id, { from: '2022-01-01', to: '2024-01-02' }),
      'to',
      'must be at most 730 days after from (a window of at most 731 days)',
    );
    await expectInvalidInput(
      statsOf(ann.id, { from: '2021-01-01', to: '2023-12-31' }),
      'to',
      'must be at most 730 days after from (a window of at most 731 days)',
    );
  });

  it('refuses bad days naming the field', async () => {
    const DAY = 'must be a date in the form YYYY-MM-DD, e.g. 2024-01-15';
    await expectInvalidInput(statsOf(ann.id, { from: 'yesterday', to: '2024-03-01' }), 'from', DAY);
    await expectInvalidInput(statsOf(ann.id, { from: '2024-03-01', to: '2024-02-30' }), 'to', DAY);
    await expectInvalidInput(statsOf(ann.id, { from: '2024-03-01', to: 20240301 }), 'to', DAY);
    await expectInvalidInput(
      statsOf(ann.id, { from: '2024-03-02', to: '2024-03-01' }),
      'to',
      'must be on or after from',
    );
  });
});

/** mulberry32: a small seeded generator, so the randomised history is the same on every run. */
function seeded(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

describe('over a randomised history (seed 15)', () => {
  it('the funnel never increases and every breakdown adds up to the applications', async () => {
    const random = seeded(15);
    const statuses: JobStatus[] = ['wishlist', 'applied', 'interviewing', 'offer', 'accepted', 'rejected', 'withdrawn'];
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const dave = await t.createUser();
    const jobs: SeededJob[] = Array.from({ length: 80 }, (_, index) => {
      let at = Date.UTC(2024, 0, 1) + Math.floor(random() * 80 * 86_400_000);
      const events: [JobStatus, string][] = [];
      for (let step = 0, steps = 1 + Math.floor(random() * 4); step < steps; step += 1) {
        const next = pick(statuses.filter((status) => status !== events.at(-1)?.[0]));
        events.push([next, new Date(at).toISOString()]);
        at += Math.floor(random() * 10 * 86_400_000);
      }
      const withAppliedOn = random() < 0.3;
      return {
        company: `Random ${index}`,
        status: events.at(-1)?.[0] ?? 'applied',
        appliedOn: withAppliedOn
          ? new Date(Date.UTC(2024, 0, 1 + Math.floor(random() * 80))).toISOString().slice(0, 10)
          : undefined,
        source: pick(['LinkedIn', 'referral', undefined]),
        archived: random() < 0.2,
        events,
      };
    });
    await seedJobs(t, dave.id, jobs);
    for (const window of [
      { from: '2024-01-01', to: '2024-03-31' },
      { from: '2024-01-15', to: '2024-02-15' },
      { from: '2024-02-01', to: '2024-02-07' },
    ]) {
      const stats = await statsOf(dave.id, window);
      const counts = stats.funnel.map((stage) => stage.count);
      for (let stage = 1; stage < counts.length; stage += 1)
        expect(counts[stage]).toBeLessThanOrEqual(counts[stage - 1] ?? 0);
      expect(counts[0]).toBe(stats.applications);
      expect(stats.perWeek.reduce((sum, week) => sum + week.applications, 0)).toBe(stats.applications);
      expect(stats.bySource.reduce((sum, source) => sum + source.applications, 0)).toBe(stats.applications);
      expect(stats.byStatus.reduce((sum, status) => sum + status.count, 0)).toBe(
        jobs.filter((job) => !job.archived).length,
      );
      if (stats.responseRate !== null) expect(stats.responseRate).toBeGreaterThanOrEqual(0);
    }
    // The widest window holds applications, or the loop above proved nothing.
    expect((await statsOf(dave.id, { from: '2024-01-01', to: '2024-03-31' })).applications).toBeGreaterThan(20);
  });
});
