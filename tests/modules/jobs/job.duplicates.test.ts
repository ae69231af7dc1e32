// Possible duplicates on createJob (SPEC Part 2, "Finding"): the same normalised URL, or a similar
// company (case, punctuation, legal suffixes ignored) with a similar position; never another
// user's jobs; a warning, never a refusal. The URL and company keys are the migration's SQL
// functions, driven here by tables of inputs.
import { beforeEach, describe, expect, it } from 'vitest';
import { Prisma } from '../../../src/generated/prisma/client.ts';
import { useTestServices } from '../../support/services.ts';
import type { TestUser } from '../../support/test-app.ts';

const { t, services } = useTestServices();

let ann: TestUser;
let bob: TestUser;
beforeEach(async () => {
  [ann, bob] = await Promise.all([t.createUser(), t.createUser()]);
});

const urlKey = async (url: string | null) => {
  const [row] = await t.db.sql.rows<{ key: string | null }>(Prisma.sql`SELECT job_url_key(${url}::text) AS key`);
  return row?.key;
};
const companyKey = async (name: string) => {
  const [row] = await t.db.sql.rows<{ key: string }>(Prisma.sql`SELECT company_key(${name}) AS key`);
  return row?.key;
};

const POSTING = 'https://jobs.acme.com/openings/42?team=platform&level=senior';

describe('the URL key', () => {
  it.each([
    ['the same URL', POSTING],
    ['http for https', 'http://jobs.acme.com/openings/42?team=platform&level=senior'],
    ['host case', 'https://JOBS.Acme.COM/openings/42?team=platform&level=senior'],
    ['scheme case', 'HTTPS://jobs.acme.com/openings/42?team=platform&level=senior'],
    ['www.', 'https://www.jobs.acme.com/openings/42?team=platform&level=senior'],
    ['a default port', 'https://jobs.acme.com:443/openings/42?team=platform&level=senior'],
    ['a trailing slash', 'https://jobs.acme.com/openings/42/?team=platform&level=senior'],
    ['a fragment', 'https://jobs.acme.com/openings/42?team=platform&level=senior#apply'],
    ['parameters in another order', 'https://jobs.acme.com/openings/42?level=senior&team=platform'],
    [
      'utm_* parameters',
      'https://jobs.acme.com/openings/42?utm_source=linkedin&team=platform&UTM_Medium=social&level=senior',
    ],
    [
      'click ids and referral trackers',
      'https://jobs.acme.com/openings/42?gclid=abc&team=platform&fbclid=x&ref=board&trk=public&level=senior&msclkid=1',
    ],
    ['surrounding spaces', `  ${POSTING}  `],
  ])('ignores %s', async (_variant, url) => {
    expect(await urlKey(url)).toBe(await urlKey(POSTING));
    expect(await urlKey(url)).toBe('jobs.acme.com/openings/42?level=senior&team=platform');
  });

  it.each([
    ['another path', 'https://jobs.acme.com/openings/43?team=platform&level=senior'],
    ['path case', 'https://jobs.acme.com/Openings/42?team=platform&level=senior'],
    ['another parameter value', 'https://jobs.acme.com/openings/42?team=data&level=senior'],
    ['a missing parameter', 'https://jobs.acme.com/openings/42?team=platform'],
    ['another host', 'https://jobs.acme.io/openings/42?team=platform&level=senior'],
  ])('tells apart %s', async (_variant, url) => {
    expect(await urlKey(url)).not.toBe(await urlKey(POSTING));
  });

  it('has no key for no URL or one that is not http(s)', async () => {
    expect(await urlKey(null)).toBeNull();
    expect(await urlKey('ftp://jobs.acme.com/42')).toBeNull();
  });
});

describe('the company key', () => {
  it.each([
    ['Acme', 'acme'],
    ['ACME, Inc.', 'acme'],
    ['Acme LLC', 'acme'],
    ['Acme Ltd.', 'acme'],
    ['Acme GmbH & Co. KG', 'acme'],
    ['Acme S.A.', 'acme'],
    ['Acme B.V.', 'acme'],
    ['Acme Corp', 'acme'],
    ['Acme plc', 'acme'],
    ['Acme AG', 'acme'],
    ['Acme-Labs', 'acme labs'],
    ['Co', 'co'],
  ])('%s is %s', async (name, key) => {
    expect(await companyKey(name)).toBe(key);
  });
});

describe('possibleDuplicates', () => {
  const create = (userId: string, data: { companyName: string; position: string; jobUrl?: string }) =>
    services.jobs.create(userId, data);
  const duplicatesOf = async (data: { companyName: string; position: string; jobUrl?: string }) => {
    const job = await create(ann.id, data);
    return (await services.jobs.possibleDuplicates(ann.id, job)).map((found) => found.id);
  };

  it('finds the job of the same posting, whatever the URL variant and the company', async () => {
    const first = await create(ann.id, { companyName: 'Acme', position: 'Engineer', jobUrl: POSTING });
    const found = await duplicatesOf({
      companyName: 'Globex (via agency)',
      position: 'Platform person',
      jobUrl: 'http://WWW.jobs.acme.com/openings/42/?level=senior&team=platform&utm_source=x#top',
    });
    expect(found).toEqual([first.id]);
  });

  it.each([
    ['case and punctuation', 'ACME, INC.', 'software engineer'],
    ['a legal suffix', 'Acme GmbH', 'Software Engineer'],
    ['a longer name', 'Acme Labs', 'Senior Software Engineer'],
    ['a typo', 'Acme', 'Sofware Engineer'],
  ])('finds a similar company with a similar position: %s', async (_variant, companyName, position) => {
    const first = await create(ann.id, { companyName: 'Acme Inc', position: 'Software Engineer' });
    expect(await duplicatesOf({ companyName, position })).toEqual([first.id]);
  });

  it.each([
    ['another company, same position', 'Globex', 'Software Engineer'],
    ['a similar-looking company', 'Acne Labs', 'Software Engineer'],
    ['the same company, another position', 'Acme', 'Product Manager'],
    ['the same company, a different engineering role', 'Acme', 'Frontend Engineer'],
  ])('finds nothing for %s', async (_variant, companyName, position) => {
    await create(ann.id, { companyName: 'Acme Inc', position: 'Backend Engineer', jobUrl: POSTING });
    expect(await duplicatesOf({ companyName, position })).toEqual([]);
  });

  it('includes archived jobs, newest first, and never the job itself', async () => {
    const older = await create(ann.id, { companyName: 'Acme', position: 'Engineer' });
    await services.jobs.setArchived(ann.id, older.id, true);
    const newer = await create(ann.id, { companyName: 'Acme', position: 'Engineer', jobUrl: POSTING });
    expect(await duplicatesOf({ companyName: 'Acme', position: 'Engineer' })).toEqual([newer.id, older.id]);
  });

  it('follows an update of the URL or the company (the stored keys are kept by the database)', async () => {
    const first = await create(ann.id, { companyName: 'Globex', position: 'Designer' });
    await services.jobs.update(ann.id, first.id, { jobUrl: POSTING });
    expect(await duplicatesOf({ companyName: 'Initech', position: 'Analyst', jobUrl: `${POSTING}#x` })).toEqual([
      first.id,
    ]);
    await services.jobs.update(ann.id, first.id, { companyName: 'Umbrella Corp', jobUrl: null });
    // Only the earlier probe (created with that URL) is left to match it.
    expect(await duplicatesOf({ companyName: 'Hooli', position: 'Cook', jobUrl: POSTING })).not.toContain(first.id);
    expect(await duplicatesOf({ companyName: 'umbrella', position: 'Designer' })).toEqual([first.id]);
  });

  it('never answers another user’s jobs', async () => {
    await create(bob.id, { companyName: 'Acme', position: 'Engineer', jobUrl: POSTING });
    expect(await duplicatesOf({ companyName: 'Acme', position: 'Engineer', jobUrl: POSTING })).toEqual([]);
  });

  it('never refuses the creation: both jobs exist', async () => {
    await create(ann.id, { companyName: 'Acme', position: 'Engineer', jobUrl: POSTING });
    await duplicatesOf({ companyName: 'Acme', position: 'Engineer', jobUrl: POSTING });
    expect(await t.db.job.count({ where: { userId: ann.id } })).toBe(2);
  });
});
