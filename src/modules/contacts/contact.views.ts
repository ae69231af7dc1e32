// What the API answers for a contact: a plain object shaped like the GraphQL type, dates in their
// wire format, built in PostgreSQL as JSON for reads (see jobs/job.views.ts for the why).
import { Prisma, type Contact } from '../../generated/prisma/client.ts';
import { isoDateTime, type IsoDateTime } from '../../lib/sql-json.ts';
import type { JobEmbed, JobView } from '../jobs/index.ts';

export interface ContactView {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  role: string | null;
  company: string | null;
  linkedinUrl: string | null;
  notes: string | null;
  createdAt: IsoDateTime;
  updatedAt: IsoDateTime;
}

/** A job as a read answers it when `contactsEmbed` was asked for: its contacts, by name. */
export type JobWithContacts = JobView & { contacts?: ContactView[] };

export function toContactView(contact: Contact): ContactView {
  return {
    id: contact.id,
    name: contact.name,
    email: contact.email,
    phone: contact.phone,
    role: contact.role,
    company: contact.company,
    linkedinUrl: contact.linkedinUrl,
    notes: contact.notes,
    createdAt: contact.createdAt.toISOString(),
    updatedAt: contact.updatedAt.toISOString(),
  };
}

// ---------------------------------------------------------------- SQL that builds the views

/**
 * A contact of alias `c` as a JSON object (a ContactView). Other modules embed it too (e.g. an
 * interview's contacts: join `contacts c` and aggregate this, ordered by CONTACT_ORDER).
 */
export const CONTACT_JSON = Prisma.sql`json_build_object(
  'id', c.id, 'name', c.name, 'email', c.email, 'phone', c.phone, 'role', c.role, 'company', c.company,
  'linkedinUrl', c.linkedin_url, 'notes', c.notes,
  'createdAt', ${isoDateTime('c.created_at')}, 'updatedAt', ${isoDateTime('c.updated_at')})`;

/** The order contacts are listed in, everywhere: by name, a tie broken by id. */
export const CONTACT_ORDER = Prisma.sql`c.name, c.id`;

/** The contacts linked to the job of alias `j`, by name, as a JSON array (primary key of job_contacts). */
export const CONTACTS_OF_JOB_JSON = Prisma.sql`coalesce(
  (SELECT json_agg(${CONTACT_JSON} ORDER BY ${CONTACT_ORDER})
   FROM job_contacts jc JOIN contacts c ON c.id = jc.contact_id WHERE jc.job_id = j.id), '[]'::json)`;

/** `Job.contacts` loaded with the job, in the same statement, when a read asks for it. */
export const contactsEmbed: JobEmbed = { field: 'contacts', json: CONTACTS_OF_JOB_JSON };
