// Contacts through the API: CRUD with the seed's payloads, links between contacts and jobs
// answering the job with its contacts, Contact.jobs, and the query plan (a constant number of
// statements for any number of jobs and contacts). Every call goes through the SDK client.
import { beforeEach, describe, expect, it } from 'vitest';
import {
  ContactDocument,
  ContactsDocument,
  ContactWithJobsDocument,
  CreateContactDocument,
  DeleteContactDocument,
  JobsWithContactsDocument,
  JobWithContactsDocument,
  LinkContactDocument,
  UnlinkContactDocument,
  UpdateContactDocument,
} from '../../src/sdk/index.ts';
import { useSdkTestApp } from '../support/sdk.ts';
import type { TestUser } from '../support/test-app.ts';

const t = useSdkTestApp();
const MISSING_ID = '00000000-0000-4000-8000-00000000abcd';
let ann: TestUser;

beforeEach(async () => {
  ann = await t.createUser();
});

const job = (userId: string, companyName: string, createdAt = new Date()) =>
  t.db.job.create({ data: { userId, companyName, position: 'Engineer', createdAt } });
const contact = (userId: string, name: string) => t.db.contact.create({ data: { userId, name } });

describe('contact CRUD', () => {
  it('creates, reads, updates (null clears) and deletes a contact', async () => {
    const api = t.sdk(ann.token);
    const { createContact } = await api.request(CreateContactDocument, {
      contactData: {
        name: ' Jane Doe ',
        email: 'Jane@Example.com',
        phone: '+44 20 7946 0000',
        role: 'Recruiter',
        company: 'Acme',
        linkedinUrl: 'https://www.linkedin.com/in/jane',
        notes: 'Prefers email',
      },
    });
    expect(createContact).toMatchObject({
      success: true,
      message: 'Contact created successfully',
      code: null,
      field: null,
    });
    const created = createContact.contact!;
    expect(created).toMatchObject({ name: 'Jane Doe', email: 'Jane@Example.com', company: 'Acme' });
    expect(await api.request(ContactDocument, { id: created.id })).toEqual({ contact: created });
    expect(await api.request(ContactsDocument)).toEqual({ contacts: [created] });
    expect((await api.request(ContactsDocument, { search: 'ACME' })).contacts).toEqual([created]);
    expect((await api.request(ContactsDocument, { search: 'nobody' })).contacts).toEqual([]);

    const { updateContact } = await api.request(UpdateContactDocument, {
      id: created.id,
      contactData: { role: 'Hiring manager', phone: null, notes: null },
    });
    expect(updateContact).toMatchObject({ success: true, message: 'Contact updated successfully' });
    expect(updateContact.contact).toMatchObject({
      name: 'Jane Doe',
      role: 'Hiring manager',
      phone: null,
      notes: null,
      email: 'Jane@Example.com',
    });

    const { deleteContact } = await api.request(DeleteContactDocument, { id: created.id });
    expect(deleteContact).toEqual({
      success: true,
      message: 'Contact deleted successfully',
      code: null,
      field: null,
      deletedId: created.id,
    });
    expect(await api.request(ContactDocument, { id: created.id })).toEqual({ contact: null });
  });

  it('bad input answers success: false naming the field, and stores nothing', async () => {
    const api = t.sdk(ann.token);
    const cases = [
      [{ name: '' }, 'contactData.name'],
      [{ name: 'A', email: 'nope' }, 'contactData.email'],
      [{ name: 'A', linkedinUrl: 'javascript:alert(1)' }, 'contactData.linkedinUrl'],
      [{ name: 'A', phone: '1'.repeat(51) }, 'contactData.phone'],
    ] as const;
    for (const [contactData, field] of cases) {
      const { createContact } = await api.request(CreateContactDocument, { contactData });
      expect(createContact).toMatchObject({ success: false, code: 'BAD_USER_INPUT', field, contact: null });
      expect(createContact.message).toMatch(new RegExp(`^${field.replace('.', '\\.')} `));
    }
    const jane = await contact(ann.id, 'Jane');
    const { updateContact } = await api.request(UpdateContactDocument, { id: jane.id, contactData: { name: null } });
    expect(updateContact).toMatchObject({ success: false, code: 'BAD_USER_INPUT', field: 'contactData.name' });
    expect(await t.db.contact.count({ where: { userId: ann.id } })).toBe(1);
  });

  it('deleting a contact leaves its jobs, without it', async () => {
    const acme = await job(ann.id, 'Acme');
    const jane = await contact(ann.id, 'Jane');
    const api = t.sdk(ann.token);
    await api.request(LinkContactDocument, { jobId: acme.id, contactId: jane.id });
    await api.request(DeleteContactDocument, { id: jane.id });
    const { job: read } = await api.request(JobWithContactsDocument, { id: acme.id });
    expect(read).toMatchObject({ id: acme.id, contacts: [] });
  });
});

describe('linking contacts and jobs', () => {
  it('linkContact answers the job with its contacts by name; twice is the same; unlinkContact removes it', async () => {
    const acme = await job(ann.id, 'Acme');
    const [zed, amy] = [await contact(ann.id, 'Zed'), await contact(ann.id, 'Amy')];
    const api = t.sdk(ann.token);
    const first = await api.request(LinkContactDocument, { jobId: acme.id, contactId: zed.id });
    expect(first.linkContact).toMatchObject({ success: true, message: 'Contact linked successfully', code: null });
    expect(first.linkContact.job?.contacts.map((c) => c.name)).toEqual(['Zed']);
    const second = await api.request(LinkContactDocument, { jobId: acme.id, contactId: amy.id });
    expect(second.linkContact.job?.contacts.map((c) => c.name)).toEqual(['Amy', 'Zed']);
    const again = await api.request(LinkContactDocument, { jobId: acme.id, contactId: amy.id });
    expect(again).toEqual(second);
    expect(await t.db.jobContact.count({ where: { jobId: acme.id } })).toBe(2);

    const unlinked = await api.request(UnlinkContactDocument, { jobId: acme.id, contactId: zed.id });
    expect(unlinked.unlinkContact).toMatchObject({ success: true, message: 'Contact unlinked successfully' });
    expect(unlinked.unlinkContact.job?.contacts.map((c) => c.name)).toEqual(['Amy']);
    // Not linked any more: success, nothing changes.
    const twice = await api.request(UnlinkContactDocument, { jobId: acme.id, contactId: zed.id });
    expect(twice).toEqual(unlinked);
    // The job answered is the job as job(id) reads it.
    expect((await api.request(JobWithContactsDocument, { id: acme.id })).job).toEqual(twice.unlinkContact.job);
  });

  it('a missing job or contact answers NOT_FOUND naming jobId or contactId, and links nothing', async () => {
    const acme = await job(ann.id, 'Acme');
    const jane = await contact(ann.id, 'Jane');
    const api = t.sdk(ann.token);
    const senders = [
      async (ids: { jobId: string; contactId: string }) => (await api.request(LinkContactDocument, ids)).linkContact,
      async (ids: { jobId: string; contactId: string }) =>
        (await api.request(UnlinkContactDocument, ids)).unlinkContact,
    ];
    for (const send of senders) {
      const noJob = await send({ jobId: MISSING_ID, contactId: jane.id });
      expect(noJob).toEqual({ success: false, message: 'Job not found', code: 'NOT_FOUND', field: 'jobId', job: null });
      const noContact = await send({ jobId: acme.id, contactId: MISSING_ID });
      expect(noContact).toEqual({
        success: false,
        message: 'Contact not found',
        code: 'NOT_FOUND',
        field: 'contactId',
        job: null,
      });
      const malformed = await send({ jobId: acme.id, contactId: 'nope' });
      expect(malformed).toMatchObject({ success: false, code: 'BAD_USER_INPUT', field: 'contactId' });
    }
    expect(await t.db.jobContact.count({ where: { OR: [{ jobId: acme.id }, { contactId: jane.id }] } })).toBe(0);
  });

  it('Contact.jobs lists the linked jobs newest first, only the caller’s', async () => {
    const older = await job(ann.id, 'Older', new Date('2024-01-01T00:00:00Z'));
    const newer = await job(ann.id, 'Newer', new Date('2024-02-01T00:00:00Z'));
    await job(ann.id, 'Unlinked');
    const jane = await contact(ann.id, 'Jane');
    const api = t.sdk(ann.token);
    for (const jobId of [older.id, newer.id]) await api.request(LinkContactDocument, { jobId, contactId: jane.id });
    const { contact: read } = await api.request(ContactWithJobsDocument, { id: jane.id });
    expect(read?.jobs.map((j) => j.companyName)).toEqual(['Newer', 'Older']);
    const bob = await t.createUser();
    expect(await t.sdk(bob.token).request(ContactWithJobsDocument, { id: jane.id })).toEqual({ contact: null });
  });
});

describe('the query plan has no N+1', () => {
  /** `jobCount` jobs of a new user, each linked to 2 of 5 contacts. */
  async function seed(jobCount: number): Promise<TestUser> {
    const owner = await t.createUser();
    const contacts = await Promise.all(['Ada', 'Bo', 'Cy', 'Di', 'Ed'].map((name) => contact(owner.id, name)));
    await t.db.job.createMany({
      data: Array.from({ length: jobCount }, (_, index) => ({
        userId: owner.id,
        companyName: `Company ${index}`,
        position: 'Engineer',
        createdAt: new Date(Date.UTC(2024, 0, 1, 0, 0, index)),
      })),
    });
    const jobs = await t.db.job.findMany({ where: { userId: owner.id }, select: { id: true } });
    await t.db.jobContact.createMany({
      data: jobs.flatMap((row, index) => [
        { jobId: row.id, contactId: contacts[index % 5]!.id },
        { jobId: row.id, contactId: contacts[(index + 1) % 5]!.id },
      ]),
    });
    return owner;
  }

  async function statementsFor<Data>(owner: TestUser, run: () => Promise<{ data?: Data | null; errors?: unknown }>) {
    t.sqlStatements.length = 0;
    const { data, errors } = await run();
    expect(errors).toBeUndefined();
    return { statements: t.sqlStatements.length, data: data! };
  }

  it('jobs { contacts { jobs { id } } } runs as many statements for 100 jobs as for 10', async () => {
    const counts: number[] = [];
    for (const jobCount of [10, 100]) {
      const owner = await seed(jobCount);
      const { statements, data } = await statementsFor(owner, () =>
        t.sdk(owner.token).execute(JobsWithContactsDocument, { limit: 500 }),
      );
      expect(data.jobs).toHaveLength(jobCount);
      expect(data.jobs.every((row) => row.contacts.length === 2)).toBe(true);
      // Each contact is linked to 2 jobs of every 5, newest first.
      const ada = data.jobs.flatMap((row) => row.contacts).find((c) => c.name === 'Ada')!;
      expect(ada.jobs).toHaveLength((jobCount / 5) * 2);
      counts.push(statements);
    }
    expect(counts[1]).toBe(counts[0]);
    // The account check, the jobs with their contacts, the contacts' links, those jobs.
    expect(counts[0]).toBe(4);
  });

  it('contacts reached without the embed (through Contact.jobs) are batched too', async () => {
    const counts: number[] = [];
    const query = `{ contacts { id jobs { id contacts { id name } } } }`;
    for (const jobCount of [10, 100]) {
      const owner = await seed(jobCount);
      const { statements, data } = await statementsFor(owner, () =>
        t.graphql<{ contacts: { jobs: { contacts: unknown[] }[] }[] }>(query, { token: owner.token }),
      );
      expect(data.contacts).toHaveLength(5);
      expect(data.contacts.every((c) => c.jobs.every((row) => row.contacts.length === 2))).toBe(true);
      counts.push(statements);
    }
    expect(counts[1]).toBe(counts[0]);
    // The account check, the contacts, their links, those jobs, those jobs' contacts.
    expect(counts[0]).toBe(5);
  });

  it('the embedded and the batched paths answer the same contacts in the same order', async () => {
    const owner = await seed(10);
    const embedded = await t.graphql<{ jobs: { id: string; contacts: unknown[] }[] }>(
      `{ jobs { id contacts { id name email createdAt updatedAt } } }`,
      { token: owner.token },
    );
    const batched = await t.graphql<{ contacts: { jobs: { id: string; contacts: unknown[] }[] }[] }>(
      `{ contacts { jobs { id contacts { id name email createdAt updatedAt } } } }`,
      { token: owner.token },
    );
    const byJob = new Map(batched.data!.contacts.flatMap((c) => c.jobs.map((row) => [row.id, row.contacts])));
    for (const row of embedded.data!.jobs) expect(byJob.get(row.id)).toEqual(row.contacts);
  });

  it('linkContact loads the answered job’s contacts in the same statement as the job', async () => {
    const acme = await job(ann.id, 'Acme');
    const jane = await contact(ann.id, 'Jane');
    const { statements } = await statementsFor(ann, () =>
      t.sdk(ann.token).execute(LinkContactDocument, { jobId: acme.id, contactId: jane.id }),
    );
    // The account check, the link, the job with its contacts.
    expect(statements).toBe(3);
  });
});

describe('reads after writes in one document', () => {
  it('a later field sees the links and contacts an earlier field changed', async () => {
    const acme = await job(ann.id, 'Acme');
    const jane = await contact(ann.id, 'Jane');
    // updateJob answers its job without embeds, so Job.contacts goes through the batch loader.
    const readContacts = (alias: string) =>
      `${alias}: updateJob(id: "${acme.id}", jobData: { position: "Engineer" }) { job { contacts { id name } } }`;
    const { data, errors } = await t.graphql<Record<string, { job: { contacts: { id: string; name: string }[] } }>>(
      `mutation {
        ${readContacts('before')}
        linkContact(jobId: "${acme.id}", contactId: "${jane.id}") { success }
        ${readContacts('linked')}
        updateContact(id: "${jane.id}", contactData: { name: "Jane Doe" }) { success }
        ${readContacts('renamed')}
        unlinkContact(jobId: "${acme.id}", contactId: "${jane.id}") { success }
        ${readContacts('unlinked')}
      }`,
      { token: ann.token },
    );
    expect(errors).toBeUndefined();
    expect(data?.before?.job.contacts).toEqual([]);
    expect(data?.linked?.job.contacts).toEqual([{ id: jane.id, name: 'Jane' }]);
    expect(data?.renamed?.job.contacts).toEqual([{ id: jane.id, name: 'Jane Doe' }]);
    expect(data?.unlinked?.job.contacts).toEqual([]);
  });
});
