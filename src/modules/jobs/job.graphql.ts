// GraphQL for jobs: the Job type, its queries and mutations (the seed's names and shapes, and Part
// 2's richer fields, status history and archive). Job.notes is added by the notes module, tags
// live in job.tags.graphql.ts.
import { JobStatus, SalaryPeriod, WorkMode } from '../../generated/prisma/enums.ts';
import { builder } from '../../graphql/builder.ts';
import { fixedSetScalar } from '../../graphql/fixed-set.ts';
import type { GraphQLContext } from '../../graphql/context.ts';
import { attempt, MutationPayload, type Outcome } from '../../graphql/payload.ts';
import { selectsField } from '../../graphql/selection.ts';
import { rememberCreated } from './job.created.ts';
import { descriptionByJobLoader, statusHistoryByJobLoader, tagsByJobLoader } from './job.loaders.ts';
import {
  COMPANY_NAME_MAX,
  DESCRIPTION_MAX,
  JOB_STATUSES,
  JOBS_PAGE_MAX,
  LOCATION_MAX,
  POSITION_MAX,
  PRIORITY_MAX,
  PRIORITY_MIN,
  SALARY_PERIODS,
  SOURCE_MAX,
  TAG_MAX,
  TAGS_PER_JOB_MAX,
  WORK_MODES,
} from './job.validation.ts';
import type { JobStatusEventView, JobView } from './job.views.ts';

// The builder's types of this module's fixed-set scalars (src/graphql/builder.ts merges them).
declare module '../../graphql/builder.ts' {
  interface FixedSetScalars {
    WorkModeValue: WorkMode;
    SalaryPeriodValue: SalaryPeriod;
  }
}

const STATUS_HELP = `One of: ${JOB_STATUSES.join(', ')}.`;

export const JobStatusEnum = builder.enumType(JobStatus, { name: 'JobStatus' });
export const WorkModeEnum = builder.enumType(WorkMode, { name: 'WorkMode' });
export const SalaryPeriodEnum = builder.enumType(SalaryPeriod, { name: 'SalaryPeriod' });

// Fixed-set inputs (src/graphql/fixed-set.ts): `workMode: remote` and `workMode: "remote"` alike.
export const WorkModeValue = builder.addScalarType(
  'WorkModeValue',
  fixedSetScalar('WorkModeValue', WORK_MODES, 'Where the work happens.'),
);
const SalaryPeriodValue = builder.addScalarType(
  'SalaryPeriodValue',
  fixedSetScalar('SalaryPeriodValue', SALARY_PERIODS, 'What time a salary figure is paid for.'),
);

const JobStatusEventObject = builder.objectRef<JobStatusEventView>('JobStatusEvent').implement({
  description: 'A change of a job’s status (its creation included).',
  fields: (t) => ({
    id: t.exposeID('id'),
    fromStatus: t.expose('fromStatus', { type: JobStatusEnum, nullable: true, description: 'Null at creation.' }),
    toStatus: t.expose('toStatus', { type: JobStatusEnum }),
    occurredAt: t.expose('occurredAt', {
      type: 'DateTime',
      description: 'When the change happened (it may have been backdated), not when it was recorded.',
    }),
  }),
});

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
    jobUrl: t.exposeString('jobUrl', { nullable: true, description: 'The posting (http or https).' }),
    location: t.exposeString('location', { nullable: true }),
    workMode: t.expose('workMode', { type: WorkModeEnum, nullable: true }),
    source: t.exposeString('source', {
      nullable: true,
      description: 'Where it was found: "LinkedIn", "referral", ...',
    }),
    description: t.string({
      nullable: true,
      description: 'The posting’s text.',
      // Read with the job only when asked for (it can be long); otherwise one statement for all.
      resolve: (job, _args, context) =>
        job.description !== undefined ? job.description : context.loaders.get(descriptionByJobLoader).load(job.id),
    }),
    deadline: t.expose('deadline', { type: 'Date', nullable: true, description: 'The day applications close.' }),
    priority: t.exposeInt('priority', { nullable: true, description: `${PRIORITY_MIN} to ${PRIORITY_MAX}.` }),
    salaryMin: t.exposeInt('salaryMin', { nullable: true }),
    salaryMax: t.exposeInt('salaryMax', { nullable: true }),
    salaryCurrency: t.exposeString('salaryCurrency', { nullable: true, description: 'ISO 4217, e.g. EUR.' }),
    salaryPeriod: t.expose('salaryPeriod', { type: SalaryPeriodEnum, nullable: true }),
    archived: t.exposeBoolean('archived', { description: 'Archived jobs leave `jobs` but keep everything.' }),
    statusChangedAt: t.expose('statusChangedAt', { type: 'DateTime', description: 'When the current status began.' }),
    statusHistory: t.field({
      type: [JobStatusEventObject],
      description: 'Every status the job had, oldest first, its creation included.',
      // Embedded in the job's read when asked for; otherwise one statement for all the jobs.
      resolve: (job, _args, context) => job.statusHistory ?? context.loaders.get(statusHistoryByJobLoader).load(job.id),
    }),
    tags: t.stringList({
      description: 'By name, case-insensitively.',
      resolve: (job, _args, context) => job.tags ?? context.loaders.get(tagsByJobLoader).load(job.id),
    }),
  }),
});

const DATE_TIME_HELP = 'An ISO 8601 date-time with a time zone, e.g. 2024-01-20T10:00:00Z';
const TAGS_HELP = `Replaces the job's tags: each 1 to ${TAG_MAX} characters, at most ${TAGS_PER_JOB_MAX}; duplicates (in any case) count once, and a tag you already use keeps its first spelling.`;
const SALARY_HELP = 'An integer >= 0; salaryMin <= salaryMax.';

// Status and dates are strings here so that a bad value answers `success: false` naming the
// field, as the seed's clients expect, instead of failing the whole document.
const CreateJobInput = builder.inputType('CreateJobInput', {
  fields: (t) => ({
    companyName: t.string({ required: true, description: `1 to ${COMPANY_NAME_MAX} characters.` }),
    position: t.string({ required: true, description: `1 to ${POSITION_MAX} characters.` }),
    status: t.string({ description: `${STATUS_HELP} Default: applied.` }),
    appliedOn: t.string({ description: 'A calendar day, YYYY-MM-DD.' }),
    statusChangedAt: t.string({
      description: `When the status began (default: now), not in the future. ${DATE_TIME_HELP}.`,
    }),
    jobUrl: t.string({ description: 'An http or https URL, at most 2048 characters.' }),
    location: t.string({ description: `At most ${LOCATION_MAX} characters.` }),
    workMode: t.field({ type: WorkModeValue }),
    source: t.string({ description: `At most ${SOURCE_MAX} characters.` }),
    description: t.string({ description: `At most ${DESCRIPTION_MAX} characters.` }),
    deadline: t.string({ description: 'A calendar day, YYYY-MM-DD.' }),
    priority: t.int({ description: `${PRIORITY_MIN} to ${PRIORITY_MAX}.` }),
    salaryMin: t.int({ description: SALARY_HELP }),
    salaryMax: t.int({ description: SALARY_HELP }),
    salaryCurrency: t.string({ description: 'An ISO 4217 code, e.g. EUR; any case.' }),
    salaryPeriod: t.field({ type: SalaryPeriodValue }),
    tags: t.stringList({ description: TAGS_HELP }),
  }),
});

const UpdateJobInput = builder.inputType('UpdateJobInput', {
  description: 'Only the fields given change; null clears an optional one (appliedOn, jobUrl, ..., tags).',
  fields: (t) => ({
    companyName: t.string(),
    position: t.string(),
    status: t.string({ description: STATUS_HELP }),
    appliedOn: t.string({ description: 'A calendar day, YYYY-MM-DD, or null.' }),
    statusChangedAt: t.string({
      description: `Backdates a status change ("the invite came yesterday"): only with a status that changes; not in the future, not before the previous change. ${DATE_TIME_HELP}.`,
    }),
    jobUrl: t.string({ description: 'An http or https URL, at most 2048 characters.' }),
    location: t.string({ description: `At most ${LOCATION_MAX} characters.` }),
    workMode: t.field({ type: WorkModeValue }),
    source: t.string({ description: `At most ${SOURCE_MAX} characters.` }),
    description: t.string({ description: `At most ${DESCRIPTION_MAX} characters.` }),
    deadline: t.string({ description: 'A calendar day, YYYY-MM-DD.' }),
    priority: t.int({ description: `${PRIORITY_MIN} to ${PRIORITY_MAX}.` }),
    salaryMin: t.int({ description: `${SALARY_HELP} Checked against the stored salaryMax too.` }),
    salaryMax: t.int({ description: SALARY_HELP }),
    salaryCurrency: t.string({ description: 'An ISO 4217 code, e.g. EUR; any case.' }),
    salaryPeriod: t.field({ type: SalaryPeriodValue }),
    tags: t.stringList({ description: TAGS_HELP }),
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

/**
 * After a write, the job's relations this request's loaders may hold are stale (a document can
 * read a job, then change it): they are read again.
 */
export function forgetJobRelations(context: GraphQLContext, jobId: string): void {
  context.loaders.get(descriptionByJobLoader).clear(jobId);
  context.loaders.get(statusHistoryByJobLoader).clear(jobId);
  context.loaders.get(tagsByJobLoader).clear(jobId);
}

builder.queryFields((t) => ({
  jobs: t.withAuth({ authenticated: true }).field({
    type: [JobObject],
    description: `Your jobs that are not archived, newest first.`,
    args: {
      status: t.arg.string({ description: `Only jobs with this status. ${STATUS_HELP}` }),
      limit: t.arg.int({ description: `At most ${JOBS_PAGE_MAX}; without it, every job.` }),
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
    description: 'One of your jobs (archived or not); null when there is none with this id.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, context, info) =>
      context.services.jobs.find(context.viewer.userId, args.id, { embed: (field) => selectsField(info, field) }),
  }),
}));

builder.mutationFields((t) => ({
  createJob: t.withAuth({ authenticated: true }).field({
    type: JobPayload,
    args: { jobData: t.arg({ type: CreateJobInput, required: true }) },
    resolve: async (_root, args, context) =>
      // Remembered so that the payload's possibleDuplicates (job.merge.graphql.ts) answers for it.
      rememberCreated(
        await attempt('Job created successfully', () =>
          context.services.jobs.create(context.viewer.userId, args.jobData),
        ),
        context.viewer.userId,
      ),
  }),
  updateJob: t.withAuth({ authenticated: true }).field({
    type: JobPayload,
    args: { id: t.arg.id({ required: true }), jobData: t.arg({ type: UpdateJobInput, required: true }) },
    resolve: (_root, args, context) =>
      attempt('Job updated successfully', async () => {
        const job = await context.services.jobs.update(context.viewer.userId, args.id, args.jobData);
        forgetJobRelations(context, job.id);
        return job;
      }),
  }),
  deleteJob: t.withAuth({ authenticated: true }).field({
    type: DeleteJobPayload,
    description: 'Deletes the job and its notes.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, context) =>
      attempt('Job deleted successfully', () => context.services.jobs.delete(context.viewer.userId, args.id)),
  }),
  archiveJob: t.withAuth({ authenticated: true }).field({
    type: JobPayload,
    description: 'Takes the job out of `jobs`; it keeps everything, and `job(id)` still finds it.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, context) =>
      attempt('Job archived successfully', () =>
        context.services.jobs.setArchived(context.viewer.userId, args.id, true),
      ),
  }),
  unarchiveJob: t.withAuth({ authenticated: true }).field({
    type: JobPayload,
    description: 'Brings an archived job back into `jobs`.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, context) =>
      attempt('Job unarchived successfully', () =>
        context.services.jobs.setArchived(context.viewer.userId, args.id, false),
      ),
  }),
}));
