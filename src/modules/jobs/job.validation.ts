// Rules for job input (SPEC.md, "Data" and Part 2 "Richer applications"): the status set, caps on
// text, real calendar days, links, salary, tags.
import { z } from 'zod';
import { JobStatus, SalaryPeriod, WorkMode } from '../../generated/prisma/enums.ts';
import { calendarDate, dateTime, httpUrl, id, text, type Untrusted } from '../../lib/validation.ts';

export const JOB_STATUSES = Object.values(JobStatus);
export const WORK_MODES = Object.values(WorkMode);
export const SALARY_PERIODS = Object.values(SalaryPeriod);
export const COMPANY_NAME_MAX = 200;
export const POSITION_MAX = 200;
export const JOBS_PAGE_MAX = 500;
export const JOBS_PAGE_DEFAULT = 100;
export const LOCATION_MAX = 200;
export const SOURCE_MAX = 100;
export const DESCRIPTION_MAX = 50_000;
export const PRIORITY_MIN = 1;
export const PRIORITY_MAX = 5;
/** PostgreSQL's `integer`, the salary columns. */
const SALARY_MAX_VALUE = 2_147_483_647;
export const TAG_MAX = 50;
export const TAGS_PER_JOB_MAX = 20;

// The seed passes status as a quoted string ("applied"), so it is checked here, not by GraphQL.
const status = () => z.enum(JobStatus, { error: `must be one of: ${JOB_STATUSES.join(', ')}` });
const workMode = () => z.enum(WorkMode, { error: `must be one of: ${WORK_MODES.join(', ')}` });
const salaryPeriod = () => z.enum(SalaryPeriod, { error: `must be one of: ${SALARY_PERIODS.join(', ')}` });

/**
 * The real ISO 4217 list as the runtime's ICU knows it (`Intl.supportedValuesOf('currency')`:
 * the active codes, no made-up ones like "XYZ"), so it follows the runtime's updates.
 */
const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));
const currency = () =>
  z
    .string({ error: 'must be a string' })
    .trim()
    .toUpperCase()
    .refine((code) => CURRENCIES.has(code), { error: 'must be an ISO 4217 currency code, e.g. EUR or USD' });

const salary = () =>
  z
    .number({ error: 'must be an integer' })
    .int({ error: 'must be an integer' })
    .min(0, { error: 'must not be negative' })
    .max(SALARY_MAX_VALUE, { error: `must be at most ${SALARY_MAX_VALUE}` });

const priority = () =>
  z
    .number({ error: 'must be an integer' })
    .int({ error: 'must be an integer' })
    .min(PRIORITY_MIN, { error: `must be between ${PRIORITY_MIN} and ${PRIORITY_MAX}` })
    .max(PRIORITY_MAX, { error: `must be between ${PRIORITY_MIN} and ${PRIORITY_MAX}` });

/** A tag as the user writes it; tags compare by their lower-cased key (`tagKey`). */
export const tagName = () => text(TAG_MAX);

/** Tags are unique per user case-insensitively: this key is what tags.name_key holds. */
export const tagKey = (name: string): string => name.toLowerCase();

/**
 * A job's set of tags: duplicates (any case) collapse to their first spelling; at most
 * TAGS_PER_JOB_MAX once collapsed. Every problem names `tags` itself (a tag's position goes in the
 * message), so clients see one field. A key must fit the column too (lower-casing can lengthen a
 * name, e.g. "İ").
 */
const tagSet = () =>
  z.array(z.unknown(), { error: 'must be a list of strings' }).transform((values, context) => {
    const firstSpelling = new Map<string, string>();
    for (const [index, value] of values.entries()) {
      const parsed = tagName().safeParse(value);
      const problem = parsed.success
        ? tagKey(parsed.data).length > TAG_MAX
          ? `must be at most ${TAG_MAX} characters once lower-cased`
          : null
        : (parsed.error.issues[0]?.message ?? 'is invalid');
      if (problem !== null || !parsed.success) {
        context.addIssue({ code: 'custom', message: `item ${index + 1} ${problem}`, input: value });
        return z.NEVER;
      }
      if (!firstSpelling.has(tagKey(parsed.data))) firstSpelling.set(tagKey(parsed.data), parsed.data);
    }
    if (firstSpelling.size > TAGS_PER_JOB_MAX) {
      context.addIssue({ code: 'custom', message: `must hold at most ${TAGS_PER_JOB_MAX} tags`, input: values });
      return z.NEVER;
    }
    return [...firstSpelling.values()];
  });

export const jobIdSchema = id();

/** The optional fields of a job, shared by create and update (null clears on update). */
const richFields = {
  jobUrl: httpUrl().nullish(),
  location: text(LOCATION_MAX).nullish(),
  workMode: workMode().nullish(),
  source: text(SOURCE_MAX).nullish(),
  description: text(DESCRIPTION_MAX).nullish(),
  deadline: calendarDate().nullish(),
  priority: priority().nullish(),
  salaryMin: salary().nullish(),
  salaryMax: salary().nullish(),
  salaryCurrency: currency().nullish(),
  salaryPeriod: salaryPeriod().nullish(),
};

/** What a salaryMin above the salaryMax is told (on update, against the stored values too). */
export const SALARY_ORDER = 'must not be greater than salaryMax';

/** min <= max when both are known. */
export const salaryInOrder = (min: number | null | undefined, max: number | null | undefined): boolean =>
  min === null || min === undefined || max === null || max === undefined || min <= max;

export const createJobSchema = z
  .object({
    companyName: text(COMPANY_NAME_MAX),
    position: text(POSITION_MAX),
    status: status()
      .nullish()
      .transform((value) => value ?? JobStatus.applied),
    appliedOn: calendarDate().nullish(),
    /** When the initial status began (default: now); not in the future (checked by the service's clock). */
    statusChangedAt: dateTime().nullish(),
    tags: tagSet().nullish(),
    ...richFields,
  })
  .refine((job) => salaryInOrder(job.salaryMin, job.salaryMax), { path: ['salaryMin'], error: SALARY_ORDER });

/** A partial update: absent fields stay as they are; the optional ones may be cleared with null. */
export const updateJobSchema = z.object({
  companyName: text(COMPANY_NAME_MAX).optional(),
  position: text(POSITION_MAX).optional(),
  status: status().optional(),
  appliedOn: calendarDate().nullish(),
  /** Backdates a status change; valid only with a status that changes (checked by the service). */
  statusChangedAt: dateTime().nullish(),
  /** Replaces the set; null or [] clears it. */
  tags: tagSet().nullish(),
  ...richFields,
});

export const listJobsSchema = z.object({
  status: status().optional(),
  limit: z
    .number()
    .int()
    .min(1, { error: 'must be at least 1' })
    .max(JOBS_PAGE_MAX, { error: `must be at most ${JOBS_PAGE_MAX}` })
    .default(JOBS_PAGE_DEFAULT),
  offset: z.number().int().min(0, { error: 'must not be negative' }).default(0),
});

export type CreateJobInput = Untrusted<z.input<typeof createJobSchema>>;
export type UpdateJobInput = Untrusted<z.input<typeof updateJobSchema>>;
export type ListJobsInput = Untrusted<z.input<typeof listJobsSchema>>;
