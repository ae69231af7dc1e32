// Rules for contact input: only the name is required; every other field is capped text, an email
// address or an http(s) link, and may be cleared with null on update.
import { z } from 'zod';
import { httpUrl, id, text, type Untrusted } from '../../lib/validation.ts';

export const CONTACT_NAME_MAX = 200;
export const CONTACT_EMAIL_MAX = 254;
export const CONTACT_PHONE_MAX = 50;
export const CONTACT_ROLE_MAX = 200;
export const CONTACT_COMPANY_MAX = 200;
export const CONTACT_NOTES_MAX = 10_000;
export const CONTACT_SEARCH_MAX = 200;

export const contactIdSchema = id();

const emailFormat = z.email();

/** Stored as given, only trimmed: a contact's address is not an account key, so no lower-casing. */
const email = () =>
  text(CONTACT_EMAIL_MAX).refine((value) => emailFormat.safeParse(value).success, {
    error: 'must be a valid email address',
  });

/** The optional fields, each nullable: null on create is the same as absent, on update it clears. */
const optionalFields = {
  email: email().nullish(),
  phone: text(CONTACT_PHONE_MAX).nullish(),
  role: text(CONTACT_ROLE_MAX).nullish(),
  company: text(CONTACT_COMPANY_MAX).nullish(),
  linkedinUrl: httpUrl().nullish(),
  notes: text(CONTACT_NOTES_MAX).nullish(),
};

export const createContactSchema = z.object({ name: text(CONTACT_NAME_MAX), ...optionalFields });

/** A partial update: absent fields stay as they are; name cannot be cleared. */
export const updateContactSchema = z.object({ name: text(CONTACT_NAME_MAX).optional(), ...optionalFields });

/** `contacts(search)`: blank means no filter. */
export const contactSearchSchema = z
  .string({ error: 'must be a string' })
  .trim()
  .max(CONTACT_SEARCH_MAX, { error: `must be at most ${CONTACT_SEARCH_MAX} characters` })
  .refine((value) => !value.includes('\u0000'), { error: 'must not contain NUL characters' })
  .nullish();

export type CreateContactInput = Untrusted<z.input<typeof createContactSchema>>;
export type UpdateContactInput = Untrusted<z.input<typeof updateContactSchema>>;
