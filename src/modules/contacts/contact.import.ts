// The bulk path of imports (SPEC Part 2, "Portability") for contacts: a document's contacts as
// the owner's (an existing one reused, the others created, one createMany per BULK_CHUNK), and the
// links of imported jobs to them, in the caller's transaction.
import { randomUUID } from 'node:crypto';
import type { Contact, Prisma } from '../../generated/prisma/client.ts';
import { chunked } from '../../lib/chunked.ts';

/** A contact to import, already checked by the caller; its columns as the contacts table's. */
export type ImportedContact = Pick<
  Contact,
  'name' | 'email' | 'phone' | 'role' | 'company' | 'linkedinUrl' | 'notes'
> & {
  /** Its id in the file (our export's), which the file's jobs and interviews name; null: none. */
  fileId: string | null;
  /** null: the import's `now`. */
  createdAt: Date | null;
  updatedAt: Date | null;
};

/**
 * Inside `tx`: `contacts` as the owner's. An existing one of the same id, or the same name and
 * email (any case, an earlier one of `contacts` too), is reused; the others are created. Answers
 * file id → account id. One read, then one write per BULK_CHUNK created.
 */
export async function insertImportedContacts(
  tx: Prisma.TransactionClient,
  ownerId: string,
  contacts: readonly ImportedContact[],
  now: Date,
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  if (contacts.length === 0) return ids;
  const existing = await tx.$queryRaw<{ id: string; key: string }[]>`
    SELECT id::text, lower(name) || chr(1) || lower(coalesce(email, '')) AS key FROM contacts WHERE user_id = ${ownerId}::uuid`;
  const byId = new Set(existing.map((contact) => contact.id));
  const byKey = new Map(existing.map((contact) => [contact.key, contact.id]));
  const created: Prisma.ContactCreateManyInput[] = [];
  for (const contact of contacts) {
    const key = `${contact.name.toLowerCase()}\u0001${(contact.email ?? '').toLowerCase()}`;
    const reused = contact.fileId && byId.has(contact.fileId) ? contact.fileId : byKey.get(key);
    const id = reused ?? randomUUID();
    if (contact.fileId) ids.set(contact.fileId, id);
    if (reused) continue;
    byKey.set(key, id);
    const { name, email, phone, role, company, linkedinUrl, notes } = contact;
    created.push({
      id,
      userId: ownerId,
      name,
      email,
      phone,
      role,
      company,
      linkedinUrl,
      notes,
      createdAt: contact.createdAt ?? now,
      updatedAt: contact.updatedAt ?? now,
    });
  }
  for (const part of chunked(created)) await tx.contact.createMany({ data: part });
  return ids;
}

/** Inside `tx`: links the owner's imported jobs to their contacts (both the owner's); a link already there stays. */
export async function insertImportedJobLinks(
  tx: Prisma.TransactionClient,
  links: readonly { jobId: string; contactId: string }[],
): Promise<void> {
  for (const part of chunked(links)) await tx.jobContact.createMany({ data: part, skipDuplicates: true });
}
