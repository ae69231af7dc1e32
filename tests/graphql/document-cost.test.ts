// The document cost limit (src/graphql/limits.ts) against real pages: the largest jobsConnection
// page with every field and relation passes, whether its size is a literal (which graphql-armor
// multiplies the cost by) or a variable; ten such pages under aliases do not.
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/test-app.ts';

const t = useTestApp();

const NODE = `id companyName position status appliedOn createdAt updatedAt jobUrl location workMode source
  description deadline priority salaryMin salaryMax salaryCurrency salaryPeriod archived statusChangedAt tags
  notes { id content reminderTime createdAt }
  contacts { id name email phone role company linkedinUrl notes }
  interviews { id scheduledAt durationMinutes kind location meetingUrl notes outcome contacts { id name } }
  tasks { id title dueAt completedAt kind }
  statusHistory { id fromStatus toStatus occurredAt }`;

const page = (size: string, alias = '') => `${alias}jobsConnection(first: ${size}) {
  edges { cursor node { ${NODE} } }
  pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  totalCount
}`;

describe('the document cost limit', () => {
  it('lets the largest page with every field and relation through, literal or variable', async () => {
    const user = await t.createUser();
    const literal = await t.graphql(`{ ${page('100')} }`, { token: user.token });
    expect(literal.errors, JSON.stringify(literal.errors)).toBeUndefined();
    expect(literal.data).toMatchObject({ jobsConnection: { edges: [], totalCount: 0 } });
    const variable = await t.graphql(`query ($first: Int) { ${page('$first')} }`, {
      token: user.token,
      variables: { first: 100 },
    });
    expect(variable.errors).toBeUndefined();
  });

  it('refuses ten of them at once, as a 400 that says so', async () => {
    const user = await t.createUser();
    const aliased = Array.from({ length: 10 }, (_, index) => page('100', `p${index}: `)).join('\n');
    const response = await t.graphql(`{ ${aliased} }`, { token: user.token });
    expect(response.status).toBe(400);
    expect(response.errors?.[0]?.message).toMatch(/cost/i);
    expect(response.data).toBeUndefined();
  });
});
