// The contacts feature's public face: other modules and the composition root import only this file.
// Importing it registers the Contact type, Job.contacts and the contact fields on the schema builder.
//
// For other modules (interviews): `ContactObject` for fields that answer contacts; `CONTACT_JSON`
// (a contact of alias `c` as the JSON of a ContactView) and `CONTACT_ORDER` to embed contacts in
// their own SQL; `ContactService.ownedIds(client, ownerId, ids)` to check, inside their
// transaction, which contact ids are the caller's; `contactByIdLoader` to load contacts by id.
export { ContactObject } from './contact.graphql.ts';
export { contactByIdLoader, contactsByJobLoader, jobsByContactLoader } from './contact.loaders.ts';
export { ContactService, type ContactReader } from './contact.service.ts';
export type { ImportedContact } from './contact.import.ts';
export { contactIdSchema } from './contact.validation.ts';
export {
  CONTACT_JSON,
  CONTACT_ORDER,
  contactsEmbed,
  toContactView,
  type ContactView,
  type JobWithContacts,
} from './contact.views.ts';
export { contactsMerge } from './contact.merge.ts';
