// What exports write and imports read (SPEC Part 2, "Portability"): the JSON document's shape,
// the CSV columns, the header names and status words recognised from other trackers and
// spreadsheets, and the limits.
import type { JobStatus } from '../../generated/prisma/enums.ts';

/** The JSON document's format; an import refuses a newer one. */
export const EXPORT_VERSION = 1;

/** Imports: at most this many bytes (413 over it) and this many rows (400 over it). */
export const IMPORT_MAX_BYTES = 10 * 1024 * 1024;
export const IMPORT_MAX_ROWS = 20_000;
/** A CSV row wider than this is refused before it is parsed (a "CSV bomb" of commas). */
export const IMPORT_MAX_COLUMNS = 200;
/** One cell at most (the longest job field, a description, is 50,000 characters). */
export const IMPORT_MAX_CELL_CHARS = 200_000;
/** At most this many possible duplicates are listed in a report. */
export const POSSIBLE_DUPLICATES_LISTED = 100;
/** At most this many row errors are listed in a report (the count is always complete). */
export const ERRORS_LISTED = 1000;

export const IMPORT_FORMATS = ['json', 'csv'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** Between two notes in the CSV's notes cell; an import splits the cell on it. */
export const NOTES_SEPARATOR = '\n\n---\n\n';

export interface ExportedNote {
  id: string;
  content: string;
  reminderTime: string | null;
  createdAt: string;
}

export interface ExportedJob {
  id: string;
  companyName: string;
  position: string;
  status: JobStatus;
  appliedOn: string | null;
  jobUrl: string | null;
  location: string | null;
  workMode: string | null;
  source: string | null;
  description: string | null;
  deadline: string | null;
  priority: number | null;
  salaryMin: number | null;
  salaryMax: number | null;
  salaryCurrency: string | null;
  salaryPeriod: string | null;
  archived: boolean;
  statusChangedAt: string;
  createdAt: string;
  updatedAt: string;
  tags: string[];
  statusHistory: { fromStatus: JobStatus | null; toStatus: JobStatus; occurredAt: string }[];
  notes: ExportedNote[];
  contactIds: string[];
  interviews: unknown[];
  tasks: unknown[];
}

/** The columns of GET /export/jobs.csv, in order (README, "Your data: export and import"). */
export const CSV_COLUMNS = [
  'id',
  'company',
  'position',
  'status',
  'applied_on',
  'job_url',
  'location',
  'work_mode',
  'source',
  'salary_min',
  'salary_max',
  'salary_currency',
  'salary_period',
  'priority',
  'deadline',
  'archived',
  'tags',
  'notes',
  'description',
  'status_changed_at',
  'created_at',
] as const;

/** The fields an import reads from a CSV row, and the names `mapping` takes. */
export const IMPORT_FIELDS = [
  'id',
  'companyName',
  'position',
  'status',
  'appliedOn',
  'jobUrl',
  'location',
  'workMode',
  'source',
  'salary',
  'salaryMin',
  'salaryMax',
  'salaryCurrency',
  'salaryPeriod',
  'priority',
  'deadline',
  'archived',
  'tags',
  'notes',
  'description',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** A header as compared: lower case, letters and digits only ("Date Applied" = "date_applied" = "dateapplied"). */
export const headerKey = (header: string): string => header.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

/**
 * The headers recognised for each field: our own export's, JobSync's (Title, Company, Job Url,
 * Applied Date, Job Source, Salary Range, ...), and the common spreadsheet names.
 */
const HEADER_ALIASES: Record<ImportField, readonly string[]> = {
  id: ['id', 'jobid'],
  companyName: ['company', 'companyname', 'employer', 'organization', 'organisation', 'companyid'],
  position: ['position', 'jobtitle', 'title', 'role', 'positiontitle', 'job', 'jobposition'],
  status: ['status', 'applicationstatus', 'stage', 'jobstatus'],
  appliedOn: ['appliedon', 'dateapplied', 'applieddate', 'applicationdate', 'applied', 'dateofapplication'],
  jobUrl: ['joburl', 'url', 'link', 'joblink', 'postingurl', 'postinglink', 'jobposting'],
  location: ['location', 'joblocation', 'city'],
  workMode: ['workmode', 'remote', 'worktype', 'jobtype'],
  source: ['source', 'jobsource', 'foundon'],
  salary: ['salary', 'salaryrange', 'compensation', 'pay'],
  salaryMin: ['salarymin', 'minsalary'],
  salaryMax: ['salarymax', 'maxsalary'],
  salaryCurrency: ['salarycurrency', 'currency'],
  salaryPeriod: ['salaryperiod'],
  priority: ['priority', 'excitement'],
  deadline: ['deadline', 'duedate'],
  archived: ['archived'],
  tags: ['tags', 'labels'],
  notes: ['notes', 'note', 'comments', 'comment'],
  description: ['description', 'jobdescription'],
};

const FIELD_OF_HEADER = new Map<string, ImportField>(
  Object.entries(HEADER_ALIASES).flatMap(([field, aliases]) =>
    aliases.map((alias) => [alias, field as ImportField] as const),
  ),
);

/** The field a header stands for, if any. */
export const fieldOfHeader = (header: string): ImportField | undefined => FIELD_OF_HEADER.get(headerKey(header));

/** Status words of other trackers and spreadsheets, by headerKey. */
const STATUS_WORDS: Record<string, JobStatus> = {
  wishlist: 'wishlist',
  bookmarked: 'wishlist',
  saved: 'wishlist',
  draft: 'wishlist',
  interested: 'wishlist',
  toapply: 'wishlist',
  planned: 'wishlist',
  applied: 'applied',
  applying: 'applied',
  submitted: 'applied',
  sent: 'applied',
  interview: 'interviewing',
  interviewing: 'interviewing',
  interviewed: 'interviewing',
  interviewscheduled: 'interviewing',
  phonescreen: 'interviewing',
  screening: 'interviewing',
  inprogress: 'interviewing',
  offer: 'offer',
  offered: 'offer',
  offerreceived: 'offer',
  accepted: 'accepted',
  hired: 'accepted',
  rejected: 'rejected',
  declined: 'rejected',
  notselected: 'rejected',
  expired: 'rejected',
  ghosted: 'rejected',
  withdrawn: 'withdrawn',
  withdrew: 'withdrawn',
  archived: 'withdrawn',
};

/** The status a word means ("Interview" is interviewing, "Bookmarked" wishlist), if known. */
export const statusOfWord = (word: string): JobStatus | undefined => STATUS_WORDS[headerKey(word)];
export const STATUS_WORDS_LIST = Object.keys(STATUS_WORDS);

/** Our export's formula escape (csv-stringify's escape_formulas): an apostrophe before these. */
const ESCAPED_FORMULA = /^'(?=[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20])/u;

/** A cell without our own formula escape, so a round trip does not pile apostrophes up. */
export const unescapeFormula = (cell: string): string => cell.replace(ESCAPED_FORMULA, '');
