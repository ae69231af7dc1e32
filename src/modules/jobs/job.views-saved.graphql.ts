// GraphQL for saved views (job.views-saved.ts): the SavedView type, savedViews, saveView and
// deleteSavedView. jobsConnection(view:) is in job.connection.graphql.ts.
import type { JobStatus, WorkMode } from '../../generated/prisma/enums.ts';
import { builder } from '../../graphql/builder.ts';
import { attempt, MutationPayload, type Outcome } from '../../graphql/payload.ts';
import { JobFilterInput, JobOrderFieldEnum, JobOrderInput, OrderDirectionEnum } from './job.connection.graphql.ts';
import { SEARCH_MAX, type JobFilterInput as JobFilterValue, type JobOrder } from './job.connection.validation.ts';
import { JobStatusEnum, WorkModeEnum } from './job.graphql.ts';
import { VIEW_NAME_MAX, type SavedViewView } from './job.views-saved.ts';

/** A stored filter field as it was given (already checked when saved). */
const stored = <T>(filter: JobFilterValue, field: keyof JobFilterValue): T | null => (filter[field] as T) ?? null;

const SavedJobFilterObject = builder.objectRef<JobFilterValue>('SavedJobFilter').implement({
  description: 'A saved view’s JobFilter, as it was saved; null fields were not given.',
  fields: (t) => ({
    status: t.field({
      type: [JobStatusEnum],
      nullable: true,
      resolve: (filter) => stored<JobStatus[]>(filter, 'status'),
    }),
    tags: t.stringList({ nullable: true, resolve: (filter) => stored<string[]>(filter, 'tags') }),
    workMode: t.field({
      type: WorkModeEnum,
      nullable: true,
      resolve: (filter) => stored<WorkMode>(filter, 'workMode'),
    }),
    source: t.string({ nullable: true, resolve: (filter) => stored<string>(filter, 'source') }),
    appliedFrom: t.field({ type: 'Date', nullable: true, resolve: (filter) => stored<string>(filter, 'appliedFrom') }),
    appliedTo: t.field({ type: 'Date', nullable: true, resolve: (filter) => stored<string>(filter, 'appliedTo') }),
    updatedSince: t.field({
      type: 'DateTime',
      nullable: true,
      resolve: (filter) => stored<string>(filter, 'updatedSince'),
    }),
    hasUpcomingInterview: t.boolean({
      nullable: true,
      resolve: (filter) => stored<boolean>(filter, 'hasUpcomingInterview'),
    }),
    archived: t.boolean({ nullable: true, resolve: (filter) => stored<boolean>(filter, 'archived') }),
    companyName: t.string({ nullable: true, resolve: (filter) => stored<string>(filter, 'companyName') }),
  }),
});

const SavedJobOrderObject = builder.objectRef<JobOrder>('SavedJobOrder').implement({
  fields: (t) => ({
    field: t.field({ type: JobOrderFieldEnum, resolve: (order) => order.field }),
    direction: t.field({ type: OrderDirectionEnum, resolve: (order) => order.direction }),
  }),
});

const SavedViewObject = builder.objectRef<SavedViewView>('SavedView').implement({
  description: 'Named jobsConnection arguments of yours: pass its id as jobsConnection(view:).',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    filter: t.field({ type: SavedJobFilterObject, resolve: (view) => view.filter }),
    search: t.exposeString('search', { nullable: true }),
    orderBy: t.field({
      type: SavedJobOrderObject,
      nullable: true,
      description: 'Null: the default order.',
      resolve: (view) => view.orderBy,
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

const SaveViewPayload = builder.objectRef<Outcome<SavedViewView>>('SaveViewPayload').implement({
  interfaces: [MutationPayload],
  fields: (t) => ({
    savedView: t.field({ type: SavedViewObject, nullable: true, resolve: (outcome) => outcome.value }),
  }),
});

const DeleteSavedViewPayload = builder.objectRef<Outcome<string>>('DeleteSavedViewPayload').implement({
  interfaces: [MutationPayload],
  fields: (t) => ({
    deletedId: t.id({ nullable: true, resolve: (outcome) => outcome.value }),
  }),
});

builder.queryFields((t) => ({
  savedViews: t.withAuth({ authenticated: true }).field({
    type: [SavedViewObject],
    description: 'Your saved views, by name.',
    resolve: (_root, _args, context) => context.services.jobs.savedViews.list(context.viewer.userId),
  }),
}));

builder.mutationFields((t) => ({
  saveView: t.withAuth({ authenticated: true }).field({
    type: SaveViewPayload,
    description: 'Saves jobsConnection arguments under a name; a name you already use (in any case) is replaced.',
    args: {
      name: t.arg.string({ required: true, description: `1 to ${VIEW_NAME_MAX} characters.` }),
      filter: t.arg({ type: JobFilterInput }),
      search: t.arg.string({ description: `At most ${SEARCH_MAX} characters.` }),
      orderBy: t.arg({ type: JobOrderInput }),
    },
    resolve: (_root, args, context) =>
      attempt('View saved successfully', () => context.services.jobs.savedViews.save(context.viewer.userId, args)),
  }),
  deleteSavedView: t.withAuth({ authenticated: true }).field({
    type: DeleteSavedViewPayload,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, context) =>
      attempt('View deleted successfully', () =>
        context.services.jobs.savedViews.delete(context.viewer.userId, args.id),
      ),
  }),
}));
