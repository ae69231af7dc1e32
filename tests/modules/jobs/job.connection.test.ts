// jobsConnection's service (job.connection.ts) over a real database: every order in both
// directions with ties and NULLs, walked forward and backward over every page, equals the whole
// list ordered in JavaScript; every filter; pages stay whole while rows come and go between
// requests; bad arguments are BAD_USER_INPUT naming them; another user's jobs never appear.
import { beforeEach, describe, expect, it } from 'vitest';
import { Prisma } from '../../../src/generated/prisma/client.ts';
import { searchMatch } from '../../../src/modules/jobs/job.search.ts';
import type { JobConnectionArgs } from '../../../src/modules/jobs/index.ts';
import { JOB_ORDER_FIELDS, ORDER_DIRECTIONS } from '../../../src/modules/jobs/job.connection.validation.ts';
import { createServices } from '../../../src/services.ts';
import { expectInvalidInput, useTestServices } from '../../support/services.ts';
import type { TestUser } from '../../support/test-app.ts';

const { t, services } = useTestServices();
const NOW = new Date('2025-06-01T12:00:00Z');

let ann: TestUser;
let bob: TestUser;
beforeEach(async () => {
  [ann, bob] = await Promise.all([t.createUser(), t.createUser()]);
});

/**
 * `count` jobs for `owner` whose keys repeat (ties) and are NULL every so often: created_at and
 * friends tie in threes, applied_on, priority and deadline are NULL on one job in four or five.
 */
async function jobsOf(owner: TestUser, count: number): Promise<void> {
  await t.db.$executeRaw`
    INSERT INTO jobs (id, user_id, company_name, position, status, applied_on, priority, deadline,
                      created_at, updated_at, status_changed_at)
    SELECT gen_random_uuid(), ${owner.id}::uuid, 'company ' || chr(97 + n % 7), 'Engineer',
           (ARRAY['wishlist', 'applied', 'interviewing', 'offer']::"JobStatus"[])[1 + n % 4],
           CASE WHEN n % 4 = 0 THEN NULL ELSE date '2024-01-01' + n % 5 END,
           CASE WHEN n % 5 = 0 THEN NULL ELSE 1 + n % 3 END,
           CASE WHEN n % 3 = 0 THEN NULL ELSE date '2024-06-01' + n % 2 END,
           timestamptz '2024-01-01' + (n / 3) * interval '1 minute',
           timestamptz '2024-03-01' + (n % 6) * interval '1 hour',
           timestamptz '2024-02-01' + (n / 2) * interval '1 second'
    FROM generate_series(1, ${count}) AS n`;
}

type Row = { id: string; key: string | number | null };
const COLUMN = {
  applied_on: 'applied_on',
  created_at: 'created_at',
  updated_at: 'updated_at',
  company_name: 'company_name',
  status_changed_at: 'status_changed_at',
  priority: 'priority',
  deadline: 'deadline',
} as const;

/** The owner's non-archived jobs in the order asked, computed here: (key, id), NULLs last, ties by id. */
async function expectedOrder(
  ownerId: string,
  field: keyof typeof COLUMN,
  direction: 'asc' | 'desc',
): Promise<string[]> {
  const rows = await t.db.$queryRawUnsafe<Row[]>(
    `SELECT id::text AS id, ${COLUMN[field]}::text AS key FROM jobs WHERE user_id = $1::uuid AND NOT archived`,
    ownerId,
  );
  const sign = direction === 'asc' ? 1 : -1;
  const compareKey = (a: Row['key'], b: Row['key']): number => {
    if (field === 'priority') return Number(a) - Number(b);
    // Dates and ISO-like timestamps sort as text; the company names are plain lower-case ASCII.
    return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
  };
  return rows
    .sort((a, b) => {
      if (a.key === null || b.key === null) {
        if (a.key === b.key) return sign * (a.id < b.id ? -1 : 1);
        return a.key === null ? 1 : -1;
      }
      return sign * (compareKey(a.key, b.key) || (a.id < b.id ? -1 : 1));
    })
    .map((row) => row.id);
}

/** Every id, page by page of `size`, forward (first/after) or backward (last/before). */
async function walk(ownerId: string, args: JobConnectionArgs, size: number, backward = false): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 1000; pages++) {
    const page = await services.jobs.connection(
      ownerId,
      backward ? { ...args, last: size, before: cursor } : { ...args, first: size, after: cursor },
    );
    const pageIds = page.edges.map((edge) => edge.node.id);
    if (backward) ids.unshift(...pageIds);
    else ids.push(...pageIds);
    const more = backward ? page.pageInfo.hasPreviousPage : page.pageInfo.hasNextPage;
    if (!more) return ids;
    cursor = backward ? page.pageInfo.startCursor : page.pageInfo.endCursor;
  }
  throw new Error('the walk did not end');
}

describe('every order, both directions, with ties and NULLs', () => {
  const cases = JOB_ORDER_FIELDS.flatMap((field) => ORDER_DIRECTIONS.map((direction) => [field, direction] as const));
  it.each(cases)('%s %s: forward and backward walks equal the whole ordered list', async (field, direction) => {
    await jobsOf(ann, 37);
    await jobsOf(bob, 5);
    const expected = await expectedOrder(ann.id, field, direction);
    expect(expected).toHaveLength(37);
    const orderBy = { field, direction };
    expect(await walk(ann.id, { orderBy }, 5)).toEqual(expected);
    expect(await walk(ann.id, { orderBy }, 5, true)).toEqual(expected);
    const one = await services.jobs.connection(ann.id, { orderBy, first: 100 });
    expect(one.edges.map((edge) => edge.node.id)).toEqual(expected);
    expect(await one.totalCount()).toBe(37);
  });

  it('defaults to created_at desc and 20 a page', async () => {
    await jobsOf(ann, 25);
    const page = await services.jobs.connection(ann.id, {});
    expect(page.edges.map((edge) => edge.node.id)).toEqual(
      (await expectedOrder(ann.id, 'created_at', 'desc')).slice(0, 20),
    );
    expect(page.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
  });

  it('an empty list: no edges, no cursors, no pages either side', async () => {
    const page = await services.jobs.connection(ann.id, { first: 5 });
    expect(page.edges).toEqual([]);
    expect(page.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null });
    expect(await page.totalCount()).toBe(0);
  });
});

describe('search relevance', () => {
  it('without orderBy: rank desc then id, walked forward and backward over every page (cursor on the rank)', async () => {
    for (const [index, [companyName, position]] of (
      [
        ['Acme Robotics', 'Engineer'],
        ['Acme', 'Acme platform engineer'],
        ['Globex', 'Acme liaison'],
        ['Acme Labs', 'Data engineer'],
        ['Initech', 'Tester'],
        ['Acme', 'Engineer'],
      ] as const satisfies [string, string][]
    ).entries()) {
      await t.db.job.create({
        data: { userId: ann.id, companyName, position, createdAt: new Date(Date.UTC(2024, 0, 1, 0, index)) },
      });
    }
    await jobsOf(bob, 3);
    // The expected order from the search's own rank, whichever implementation job.search.ts holds.
    const match = searchMatch('acme', ann.id)!;
    const ranked = await t.db.$queryRaw<{ id: string; rank: number }[]>(Prisma.sql`
      SELECT j.id::text AS id, ${match.rank} AS rank FROM jobs j WHERE j.user_id = ${ann.id}::uuid AND ${match.where}`);
    const expected = ranked.sort((a, b) => b.rank - a.rank || (a.id < b.id ? 1 : -1)).map((row) => row.id);
    expect(expected.length).toBeGreaterThanOrEqual(4);
    expect(await walk(ann.id, { search: 'acme' }, 1)).toEqual(expected);
    expect(await walk(ann.id, { search: 'acme' }, 2, true)).toEqual(expected);
  });
});

describe('page stability', () => {
  it.each([
    ['created_at', 'desc'],
    ['applied_on', 'asc'],
    ['priority', 'desc'],
  ] as const)(
    '%s %s: rows inserted and deleted between pages; no surviving row skipped or repeated',
    async (field, direction) => {
      await jobsOf(ann, 30);
      const orderBy = { field, direction };
      const before = new Set(await expectedOrder(ann.id, field, direction));
      const seen: string[] = [];
      const deleted = new Set<string>();
      let cursor: string | null = null;
      for (let round = 0; ; round++) {
        const page = await services.jobs.connection(ann.id, { orderBy, first: 4, after: cursor });
        seen.push(...page.edges.map((edge) => edge.node.id));
        if (!page.pageInfo.hasNextPage) break;
        cursor = page.pageInfo.endCursor;
        // Delete the page's last row (the cursor's own row) and a row not seen yet; insert new ones.
        const unseen = [...before].filter((id) => !seen.includes(id) && !deleted.has(id));
        const victims = [
          page.edges.at(-1)!.node.id,
          ...(unseen[round % Math.max(unseen.length, 1)] ? [unseen[round % unseen.length]!] : []),
        ];
        for (const id of victims) deleted.add(id);
        await t.db.job.deleteMany({ where: { id: { in: victims } } });
        await jobsOf(ann, 2);
      }
      const survivors = [...before].filter((id) => !deleted.has(id));
      expect(new Set(seen).size).toBe(seen.length);
      for (const id of survivors) expect(seen).toContain(id);
    },
  );
});

describe('filters', () => {
  const ids = async (args: JobConnectionArgs, owner = ann) =>
    (await services.jobs.connection(owner.id, { first: 100, ...args })).edges
      .map((edge) => edge.node.companyName)
      .sort();
  const job = (companyName: string, data: Record<string, unknown> = {}) =>
    t.db.job.create({ data: { userId: ann.id, companyName, position: 'Engineer', ...data } });

  beforeEach(async () => {
    await job('Alpha Labs', {
      status: 'applied',
      workMode: 'remote',
      source: 'LinkedIn',
      appliedOn: new Date('2024-01-10'),
    });
    await job('Beta Corp', {
      status: 'interviewing',
      workMode: 'onsite',
      source: 'referral',
      appliedOn: new Date('2024-02-10'),
    });
    await job('Gamma 50%_off', { status: 'offer', appliedOn: new Date('2024-03-10') });
    await job('Delta', { status: 'wishlist', archived: true });
    await t.db.job.create({
      data: { userId: bob.id, companyName: 'Alpha Labs', position: 'Engineer', status: 'applied' },
    });
  });

  it('archived: false by default, true for the archived only', async () => {
    expect(await ids({})).toEqual(['Alpha Labs', 'Beta Corp', 'Gamma 50%_off']);
    expect(await ids({ filter: { archived: true } })).toEqual(['Delta']);
  });

  it('status: one of a list; an empty list, like an empty tags list, is no condition', async () => {
    expect(await ids({ filter: { status: ['applied', 'offer'] } })).toEqual(['Alpha Labs', 'Gamma 50%_off']);
    expect(await ids({ filter: { status: [] } })).toEqual(await ids({}));
    expect(await ids({ filter: { tags: [] } })).toEqual(await ids({}));
  });

  it('tags: every one of them, case-insensitively', async () => {
    const [alpha, beta] = await t.db.job.findMany({
      where: { userId: ann.id, archived: false },
      orderBy: { companyName: 'asc' },
    });
    await services.jobs.update(ann.id, alpha!.id, { tags: ['Remote', 'Dream'] });
    await services.jobs.update(ann.id, beta!.id, { tags: ['remote'] });
    expect(await ids({ filter: { tags: ['REMOTE'] } })).toEqual(['Alpha Labs', 'Beta Corp']);
    expect(await ids({ filter: { tags: ['remote', 'dream'] } })).toEqual(['Alpha Labs']);
    expect(await ids({ filter: { tags: ['remote', 'nowhere'] } })).toEqual([]);
  });

  it('workMode, source (case-insensitive), companyName (a substring, wildcards literal)', async () => {
    expect(await ids({ filter: { workMode: 'remote' } })).toEqual(['Alpha Labs']);
    expect(await ids({ filter: { source: 'linkedin' } })).toEqual(['Alpha Labs']);
    expect(await ids({ filter: { companyName: 'CORP' } })).toEqual(['Beta Corp']);
    expect(await ids({ filter: { companyName: '%_' } })).toEqual(['Gamma 50%_off']);
    expect(await ids({ filter: { companyName: '_' } })).toEqual(['Gamma 50%_off']);
  });

  it('appliedFrom and appliedTo: days, both ends included', async () => {
    expect(await ids({ filter: { appliedFrom: '2024-02-10' } })).toEqual(['Beta Corp', 'Gamma 50%_off']);
    expect(await ids({ filter: { appliedTo: '2024-02-10' } })).toEqual(['Alpha Labs', 'Beta Corp']);
    expect(await ids({ filter: { appliedFrom: '2024-02-01', appliedTo: '2024-02-28' } })).toEqual(['Beta Corp']);
  });

  it('updatedSince: an instant with its zone', async () => {
    await t.db
      .$executeRaw`UPDATE jobs SET updated_at = timestamptz '2024-05-01T10:00:00Z' WHERE company_name = 'Alpha Labs'`;
    await t.db
      .$executeRaw`UPDATE jobs SET updated_at = timestamptz '2024-05-01T12:00:00Z' WHERE company_name <> 'Alpha Labs'`;
    expect(await ids({ filter: { updatedSince: '2024-05-01T13:00:00+02:00' } })).toEqual([
      'Beta Corp',
      'Gamma 50%_off',
    ]);
  });

  it('hasUpcomingInterview: a pending interview at the services clock or later', async () => {
    const timed = createServices({ ...t.deps, now: () => NOW });
    const byName = new Map(
      (await t.db.job.findMany({ where: { userId: ann.id } })).map((row) => [row.companyName, row.id] as const),
    );
    const interview = (company: string, scheduledAt: string, outcome: 'pending' | 'cancelled' = 'pending') =>
      t.db.interview.create({
        data: { userId: ann.id, jobId: byName.get(company)!, scheduledAt: new Date(scheduledAt), outcome },
      });
    await interview('Alpha Labs', NOW.toISOString());
    await interview('Beta Corp', '2025-05-31T12:00:00Z');
    await interview('Gamma 50%_off', '2025-07-01T12:00:00Z', 'cancelled');
    const named = async (value: boolean) =>
      (await timed.jobs.connection(ann.id, { filter: { hasUpcomingInterview: value } })).edges
        .map((edge) => edge.node.companyName)
        .sort();
    expect(await named(true)).toEqual(['Alpha Labs']);
    expect(await named(false)).toEqual(['Beta Corp', 'Gamma 50%_off']);
  });

  it('filters combine, and another user’s jobs never appear', async () => {
    expect(await ids({ filter: { status: ['applied'], companyName: 'alpha' } })).toEqual(['Alpha Labs']);
    expect(await ids({}, bob)).toEqual(['Alpha Labs']);
    const page = await services.jobs.connection(bob.id, { filter: { archived: true } });
    expect(page.edges).toEqual([]);
  });

  it('search: matches, best first', async () => {
    const page = await services.jobs.connection(ann.id, { search: 'alpha' });
    expect(page.edges.map((edge) => edge.node.companyName)).toEqual(['Alpha Labs']);
    expect(await page.totalCount()).toBe(1);
  });
});

describe('bad arguments: BAD_USER_INPUT naming them', () => {
  it.each([
    [{ first: 0 }, 'first', 'must be at least 1'],
    [{ first: 101 }, 'first', 'must be at most 100'],
    [{ last: 101 }, 'last', 'must be at most 100'],
    [{ first: 1.5 }, 'first', 'must be an integer'],
    [
      { first: 5, last: 5 },
      'last',
      'cannot be given with first: page forward with first/after or backward with last/before',
    ],
    [{ after: 'not a cursor' }, 'after', 'is not a cursor of jobsConnection'],
    [{ first: 2, before: 'x' }, 'before', 'goes with last: page backward with last/before, forward with first/after'],
    [{ before: 'x' }, 'before', 'goes with last: page backward with last/before, forward with first/after'],
    [{ last: 2, after: 'x' }, 'after', 'goes with first: page forward with first/after, backward with last/before'],
    [{ before: Buffer.from('{"v":1}').toString('base64url'), last: 2 }, 'before', 'is not a cursor of jobsConnection'],
    [{ search: 'x'.repeat(201) }, 'search', 'must be at most 200 characters'],
    [{ search: 'a\u0000b' }, 'search', 'must be valid Unicode text without NUL characters'],
    ...[
      { v: '0000-01-01T00:00:00Z', o: 'created_at:desc' },
      { v: '2024-02-30', o: 'applied_on:asc' },
      { v: 2 ** 40, o: 'priority:asc' },
    ].map(({ v, o }): [JobConnectionArgs, string, string] => [
      {
        after: Buffer.from(JSON.stringify({ v, id: '00000000-0000-4000-8000-000000000001', o })).toString('base64url'),
        orderBy: { field: o.split(':')[0], direction: o.split(':')[1] },
      },
      'after',
      'is not a cursor of jobsConnection',
    ]),
    [
      {
        after: Buffer.from(
          JSON.stringify({ v: 'a\u0000', id: '00000000-0000-4000-8000-000000000001', o: 'company_name:asc' }),
        ).toString('base64url'),
        orderBy: { field: 'company_name' },
      },
      'after',
      'is not a cursor of jobsConnection',
    ],
    [
      { filter: { appliedFrom: '2024-02-30' } },
      'filter.appliedFrom',
      'must be a date in the form YYYY-MM-DD, e.g. 2024-01-15',
    ],
    [
      { filter: { appliedFrom: '2024-03-01', appliedTo: '2024-02-01' } },
      'filter.appliedTo',
      'must not be before filter.appliedFrom',
    ],
    [
      { filter: { updatedSince: '2024-01-01T00:00:00' } },
      'filter.updatedSince',
      'must be an ISO 8601 date-time with a time zone, e.g. 2024-01-20T10:00:00Z',
    ],
    [
      { filter: { status: ['hired'] } },
      'filter.status.0',
      'must be one of: wishlist, applied, interviewing, offer, accepted, rejected, withdrawn',
    ],
    [
      { orderBy: { field: 'salary' } },
      'orderBy.field',
      'must be one of: applied_on, created_at, updated_at, company_name, status_changed_at, priority, deadline',
    ],
    [{ orderBy: { field: 'priority', direction: 'up' } }, 'orderBy.direction', 'must be one of: asc, desc'],
  ] satisfies [JobConnectionArgs, string, string][])('%j: %s', async (args, field, message) => {
    await expectInvalidInput(services.jobs.connection(ann.id, args), field, message);
  });

  it('a cursor whose instant has an offset PostgreSQL refuses (+23:59) pages from that instant', async () => {
    // JavaScript reads `+23:59`; PostgreSQL refuses it ("time zone displacement out of range").
    // The cursor's value is bound as parsed, in UTC, so such a cursor is an instant like any other.
    await jobsOf(ann, 4);
    const ids = (await t.db.job.findMany({ where: { userId: ann.id }, select: { id: true } })).map((job) => job.id);
    const forged = (field: string, v: string) =>
      Buffer.from(JSON.stringify({ v, id: 'ffffffff-ffff-4fff-bfff-ffffffffffff', o: `${field}:asc` })).toString(
        'base64url',
      );
    for (const field of ['created_at', 'updated_at', 'status_changed_at']) {
      const orderBy = { field, direction: 'asc' };
      const all = (await services.jobs.connection(ann.id, { orderBy })).edges.map((edge) => edge.node.id);
      expect(all.toSorted()).toEqual(ids.toSorted());
      // 9999-12-31T23:59 at +23:59 is 9999-12-31T00:00Z, still within PostgreSQL's years: nothing after it.
      const late = await services.jobs.connection(ann.id, {
        orderBy,
        after: forged(field, '9999-12-31T23:59:00+23:59'),
      });
      expect(late.edges, field).toEqual([]);
      // 0001-01-01T23:59 at +23:59 is 0001-01-01T00:00Z: every job comes after it, in order.
      const early = await services.jobs.connection(ann.id, {
        orderBy,
        after: forged(field, '0001-01-01T23:59:00+23:59'),
      });
      expect(
        early.edges.map((edge) => edge.node.id),
        field,
      ).toEqual(all);
    }
  });

  it('a tampered cursor (its key of the wrong type) and a cursor of another order or search', async () => {
    await jobsOf(ann, 5);
    const page = await services.jobs.connection(ann.id, { first: 2 });
    const cursor = page.pageInfo.endCursor!;
    const content = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as Record<string, unknown>;
    const tampered = Buffer.from(JSON.stringify({ ...content, v: 'yesterday' })).toString('base64url');
    await expectInvalidInput(
      services.jobs.connection(ann.id, { after: tampered }),
      'after',
      'is not a cursor of jobsConnection',
    );
    const otherOrder = 'was made for another orderBy or search; start again without it';
    await expectInvalidInput(
      services.jobs.connection(ann.id, { after: cursor, orderBy: { field: 'created_at', direction: 'asc' } }),
      'after',
      otherOrder,
    );
    await expectInvalidInput(
      services.jobs.connection(ann.id, { after: cursor, search: 'company' }),
      'after',
      otherOrder,
    );
    const searched = await services.jobs.connection(ann.id, { first: 1, search: 'company' });
    await expectInvalidInput(
      services.jobs.connection(ann.id, { after: searched.pageInfo.endCursor, search: 'engineer' }),
      'after',
      otherOrder,
    );
  });

  it('another user’s cursor pages the caller’s own jobs only', async () => {
    await jobsOf(ann, 5);
    await jobsOf(bob, 5);
    const bobPage = await services.jobs.connection(bob.id, { first: 2 });
    const page = await services.jobs.connection(ann.id, { first: 100, after: bobPage.pageInfo.endCursor });
    const annIds = new Set((await t.db.job.findMany({ where: { userId: ann.id } })).map((row) => row.id));
    for (const edge of page.edges) expect(annIds.has(edge.node.id)).toBe(true);
  });
});
