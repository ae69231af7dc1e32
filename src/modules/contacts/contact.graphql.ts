// GraphQL for contacts: the Contact type, Job.contacts, the contact queries and mutations, and
// linking contacts to jobs (which answers the job, as the jobs module's mutations do).
import type { GraphQLResolveInfo } from 'graphql';
import { builder } from '../../graphql/builder.ts';
import type { AuthenticatedContext } from '../../graphql/context.ts';
import { attempt, MutationPayload, type Outcome } from '../../graphql/payload.ts';
import { selectsField, subfieldNodes } from '../../graphql/selection.ts';
import { AppError } from '../../lib/errors.ts';
import { JobObject, JobPayload, type JobView } from '../jobs/index.ts';
import { contactByIdLoader, contactsByJobLoader, jobsByContactLoader } from './contact.loaders.ts';
import {
  CONTACT_COMPANY_MAX,
  CONTACT_EMAIL_MAX,
  CONTACT_NAME_MAX,
  CONTACT_NOTES_MAX,
  CONTACT_PHONE_MAX,
  CONTACT_ROLE_MAX,
  CONTACT_SEARCH_MAX,
} from './contact.validation.ts';
import type { ContactView, JobWithContacts } from './contact.views.ts';

export const ContactObject = builder.objectRef<ContactView>('Contact').implement({
  description: 'A person met in the search (recruiter, interviewer, referral), linked to any of your jobs.',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    email: t.exposeString('email', { nullable: true }),
    phone: t.exposeString('phone', { nullable: true }),
    role: t.exposeString('role', { nullable: true }),
    company: t.exposeString('company', { nullable: true }),
    linkedinUrl: t.exposeString('linkedinUrl', { nullable: true }),
    notes: t.exposeString('notes', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    // Batched: the jobs of a list of contacts cost two statements (links, then jobs).
    jobs: t.field({
      type: [JobObject],
      description: 'The jobs this contact is linked to, newest first.',
      resolve: (contact, _args, context) => context.loaders.get(jobsByContactLoader).load(contact.id),
    }),
  }),
});

builder.objectField(JobObject, 'contacts', (t) =>
  t.field({
    type: [ContactObject],
    description: 'The contacts linked to this job, by name.',
    // Loaded with the job when the read saw them asked for (contactsEmbed); otherwise one
    // statement for all the jobs.
    resolve: (job: JobWithContacts, _args, context) =>
      job.contacts ?? context.loaders.get(contactsByJobLoader).load(job.id),
  }),
);

const optionalFieldsHelp = {
  email: `A valid email address, at most ${CONTACT_EMAIL_MAX} characters, stored as given (trimmed).`,
  phone: `At most ${CONTACT_PHONE_MAX} characters.`,
  role: `At most ${CONTACT_ROLE_MAX} characters, e.g. Recruiter.`,
  company: `At most ${CONTACT_COMPANY_MAX} characters.`,
  linkedinUrl: 'An http or https URL, at most 2048 characters.',
  notes: `At most ${CONTACT_NOTES_MAX} characters.`,
} as const;

const CreateContactInput = builder.inputType('CreateContactInput', {
  fields: (t) => ({
    name: t.string({ required: true, description: `1 to ${CONTACT_NAME_MAX} characters.` }),
    email: t.string({ description: optionalFieldsHelp.email }),
    phone: t.string({ description: optionalFieldsHelp.phone }),
    role: t.string({ description: optionalFieldsHelp.role }),
    company: t.string({ description: optionalFieldsHelp.company }),
    linkedinUrl: t.string({ description: optionalFieldsHelp.linkedinUrl }),
    notes: t.string({ description: optionalFieldsHelp.notes }),
  }),
});

const UpdateContactInput = builder.inputType('UpdateContactInput', {
  description: 'Only the fields given change; null clears an optional field (name cannot be cleared).',
  fields: (t) => ({
    name: t.string({ description: `1 to ${CONTACT_NAME_MAX} characters.` }),
    email: t.string({ description: `${optionalFieldsHelp.email} Or null.` }),
    phone: t.string({ description: `${optionalFieldsHelp.phone} Or null.` }),
    role: t.string({ description: `${optionalFieldsHelp.role} Or null.` }),
    company: t.string({ description: `${optionalFieldsHelp.company} Or null.` }),
    linkedinUrl: t.string({ description: `${optionalFieldsHelp.linkedinUrl} Or null.` }),
    notes: t.string({ description: `${optionalFieldsHelp.notes} Or null.` }),
  }),
});

const ContactPayload = builder.objectRef<Outcome<ContactView>>('ContactPayload').implement({
  interfaces: [MutationPayload],
  fields: (t) => ({
    contact: t.field({ type: ContactObject, nullable: true, resolve: (outcome) => outcome.value }),
  }),
});

const DeleteContactPayload = builder.objectRef<Outcome<ContactView>>('DeleteContactPayload').implement({
  interfaces: [MutationPayload],
  fields: (t) => ({
    deletedId: t.id({ nullable: true, resolve: (outcome) => outcome.value?.id ?? null }),
  }),
});

builder.queryFields((t) => ({
  contacts: t.withAuth({ authenticated: true }).field({
    type: [ContactObject],
    description: 'Your contacts, by name.',
    args: {
      search: t.arg.string({
        description: `Only contacts whose name, company or email contains this text, ignoring case (at most ${CONTACT_SEARCH_MAX} characters).`,
      }),
    },
    resolve: (_root, args, context) => context.services.contacts.list(context.viewer.userId, { search: args.search }),
  }),
  contact: t.withAuth({ authenticated: true }).field({
    type: ContactObject,
    nullable: true,
    description: 'One of your contacts; null when there is none with this id.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, context) => context.services.contacts.find(context.viewer.userId, args.id),
  }),
}));

builder.mutationFields((t) => ({
  createContact: t.withAuth({ authenticated: true }).field({
    type: ContactPayload,
    args: { contactData: t.arg({ type: CreateContactInput, required: true }) },
    resolve: (_root, args, context) =>
      attempt('Contact created successfully', () =>
        context.services.contacts.create(context.viewer.userId, args.contactData),
      ),
  }),
  updateContact: t.withAuth({ authenticated: true }).field({
    type: ContactPayload,
    args: { id: t.arg.id({ required: true }), contactData: t.arg({ type: UpdateContactInput, required: true }) },
    resolve: (_root, args, context) =>
      attempt('Contact updated successfully', () =>
        afterWrite(context, context.services.contacts.update(context.viewer.userId, args.id, args.contactData)),
      ),
  }),
  deleteContact: t.withAuth({ authenticated: true }).field({
    type: DeleteContactPayload,
    description: 'Deletes the contact and its links to jobs; the jobs stay.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, context) =>
      attempt('Contact deleted successfully', () =>
        afterWrite(context, context.services.contacts.delete(context.viewer.userId, args.id)),
      ),
  }),
  linkContact: t.withAuth({ authenticated: true }).field({
    type: JobPayload,
    description:
      'Links your contact to your job and answers the job. Linking a pair already linked succeeds and changes nothing. NOT_FOUND names jobId or contactId.',
    args: { jobId: t.arg.id({ required: true }), contactId: t.arg.id({ required: true }) },
    resolve: (_root, args, context, info) =>
      attempt('Contact linked successfully', async () => {
        await afterWrite(context, context.services.contacts.link(context.viewer.userId, args.jobId, args.contactId));
        return readJob(context, args.jobId, info);
      }),
  }),
  unlinkContact: t.withAuth({ authenticated: true }).field({
    type: JobPayload,
    description:
      'Unlinks your contact from your job and answers the job. A pair that is not linked succeeds too and changes nothing. NOT_FOUND names jobId or contactId.',
    args: { jobId: t.arg.id({ required: true }), contactId: t.arg.id({ required: true }) },
    resolve: (_root, args, context, info) =>
      attempt('Contact unlinked successfully', async () => {
        await afterWrite(context, context.services.contacts.unlink(context.viewer.userId, args.jobId, args.contactId));
        return readJob(context, args.jobId, info);
      }),
  }),
}));

/**
 * A contact write's result, once this request's contact loaders are emptied: a document can read
 * contacts (priming a loader), change them, then read them again in a later field.
 */
async function afterWrite<T>(context: AuthenticatedContext, write: Promise<T>): Promise<T> {
  const result = await write;
  context.loaders.get(contactsByJobLoader).clearAll();
  context.loaders.get(jobsByContactLoader).clearAll();
  context.loaders.get(contactByIdLoader).clearAll();
  return result;
}

/** The job a link mutation answers, read like `job(id)`: with the embeds asked for under the payload's `job`. */
async function readJob(context: AuthenticatedContext, jobId: string, info: GraphQLResolveInfo): Promise<JobView> {
  const jobSelection = { fieldNodes: subfieldNodes(info, 'job'), fragments: info.fragments };
  const job = await context.services.jobs.find(context.viewer.userId, jobId, {
    embed: (field) => selectsField(jobSelection, field),
  });
  // Deleted between the link and this read: the same answer as a missing job.
  if (!job) throw new AppError('NOT_FOUND', 'Job not found', { field: 'jobId' });
  return job;
}
