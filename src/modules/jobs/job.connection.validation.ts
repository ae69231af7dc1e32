// Rules for jobsConnection's input (SPEC Part 2, "Finding"): page sizes, the filter, the order,
// the search text and the cursors. A saved view's filter and order are checked by these same
// schemas when it is saved.
import { z } from 'zod';
import { JobStatus, WorkMode } from '../../generated/prisma/enums.ts';
import { calendarDate, dateTime, storableText, text, type Untrusted } from '../../lib/validation.ts';
import {
  COMPANY_NAME_MAX,
  JOB_STATUSES,
  SOURCE_MAX,
  TAGS_PER_JOB_MAX,
  WORK_MODES,
  tagKey,
  tagName,
} from './job.validation.ts';

export const PAGE_SIZE_DEFAULT = 20;
export const PAGE_SIZE_MAX = 100;
export const SEARCH_MAX = 200;

/** The keys jobsConnection orders by (lower_snake, as the SPEC spells them). */
export const JOB_ORDER_FIELDS = [
  'applied_on',
  'created_at',
  'updated_at',
  'company_name',
  'status_changed_at',
  'priority',
  'deadline',
] as const;
export type JobOrderField = (typeof JOB_ORDER_FIELDS)[number];

export const ORDER_DIRECTIONS = ['asc', 'desc'] as const;
export type OrderDirection = (typeof ORDER_DIRECTIONS)[number];

const oneOf = <const Values extends readonly [string, ...string[]]>(values: Values) =>
  z.enum(values, { error: `must be one of: ${values.join(', ')}` });

const pageSize = z
  .number({ error: 'must be an integer' })
  .int({ error: 'must be an integer' })
  .min(1, { error: 'must be at least 1' })
  .max(PAGE_SIZE_MAX, { error: `must be at most ${PAGE_SIZE_MAX}` });

export const pageSizeSchema = pageSize.nullish();

export const orderBySchema = z.object({
  field: oneOf(JOB_ORDER_FIELDS),
  direction: oneOf(ORDER_DIRECTIONS)
    .nullish()
    .transform((direction) => direction ?? 'asc'),
});
export type JobOrder = z.output<typeof orderBySchema>;
export type JobOrderInput = Untrusted<z.input<typeof orderBySchema>>;

/** The order without `orderBy`: newest first. */
export const DEFAULT_ORDER: JobOrder = { field: 'created_at', direction: 'desc' };

/** Every condition given must hold; null is the same as absent. */
export const jobFilterSchema = z
  .object({
    status: z.array(z.enum(JobStatus, { error: `must be one of: ${JOB_STATUSES.join(', ')}` })).nullish(),
    /** Jobs carrying every one of these tags (compared by their lower-cased key, as tags are). */
    tags: z
      .array(tagName())
      .max(TAGS_PER_JOB_MAX, { error: `must hold at most ${TAGS_PER_JOB_MAX} tags` })
      .nullish()
      .transform((names) => (names ? [...new Set(names.map(tagKey))] : names)),
    workMode: z.enum(WorkMode, { error: `must be one of: ${WORK_MODES.join(', ')}` }).nullish(),
    source: text(SOURCE_MAX).nullish(),
    appliedFrom: calendarDate().nullish(),
    appliedTo: calendarDate().nullish(),
    updatedSince: dateTime().nullish(),
    hasUpcomingInterview: z.boolean({ error: 'must be a boolean' }).nullish(),
    archived: z.boolean({ error: 'must be a boolean' }).nullish(),
    companyName: text(COMPANY_NAME_MAX).nullish(),
  })
  .strict()
  .refine((filter) => !filter.appliedFrom || !filter.appliedTo || filter.appliedFrom <= filter.appliedTo, {
    path: ['appliedTo'],
    error: 'must not be before filter.appliedFrom',
  });
export type JobFilter = z.output<typeof jobFilterSchema>;
export type JobFilterInput = Untrusted<z.input<typeof jobFilterSchema>>;

export const searchSchema = storableText(SEARCH_MAX).nullish();

/** A cursor's content: the row's sort key value, its id, and the order it was made for. */
export const cursorSchema = z
  .object({
    v: z.union([z.string(), z.number(), z.null()]),
    id: z.guid(),
    o: z.string(),
  })
  .strict();
export type CursorContent = z.output<typeof cursorSchema>;
