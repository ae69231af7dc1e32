// A user with many jobs, each with every Part 2 relation, written in bulk with SQL
// (generate_series) so that the 1,000-job cases stay quick: the statement-count tests use it.
import { Prisma } from '../../src/generated/prisma/client.ts';
import type { TestApp, TestUser } from './test-app.ts';

/** `count` jobs for a new user, each with a note, two status events, two tags, a contact, an interview with that contact, and a task. */
export async function userWithJobs(t: TestApp, count: number): Promise<TestUser> {
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
