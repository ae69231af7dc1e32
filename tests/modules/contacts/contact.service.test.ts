// ContactService's own rules, called directly over this file's database: a contact belongs to
// its owner (another user's contact or job fails NOT_FOUND exactly like a missing one, and
// changes nothing), bad input fails BAD_USER_INPUT naming the field and stores nothing, partial
// updates with null clearing, contacts by name, links idempotent both ways.
import { beforeEach, describe, expect, it } from 'vitest';
import { appError, expectInvalidInput, useTestServices } from '../../support/services.ts';
import type { TestUser } from '../../support/test-app.ts';

const { t, services } = useTestServices();
const MISSING_ID = '00000000-0000-4000-8000-00000000abcd';

let ann: TestUser;
let bob: TestUser;
let annJobId: string;
beforeEach(async () => {
  [ann, bob] = await Promise.all([t.createUser(), t.createUser()]);
  annJobId = (await t.db.job.create({ data: { userId: ann.id, companyName: 'Acme', position: 'Engineer' } })).id;
});

const contact = (userId: string, name: string, extra: { company?: string; email?: string } = {}) =>
  t.db.contact.create({ data: { userId, name, ...extra } });

const linksOf = (jobId: string) => t.db.jobContact.findMany({ where: { jobId }, select: { contactId: true } });

/** NOT_FOUND with the same code, message and field whether the row is someone else's or missing. */
async function expectNotFoundAlike(
  forOthers: () => Promise<unknown>,
  forMissing: () => Promise<unknown>,
  expected: { message: string; field?: string },
) {
  const others = await appError(forOthers());
  const missing = await appError(forMissing());
  const shape = (error: { code: string; message: string; field: string | undefined }) => ({
    code: error.code,
    message: error.message,
    field: error.field,
  });
  expect(shape(others)).toEqual({ code: 'NOT_FOUND', message: expected.message, field: expected.field });
  expect(shape(missing)).toEqual(shape(others));
}

describe('create', () => {
  it('stores every field, trimmed, the email as given', async () => {
    const created = await services.contacts.create(ann.id, {
      name: '  Jane Doe ',
      email: ' Jane.Doe@Example.COM ',
      phone: '+1 555 0100',
      role: 'Recruiter',
      company: 'Acme',
      linkedinUrl: 'https://www.linkedin.com/in/jane',
      notes: 'Met at the fair',
    });
    expect(created).toMatchObject({
      name: 'Jane Doe',
      email: 'Jane.Doe@Example.COM',
      phone: '+1 555 0100',
      role: 'Recruiter',
      company: 'Acme',
      linkedinUrl: 'https://www.linkedin.com/in/jane',
      notes: 'Met at the fair',
    });
    const row = await t.db.contact.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.userId).toBe(ann.id);
    expect(row.email).toBe('Jane.Doe@Example.COM');
    // The write path and the SQL read path answer the same view.
    expect(await services.contacts.find(ann.id, created.id)).toEqual(created);
  });

  it('needs only a name; the optional fields are null', async () => {
    const created = await services.contacts.create(ann.id, { name: 'Sam', email: null });
    expect(created).toMatchObject({ name: 'Sam', email: null, phone: null, role: null, company: null });
    expect(created.linkedinUrl).toBeNull();
    expect(created.notes).toBeNull();
  });

  it.each([
    ['contactData.name', 'must be a string', {}],
    ['contactData.name', 'must not be empty', { name: '   ' }],
    ['contactData.name', 'must be at most 200 characters', { name: 'x'.repeat(201) }],
    ['contactData.email', 'must be a valid email address', { name: 'A', email: 'not-an-email' }],
    ['contactData.email', 'must be at most 254 characters', { name: 'A', email: `${'a'.repeat(250)}@b.co` }],
    ['contactData.phone', 'must be at most 50 characters', { name: 'A', phone: '1'.repeat(51) }],
    ['contactData.role', 'must be at most 200 characters', { name: 'A', role: 'r'.repeat(201) }],
    ['contactData.company', 'must be at most 200 characters', { name: 'A', company: 'c'.repeat(201) }],
    [
      'contactData.linkedinUrl',
      'must be an http or https URL, e.g. https://example.com/jobs/42',
      { name: 'A', linkedinUrl: 'javascript:alert(1)' },
    ],
    [
      'contactData.linkedinUrl',
      'must be at most 2048 characters',
      { name: 'A', linkedinUrl: `https://x.co/${'a'.repeat(2040)}` },
    ],
    ['contactData.notes', 'must be at most 10000 characters', { name: 'A', notes: 'n'.repeat(10_001) }],
    ['contactData.notes', 'must be valid Unicode text without NUL characters', { name: 'A', notes: 'bad \u0000 byte' }],
  ])('refuses a bad %s (%s), storing nothing', async (field, message, input) => {
    await expectInvalidInput(services.contacts.create(ann.id, input), field, message);
    expect(await t.db.contact.count({ where: { userId: ann.id } })).toBe(0);
  });

  it('accepts the longest values allowed', async () => {
    const email = `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`;
    expect(email).toHaveLength(254);
    const created = await services.contacts.create(ann.id, {
      name: 'x'.repeat(200),
      email,
      phone: '1'.repeat(50),
      notes: 'n'.repeat(10_000),
      linkedinUrl: `https://x.co/${'a'.repeat(2048 - 'https://x.co/'.length)}`,
    });
    expect(created.email).toBe(email);
    expect(created.linkedinUrl).toHaveLength(2048);
  });
});

describe('list and find', () => {
  it('lists only the owner’s contacts, by name then id', async () => {
    const zed = await contact(ann.id, 'Zed');
    const ties = [await contact(ann.id, 'Amy'), await contact(ann.id, 'Amy')].sort((a, b) => (a.id < b.id ? -1 : 1));
    const mia = await contact(ann.id, 'Mia');
    await contact(bob.id, 'Bob’s contact');
    const listed = await services.contacts.list(ann.id);
    expect(listed.map((c) => c.id)).toEqual([...ties.map((c) => c.id), mia.id, zed.id]);
  });

  it('search matches name, company or email, ignoring case, with LIKE wildcards taken literally', async () => {
    const byName = await contact(ann.id, 'Priya Shah');
    const byCompany = await contact(ann.id, 'Tom', { company: 'SHAHCORP' });
    const byEmail = await contact(ann.id, 'Lee', { email: 'lee@shah.dev' });
    await contact(ann.id, 'Unrelated', { company: 'Other' });
    await contact(bob.id, 'Shah of Bob');
    const ids = async (search: string | null | undefined) =>
      (await services.contacts.list(ann.id, { search })).map((c) => c.id);
    expect(await ids('shah')).toEqual([byEmail.id, byName.id, byCompany.id]);
    expect(await ids('  ')).toHaveLength(4);
    expect(await ids(null)).toHaveLength(4);
    expect(await ids('%')).toEqual([]);
    expect(await ids('_')).toEqual([]);
    const percent = await contact(ann.id, '100% Recruiter');
    expect(await ids('0%')).toEqual([percent.id]);
    await expectInvalidInput(
      services.contacts.list(ann.id, { search: 's'.repeat(201) }),
      'search',
      'must be at most 200 characters',
    );
  });

  it('find answers null for another user’s contact as for a missing one; a malformed id names id', async () => {
    const annContact = await contact(ann.id, 'Ann’s');
    expect(await services.contacts.find(bob.id, annContact.id)).toBeNull();
    expect(await services.contacts.find(bob.id, MISSING_ID)).toBeNull();
    expect((await services.contacts.find(ann.id, annContact.id))?.name).toBe('Ann’s');
    await expectInvalidInput(services.contacts.find(ann.id, 'nope'), 'id', 'must be a UUID');
  });

  it('findMany answers the owner’s contacts among the ids, leaving out others’, missing and malformed ones', async () => {
    const mine = await contact(ann.id, 'Mine');
    const theirs = await contact(bob.id, 'Theirs');
    const found = await services.contacts.findMany(ann.id, [mine.id, theirs.id, MISSING_ID, 'nope']);
    expect(found).toEqual([await services.contacts.find(ann.id, mine.id)]);
  });

  it('ownedIds answers only the owner’s ids among those asked, malformed ones left out, in a transaction too', async () => {
    const mine = await contact(ann.id, 'Mine');
    const theirs = await contact(bob.id, 'Theirs');
    expect(await services.contacts.ownedIds(t.db, ann.id, [mine.id, theirs.id, MISSING_ID, 'nope'])).toEqual([mine.id]);
    expect(await services.contacts.ownedIds(t.db, ann.id, [])).toEqual([]);
    const inTransaction = await t.db.$transaction((tx) => services.contacts.ownedIds(tx, bob.id, [mine.id, theirs.id]));
    expect(inTransaction).toEqual([theirs.id]);
  });
});

describe('update', () => {
  it('changes only the fields given; null clears an optional field', async () => {
    const created = await services.contacts.create(ann.id, { name: 'Jane', email: 'j@x.io', phone: '1', role: 'HR' });
    const updated = await services.contacts.update(ann.id, created.id, { role: 'Hiring manager', phone: null });
    expect(updated).toMatchObject({ name: 'Jane', email: 'j@x.io', phone: null, role: 'Hiring manager' });
    expect(Date.parse(updated.updatedAt)).toBeGreaterThanOrEqual(Date.parse(created.updatedAt));
    const row = await t.db.contact.findUniqueOrThrow({ where: { id: created.id } });
    expect({ phone: row.phone, role: row.role }).toEqual({ phone: null, role: 'Hiring manager' });
  });

  it('refuses clearing the name and bad fields, naming them, changing nothing', async () => {
    const created = await contact(ann.id, 'Jane');
    await expectInvalidInput(
      services.contacts.update(ann.id, created.id, { name: null }),
      'contactData.name',
      'must not be null',
    );
    await expectInvalidInput(
      services.contacts.update(ann.id, created.id, { email: 'nope' }),
      'contactData.email',
      'must be a valid email address',
    );
    await expectInvalidInput(services.contacts.update(ann.id, 'nope', { name: 'X' }), 'id', 'must be a UUID');
    expect((await t.db.contact.findUniqueOrThrow({ where: { id: created.id } })).name).toBe('Jane');
  });

  it('another user’s contact fails NOT_FOUND like a missing one and is unchanged', async () => {
    const annContact = await contact(ann.id, 'Jane');
    await expectNotFoundAlike(
      () => services.contacts.update(bob.id, annContact.id, { name: 'Pwned' }),
      () => services.contacts.update(bob.id, MISSING_ID, { name: 'Pwned' }),
      { message: 'Contact not found' },
    );
    expect((await t.db.contact.findUniqueOrThrow({ where: { id: annContact.id } })).name).toBe('Jane');
  });
});

describe('delete', () => {
  it('deletes the contact and its links; the job stays', async () => {
    const created = await contact(ann.id, 'Jane');
    await services.contacts.link(ann.id, annJobId, created.id);
    const deleted = await services.contacts.delete(ann.id, created.id);
    expect(deleted.id).toBe(created.id);
    expect(await t.db.contact.count({ where: { id: created.id } })).toBe(0);
    expect(await linksOf(annJobId)).toEqual([]);
    expect(await t.db.job.count({ where: { id: annJobId } })).toBe(1);
  });

  it('another user’s contact fails NOT_FOUND like a missing one and stays', async () => {
    const annContact = await contact(ann.id, 'Jane');
    await expectNotFoundAlike(
      () => services.contacts.delete(bob.id, annContact.id),
      () => services.contacts.delete(bob.id, MISSING_ID),
      { message: 'Contact not found' },
    );
    expect(await t.db.contact.count({ where: { id: annContact.id } })).toBe(1);
  });

  it('deleting a job removes its links; the contact stays', async () => {
    const created = await contact(ann.id, 'Jane');
    await services.contacts.link(ann.id, annJobId, created.id);
    await services.jobs.delete(ann.id, annJobId);
    expect(await t.db.jobContact.count({ where: { contactId: created.id } })).toBe(0);
    expect(await t.db.contact.count({ where: { id: created.id } })).toBe(1);
  });
});

describe('link and unlink', () => {
  it('link is idempotent; unlink of a pair not linked succeeds and changes nothing', async () => {
    const jane = await contact(ann.id, 'Jane');
    await services.contacts.link(ann.id, annJobId, jane.id);
    await services.contacts.link(ann.id, annJobId, jane.id);
    expect(await linksOf(annJobId)).toEqual([{ contactId: jane.id }]);
    await services.contacts.unlink(ann.id, annJobId, jane.id);
    expect(await linksOf(annJobId)).toEqual([]);
    await services.contacts.unlink(ann.id, annJobId, jane.id);
    expect(await linksOf(annJobId)).toEqual([]);
  });

  it('listForJobs and jobIdsOf answer the links by name and newest job first', async () => {
    const older = annJobId;
    const newer = (
      await t.db.job.create({
        data: { userId: ann.id, companyName: 'Beta', position: 'Dev', createdAt: new Date(Date.now() + 60_000) },
      })
    ).id;
    const [zed, amy] = [await contact(ann.id, 'Zed'), await contact(ann.id, 'Amy')];
    for (const [jobId, contactId] of [
      [older, zed.id],
      [older, amy.id],
      [newer, zed.id],
    ] as const)
      await services.contacts.link(ann.id, jobId, contactId);
    const byJob = await services.contacts.listForJobs(ann.id, [older, newer, MISSING_ID]);
    expect(byJob.get(older)?.map((c) => c.name)).toEqual(['Amy', 'Zed']);
    expect(byJob.get(newer)?.map((c) => c.name)).toEqual(['Zed']);
    expect(byJob.get(MISSING_ID)).toEqual([]);
    const byContact = await services.contacts.jobIdsOf(ann.id, [zed.id, amy.id]);
    expect(byContact.get(zed.id)).toEqual([newer, older]);
    expect(byContact.get(amy.id)).toEqual([older]);
    // Bob sees none of Ann's links, even asking for her ids.
    expect((await services.contacts.listForJobs(bob.id, [older])).get(older)).toEqual([]);
    expect((await services.contacts.jobIdsOf(bob.id, [zed.id])).get(zed.id)).toEqual([]);
  });

  for (const operation of ['link', 'unlink'] as const) {
    describe(operation, () => {
      it('another user’s job or contact fails NOT_FOUND naming it, like a missing one, and changes nothing', async () => {
        const annContact = await contact(ann.id, 'Jane');
        const bobJob = await t.db.job.create({ data: { userId: bob.id, companyName: 'B', position: 'P' } });
        const bobContact = await contact(bob.id, 'Bob’s');
        if (operation === 'unlink') await services.contacts.link(ann.id, annJobId, annContact.id);
        const before = await t.db.jobContact.findMany({ orderBy: { contactId: 'asc' } });
        const run = (jobId: string, contactId: string) => services.contacts[operation](bob.id, jobId, contactId);
        await expectNotFoundAlike(
          () => run(annJobId, bobContact.id),
          () => run(MISSING_ID, bobContact.id),
          { message: 'Job not found', field: 'jobId' },
        );
        await expectNotFoundAlike(
          () => run(bobJob.id, annContact.id),
          () => run(bobJob.id, MISSING_ID),
          { message: 'Contact not found', field: 'contactId' },
        );
        // Both someone else's: the job is named first.
        await expectNotFoundAlike(
          () => run(annJobId, annContact.id),
          () => run(MISSING_ID, MISSING_ID),
          { message: 'Job not found', field: 'jobId' },
        );
        expect(await t.db.jobContact.findMany({ orderBy: { contactId: 'asc' } })).toEqual(before);
      });

      it('malformed ids name jobId and contactId', async () => {
        const jane = await contact(ann.id, 'Jane');
        await expectInvalidInput(services.contacts[operation](ann.id, 'nope', jane.id), 'jobId', 'must be a UUID');
        await expectInvalidInput(services.contacts[operation](ann.id, annJobId, 'nope'), 'contactId', 'must be a UUID');
      });
    });
  }
});
