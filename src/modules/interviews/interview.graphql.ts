// GraphQL for interviews: the Interview type, Job.interviews, upcomingInterviews, and the
// interview mutations. Kind and outcome come in as fixed-set scalars (quoted or bare) and go out
// as enums.
import { InterviewKind, InterviewOutcome } from '../../generated/prisma/enums.ts';
import { builder } from '../../graphql/builder.ts';
import type { GraphQLContext } from '../../graphql/context.ts';
import { fixedSetScalar } from '../../graphql/fixed-set.ts';
import { reminderMessage } from '../../lib/reminder-hook.ts';
import { attempt, MutationPayload, type Outcome } from '../../graphql/payload.ts';
import { ContactObject } from '../contacts/index.ts';
import { forgetJobRelations, jobByIdLoader, JobObject } from '../jobs/index.ts';
import { interviewsByJobLoader } from './interview.loaders.ts';
import {
  DURATION_MINUTES,
  INTERVIEW_CONTACTS_MAX,
  INTERVIEW_KINDS,
  INTERVIEW_NOTES_MAX,
  INTERVIEW_OUTCOMES,
  LOCATION_MAX,
  UPCOMING_DAYS,
} from './interview.validation.ts';
import type { InterviewView, JobWithInterviews } from './interview.views.ts';

type InterviewKindValue = (typeof INTERVIEW_KINDS)[number];
type InterviewOutcomeValue = (typeof INTERVIEW_OUTCOMES)[number];

// The builder's types of the fixed-set scalars (src/graphql/builder.ts merges every fixed set).
declare module '../../graphql/builder.ts' {
  interface FixedSetScalars {
    InterviewKindValue: InterviewKindValue;
    InterviewOutcomeValue: InterviewOutcomeValue;
  }
}

const InterviewKindValueScalar = builder.addScalarType(
  'InterviewKindValue',
  fixedSetScalar('InterviewKindValue', INTERVIEW_KINDS, 'What kind of interview it is.'),
);
const InterviewOutcomeValueScalar = builder.addScalarType(
  'InterviewOutcomeValue',
  fixedSetScalar('InterviewOutcomeValue', INTERVIEW_OUTCOMES, 'How an interview went.'),
);

export const InterviewKindEnum = builder.enumType(InterviewKind, { name: 'InterviewKind' });
export const InterviewOutcomeEnum = builder.enumType(InterviewOutcome, { name: 'InterviewOutcome' });

export const InterviewObject = builder.objectRef<InterviewView>('Interview').implement({
  description: 'An interview for one of your jobs.',
  fields: (t) => ({
    id: t.exposeID('id'),
    scheduledAt: t.expose('scheduledAt', { type: 'DateTime' }),
    durationMinutes: t.exposeInt('durationMinutes'),
    kind: t.expose('kind', { type: InterviewKindEnum }),
    location: t.exposeString('location', { nullable: true }),
    meetingUrl: t.exposeString('meetingUrl', { nullable: true }),
    notes: t.exposeString('notes', { nullable: true }),
    outcome: t.expose('outcome', { type: InterviewOutcomeEnum }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    // Read with the interview, in the same statement (interview.views.ts).
    contacts: t.expose('contacts', { type: [ContactObject], description: 'The contacts taking part, by name.' }),
    // Batched: the jobs of a list of interviews cost one statement.
    job: t.field({
      type: JobObject,
      resolve: (interview, _args, context) => context.loaders.get(jobByIdLoader).load(interview.jobId),
    }),
  }),
});

builder.objectField(JobObject, 'interviews', (t) =>
  t.field({
    type: [InterviewObject],
    description: 'By time, soonest first.',
    // Loaded with the job when the read saw them asked for (interviewsEmbed); otherwise one
    // statement for all the jobs.
    resolve: (job: JobWithInterviews, _args, context) =>
      job.interviews ?? context.loaders.get(interviewsByJobLoader).load(job.id),
  }),
);

/**
 * After a write, what this request's loaders hold of the interview's job is stale (its
 * interviews; its status and history when scheduling moved it): a later field reads it again.
 */
function forgetInterviewsOf(context: GraphQLContext, jobId: string): void {
  context.loaders.get(interviewsByJobLoader).clear(jobId);
  context.loaders.get(jobByIdLoader).clear(jobId);
  forgetJobRelations(context, jobId);
}

/** Runs an interview write, then forgets what the request's loaders held of its job. */
async function writing<Written extends { jobId: string }>(
  context: GraphQLContext,
  write: () => Promise<Written>,
): Promise<Written> {
  const written = await write();
  forgetInterviewsOf(context, written.jobId);
  return written;
}

const DATE_TIME_HELP = 'An ISO 8601 date-time with a time zone, e.g. 2024-01-20T10:00:00Z.';
const DURATION_HELP = `${DURATION_MINUTES.min} to ${DURATION_MINUTES.max} minutes.`;
const CONTACTS_HELP = `Ids of your contacts taking part (at most ${INTERVIEW_CONTACTS_MAX}).`;

const CreateInterviewInput = builder.inputType('CreateInterviewInput', {
  fields: (t) => ({
    jobId: t.id({ required: true }),
    scheduledAt: t.string({ required: true, description: DATE_TIME_HELP }),
    durationMinutes: t.int({ description: `${DURATION_HELP} Default: ${DURATION_MINUTES.default}.` }),
    kind: t.field({ type: InterviewKindValueScalar, description: 'Default: other.' }),
    location: t.string({ description: `At most ${LOCATION_MAX} characters.` }),
    meetingUrl: t.string({ description: 'An http or https URL, at most 2048 characters.' }),
    notes: t.string({ description: `At most ${INTERVIEW_NOTES_MAX} characters.` }),
    outcome: t.field({ type: InterviewOutcomeValueScalar, description: 'Default: pending.' }),
    contactIds: t.idList({ description: CONTACTS_HELP }),
    keepStatus: t.boolean({
      description:
        'A wishlist or applied job moves to interviewing when an interview is scheduled; true keeps its status. Default: false.',
    }),
  }),
});

const UpdateInterviewInput = builder.inputType('UpdateInterviewInput', {
  description:
    'Only the fields given change; location, meetingUrl and notes: null clears them; contactIds replaces the set. The job stays.',
  fields: (t) => ({
    scheduledAt: t.string({ description: DATE_TIME_HELP }),
    durationMinutes: t.int({ description: DURATION_HELP }),
    kind: t.field({ type: InterviewKindValueScalar }),
    location: t.string(),
    meetingUrl: t.string(),
    notes: t.string(),
    outcome: t.field({ type: InterviewOutcomeValueScalar }),
    contactIds: t.idList({ description: CONTACTS_HELP }),
  }),
});

const InterviewPayload = builder.objectRef<Outcome<InterviewView>>('InterviewPayload').implement({
  interfaces: [MutationPayload],
  fields: (t) => ({
    interview: t.field({ type: InterviewObject, nullable: true, resolve: (outcome) => outcome.value }),
  }),
});

const DeleteInterviewPayload = builder
  .objectRef<Outcome<{ id: string; jobId: string }>>('DeleteInterviewPayload')
  .implement({
    interfaces: [MutationPayload],
    fields: (t) => ({
      deletedId: t.id({ nullable: true, resolve: (outcome) => outcome.value?.id ?? null }),
    }),
  });

builder.queryField('upcomingInterviews', (t) =>
  t.withAuth({ authenticated: true }).field({
    type: [InterviewObject],
    description:
      'Your interviews from now until `days` days from now, soonest first, whatever their outcome (cancelled ones too).',
    args: {
      days: t.arg.int({
        defaultValue: UPCOMING_DAYS.default,
        description: `${UPCOMING_DAYS.min} to ${UPCOMING_DAYS.max}. Default ${UPCOMING_DAYS.default}.`,
      }),
    },
    resolve: (_root, args, context) =>
      context.services.interviews.upcoming(context.viewer.userId, args.days ?? UPCOMING_DAYS.default),
  }),
);

builder.mutationFields((t) => ({
  createInterview: t.withAuth({ authenticated: true }).field({
    type: InterviewPayload,
    args: { interviewData: t.arg({ type: CreateInterviewInput, required: true }) },
    resolve: (_root, args, context) =>
      attempt(reminderMessage('Interview created successfully'), () =>
        writing(context, () => context.services.interviews.create(context.viewer.userId, args.interviewData)),
      ),
  }),
  updateInterview: t.withAuth({ authenticated: true }).field({
    type: InterviewPayload,
    args: {
      id: t.arg.id({ required: true }),
      interviewData: t.arg({ type: UpdateInterviewInput, required: true }),
    },
    resolve: (_root, args, context) =>
      attempt(reminderMessage('Interview updated successfully'), () =>
        writing(context, () => context.services.interviews.update(context.viewer.userId, args.id, args.interviewData)),
      ),
  }),
  deleteInterview: t.withAuth({ authenticated: true }).field({
    type: DeleteInterviewPayload,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, context) =>
      attempt('Interview deleted successfully', () =>
        writing(context, () => context.services.interviews.delete(context.viewer.userId, args.id)),
      ),
  }),
}));
