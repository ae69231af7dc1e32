// GraphQL for jobs: the Job type, its queries and mutations (the seed's names and shapes).
// Job.notes is added by the notes module.
import { JobStatus } from '../../generated/prisma/enums.ts';
import { builder } from '../../graphql/builder.ts';
import { attempt, MutationPayload, type Outcome } from '../../graphql/payload.ts';
import { selectsField } from '../../graphql/selection.ts';
import { COMPANY_NAME_MAX, JOB_STATUSES, JOBS_PAGE_DEFAULT, JOBS_PAGE_MAX, POSITION_MAX } from './job.validation.ts';
import type { JobView } from './job.views.ts';

const STATUS_HELP = `One of: ${JOB_STATUSES.join(', ')}.`;

export const JobStatusEnum = builder.enumType(JobStatus, { name: 'JobStatus' });

export const JobObject = builder.objectRef<JobView>('Job').implement({
  description: 'One job application.',
  fields: (t) => ({
    id: t.exposeID('id'),
    companyName: t.exposeString('companyName'),
    position: t.exposeString('position'),
    status: t.expose('status', { type: JobStatusEnum }),
    appliedOn: t.expose('appliedOn', { type: 'Date', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

// Status and dates are strings here so that a bad value answers `success: false` naming the
// field, as the seed's clients expect, instead of failing the whole document.
const CreateJobInput = builder.inputType('CreateJobInput', {
  fields: (t) => ({
    companyName: t.string({ required: true, description: `1 to ${COMPANY_NAME_MAX} characters.` }),
    position: t.string({ required: true, description: `1 to ${POSITION_MAX} characters.` }),
    status: t.string({ description: `${STATUS_HELP} Default: applied.` }),
    appliedOn: t.string({ description: 'A calendar day, YYYY-MM-DD.' }),
  }),
});

const UpdateJobInput = builder.inputType('UpdateJobInput', {
  description: 'Only the fields given change; appliedOn: null clears the date.',
  fields: (t) => ({
    companyName: t.string(),
    position: t.string(),
    status: t.string({ description: STATUS_HELP }),
    appliedOn: t.string({ description: 'A calendar day, YYYY-MM-DD, or null.' }),
  }),
});

/** The job a mutation answers; other modules' job mutations (linkContact, ...) answer it too. */
export const JobPayload = builder.objectRef<Outcome<JobView>>('JobPayload').implement({
  interfaces: [MutationPayload],
  fields: (t) => ({
    job: t.field({ type: JobObject, nullable: true, resolve: (outcome) => outcome.value }),
  }),
});

const DeleteJobPayload = builder.objectRef<Outcome<JobView>>('DeleteJobPayload').implement({
  interfaces: [MutationPayload],
  fields: (t) => ({
    deletedId: t.id({ nullable: true, resolve: (outcome) => outcome.value?.id ?? null }),
  }),
});

builder.queryFields((t) => ({
  jobs: t.withAuth({ authenticated: true }).field({
    type: [JobObject],
    description: `Your jobs, newest first.`,
    args: {
      status: t.arg.string({ description: `Only jobs with this status. ${STATUS_HELP}` }),
      limit: t.arg.int({ description: `Default ${JOBS_PAGE_DEFAULT}, at most ${JOBS_PAGE_MAX}.` }),
      offset: t.arg.int({ description: 'Jobs to skip. Default 0.' }),
    },
    resolve: (_root, args, context, info) =>
      context.services.jobs.list(
        context.viewer.userId,
        { status: args.status ?? undefined, limit: args.limit ?? undefined, offset: args.offset ?? undefined },
        { embed: (field) => selectsField(info, field) },
      ),
  }),
  job: t.withAuth({ authenticated: true }).field({
    type: JobObject,
    nullable: true,
    description: 'One of your jobs; null when there is none with this id.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, context, info) =>
      context.services.jobs.find(context.viewer.userId, args.id, { embed: (field) => selectsField(info, field) }),
  }),
}));

builder.mutationFields((t) => ({
  createJob: t.withAuth({ authenticated: true }).field({
    type: JobPayload,
    args: { jobData: t.arg({ type: CreateJobInput, required: true }) },
    resolve: (_root, args, context) =>
      attempt('Job created successfully', () => context.services.jobs.create(context.viewer.userId, args.jobData)),
  }),
  updateJob: t.withAuth({ authenticated: true }).field({
    type: JobPayload,
    args: { id: t.arg.id({ required: true }), jobData: t.arg({ type: UpdateJobInput, required: true }) },
    resolve: (_root, args, context) =>
      attempt('Job updated successfully', () =>
        context.services.jobs.update(context.viewer.userId, args.id, args.jobData),
      ),
  }),
  deleteJob: t.withAuth({ authenticated: true }).field({
    type: DeleteJobPayload,
    description: 'Deletes the job and its notes.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, context) =>
      attempt('Job deleted successfully', () => context.services.jobs.delete(context.viewer.userId, args.id)),
  }),
}));
