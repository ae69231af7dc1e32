// jobsConnection over GraphQL: the Relay shape through the SDK, fixed-set orderBy in both
// spellings (an unknown field named orderBy.field), refusals as BAD_USER_INPUT naming the
// argument, and the statements a page costs with every relation asked for: the same at 10, 100
// and 1,000 jobs (page 1 statement, totalCount 1 more, only when asked).
import { describe, expect, it } from 'vitest';
import { JobsConnectionDocument } from '../../src/sdk/index.ts';
import { userWithJobs } from '../support/bulk-jobs.ts';
import { useSdkTestApp } from '../support/sdk.ts';

const t = useSdkTestApp();
const FIELDS = 'applied_on, created_at, updated_at, company_name, status_changed_at, priority, deadline';

// first from a variable: graphql-armor's cost multiplies a literal first (100 x this selection
// passes the document cost limit), not a variable's.
const EVERYTHING = `query Page($first: Int, $after: String, $withCount: Boolean!) {
  jobsConnection(first: $first, after: $after) {
    edges { cursor node { id tags notes { id } contacts { id } interviews { id contacts { id } } tasks { id } statusHistory { toStatus } } }
    pageInfo { hasNextPage endCursor }
    totalCount @include(if: $withCount)
  }
}`;

interface Page {
  jobsConnection: {
    edges: {
      node: {
        tags: string[];
        notes: unknown[];
        contacts: unknown[];
        interviews: { contacts: unknown[] }[];
        tasks: unknown[];
        statusHistory: unknown[];
      };
    }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    totalCount?: number;
  };
}

/** The statements of each page of a walk over `count` jobs (session check excluded), the answers checked whole. */
async function statementsPerPage(count: number, withCount: boolean): Promise<number[]> {
  const owner = await userWithJobs(t, count);
  const perPage: number[] = [];
  let after: string | null = null;
  let seen = 0;
  for (;;) {
    t.sqlStatements.length = 0;
    const { data, errors }: { data?: Page | null; errors?: unknown } = await t.graphql<Page>(EVERYTHING, {
      token: owner.token,
      variables: { first: 100, after, withCount },
    });
    expect(errors).toBeUndefined();
    // The account check (SPEC: statement counts exclude the per-request session check).
    perPage.push(t.sqlStatements.length - 1);
    const connection: Page['jobsConnection'] = data!.jobsConnection;
    if (withCount) expect(connection.totalCount).toBe(count);
    for (const { node } of connection.edges) {
      expect(node.tags).toEqual(['Dream', 'Remote']);
      const counts = [node.notes, node.contacts, node.interviews, node.interviews[0]?.contacts ?? [], node.tasks];
      expect(counts.map((list) => list.length)).toEqual([1, 1, 1, 1, 1]);
      expect(node.statusHistory).toHaveLength(2);
    }
    seen += connection.edges.length;
    if (!connection.pageInfo.hasNextPage) break;
    after = connection.pageInfo.endCursor;
  }
  expect(seen).toBe(count);
  return perPage;
}

describe('statements per page, every relation asked for', () => {
  it('a page is 1 statement and totalCount 1 more, at 10, 100 and 1,000 jobs', async () => {
    for (const count of [10, 100, 1000]) {
      const withCount = await statementsPerPage(count, true);
      expect(new Set(withCount)).toEqual(new Set([2]));
    }
    expect(new Set(await statementsPerPage(100, false))).toEqual(new Set([1]));
  }, 120_000);
});

describe('through the SDK', () => {
  it('pages forward then back with the same cursors', async () => {
    const owner = await userWithJobs(t, 5);
    const sdk = t.sdk(owner.token);
    const first = await sdk.request(JobsConnectionDocument, {
      first: 2,
      orderBy: { field: 'company_name', direction: 'asc' },
    });
    expect(first.jobsConnection.edges.map((edge) => edge.node.companyName)).toEqual(['Company 1', 'Company 2']);
    expect(first.jobsConnection.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expect(first.jobsConnection.totalCount).toBe(5);
    const second = await sdk.request(JobsConnectionDocument, {
      first: 2,
      after: first.jobsConnection.pageInfo.endCursor,
      orderBy: { field: 'company_name', direction: 'asc' },
    });
    expect(second.jobsConnection.edges.map((edge) => edge.node.companyName)).toEqual(['Company 3', 'Company 4']);
    expect(second.jobsConnection.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
    const back = await sdk.request(JobsConnectionDocument, {
      last: 2,
      before: second.jobsConnection.pageInfo.startCursor,
      orderBy: { field: 'company_name', direction: 'asc' },
    });
    expect(back.jobsConnection.edges.map((edge) => edge.node.companyName)).toEqual(['Company 1', 'Company 2']);
    expect(back.jobsConnection.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
  });

  it('orderBy takes bare and quoted values alike', async () => {
    const owner = await userWithJobs(t, 3);
    for (const orderBy of [
      '{ field: company_name, direction: desc }',
      '{ field: "company_name", direction: "desc" }',
    ]) {
      const { data, errors } = await t.graphql<{ jobsConnection: { edges: { node: { companyName: string } }[] } }>(
        `{ jobsConnection(orderBy: ${orderBy}) { edges { node { companyName } } } }`,
        { token: owner.token },
      );
      expect(errors).toBeUndefined();
      expect(data?.jobsConnection.edges.map((edge) => edge.node.companyName)).toEqual([
        'Company 3',
        'Company 2',
        'Company 1',
      ]);
    }
  });
});

describe('refusals: BAD_USER_INPUT naming the argument, never a 500', () => {
  it.each([
    [
      'an unknown orderBy field, bare',
      '(orderBy: { field: salary })',
      {},
      'orderBy.field',
      `must be one of: ${FIELDS}`,
    ],
    [
      'an unknown orderBy field, quoted',
      '(orderBy: { field: "salary" })',
      {},
      'orderBy.field',
      `must be one of: ${FIELDS}`,
    ],
    [
      'an unknown status in the filter',
      '(filter: { status: [applied, hired] })',
      {},
      'filter.status.1',
      'must be one of: wishlist, applied, interviewing, offer, accepted, rejected, withdrawn',
    ],
    [
      'first and last',
      '(first: 2, last: 2)',
      {},
      'last',
      'cannot be given with first: page forward with first/after or backward with last/before',
    ],
    ['first: 101', '(first: 101)', {}, 'first', 'must be at most 100'],
    ['last: 0', '(last: 0)', {}, 'last', 'must be at least 1'],
    ['a bad cursor', '(after: "bm9wZQ")', {}, 'after', 'is not a cursor of jobsConnection'],
    [
      'a bad day',
      '(filter: { appliedFrom: "2024-13-01" })',
      {},
      'filter.appliedFrom',
      'must be a date in the form YYYY-MM-DD, e.g. 2024-01-15',
    ],
  ])('%s', async (_name, args, variables, field, problem) => {
    const owner = await t.createUser();
    const { status, data, errors } = await t.graphql(`{ jobsConnection${args} { totalCount } }`, {
      token: owner.token,
      variables,
    });
    // A field error without data: the status of its code (src/graphql/response-status.ts).
    expect(status).toBe(400);
    expect(data?.jobsConnection ?? null).toBeNull();
    expect(errors?.[0]).toMatchObject({
      message: `${field} ${problem}`,
      extensions: { code: 'BAD_USER_INPUT', field },
    });
  });

  it('an unknown orderBy field in a variable is named by its path', async () => {
    const owner = await t.createUser();
    const { errors } = await t.graphql(
      `query ($orderBy: JobOrder) { jobsConnection(orderBy: $orderBy) { totalCount } }`,
      {
        token: owner.token,
        variables: { orderBy: { field: 'salary' } },
      },
    );
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'orderBy.field' });
  });
});
