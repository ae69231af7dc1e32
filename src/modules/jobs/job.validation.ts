// Rules for job input (SPEC.md, "Data"): the status set, caps on text, real calendar days.
import { z } from 'zod';
import { JobStatus } from '../../generated/prisma/enums.ts';
import { calendarDate, id, text, type Untrusted } from '../../lib/validation.ts';

export const JOB_STATUSES = Object.values(JobStatus);
export const COMPANY_NAME_MAX = 200;
export const POSITION_MAX = 200;
export const JOBS_PAGE_MAX = 500;
export const JOBS_PAGE_DEFAULT = 100;

// The seed passes status as a quoted string ("applied"), so it is checked here, not by GraphQL.
const status = () => z.enum(JobStatus, { error: `must be one of: ${JOB_STATUSES.join(', ')}` });

export const jobIdSchema = id();

export const createJobSchema = z.object({
  companyName: text(COMPANY_NAME_MAX),
  position: text(POSITION_MAX),
  status: status()
    .nullish()
    .transform((value) => value ?? JobStatus.applied),
  appliedOn: calendarDate().nullish(),
});

/** A partial update: absent fields stay as they are; appliedOn may be cleared with null. */
export const updateJobSchema = z.object({
  companyName: text(COMPANY_NAME_MAX).optional(),
  position: text(POSITION_MAX).optional(),
  status: status().optional(),
  appliedOn: calendarDate().nullish(),
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
