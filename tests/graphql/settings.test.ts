// `me { settings }` and `updateSettings` over the SDK: the defaults of a new account, partial
// updates, canonical storage, each bad value answered BAD_USER_INPUT naming `settingsData.<field>`
// (nulls included, as a payload rather than a GraphQL error), and the read costing no statement
// beyond `me`'s own. Owner-scoped by construction: the fields take no id, only the token's user.
import { describe, expect, it } from 'vitest';
import { MeDocument, MySettingsDocument, UpdateSettingsDocument } from '../../src/sdk/index.ts';
import { requestError, useSdkTestApp } from '../support/sdk.ts';

const t = useSdkTestApp();
const DEFAULTS = {
  timeZone: 'UTC',
  reminderEmails: true,
  interviewReminderLeadMinutes: [1440, 60],
  followUpAfterDays: 7,
  ghostedAfterDays: 21,
};

describe('me { settings }', () => {
  it('a new account has the defaults', async () => {
    const ann = await t.createUser();
    expect(await t.sdk(ann.token).request(MySettingsDocument)).toEqual({ me: { id: ann.id, settings: DEFAULTS } });
  });

  it('costs no statement beyond me’s own (read with the account’s row)', async () => {
    const ann = await t.createUser();
    const api = t.sdk(ann.token);
    t.sqlStatements.length = 0;
    await api.request(MeDocument);
    const forMe = t.sqlStatements.length;
    t.sqlStatements.length = 0;
    await api.request(MySettingsDocument);
    expect(t.sqlStatements.length).toBe(forMe);
  });

  it('stays out of the REST answers (GET /auth/me answers the seed’s user as it was)', async () => {
    const ann = await t.createUser();
    const response = await t.fetch('/auth/me', { headers: { authorization: `Bearer ${ann.token}` } });
    expect(response.status).toBe(200);
    expect(Object.keys((await response.json()) as object).sort()).toEqual([
      'created_at',
      'email',
      'first_name',
      'id',
      'is_active',
      'last_name',
    ]);
  });

  it('needs a token', async () => {
    const error = await requestError(t.sdk().request(MySettingsDocument));
    expect(error.code).toBe('UNAUTHENTICATED');
  });
});

describe('updateSettings', () => {
  it('answers the seed payload with every setting, and me { settings } shows them', async () => {
    const ann = await t.createUser();
    const api = t.sdk(ann.token);
    const { updateSettings } = await api.request(UpdateSettingsDocument, {
      settingsData: {
        timeZone: 'europe/paris',
        reminderEmails: false,
        interviewReminderLeadMinutes: [15, 1440, 120],
        followUpAfterDays: 0,
        ghostedAfterDays: 30,
      },
    });
    const expected = {
      timeZone: 'Europe/Paris',
      reminderEmails: false,
      interviewReminderLeadMinutes: [1440, 120, 15],
      followUpAfterDays: 0,
      ghostedAfterDays: 30,
    };
    expect(updateSettings).toEqual({
      success: true,
      message: 'Settings updated successfully',
      code: null,
      field: null,
      settings: expected,
    });
    expect((await api.request(MySettingsDocument)).me.settings).toEqual(expected);
  });

  it('a partial update keeps the others', async () => {
    const ann = await t.createUser();
    const api = t.sdk(ann.token);
    await api.request(UpdateSettingsDocument, { settingsData: { timeZone: 'Asia/Tokyo' } });
    const { updateSettings } = await api.request(UpdateSettingsDocument, { settingsData: { ghostedAfterDays: 10 } });
    expect(updateSettings.settings).toEqual({ ...DEFAULTS, timeZone: 'Asia/Tokyo', ghostedAfterDays: 10 });
  });

  it('stores the canonical zone: case fixed, aliases resolved', async () => {
    const ann = await t.createUser();
    const api = t.sdk(ann.token);
    for (const [given, stored] of [
      ['AMERICA/new_york', 'America/New_York'],
      ['Etc/UTC', 'UTC'],
      ['US/Pacific', 'America/Los_Angeles'],
    ] as const) {
      const { updateSettings } = await api.request(UpdateSettingsDocument, { settingsData: { timeZone: given } });
      expect(updateSettings.settings?.timeZone, given).toBe(stored);
      expect((await t.db.user.findUniqueOrThrow({ where: { id: ann.id } })).timeZone, given).toBe(stored);
    }
  });

  it('changes only the caller’s settings', async () => {
    const [ann, bob] = await Promise.all([t.createUser(), t.createUser()]);
    await t
      .sdk(ann.token)
      .request(UpdateSettingsDocument, { settingsData: { reminderEmails: false, timeZone: 'Asia/Tokyo' } });
    expect((await t.sdk(bob.token).request(MySettingsDocument)).me.settings).toEqual(DEFAULTS);
  });

  it('needs a token and changes nothing without one', async () => {
    const ann = await t.createUser();
    const error = await requestError(
      t.sdk().request(UpdateSettingsDocument, { settingsData: { ghostedAfterDays: 5 } }),
    );
    expect(error.code).toBe('UNAUTHENTICATED');
    expect((await t.sdk(ann.token).request(MySettingsDocument)).me.settings).toEqual(DEFAULTS);
  });

  const LEAD_RULE = 'must be at most 5 distinct whole minutes from 5 to 40320 (4 weeks)';
  const refusals: [Record<string, unknown>, string, string][] = [
    [{ timeZone: 'Europe/Atlantis' }, 'timeZone', 'must be an IANA time zone, e.g. Europe/Paris or UTC'],
    [{ timeZone: null }, 'timeZone', 'must not be null'],
    [{ reminderEmails: null }, 'reminderEmails', 'must not be null'],
    [{ interviewReminderLeadMinutes: [60, 2] }, 'interviewReminderLeadMinutes', `${LEAD_RULE}; 2 is not`],
    [{ interviewReminderLeadMinutes: [50_000] }, 'interviewReminderLeadMinutes', `${LEAD_RULE}; 50000 is not`],
    [{ interviewReminderLeadMinutes: [60, 60] }, 'interviewReminderLeadMinutes', `${LEAD_RULE}; a value is repeated`],
    [
      { interviewReminderLeadMinutes: [10, 20, 30, 40, 50, 60] },
      'interviewReminderLeadMinutes',
      `${LEAD_RULE}; 6 given`,
    ],
    [{ interviewReminderLeadMinutes: null }, 'interviewReminderLeadMinutes', 'must not be null'],
    [{ followUpAfterDays: 400 }, 'followUpAfterDays', 'must be between 0 and 365'],
    [{ followUpAfterDays: -1 }, 'followUpAfterDays', 'must be between 0 and 365'],
    [{ followUpAfterDays: null }, 'followUpAfterDays', 'must not be null'],
    [{ ghostedAfterDays: 0 }, 'ghostedAfterDays', 'must be between 1 and 365'],
    [{ ghostedAfterDays: null }, 'ghostedAfterDays', 'must not be null'],
  ];

  for (const [settingsData, field, rule] of refusals) {
    it(`${JSON.stringify(settingsData)}: BAD_USER_INPUT naming settingsData.${field}, nothing written`, async () => {
      const ann = await t.createUser();
      const api = t.sdk(ann.token);
      const { status, data, errors } = await api.execute(UpdateSettingsDocument, {
        settingsData: { reminderEmails: false, ...settingsData },
      });
      expect(status).toBe(200);
      expect(errors).toBeUndefined();
      expect(data?.updateSettings).toEqual({
        success: false,
        message: `settingsData.${field} ${rule}`,
        code: 'BAD_USER_INPUT',
        field: `settingsData.${field}`,
        settings: null,
      });
      expect((await api.request(MySettingsDocument)).me.settings).toEqual(DEFAULTS);
    });
  }

  it('a null written in the document is refused the same way (the input fields are nullable)', async () => {
    const ann = await t.createUser();
    for (const field of Object.keys(DEFAULTS)) {
      const { data, errors } = await t.graphql<{ updateSettings: { success: boolean; code: string; field: string } }>(
        `mutation { updateSettings(settingsData: { ${field}: null }) { success code field } }`,
        { token: ann.token },
      );
      expect(errors, field).toBeUndefined();
      expect(data?.updateSettings, field).toEqual({
        success: false,
        code: 'BAD_USER_INPUT',
        field: `settingsData.${field}`,
      });
    }
  });

  it('an empty settingsData changes nothing and answers the settings', async () => {
    const ann = await t.createUser();
    const { updateSettings } = await t.sdk(ann.token).request(UpdateSettingsDocument, { settingsData: {} });
    expect(updateSettings).toMatchObject({ success: true, settings: DEFAULTS });
  });
});
