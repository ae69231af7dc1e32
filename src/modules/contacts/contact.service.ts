// A user's contacts (recruiters, interviewers, referrals) and their links to the user's jobs.
// Every query is filtered by owner: another user's contact or job behaves exactly like one that
// does not exist. Reads answer views built in SQL (contact.views.ts).
import { Prisma } from '../../generated/prisma/client.ts';
import type { Database } from '../../infra/database.ts';
import { AppError } from '../../lib/errors.ts';
import { orNotFound } from '../../lib/prisma-errors.ts';
import { parseInput } from '../../lib/validation.ts';
import { jobIdSchema } from '../jobs/index.ts';
import {
  contactIdSchema,
  contactSearchSchema,
  createContactSchema,
  updateContactSchema,
  type CreateContactInput,
  type UpdateContactInput,
} from './contact.validation.ts';
import { insertImportedContacts, insertImportedJobLinks, type ImportedContact } from './contact.import.ts';
import { CONTACT_JSON, CONTACT_ORDER, toContactView, type ContactView } from './contact.views.ts';

/** The Prisma client or a transaction's: what `ownedIds` needs to read. */
export type ContactReader = Pick<Prisma.TransactionClient, 'contact'>;

export interface ListContactsInput {
  /** Case-insensitive substring of the name, company or email; blank or absent: all. */
  search?: unknown;
}

/** NOT_FOUND naming the argument, the same whether the row is missing or another user's. */
const notFound = (what: 'Job' | 'Contact', field: string) => new AppError('NOT_FOUND', `${what} not found`, { field });

/** `value` as a LIKE pattern matching it literally anywhere in the text. */
const containsPattern = (value: string) => `%${value.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;

export class ContactService {
  constructor(private readonly db: Database) {}

  /**
   * An import's bulk path: inside `tx` (the import's), a document's contacts as the owner's,
   * existing ones reused (contact.import.ts). Answers file id → account id.
   */
  importIn(
    tx: Prisma.TransactionClient,
    ownerId: string,
    contacts: readonly ImportedContact[],
    now: Date,
  ): Promise<Map<string, string>> {
    return insertImportedContacts(tx, ownerId, contacts, now);
  }

  /** An import's bulk path: inside `tx`, links of jobs the caller has just written to the owner's contacts. */
  importJobLinksIn(
    tx: Prisma.TransactionClient,
    links: readonly { jobId: string; contactId: string }[],
  ): Promise<void> {
    return insertImportedJobLinks(tx, links);
  }

  /** The owner's contacts by name, then id (index contacts_user_id_name_id_idx): one statement. */
  async list(ownerId: string, input: ListContactsInput = {}): Promise<ContactView[]> {
    const search = parseInput(contactSearchSchema, input.search, 'search');
    const bySearch = search
      ? Prisma.sql`AND (c.name ILIKE ${containsPattern(search)} OR c.company ILIKE ${containsPattern(search)}
          OR c.email ILIKE ${containsPattern(search)})`
      : Prisma.empty;
    const [row] = await this.db.sql.rows<{ contacts: ContactView[] }>(Prisma.sql`
      SELECT coalesce(json_agg(${CONTACT_JSON} ORDER BY ${CONTACT_ORDER}), '[]'::json) AS contacts
      FROM contacts c WHERE c.user_id = ${ownerId}::uuid ${bySearch}`);
    return row?.contacts ?? [];
  }

  /** The contact, or null when it does not exist or belongs to someone else. */
  async find(ownerId: string, contactId: string): Promise<ContactView | null> {
    const id = parseInput(contactIdSchema, contactId, 'id');
    const [row] = await this.db.sql.rows<{ contact: ContactView }>(Prisma.sql`
      SELECT ${CONTACT_JSON} AS contact FROM contacts c WHERE c.id = ${id}::uuid AND c.user_id = ${ownerId}::uuid`);
    return row?.contact ?? null;
  }

  /** The owner's contacts among `ids` (any order; others' and missing ones left out): one statement. */
  async findMany(ownerId: string, ids: readonly string[]): Promise<ContactView[]> {
    const rows = await this.db.sql.rows<{ contact: ContactView }>(Prisma.sql`
      SELECT ${CONTACT_JSON} AS contact FROM contacts c
      WHERE c.id = ANY(${uuidsAmong(ids)}::uuid[]) AND c.user_id = ${ownerId}::uuid`);
    return rows.map((row) => row.contact);
  }

  /**
   * Which of `ids` are contacts of `ownerId`, for another module's write that links contacts
   * (an interview's): pass its transaction as `client` so that the check and the write see the
   * same rows. Missing, other users' and malformed ids are left out, so a caller compares the
   * answer's size with its own distinct ids; validate the ids first to name a malformed one.
   */
  async ownedIds(client: ContactReader, ownerId: string, ids: readonly string[]): Promise<string[]> {
    const candidates = uuidsAmong(ids);
    if (candidates.length === 0) return [];
    const owned = await client.contact.findMany({
      where: { id: { in: candidates }, userId: ownerId },
      select: { id: true },
    });
    return owned.map((contact) => contact.id);
  }

  /** The contacts of the owner's jobs among `jobIds`, by name per job: one statement for any number of jobs. */
  async listForJobs(ownerId: string, jobIds: readonly string[]): Promise<Map<string, ContactView[]>> {
    const rows = await this.db.sql.rows<{ jobId: string; contact: ContactView }>(Prisma.sql`
      SELECT jc.job_id AS "jobId", ${CONTACT_JSON} AS contact
      FROM job_contacts jc JOIN contacts c ON c.id = jc.contact_id
      WHERE jc.job_id = ANY(${uuidsAmong(jobIds)}::uuid[]) AND c.user_id = ${ownerId}::uuid
      ORDER BY ${CONTACT_ORDER}`);
    const byJob = new Map<string, ContactView[]>(jobIds.map((jobId) => [jobId, []]));
    for (const row of rows) byJob.get(row.jobId)?.push(row.contact);
    return byJob;
  }

  /**
   * The ids of the jobs linked to each of the owner's contacts among `contactIds`, newest job
   * first (index job_contacts_contact_id_idx): one statement for any number of contacts.
   */
  async jobIdsOf(ownerId: string, contactIds: readonly string[]): Promise<Map<string, string[]>> {
    const rows = await this.db.sql.rows<{ contactId: string; jobId: string }>(Prisma.sql`
      SELECT jc.contact_id AS "contactId", jc.job_id AS "jobId"
      FROM job_contacts jc JOIN jobs j ON j.id = jc.job_id
      WHERE jc.contact_id = ANY(${uuidsAmong(contactIds)}::uuid[]) AND j.user_id = ${ownerId}::uuid
      ORDER BY j.created_at DESC, j.id DESC`);
    const byContact = new Map<string, string[]>(contactIds.map((contactId) => [contactId, []]));
    for (const row of rows) byContact.get(row.contactId)?.push(row.jobId);
    return byContact;
  }

  async create(ownerId: string, input: CreateContactInput): Promise<ContactView> {
    const data = parseInput(createContactSchema, input, 'contactData');
    return toContactView(await this.db.contact.create({ data: { ...data, userId: ownerId } }));
  }

  async update(ownerId: string, contactId: string, input: UpdateContactInput): Promise<ContactView> {
    const id = parseInput(contactIdSchema, contactId, 'id');
    const data = parseInput(updateContactSchema, input, 'contactData');
    return toContactView(await orNotFound('Contact', this.db.contact.update({ where: { id, userId: ownerId }, data })));
  }

  /** Deletes the contact and, by cascade, its links to jobs (and interviews); the jobs stay. */
  async delete(ownerId: string, contactId: string): Promise<ContactView> {
    const id = parseInput(contactIdSchema, contactId, 'id');
    return toContactView(await orNotFound('Contact', this.db.contact.delete({ where: { id, userId: ownerId } })));
  }

  /**
   * Links the owner's contact to the owner's job; linking twice changes nothing and succeeds.
   * One statement: both rows are checked and locked (FOR KEY SHARE, so a concurrent delete of
   * either waits or wins, never a foreign-key error) in the statement that inserts the link.
   */
  async link(ownerId: string, jobIdInput: string, contactIdInput: string): Promise<void> {
    const { jobId, contactId } = this.parseLinkIds(jobIdInput, contactIdInput);
    const [found] = await this.db.$queryRaw<{ jobs: number; contacts: number }[]>(Prisma.sql`
      WITH job AS (SELECT id FROM jobs WHERE id = ${jobId}::uuid AND user_id = ${ownerId}::uuid FOR KEY SHARE),
        contact AS (SELECT id FROM contacts WHERE id = ${contactId}::uuid AND user_id = ${ownerId}::uuid FOR KEY SHARE),
        linked AS (
          INSERT INTO job_contacts (job_id, contact_id) SELECT job.id, contact.id FROM job, contact
          ON CONFLICT DO NOTHING RETURNING 1)
      SELECT (SELECT count(*) FROM job)::int AS jobs, (SELECT count(*) FROM contact)::int AS contacts`);
    this.expectBoth(found);
  }

  /** Unlinks the contact from the job; when they were not linked, nothing changes and it succeeds. One statement. */
  async unlink(ownerId: string, jobIdInput: string, contactIdInput: string): Promise<void> {
    const { jobId, contactId } = this.parseLinkIds(jobIdInput, contactIdInput);
    const [found] = await this.db.$queryRaw<{ jobs: number; contacts: number }[]>(Prisma.sql`
      WITH job AS (SELECT id FROM jobs WHERE id = ${jobId}::uuid AND user_id = ${ownerId}::uuid),
        contact AS (SELECT id FROM contacts WHERE id = ${contactId}::uuid AND user_id = ${ownerId}::uuid),
        unlinked AS (
          DELETE FROM job_contacts jc USING job, contact WHERE jc.job_id = job.id AND jc.contact_id = contact.id
          RETURNING 1)
      SELECT (SELECT count(*) FROM job)::int AS jobs, (SELECT count(*) FROM contact)::int AS contacts`);
    this.expectBoth(found);
  }

  private parseLinkIds(jobId: string, contactId: string): { jobId: string; contactId: string } {
    return {
      jobId: parseInput(jobIdSchema, jobId, 'jobId'),
      contactId: parseInput(contactIdSchema, contactId, 'contactId'),
    };
  }

  private expectBoth(found: { jobs: number; contacts: number } | undefined): void {
    if (!found?.jobs) throw notFound('Job', 'jobId');
    if (!found.contacts) throw notFound('Contact', 'contactId');
  }
}

const UUID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The uuid-shaped strings among `ids`: anything else matches no row, and would fail the ::uuid cast. */
function uuidsAmong(ids: readonly string[]): string[] {
  return ids.filter((value) => UUID_SHAPE.test(value));
}
