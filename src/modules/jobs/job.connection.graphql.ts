// GraphQL for jobsConnection: the Relay connection types, JobFilter, JobOrder and the query.
// The service (job.connection.ts) checks every argument and names it; this file only translates.
import { type JobStatus } from '../../generated/prisma/enums.ts';
import { builder } from '../../graphql/builder.ts';
import { fixedSetScalar } from '../../graphql/fixed-set.ts';
import { selectsField, subfieldNodes } from '../../graphql/selection.ts';
import type { GraphQLResolveInfo } from 'graphql';
import type { JobConnectionView, JobEdgeView } from './job.connection.ts';
import {
  JOB_ORDER_FIELDS,
  ORDER_DIRECTIONS,
  PAGE_SIZE_DEFAULT,
  PAGE_SIZE_MAX,
  SEARCH_MAX,
  type JobOrderField,
  type OrderDirection,
} from './job.connection.validation.ts';
import { JobObject, WorkModeValue } from './job.graphql.ts';
import { JOB_STATUSES, TAGS_PER_JOB_MAX } from './job.validation.ts';

// The builder's types of this file's fixed-set scalars (src/graphql/builder.ts merges them).
declare module '../../graphql/builder.ts' {
  interface FixedSetScalars {
    JobStatusValue: JobStatus;
    JobOrderFieldValue: JobOrderField;
    OrderDirectionValue: OrderDirection;
  }
}

// Fixed-set inputs (src/graphql/fixed-set.ts): `field: applied_on` and `field: "applied_on"` alike.
export const JobStatusValue = builder.addScalarType(
  'JobStatusValue',
  fixedSetScalar('JobStatusValue', JOB_STATUSES, 'Where an application stands.'),
);
export const JobOrderFieldValue = builder.addScalarType(
  'JobOrderFieldValue',
  fixedSetScalar('JobOrderFieldValue', JOB_ORDER_FIELDS, 'What jobs are ordered by (ties broken by id).'),
);
export const OrderDirectionValue = builder.addScalarType(
  'OrderDirectionValue',
  fixedSetScalar('OrderDirectionValue', ORDER_DIRECTIONS, 'Ascending or descending.'),
);

// Outputs are enums (a saved view answers its order with them).
export const JobOrderFieldEnum = builder.enumType('JobOrderField', { values: JOB_ORDER_FIELDS });
export const OrderDirectionEnum = builder.enumType('OrderDirection', { values: ORDER_DIRECTIONS });

const DATE_TIME_HELP = 'An ISO 8601 date-time with a time zone, e.g. 2024-01-20T10:00:00Z';

export const JobFilterInput = builder.inputType('JobFilter', {
  description: 'Every condition given must hold; null is the same as absent.',
  fields: (t) => ({
    status: t.field({
      type: [JobStatusValue],
      description: 'Jobs with one of these statuses; an empty list is the same as absent.',
    }),
    tags: t.stringList({
      description: `Jobs carrying every one of these tags (case-insensitively), at most ${TAGS_PER_JOB_MAX}; an empty list is the same as absent.`,
    }),
    workMode: t.field({ type: WorkModeValue }),
    source: t.string({ description: 'Jobs of this source, case-insensitively ("linkedin" finds "LinkedIn").' }),
    appliedFrom: t.string({ description: 'Applied on this day or later, YYYY-MM-DD.' }),
    appliedTo: t.string({ description: 'Applied on this day or earlier, YYYY-MM-DD.' }),
    updatedSince: t.string({ description: `Updated at this instant or later. ${DATE_TIME_HELP}.` }),
    hasUpcomingInterview: t.boolean({
      description: 'true: jobs with a pending interview scheduled from now on; false: jobs without one.',
    }),
    archived: t.boolean({ description: 'true: archived jobs only. Default false: jobs that are not archived.' }),
    companyName: t.string({ description: 'Jobs whose company name contains this, case-insensitively.' }),
  }),
});

export const JobOrderInput = builder.inputType('JobOrder', {
  fields: (t) => ({
    field: t.field({ type: JobOrderFieldValue, required: true }),
    direction: t.field({ type: OrderDirectionValue, description: 'Default: asc.' }),
  }),
});

const PageInfoObject = builder.objectRef<JobConnectionView['pageInfo']>('PageInfo').implement({
  description: 'Where a page sits in the whole list (Relay).',
  fields: (t) => ({
    hasNextPage: t.exposeBoolean('hasNextPage'),
    hasPreviousPage: t.exposeBoolean('hasPreviousPage'),
    startCursor: t.exposeString('startCursor', { nullable: true }),
    endCursor: t.exposeString('endCursor', { nullable: true }),
  }),
});

const JobEdgeObject = builder.objectRef<JobEdgeView>('JobEdge').implement({
  fields: (t) => ({
    cursor: t.exposeString('cursor', { description: 'Opaque: pass it as `after` or `before`.' }),
    node: t.field({ type: JobObject, resolve: (edge) => edge.node }),
  }),
});

const JobConnectionObject = builder.objectRef<JobConnectionView>('JobConnection').implement({
  description: 'A page of your jobs (Relay).',
  fields: (t) => ({
    edges: t.field({ type: [JobEdgeObject], resolve: (connection) => connection.edges }),
    pageInfo: t.field({ type: PageInfoObject, resolve: (connection) => connection.pageInfo }),
    totalCount: t.int({
      description: 'How many jobs match, over every page.',
      resolve: (connection) => connection.totalCount(),
    }),
  }),
});

/** Whether the page's nodes (`edges { node { … } }`) select `field`: those relations load with the page. */
export function nodeSelects(info: GraphQLResolveInfo): (field: string) => boolean {
  const edges = { fieldNodes: subfieldNodes(info, 'edges'), fragments: info.fragments };
  const nodes = { fieldNodes: subfieldNodes(edges, 'node'), fragments: info.fragments };
  return (field) => selectsField(nodes, field);
}

export const PAGING_HELP = `Page forward with first (default ${PAGE_SIZE_DEFAULT}, at most ${PAGE_SIZE_MAX}) and after, or backward with last and before; not first with last.`;

builder.queryFields((t) => ({
  jobsConnection: t.withAuth({ authenticated: true }).field({
    type: JobConnectionObject,
    description: `Your jobs, a page at a time. ${PAGING_HELP} Default order: newest first; with search and no orderBy, the best matches first.`,
    args: {
      first: t.arg.int(),
      after: t.arg.string({ description: 'A cursor of this order and search.' }),
      last: t.arg.int(),
      before: t.arg.string({ description: 'A cursor of this order and search.' }),
      filter: t.arg({ type: JobFilterInput }),
      search: t.arg.string({ description: `At most ${SEARCH_MAX} characters.` }),
      orderBy: t.arg({ type: JobOrderInput }),
      view: t.arg.id({
        description: 'One of your saved views: its filter, search and orderBy, each unless given here.',
      }),
    },
    resolve: (_root, args, context, info) =>
      context.services.jobs.connection(context.viewer.userId, args, { embed: nodeSelects(info) }),
  }),
}));
