// Issue 14's read rule: a list of jobs with every Part 2 relation asked for costs the same number
// of SQL statements at 10, 100 and 1,000 jobs (no N+1 whichever relations a client selects).
// The data is written in bulk with SQL (generate_series), so the 1,000-job case stays quick.
import { Prisma } from '../../src/generated/prisma/client.ts';
import { describe, expect, it } from 'vitest';
import { useSdkTestApp } from '../support/sdk.ts';

const t = useSdkTestApp();

/** `count` jobs for a new user, each with a note, two status events, two tags, a contact, an interview with that contact, and a task. */
async function userWithJobs(count: number) {
  const owner = await t.createUser();
  const id = Prisma.sql`${owner.id}::uuid`;
  await t.db.$executeRaw`
    INSERT INTO jobs (id, user_id, company_name, position, status, status_changed_at, created_at, updated_at)
    SELECT gen_random_uuid(), ${id}, 'Company ' || n, 'Engineer', 'interviewing',
           timestamptz '2024-02-01' + n * interval '1 minute', timestamptz '2024-01-01' + n * interval '1 minute', now()
    FROM generate_series(1, ${count}) AS n`;
  await t.db.$executeRaw`
    INSERT INTO job_status_events (id, job_id, from_status, to_status, occurred_at)
    SELECT gen_random_uuid(), j.id, NULL, 'applied'::"JobStatus", j.created_at FROM jobs j WHERE j.user_id = ${id}
    UNION ALL
    SELECT gen_random_uuid(), j.id, 'applied'::"JobStatus", 'interviewing'::"JobStatus", j.status_changed_at FROM jobs j WHERE j.user_id = ${id}`;
  await t.db.$executeRaw`
    INSERT INTO notes (id, job_id, content) SELECT gen_random_uuid(), j.id, 'note' FROM jobs j WHERE j.user_id = ${id}`;
  await t.db.$executeRaw`
    INSERT INTO tags (id, user_id, name, name_key) VALUES (gen_random_uuid(), ${id}, 'Remote', 'remote'), (gen_random_uuid(), ${id}, 'Dream', 'dream')`;
  await t.db.$executeRaw`
    INSERT INTO job_tags (job_id, tag_id) SELECT j.id, g.id FROM jobs j CROSS JOIN tags g WHERE j.user_id = ${id} AND g.user_id = ${id}`;
  await t.db.$executeRaw`
    INSERT INTO contacts (id, user_id, name, updated_at) SELECT gen_random_uuid(), ${id}, 'Contact of ' || j.id, now() FROM jobs j WHERE j.user_id = ${id}`;
  await t.db.$executeRaw`
    INSERT INTO job_contacts (job_id, contact_id)
    SELECT j.id, c.id FROM jobs j JOIN contacts c ON c.name = 'Contact of ' || j.id WHERE j.user_id = ${id}`;
  await t.db.$executeRaw`
    INSERT INTO interviews (id, user_id, job_id, scheduled_at, updated_at)
    SELECT gen_random_uuid(), ${id}, j.id, j.status_changed_at + interval '2 days', now() FROM jobs j WHERE j.user_id = ${id}`;
  await t.db.$executeRaw`
    INSERT INTO interview_contacts (interview_id, contact_id)
    SELECT i.id, jc.contact_id FROM interviews i JOIN job_contacts jc ON jc.job_id = i.job_id WHERE i.user_id = ${id}`;
  await t.db.$executeRaw`
    INSERT INTO tasks (id, user_id, job_id, title, updated_at) SELECT gen_random_uuid(), ${id}, j.id, 'Follow up', now() FROM jobs j WHERE j.user_id = ${id}`;
  return owner;
}

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
  const owner = await userWithJobs(count);
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
