// The README's "Insight" example runs as written and answers the known history's figures.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { EXPECTED_FUNNEL, HISTORY, seedJobs } from '../modules/insights/history.ts';
import { useSdkTestApp } from '../support/sdk.ts';

const t = useSdkTestApp();

it('the Insight section’s stats query answers every figure it names', async () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const start = readme.indexOf('\n## Insight\n');
  expect(start).toBeGreaterThan(0);
  const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
  const query = /```graphql\n([\s\S]*?)```/.exec(section)?.[1];
  expect(query).toContain('stats(from: "2024-03-01", to: "2024-03-17")');
  const ann = await t.createUser();
  await t.db.user.update({ where: { id: ann.id }, data: { timeZone: 'Europe/Berlin' } });
  await seedJobs(t, ann.id, HISTORY);
  const { status, data, errors } = await t.graphql<{ stats: Record<string, unknown> }>(query!, { token: ann.token });
  expect({ status, errors }).toEqual({ status: 200, errors: undefined });
  expect(data?.stats).toMatchObject({ applications: 5, funnel: EXPECTED_FUNNEL, responseRate: 0.6 });
  for (const figure of ['byStatus', 'medianDaysToFirstResponse', 'timeInStage', 'perWeek', 'bySource', 'ghosted']) {
    expect(data?.stats).toHaveProperty(figure);
  }
});
