// UserService's settings, called directly over this file's database: the defaults every account
// has, partial updates, each rule refused naming `settingsData.<field>`, canonical time zones,
// and the one-statement reads other modules (stats, reminders) build on.
import { Prisma } from '../../../src/generated/prisma/client.ts';
import { describe, expect, it } from 'vitest';
import { canonicalTimeZone } from '../../../src/modules/users/index.ts';
import { appError, expectInvalidInput, useTestServices } from '../../support/services.ts';

const { t, services } = useTestServices();
const MISSING_ID = '00000000-0000-4000-8000-00000000abcd';
const DEFAULTS = {
  timeZone: 'UTC',
  reminderEmails: true,
  interviewReminderLeadMinutes: [1440, 60],
  followUpAfterDays: 7,
  ghostedAfterDays: 21,
};

/** The settings columns as stored, read past the service. */
async function storedSettings(userId: string) {
  return t.db.user.findUniqueOrThrow({
    where: { id: userId },
    select: {
      timeZone: true,
      reminderEmails: true,
      interviewReminderLeadMinutes: true,
      followUpAfterDays: true,
      ghostedAfterDays: true,
    },
  });
}

describe('settings', () => {
  it('a new account has the defaults: UTC, emails on, [1440, 60], 7, 21', async () => {
    const ann = await t.createUser();
    expect(await services.users.settings(ann.id)).toEqual(DEFAULTS);
  });

  it('is one statement', async () => {
    const ann = await t.createUser();
    t.sqlStatements.length = 0;
    await services.users.settings(ann.id);
    expect(t.sqlStatements).toHaveLength(1);
  });

  it('a missing user is NOT_FOUND "User not found"', async () => {
    const error = await appError(services.users.settings(MISSING_ID));
    expect({ code: error.code, message: error.message }).toEqual({ code: 'NOT_FOUND', message: 'User not found' });
  });
});

describe('settingsOf (a batch of users)', () => {
  it('answers each existing user’s settings, leaves missing ones out, in one statement', async () => {
    const [ann, bob] = await Promise.all([t.createUser(), t.createUser()]);
    await services.users.updateSettings(bob.id, { timeZone: 'Asia/Tokyo', ghostedAfterDays: 30 });
    t.sqlStatements.length = 0;
    const settings = await services.users.settingsOf([ann.id, bob.id, MISSING_ID]);
    expect(t.sqlStatements).toHaveLength(1);
    expect(Object.fromEntries(settings)).toEqual({
      [ann.id]: DEFAULTS,
      [bob.id]: { ...DEFAULTS, timeZone: 'Asia/Tokyo', ghostedAfterDays: 30 },
    });
  });
});

describe('updateSettings', () => {
  it('changes every setting given and answers them all', async () => {
    const ann = await t.createUser();
    const change = {
      timeZone: 'Europe/Paris',
      reminderEmails: false,
      interviewReminderLeadMinutes: [30, 2880],
      followUpAfterDays: 0,
      ghostedAfterDays: 365,
    };
    const expected = { ...change, interviewReminderLeadMinutes: [2880, 30] };
    expect(await services.users.updateSettings(ann.id, change)).toEqual(expected);
    expect(await storedSettings(ann.id)).toEqual(expected);
  });

  it('a partial update keeps the other settings', async () => {
    const ann = await t.createUser();
    await services.users.updateSettings(ann.id, { timeZone: 'America/New_York', followUpAfterDays: 3 });
    expect(await services.users.updateSettings(ann.id, { ghostedAfterDays: 14 })).toEqual({
      ...DEFAULTS,
      timeZone: 'America/New_York',
      followUpAfterDays: 3,
      ghostedAfterDays: 14,
    });
    expect(await services.users.updateSettings(ann.id, { reminderEmails: false })).toMatchObject({
      timeZone: 'America/New_York',
      followUpAfterDays: 3,
      ghostedAfterDays: 14,
      reminderEmails: false,
    });
  });

  it('changes only the caller’s row', async () => {
    const [ann, bob] = await Promise.all([t.createUser(), t.createUser()]);
    await services.users.updateSettings(ann.id, { timeZone: 'Asia/Tokyo', reminderEmails: false });
    expect(await storedSettings(bob.id)).toEqual(DEFAULTS);
  });

  it('an empty update writes nothing and answers the settings as they are', async () => {
    const ann = await t.createUser();
    const before = await t.db.user.findUniqueOrThrow({ where: { id: ann.id } });
    t.sqlStatements.length = 0;
    expect(await services.users.updateSettings(ann.id, {})).toEqual(DEFAULTS);
    expect(t.sqlStatements.filter((sql) => /\bUPDATE\b/i.test(sql))).toEqual([]);
    expect(await t.db.user.findUniqueOrThrow({ where: { id: ann.id } })).toEqual(before);
  });

  it('stores lead times longest first; [] turns interview reminders off', async () => {
    const ann = await t.createUser();
    expect(
      (await services.users.updateSettings(ann.id, { interviewReminderLeadMinutes: [5, 40_320, 60, 1440, 120] }))
        .interviewReminderLeadMinutes,
    ).toEqual([40_320, 1440, 120, 60, 5]);
    expect(
      (await services.users.updateSettings(ann.id, { interviewReminderLeadMinutes: [] })).interviewReminderLeadMinutes,
    ).toEqual([]);
    expect((await storedSettings(ann.id)).interviewReminderLeadMinutes).toEqual([]);
  });

  it('takes the ends of each range', async () => {
    const ann = await t.createUser();
    for (const change of [
      { followUpAfterDays: 0 },
      { followUpAfterDays: 365 },
      { ghostedAfterDays: 1 },
      { ghostedAfterDays: 365 },
      { interviewReminderLeadMinutes: [5] },
      { interviewReminderLeadMinutes: [40_320] },
    ]) {
      expect(await services.users.updateSettings(ann.id, change)).toMatchObject(change);
    }
  });

  it('a missing user is NOT_FOUND', async () => {
    const error = await appError(services.users.updateSettings(MISSING_ID, { ghostedAfterDays: 10 }));
    expect({ code: error.code, message: error.message }).toEqual({ code: 'NOT_FOUND', message: 'User not found' });
  });
});

describe('updateSettings refuses, naming the field, and writes nothing', () => {
  const LEAD_RULE = 'must be at most 5 distinct whole minutes from 5 to 40320 (4 weeks)';
  const cases: [string, Record<string, unknown>, string, string][] = [
    [
      'an unknown zone',
      { timeZone: 'Mars/Olympus_Mons' },
      'timeZone',
      'must be an IANA time zone, e.g. Europe/Paris or UTC',
    ],
    ['an offset', { timeZone: '+05:00' }, 'timeZone', 'must be an IANA time zone, e.g. Europe/Paris or UTC'],
    ['an empty zone', { timeZone: '  ' }, 'timeZone', 'must be an IANA time zone, e.g. Europe/Paris or UTC'],
    ['a zone that is not a string', { timeZone: 3 }, 'timeZone', 'must be a string'],
    ['a null zone', { timeZone: null }, 'timeZone', 'must not be null'],
    ['null reminderEmails', { reminderEmails: null }, 'reminderEmails', 'must not be null'],
    ['a string for reminderEmails', { reminderEmails: 'yes' }, 'reminderEmails', 'must be true or false'],
    ['null lead times', { interviewReminderLeadMinutes: null }, 'interviewReminderLeadMinutes', 'must not be null'],
    [
      'a lead time below 5',
      { interviewReminderLeadMinutes: [60, 4] },
      'interviewReminderLeadMinutes',
      `${LEAD_RULE}; 4 is not`,
    ],
    [
      'a lead time above 4 weeks',
      { interviewReminderLeadMinutes: [40_321] },
      'interviewReminderLeadMinutes',
      `${LEAD_RULE}; 40321 is not`,
    ],
    [
      'a negative lead time',
      { interviewReminderLeadMinutes: [-60] },
      'interviewReminderLeadMinutes',
      `${LEAD_RULE}; -60 is not`,
    ],
    [
      'a fractional lead time',
      { interviewReminderLeadMinutes: [60.5] },
      'interviewReminderLeadMinutes',
      `${LEAD_RULE}; 60.5 is not`,
    ],
    [
      'a null lead time',
      { interviewReminderLeadMinutes: [60, null] },
      'interviewReminderLeadMinutes',
      `${LEAD_RULE}; null is not`,
    ],
    [
      'six lead times',
      { interviewReminderLeadMinutes: [5, 10, 15, 20, 25, 30] },
      'interviewReminderLeadMinutes',
      `${LEAD_RULE}; 6 given`,
    ],
    [
      'a repeated lead time',
      { interviewReminderLeadMinutes: [60, 1440, 60] },
      'interviewReminderLeadMinutes',
      `${LEAD_RULE}; a value is repeated`,
    ],
    [
      'lead times that are not a list',
      { interviewReminderLeadMinutes: 60 },
      'interviewReminderLeadMinutes',
      'must be a list of minutes',
    ],
    ['followUpAfterDays below 0', { followUpAfterDays: -1 }, 'followUpAfterDays', 'must be between 0 and 365'],
    ['followUpAfterDays above 365', { followUpAfterDays: 366 }, 'followUpAfterDays', 'must be between 0 and 365'],
    ['a fractional followUpAfterDays', { followUpAfterDays: 1.5 }, 'followUpAfterDays', 'must be an integer'],
    ['null followUpAfterDays', { followUpAfterDays: null }, 'followUpAfterDays', 'must not be null'],
    ['ghostedAfterDays 0', { ghostedAfterDays: 0 }, 'ghostedAfterDays', 'must be between 1 and 365'],
    ['ghostedAfterDays above 365', { ghostedAfterDays: 366 }, 'ghostedAfterDays', 'must be between 1 and 365'],
    ['null ghostedAfterDays', { ghostedAfterDays: null }, 'ghostedAfterDays', 'must not be null'],
    ['a string for ghostedAfterDays', { ghostedAfterDays: '21' }, 'ghostedAfterDays', 'must be an integer'],
  ];

  for (const [label, change, field, message] of cases) {
    it(`${label}: settingsData.${field} ${message}`, async () => {
      const ann = await t.createUser();
      // A valid change beside the bad one is not written either.
      const other = field === 'reminderEmails' ? { ghostedAfterDays: 30 } : { reminderEmails: false };
      await expectInvalidInput(
        services.users.updateSettings(ann.id, { ...other, ...change }),
        `settingsData.${field}`,
        message,
      );
      expect(await storedSettings(ann.id)).toEqual(DEFAULTS);
    });
  }
});

describe('time zones are stored in their canonical spelling', () => {
  const cases: [string, string][] = [
    ['Europe/Paris', 'Europe/Paris'],
    ['europe/paris', 'Europe/Paris'],
    ['AMERICA/NEW_YORK', 'America/New_York'],
    ['  Asia/Tokyo ', 'Asia/Tokyo'],
    ['UTC', 'UTC'],
    ['utc', 'UTC'],
    ['Etc/UTC', 'UTC'],
    ['etc/utc', 'UTC'],
    ['US/Eastern', 'America/New_York'],
    ['America/Argentina/Buenos_Aires', 'America/Buenos_Aires'],
  ];

  for (const [given, stored] of cases) {
    it(`"${given}" is stored as "${stored}"`, async () => {
      const ann = await t.createUser();
      expect((await services.users.updateSettings(ann.id, { timeZone: given })).timeZone).toBe(stored);
      expect((await storedSettings(ann.id)).timeZone).toBe(stored);
    });
  }

  it('every zone the API can store is one of Intl’s canonical zones or UTC, and PostgreSQL knows it', async () => {
    const zones = [...Intl.supportedValuesOf('timeZone'), 'UTC'];
    // Each listed zone is its own canonical spelling.
    expect(zones.filter((zone) => canonicalTimeZone(zone) !== zone)).toEqual([]);
    // Stats converts with AT TIME ZONE: an unknown name would fail there.
    const unknown = await t.db.sql.rows<{ zone: string }>(Prisma.sql`
      SELECT zone FROM unnest(${zones}::text[]) AS zone
      WHERE NOT EXISTS (SELECT 1 FROM pg_timezone_names WHERE name = zone)`);
    expect(unknown).toEqual([]);
    const [converted] = await t.db.sql.rows<{ count: number }>(Prisma.sql`
      SELECT count(timestamptz '2026-06-01T12:00:00Z' AT TIME ZONE zone)::int AS count FROM unnest(${zones}::text[]) AS zone`);
    expect(converted?.count).toBe(zones.length);
  });
});
