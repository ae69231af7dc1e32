// One imported row as a job (SPEC Part 2, "Portability"): a CSV row's cells or a JSON document's
// job, checked by the jobs' own rules (createJobSchema, through the jobs module's index) plus the
// import's (history, notes, interviews, tasks), each problem a report error naming the row and
// the field. Nothing here reads the database.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { InterviewKind, InterviewOutcome, TaskKind, type JobStatus } from '../../generated/prisma/enums.ts';
import { dateTime, text } from '../../lib/validation.ts';
import { createJobSchema, JOB_STATUSES, type ImportedJob, type ImportedStatusEvent } from '../jobs/index.ts';
import type { ImportedInterview as ModuleImportedInterview } from '../interviews/index.ts';
import type { ImportedTask as ModuleImportedTask } from '../tasks/index.ts';
import { NOTES_SEPARATOR, statusOfWord, type ImportField } from './portability.format.ts';
import type { CsvRow } from './portability.parse.ts';

const INTERVIEW_KINDS = Object.values(InterviewKind) as [InterviewKind, ...InterviewKind[]];
const INTERVIEW_OUTCOMES = Object.values(InterviewOutcome) as [InterviewOutcome, ...InterviewOutcome[]];
const TASK_KINDS = Object.values(TaskKind) as [TaskKind, ...TaskKind[]];

export interface RowError {
  row: number;
  field: string;
  message: string;
}

export interface ImportedNote {
  content: string;
  reminderTime: Date | null;
  createdAt: Date | null;
}

/** A document's interview of a job: the interviews module's import, its contacts by file id. */
export type ImportedInterview = Omit<ModuleImportedInterview, 'jobId' | 'contactIds'> & { contactIds: string[] };

/** A document's task (of a job or of none): the tasks module's import, the job given by where it is. */
export type ImportedTask = Omit<ModuleImportedTask, 'jobId'>;

/** A row that passed every check, ready to be written (or reported by a dry run). */
export interface CandidateJob {
  row: number;
  /** The id the file gave (our export's), matched against the account's jobs. */
  sourceId: string | null;
  job: ImportedJob;
  notes: ImportedNote[];
  interviews: ImportedInterview[];
  tasks: ImportedTask[];
  /** The file's contact ids. */
  contactIds: string[];
}

const MESSAGE_MAX = 300;
const issueErrors = (row: number, error: z.ZodError, prefix = ''): RowError[] =>
  error.issues.map((issue) => ({
    row,
    field: `${prefix}${issue.path.map(String).join('.')}` || prefix.replace(/\.$/, '') || 'row',
    message: issue.message.slice(0, MESSAGE_MAX),
  }));

const midnight = (day: Date | null | undefined) => day ?? null;

/** History of a job known only by its status: one event, from nothing, at the applied day (else at `now`). */
function startingHistory(status: JobStatus, appliedOn: Date | null, now: Date): ImportedStatusEvent[] {
  const at = appliedOn && appliedOn <= now ? appliedOn : now;
  return [{ fromStatus: null, toStatus: status, occurredAt: at }];
}

// ---- CSV cells -------------------------------------------------------------------------------

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** A day as spreadsheets write it: 2024-01-15, 2024/01/15, an ISO date-time, 01/15/2024 (US order), 15 Jan 2024, Jan 15, 2024. */
export function csvDay(cell: string): string | null {
  const pad = (value: number) => String(value).padStart(2, '0');
  let match = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ].*)?$/.exec(cell);
  if (match) return `${match[1]}-${pad(Number(match[2]))}-${pad(Number(match[3]))}`;
  match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(cell);
  if (match) return `${match[3]}-${pad(Number(match[1]))}-${pad(Number(match[2]))}`;
  match = /^(\d{1,2})[ -]([A-Za-z]{3})[A-Za-z]*\.?[ -,]*(\d{4})$/.exec(cell);
  if (match && MONTHS.includes((match[2] ?? '').toLowerCase())) {
    return `${match[3]}-${pad(MONTHS.indexOf((match[2] ?? '').toLowerCase()) + 1)}-${pad(Number(match[1]))}`;
  }
  match = /^([A-Za-z]{3})[A-Za-z]*\.? (\d{1,2}),? (\d{4})$/.exec(cell);
  if (match && MONTHS.includes((match[1] ?? '').toLowerCase())) {
    return `${match[3]}-${pad(MONTHS.indexOf((match[1] ?? '').toLowerCase()) + 1)}-${pad(Number(match[2]))}`;
  }
  return null;
}

const CURRENCY_SIGNS: Record<string, string> = { $: 'USD', '€': 'EUR', '£': 'GBP', '¥': 'JPY', '₹': 'INR' };

/** "$100,000 - $120,000", "100k-120k", "90000 EUR", "€50k": min, max and currency. */
function csvSalary(cell: string): { min?: number; max?: number; currency?: string } | null {
  const numbers = [...cell.matchAll(/(\d[\d,.\s]*)(k)?/gi)]
    .map((match) => {
      const digits = (match[1] ?? '').replace(/[,\s]/g, '');
      const value = Number(digits);
      return Number.isFinite(value) ? Math.round(match[2] ? value * 1000 : value) : NaN;
    })
    .filter((value) => !Number.isNaN(value));
  if (numbers.length === 0 || numbers.length > 2) return null;
  const sign = Object.keys(CURRENCY_SIGNS).find((candidate) => cell.includes(candidate));
  const code = /\b([A-Z]{3})\b/.exec(cell.toUpperCase())?.[1];
  const currency = code ?? (sign ? CURRENCY_SIGNS[sign] : undefined);
  return { min: numbers[0], max: numbers[1] ?? numbers[0], ...(currency ? { currency } : {}) };
}

const TRUE_WORDS = new Set(['true', 'yes', 'y', '1']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0']);

/** A CSV row as a candidate job, or its errors. `headers` names each field's column in messages. */
export function csvCandidate(
  { row, cells }: CsvRow,
  headers: Partial<Record<ImportField, string>>,
  now: Date,
): CandidateJob | RowError[] {
  const errors: RowError[] = [];
  const fail = (field: ImportField, problem: string) =>
    errors.push({
      row,
      field,
      message: `${field} (column "${headers[field] ?? field}") ${problem}`.slice(0, MESSAGE_MAX),
    });

  const input: Record<string, unknown> = {
    companyName: cells.companyName,
    position: cells.position,
    jobUrl: cells.jobUrl,
    location: cells.location,
    source: cells.source,
    description: cells.description,
  };
  if (cells.status !== undefined) {
    const status = statusOfWord(cells.status);
    if (status) input.status = status;
    else
      fail(
        'status',
        `"${cells.status.slice(0, 50)}" is not a status we know; use one of: ${JOB_STATUSES.join(', ')} (or Interview, Saved, Bookmarked, Offer, ...)`,
      );
  }
  for (const field of ['appliedOn', 'deadline'] as const) {
    const cell = cells[field];
    if (cell === undefined) continue;
    const day = csvDay(cell);
    if (day) input[field] = day;
    else fail(field, `"${cell.slice(0, 50)}" is not a date; write it as YYYY-MM-DD, e.g. 2024-01-15`);
  }
  if (cells.workMode !== undefined) {
    const mode = cells.workMode.toLowerCase().replace(/[^a-z]/g, '');
    input.workMode = mode === 'office' || mode === 'inoffice' ? 'onsite' : mode;
  }
  if (cells.salary !== undefined) {
    const salary = csvSalary(cells.salary);
    if (!salary) fail('salary', `"${cells.salary.slice(0, 50)}" is not a salary or a range like 90000-110000`);
    else {
      input.salaryMin = salary.min;
      input.salaryMax = salary.max;
      if (salary.currency) input.salaryCurrency = salary.currency;
    }
  }
  for (const field of ['salaryMin', 'salaryMax', 'priority'] as const) {
    const cell = cells[field];
    if (cell === undefined) continue;
    const value = Number(cell.replace(/[,\s]/g, ''));
    if (Number.isFinite(value)) input[field] = value;
    else fail(field, `"${cell.slice(0, 50)}" is not a number`);
  }
  if (cells.salaryCurrency !== undefined) input.salaryCurrency = cells.salaryCurrency.toUpperCase();
  if (cells.salaryPeriod !== undefined) input.salaryPeriod = cells.salaryPeriod.toLowerCase();
  if (cells.tags !== undefined)
    input.tags = cells.tags
      .split(/[;,]/)
      .map((tag) => tag.trim())
      .filter(Boolean);
  let archived = false;
  if (cells.archived !== undefined) {
    const word = cells.archived.toLowerCase();
    if (TRUE_WORDS.has(word)) archived = true;
    else if (!FALSE_WORDS.has(word)) fail('archived', 'must be true or false');
  }

  const parsed = createJobSchema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? 'row') as ImportField;
      fail(field, issue.message);
    }
  }
  if (errors.length > 0 || !parsed.success) return errors;
  const { tags, statusChangedAt: _ignored, status, appliedOn, ...fields } = parsed.data;
  const notes = (cells.notes ?? '')
    .split(NOTES_SEPARATOR)
    .map((content) => content.trim())
    .filter(Boolean)
    .map((content) => ({ content: content.slice(0, 10_000), reminderTime: null, createdAt: null }));
  return {
    row,
    sourceId: cells.id ?? null,
    job: {
      id: randomUUID(),
      ...fields,
      appliedOn: midnight(appliedOn),
      archived,
      tags: tags ?? [],
      history: startingHistory(status, appliedOn ?? null, now),
    },
    notes,
    interviews: [],
    tasks: [],
    contactIds: [],
  };
}

// ---- JSON documents --------------------------------------------------------------------------

const nullableDateTime = () =>
  dateTime()
    .nullish()
    .transform((value) => value ?? null);
const status = z.enum(JOB_STATUSES as [JobStatus, ...JobStatus[]], {
  error: `must be one of: ${JOB_STATUSES.join(', ')}`,
});
const fileId = z.string().max(100).nullish();

const historySchema = z
  .array(z.object({ fromStatus: status.nullable(), toStatus: status, occurredAt: dateTime() }))
  .max(1000);

const noteSchema = z.object({
  content: text(10_000),
  reminderTime: nullableDateTime(),
  createdAt: nullableDateTime(),
});

const interviewSchema = z.object({
  scheduledAt: dateTime(),
  durationMinutes: z.number().int().min(5).max(1440).default(60),
  kind: z.enum(INTERVIEW_KINDS).default('other'),
  location: text(200)
    .nullish()
    .transform((value) => value ?? null),
  meetingUrl: z
    .string()
    .max(2048)
    .nullish()
    .transform((value) => value ?? null),
  notes: text(10_000)
    .nullish()
    .transform((value) => value ?? null),
  outcome: z.enum(INTERVIEW_OUTCOMES).default('pending'),
  createdAt: nullableDateTime(),
  updatedAt: nullableDateTime(),
  contactIds: z.array(z.string().max(100)).max(50).default([]),
});

export const taskSchema = z.object({
  title: text(200),
  dueAt: nullableDateTime(),
  completedAt: nullableDateTime(),
  kind: z.enum(TASK_KINDS).default('other'),
  createdAt: nullableDateTime(),
  updatedAt: nullableDateTime(),
});

/** What a document's job carries besides createJobSchema's fields. */
const jobExtrasSchema = z.object({
  id: fileId,
  archived: z.boolean().default(false),
  createdAt: nullableDateTime(),
  updatedAt: nullableDateTime(),
  statusHistory: historySchema.default([]),
  notes: z.array(noteSchema).max(1000).default([]),
  contactIds: z.array(z.string().max(100)).max(500).default([]),
  interviews: z.array(interviewSchema).max(500).default([]),
  tasks: z.array(taskSchema).max(1000).default([]),
});

const JOB_FIELDS = [
  'companyName',
  'position',
  'status',
  'appliedOn',
  'jobUrl',
  'location',
  'workMode',
  'source',
  'description',
  'deadline',
  'priority',
  'salaryMin',
  'salaryMax',
  'salaryCurrency',
  'salaryPeriod',
  'tags',
] as const;

/** A document's job (row = its place in `jobs`, from 1) as a candidate, or its errors. */
export function jsonCandidate(
  value: unknown,
  row: number,
  contactIdsInFile: ReadonlySet<string>,
  now: Date,
): CandidateJob | RowError[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return [{ row, field: 'job', message: 'must be an object' }];
  }
  const record = value as Record<string, unknown>;
  const fields = Object.fromEntries(JOB_FIELDS.map((field) => [field, record[field]]));
  const parsed = createJobSchema.safeParse(fields);
  const extras = jobExtrasSchema.safeParse(record);
  const errors = [
    ...(parsed.success ? [] : issueErrors(row, parsed.error)),
    ...(extras.success ? [] : issueErrors(row, extras.error)),
  ];
  if (!parsed.success || !extras.success) return errors;
  const { tags, statusChangedAt: _ignored, status: jobStatus, appliedOn, ...jobFields } = parsed.data;
  const extra = extras.data;

  let history: ImportedStatusEvent[] = extra.statusHistory;
  if (history.length === 0) history = startingHistory(jobStatus, appliedOn ?? null, now);
  const broken = history.findIndex((event, index) => {
    const previous = history[index - 1];
    return previous
      ? event.fromStatus !== previous.toStatus || event.occurredAt < previous.occurredAt
      : event.fromStatus !== null;
  });
  if (broken >= 0) {
    errors.push({
      row,
      field: `statusHistory.${broken}`,
      message: 'must follow the one before it (fromStatus its toStatus, not earlier); the first starts from null',
    });
  } else if (history[history.length - 1]?.toStatus !== jobStatus) {
    errors.push({ row, field: 'status', message: 'must be the toStatus of the last statusHistory event' });
  }
  const unknownContact = [...extra.contactIds, ...extra.interviews.flatMap((interview) => interview.contactIds)].find(
    (id) => !contactIdsInFile.has(id),
  );
  if (unknownContact !== undefined) {
    errors.push({
      row,
      field: 'contactIds',
      message: `names a contact the file's contacts do not hold (${unknownContact.slice(0, 40)})`,
    });
  }
  if (errors.length > 0) return errors;
  return {
    row,
    sourceId: extra.id ?? null,
    job: {
      id: randomUUID(),
      ...jobFields,
      appliedOn: midnight(appliedOn),
      archived: extra.archived,
      ...(extra.createdAt ? { createdAt: extra.createdAt } : {}),
      ...(extra.updatedAt ? { updatedAt: extra.updatedAt } : {}),
      tags: tags ?? [],
      history,
    },
    notes: extra.notes,
    interviews: extra.interviews,
    tasks: extra.tasks,
    contactIds: extra.contactIds,
  };
}

export const contactSchema = z.object({
  id: fileId,
  name: text(200),
  email: z
    .string()
    .max(254)
    .nullish()
    .transform((value) => value ?? null),
  phone: z
    .string()
    .max(50)
    .nullish()
    .transform((value) => value ?? null),
  role: z
    .string()
    .max(200)
    .nullish()
    .transform((value) => value ?? null),
  company: z
    .string()
    .max(200)
    .nullish()
    .transform((value) => value ?? null),
  linkedinUrl: z
    .string()
    .max(2048)
    .nullish()
    .transform((value) => value ?? null),
  notes: z
    .string()
    .max(10_000)
    .nullish()
    .transform((value) => value ?? null),
  createdAt: nullableDateTime(),
  updatedAt: nullableDateTime(),
});

export const savedViewSchema = z.object({
  name: text(100),
  filter: z.record(z.string(), z.unknown()).default({}),
  search: z
    .string()
    .max(200)
    .nullish()
    .transform((value) => value ?? null),
  orderBy: z
    .record(z.string(), z.unknown())
    .nullish()
    .transform((value) => value ?? null),
  createdAt: nullableDateTime(),
});

export const settingsSchema = z
  .object({
    timeZone: z.string().max(64),
    reminderEmails: z.boolean(),
    interviewReminderLeadMinutes: z.array(z.number().int().min(5).max(40_320)).max(5),
    followUpAfterDays: z.number().int().min(0).max(365),
    ghostedAfterDays: z.number().int().min(1).max(365),
  })
  .partial();

export { issueErrors };
