// Issue 14's read rule: a list of jobs with every Part 2 relation asked for costs the same number
// of SQL statements at 10, 100 and 1,000 jobs (no N+1 whichever relations a client selects).
// The data is written in bulk with SQL (generate_series), so the 1,000-job case stays quick.
import { describe, expect, it } from 'vitest';
import { userWithJobs } from '../support/bulk-jobs.ts';
import { useSdkTestApp } from '../support/sdk.ts';

const t = useSdkTestApp();

const EVERYTHING = `{ jobs {
  id status statusChangedAt tags
  statusHistory { fromStatus toStatus occurredAt }
  notes { id }
  contacts { id name jobs { id } }
  interviews { id scheduledAt contacts { id } job { id } }
  tasks { id job { id } }
} }`;

interface JobRow {
  tags: string[];
  statusHistory: { fromStatus: string | null; toStatus: string }[];
  notes: unknown[];
  contacts: { jobs: unknown[] }[];
  interviews: { contacts: unknown[]; job: { id: string } }[];
  tasks: { job: { id: string } }[];
}

/** Runs `document` as a user with `count` such jobs: the statements it took, after checking the answer is whole. */
async function statementsFor(count: number, document: string): Promise<number> {
  const owner = await userWithJobs(t, count);
  t.sqlStatements.length = 0;
  const { status, data, errors } = await t.graphql<{ jobs: JobRow[] }>(document, { token: owner.token });
  const statements = t.sqlStatements.length;
  expect(status).toBe(200);
  expect(errors).toBeUndefined();
  expect(data?.jobs).toHaveLength(count);
  for (const job of data?.jobs ?? []) {
    if ('tags' in job) expect(job.tags).toEqual(['Dream', 'Remote']);
    if ('statusHistory' in job)
      expect(job.statusHistory.map((event) => event.toStatus)).toEqual(['applied', 'interviewing']);
    if ('notes' in job) expect(job.notes).toHaveLength(1);
    if ('contacts' in job) {
      expect(job.contacts).toHaveLength(1);
      if (job.contacts[0] && 'jobs' in job.contacts[0]) expect(job.contacts[0].jobs).toHaveLength(1);
    }
    if ('interviews' in job) {
      expect(job.interviews).toHaveLength(1);
      if (job.interviews[0] && 'contacts' in job.interviews[0]) expect(job.interviews[0].contacts).toHaveLength(1);
    }
    if ('tasks' in job) expect(job.tasks).toHaveLength(1);
  }
  return statements;
}

describe('jobs with every Part 2 relation', () => {
  it('costs the same number of statements at 10, 100 and 1,000 jobs', async () => {
    const counts: number[] = [];
    for (const jobCount of [10, 100, 1000]) counts.push(await statementsFor(jobCount, EVERYTHING));
    expect(counts[1]).toBe(counts[0]);
    expect(counts[2]).toBe(counts[0]);
    // The account check; the jobs with their notes, history, tags, contacts, interviews (and their
    // contacts) and tasks, all in one statement; the contacts' links and then their jobs; the
    // interviews' and tasks' jobs in one batch.
    expect(counts[0]).toBe(5);
  }, 120_000);

  it.each([
    ['contacts', '{ jobs { id contacts { id } } }'],
    ['interviews', '{ jobs { id interviews { id } } }'],
    ['statusHistory', '{ jobs { id statusHistory { toStatus } } }'],
    ['tags', '{ jobs { id tags } }'],
    ['tasks', '{ jobs { id tasks { id } } }'],
  ])('jobs { %s } alone is the same count at 10 and 100 jobs', async (_name, document) => {
    expect(await statementsFor(100, document)).toBe(await statementsFor(10, document));
  });
});
