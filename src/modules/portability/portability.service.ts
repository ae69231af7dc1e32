// Data portability (SPEC Part 2, "Portability"): exports streamed from PostgreSQL
// (portability.export.ts) and imports of our own JSON document or a CSV of jobs. An import reads
// the file in batches of IMPORT_BATCH rows (portability.parse.ts, portability.rows.ts); each batch
// is checked, its exact duplicates found (the same exported id, the same normalised URL, the same
// company, position and applied day: skipped) and its similar jobs (imported, and reported), one
// statement each, then written, before the next batch is read: memory holds one batch and the
// report, whatever the file's size. A dry run writes nothing; a real run is one transaction over
// every batch, rolled back when any row (of any batch) has an error.
//
// Who writes what: this module owns no table. It checks and matches the rows, then hands each
// module its rows in the import's transaction, through that module's bulk path: jobs, histories
// and tags (JobService.importIn), saved views (JobService.savedViews.importIn), notes
// (NoteService.importIn), contacts and the jobs' links to them (ContactService.importIn, which
// answers file id -> account id, and importJobLinksIn), interviews with their contacts
// (InterviewService.importIn), tasks (TaskService.importIn, importStandaloneIn), settings
// (UserService.importSettingsIn). Notes, interviews and tasks schedule their own reminders there.
import { createHash } from 'node:crypto';
import { Prisma } from '../../generated/prisma/client.ts';
import type { Database } from '../../infra/database.ts';
import { AppError } from '../../lib/errors.ts';
import type { ContactService, ImportedContact } from '../contacts/index.ts';
import type { ImportedInterview, InterviewService } from '../interviews/index.ts';
import type { ImportedJob, JobService } from '../jobs/index.ts';
import type { ImportedNote, NoteService } from '../notes/index.ts';
import type { TaskService } from '../tasks/index.ts';
import { canonicalTimeZone, type UserService } from '../users/index.ts';
import { exportJobsCsv, exportJsonDocument } from './portability.export.ts';
import { TRANSFER_RETRY_AFTER_SECONDS, TransferSlots, transfersFor } from './portability.slots.ts';
import {
  ERRORS_LISTED,
  EXPORT_VERSION,
  IMPORT_FORMATS,
  IMPORT_MAX_BYTES,
  IMPORT_MAX_ROWS,
  POSSIBLE_DUPLICATES_LISTED,
  type ImportFormat,
} from './portability.format.ts';
import { decodeText, FILE, parseMapping, readCsv, readJson, tooManyRows } from './portability.parse.ts';
import {
  contactSchema,
  csvCandidate,
  issueErrors,
  jsonCandidate,
  savedViewSchema,
  settingsSchema,
  taskSchema,
  type CandidateJob,
  type ImportedTask,
  type RowError,
} from './portability.rows.ts';
import type { z } from 'zod';

export interface ImportOptions {
  format?: unknown;
  dryRun?: boolean;
  mapping?: unknown;
  /** The file's name (a multipart upload's): its extension stands for a missing format. */
  fileName?: string | null;
}

export interface PossibleDuplicate {
  row: number;
  jobId: string;
  companyName: string;
  position: string;
}

export interface SkippedDuplicate {
  row: number;
  /** The existing job it duplicates; null when it repeats an earlier row of the same file. */
  jobId: string | null;
  reason: 'id' | 'url' | 'company_position_applied_on' | 'repeated_row';
}

export interface ImportReport {
  dryRun: boolean;
  format: ImportFormat;
  /** The job rows the file holds. */
  rows: number;
  /** Jobs written (a dry run: that a real run would write); 0 when any row has an error. */
  created: number;
  /** Rows skipped as exact duplicates. */
  duplicates: number;
  duplicateRows: SkippedDuplicate[];
  /** Rows imported that look like an existing job (similar company and position). */
  possibleDuplicates: PossibleDuplicate[];
  /** Every row's problem (the first ERRORS_LISTED); nothing is written when there is one. */
  errors: RowError[];
  errorCount: number;
}

/**
 * The modules an import writes through, each its own tables in the import's transaction (their
 * bulk paths, `importIn`); notes, interviews and tasks schedule their own reminders.
 */
export interface PortabilityWriters {
  jobs: JobService;
  notes: Pick<NoteService, 'importIn'>;
  contacts: Pick<ContactService, 'importIn' | 'importJobLinksIn'>;
  interviews: Pick<InterviewService, 'importIn'>;
  tasks: Pick<TaskService, 'importIn' | 'importStandaloneIn'>;
  users: Pick<UserService, 'importSettingsIn'>;
}

interface PortabilityDependencies extends PortabilityWriters {
  db: Database;
  now?: () => Date;
  /** Exports and imports run at once in this process (portability.slots.ts); default transfersFor(10). */
  maxTransfers?: number;
}

/** Rows checked, matched and written at a time; the one transaction spans every batch. */
export const IMPORT_BATCH = 500;

/** What a JSON document brings besides its jobs, checked. */
interface DocumentExtras {
  contacts: ImportedContact[];
  tasks: ImportedTask[];
  savedViews: { name: string; filter: string; search: string | null; orderBy: unknown; createdAt: Date | null }[];
  settings: z.output<typeof settingsSchema> | null;
}

const NO_EXTRAS: DocumentExtras = { contacts: [], tasks: [], savedViews: [], settings: null };

type Query = <Row>(sql: Prisma.Sql) => Promise<Row[]>;

/** A file being read: what it brings besides jobs, and its jobs handed over batch by batch. */
interface ImportSource {
  extras: DocumentExtras;
  eachBatch(onBatch: (candidates: CandidateJob[]) => Promise<void>): Promise<void>;
}

/** What a real run matches its batches against (copyExistingJobs). */
const EXISTING_JOBS = Prisma.raw('import_existing_jobs');

/** A real run that found an error: thrown out of the transaction to roll it back, carrying the report. */
class RolledBack extends Error {
  constructor(readonly report: ImportReport) {
    super('the import had errors; nothing was written');
  }
}

/**
 * What an import has found so far, kept compact whatever the file's size: counts, the first
 * ERRORS_LISTED errors and skipped rows, and the keys of the rows seen (short hashes) to find a
 * row that repeats an earlier one, in any batch.
 */
class ImportTally {
  rows = 0;
  /** Rows that passed their checks and are no duplicate: what a real run writes. */
  fresh = 0;
  duplicates = 0;
  readonly duplicateRows: SkippedDuplicate[] = [];
  readonly possibleDuplicates: PossibleDuplicate[] = [];
  readonly errors: RowError[] = [];
  errorCount = 0;
  private readonly seen = new Set<string>();

  addErrors(errors: readonly RowError[]): void {
    this.errorCount += errors.length;
    for (const error of errors) if (this.errors.length < ERRORS_LISTED) this.errors.push(error);
  }

  skip(duplicate: SkippedDuplicate): void {
    this.duplicates += 1;
    if (this.duplicateRows.length < ERRORS_LISTED) this.duplicateRows.push(duplicate);
  }

  /** Whether a row with one of `keys` was seen before; the keys are remembered either way. */
  repeats(keys: readonly string[]): boolean {
    // 96 bits of SHA-256: 16 characters a key instead of a URL or a company and position.
    const hashes = keys.map((key) => createHash('sha256').update(key).digest('base64url').slice(0, 16));
    const repeated = hashes.some((hash) => this.seen.has(hash));
    for (const hash of hashes) this.seen.add(hash);
    return repeated;
  }

  report(dryRun: boolean, format: ImportFormat, created: number): ImportReport {
    return {
      dryRun,
      format,
      rows: this.rows,
      created,
      duplicates: this.duplicates,
      duplicateRows: this.duplicateRows,
      possibleDuplicates: this.possibleDuplicates,
      errors: this.errors,
      errorCount: this.errorCount,
    };
  }
}

const asArray = (value: unknown, field: string): unknown[] => {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw AppError.invalid(FILE, `has "${field}" that is not a list`);
  return value;
};

export class PortabilityService {
  private readonly db: Database;
  private readonly jobs: JobService;
  private readonly writers: PortabilityWriters;
  private readonly now: () => Date;
  private readonly slots: TransferSlots;

  constructor({ db, now, maxTransfers, ...writers }: PortabilityDependencies) {
    this.db = db;
    this.jobs = writers.jobs;
    this.writers = writers;
    this.now = now ?? (() => new Date());
    this.slots = new TransferSlots(maxTransfers ?? transfersFor(10));
  }

  /**
   * The owner's whole account as JSON text, piece by piece (nothing when the account is gone).
   * The first piece asked for takes the account's transfer slot (or throws TOO_MANY_REQUESTS).
   */
  exportJson(ownerId: string): AsyncGenerator<string> {
    return this.slots.guard(ownerId, () => exportJsonDocument(this.db.sql, ownerId, this.now()));
  }

  /** The owner's jobs as CSV text, piece by piece, in the account's transfer slot. */
  exportCsv(ownerId: string): AsyncGenerator<string> {
    return this.slots.guard(ownerId, () => exportJobsCsv(this.db.sql, ownerId));
  }

  /**
   * Imports `bytes` (a JSON document or a CSV) into the owner's account; see the top of this file.
   * One at a time per account, and TOO_MANY_REQUESTS while the account's export or import runs.
   */
  async import(ownerId: string, bytes: Uint8Array, options: ImportOptions = {}): Promise<ImportReport> {
    return this.slots.run(ownerId, () => this.importNow(ownerId, bytes, options));
  }

  private async importNow(ownerId: string, bytes: Uint8Array, options: ImportOptions): Promise<ImportReport> {
    if (bytes.byteLength > IMPORT_MAX_BYTES) {
      throw new AppError('PAYLOAD_TOO_LARGE', `The file must be at most ${IMPORT_MAX_BYTES} bytes (10 MB)`, {
        field: FILE,
      });
    }
    const format = this.formatOf(options);
    const mapping = parseMapping(options.mapping);
    const dryRun = options.dryRun ?? true;
    const now = this.now();
    const text = decodeText(bytes);
    const tally = new ImportTally();
    const source =
      format === 'csv' ? this.csvSource(text, mapping, now, tally) : this.jsonSource(text, mapping, now, tally);

    if (dryRun) {
      const read: Query = async <Row>(sql: Prisma.Sql) => (await this.db.sql.rows(sql)) as Row[];
      await source.eachBatch(async (candidates) => {
        await this.match(read, ownerId, candidates, tally, Prisma.raw('jobs'));
      });
      return tally.report(dryRun, format, tally.errorCount > 0 ? 0 : tally.fresh);
    }
    try {
      return await this.db.$transaction(
        async (tx) => {
          // One import per account at a time across processes too (this one's slots count only its
          // own): a second one is refused with 429, not made to wait (the wait would run into the
          // statement timeout, a 20 s import being longer).
          const [lock] = await tx.$queryRaw<{ locked: boolean }[]>`
            SELECT pg_try_advisory_xact_lock(hashtextextended(${`import:${ownerId}`}, 0)) AS locked`;
          if (!lock?.locked) {
            throw AppError.tooManyRequests(
              'An import of yours is still running: try again when it has finished',
              TRANSFER_RETRY_AFTER_SECONDS,
            );
          }
          const query: Query = (sql) => tx.$queryRaw(sql);
          await this.copyExistingJobs(tx, ownerId);
          let contactIds: Map<string, string> | undefined;
          await source.eachBatch(async (candidates) => {
            const fresh = await this.match(query, ownerId, candidates, tally, EXISTING_JOBS);
            // An error anywhere rolls everything back: later batches are only checked, for the report.
            if (tally.errorCount > 0 || fresh.length === 0) return;
            contactIds ??= await this.writeFirst(tx, ownerId, source.extras, now);
            await this.writeJobs(tx, ownerId, fresh, contactIds, now);
          });
          if (tally.errorCount > 0) throw new RolledBack(tally.report(dryRun, format, 0));
          contactIds ??= await this.writeFirst(tx, ownerId, source.extras, now);
          await this.writeExtras(tx, ownerId, source.extras, now);
          return tally.report(dryRun, format, tally.fresh);
        },
        // A 20,000-row file is one transaction; each statement still has the pool's statement_timeout.
        { maxWait: 10_000, timeout: 300_000 },
      );
    } catch (error) {
      if (error instanceof RolledBack) return error.report;
      throw error;
    }
  }

  /** A CSV's rows as candidate jobs, batch by batch (errors to the tally). */
  private csvSource(
    text: string,
    mapping: ReturnType<typeof parseMapping>,
    now: Date,
    tally: ImportTally,
  ): ImportSource {
    return {
      extras: NO_EXTRAS,
      eachBatch: async (onBatch) => {
        const file = await readCsv(text, mapping, async (rows, { headers, records }) => {
          const candidates: CandidateJob[] = [];
          for (const row of rows) {
            const result = csvCandidate(row, headers, now);
            if (Array.isArray(result)) {
              tally.addErrors(result);
              continue;
            }
            // File order is kept: each row is created 1 ms after the one above it, the last 1 ms before now.
            result.job.createdAt = new Date(now.getTime() - Math.max(1, records - row.row + 1));
            result.job.updatedAt = now;
            candidates.push(result);
          }
          await onBatch(candidates);
        });
        tally.rows = file.rows;
      },
    };
  }

  /** A JSON document: its extras checked at once, its jobs as candidates batch by batch. */
  private jsonSource(
    text: string,
    mapping: ReturnType<typeof parseMapping>,
    now: Date,
    tally: ImportTally,
  ): ImportSource {
    if (mapping) throw AppError.invalid('mapping', 'applies to CSV files only');
    const document = readJson(text);
    if (typeof document !== 'object' || document === null || Array.isArray(document)) {
      throw AppError.invalid(FILE, 'must be a JSON object like GET /export/data.json answers');
    }
    const record = document as Record<string, unknown>;
    if (typeof record.version !== 'number' || record.version > EXPORT_VERSION || record.version < 1) {
      throw AppError.invalid(FILE, `must have "version": ${EXPORT_VERSION} (the format of GET /export/data.json)`);
    }
    const jobs = asArray(record.jobs, 'jobs');
    if (jobs.length > IMPORT_MAX_ROWS) throw tooManyRows();
    tally.rows = jobs.length;
    const extras = this.documentExtras(record, tally);
    const contactIds = new Set(extras.contacts.flatMap((contact) => (contact.fileId ? [contact.fileId] : [])));
    return {
      extras,
      eachBatch: async (onBatch) => {
        for (let start = 0; start < jobs.length; start += IMPORT_BATCH) {
          const candidates: CandidateJob[] = [];
          jobs.slice(start, start + IMPORT_BATCH).forEach((job, index) => {
            const result = jsonCandidate(job, start + index + 1, contactIds, now);
            if (Array.isArray(result)) tally.addErrors(result);
            else candidates.push(result);
          });
          // The parsed jobs of a batch are not needed once it is handled: let them go.
          jobs.fill(null, start, start + IMPORT_BATCH);
          await onBatch(candidates);
        }
      },
    };
  }

  private formatOf({ format, fileName }: ImportOptions): ImportFormat {
    if (format === undefined || format === null) {
      const extension = /\.([a-z]+)$/i.exec(fileName ?? '')?.[1]?.toLowerCase();
      if (extension === 'csv' || extension === 'json') return extension;
      throw AppError.invalid('format', `is required (one of: ${IMPORT_FORMATS.join(', ')})`);
    }
    if (typeof format !== 'string' || !(IMPORT_FORMATS as readonly string[]).includes(format)) {
      throw AppError.invalid('format', `must be one of: ${IMPORT_FORMATS.join(', ')}`);
    }
    return format as ImportFormat;
  }

  /** Contacts, tasks without a job, saved views and settings of a document, checked (errors pushed). */
  /** The document's parts beside its jobs, each list at most IMPORT_MAX_ROWS long; their errors go to the tally (which lists the first ones). */
  private documentExtras(record: Record<string, unknown>, tally: ImportTally): DocumentExtras {
    const errors = { push: (...found: RowError[]) => tally.addErrors(found) };
    const listOf = (field: string) => {
      const list = asArray(record[field], field);
      if (list.length > IMPORT_MAX_ROWS) {
        throw AppError.invalid(FILE, `has more than ${IMPORT_MAX_ROWS} ${field}; split it into smaller files`);
      }
      return list;
    };
    const contacts: DocumentExtras['contacts'] = [];
    listOf('contacts').forEach((value, index) => {
      const parsed = contactSchema.safeParse(value);
      if (parsed.success) {
        const { id, ...contact } = parsed.data;
        contacts.push({ ...contact, fileId: id ?? null });
      } else errors.push(...issueErrors(index + 1, parsed.error, 'contacts.'));
    });
    const tasks: ImportedTask[] = [];
    listOf('tasks').forEach((value, index) => {
      const parsed = taskSchema.safeParse(value);
      if (parsed.success) tasks.push(parsed.data);
      else errors.push(...issueErrors(index + 1, parsed.error, 'tasks.'));
    });
    const savedViews: DocumentExtras['savedViews'] = [];
    listOf('savedViews').forEach((value, index) => {
      const parsed = savedViewSchema.safeParse(value);
      if (!parsed.success) {
        errors.push(...issueErrors(index + 1, parsed.error, 'savedViews.'));
        return;
      }
      try {
        savedViews.push({ ...this.jobs.savedViews.parse(parsed.data), createdAt: parsed.data.createdAt });
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        errors.push({ row: index + 1, field: `savedViews.${error.field ?? 'filter'}`, message: error.message });
      }
    });
    let settings: DocumentExtras['settings'] = null;
    if (record.settings !== undefined && record.settings !== null) {
      const parsed = settingsSchema.safeParse(record.settings);
      if (!parsed.success) errors.push(...issueErrors(1, parsed.error, 'settings.'));
      else {
        settings = parsed.data;
        if (settings.timeZone !== undefined) {
          const zone = canonicalTimeZone(settings.timeZone);
          if (zone) settings.timeZone = zone;
          else
            errors.push({ row: 1, field: 'settings.timeZone', message: 'settings.timeZone must be an IANA time zone' });
        }
      }
    }
    return { contacts, tasks, savedViews, settings };
  }

  /**
   * One batch: its exact duplicates (of the owner's jobs in `jobs`, or of an earlier row of the file) skipped and its possible ones reported, into the tally; answers the rows to write. The
   * keys are computed by the jobs' own SQL functions (job_url_key, company_key), matched by hash
   * joins, one statement; then the similar jobs, one statement (trigram index).
   */
  private async match(
    query: Query,
    ownerId: string,
    candidates: readonly CandidateJob[],
    tally: ImportTally,
    jobs: Prisma.Sql,
  ): Promise<CandidateJob[]> {
    if (candidates.length === 0) return [];
    const rows = candidates.map((candidate) => candidate.row);
    const keys = await query<{
      row: number;
      urlKey: string | null;
      companyKey: string;
      idMatch: string | null;
      urlMatch: string | null;
      companyMatch: string | null;
    }>(Prisma.sql`
      WITH given AS (
        SELECT g.row, g.src, job_url_key(g.url) AS url_key, company_key(g.company) AS company_key,
          lower(g.position) AS position, coalesce(g.applied, 'infinity'::date) AS applied
        FROM unnest(${rows}::int[], ${candidates.map((c) => c.sourceId)}::text[], ${candidates.map((c) => c.job.jobUrl ?? null)}::text[],
          ${candidates.map((c) => c.job.companyName)}::text[], ${candidates.map((c) => c.job.position)}::text[],
          ${candidates.map((c) => c.job.appliedOn?.toISOString().slice(0, 10) ?? null)}::date[])
          AS g(row, src, url, company, position, applied)
      ),
      mine AS (
        SELECT j.id, j.job_url_key, j.company_key, lower(j.position) AS position,
          coalesce(j.applied_on, 'infinity'::date) AS applied
        FROM ${jobs} j WHERE j.user_id = ${ownerId}::uuid
      )
      SELECT g.row, g.url_key AS "urlKey", g.company_key AS "companyKey",
        by_id.id::text AS "idMatch", by_url.id::text AS "urlMatch", by_company.id::text AS "companyMatch"
      FROM given g
      LEFT JOIN mine by_id ON by_id.id::text = g.src
      LEFT JOIN (SELECT DISTINCT ON (job_url_key) job_url_key, id FROM mine WHERE job_url_key IS NOT NULL
                 ORDER BY job_url_key, id) by_url ON by_url.job_url_key = g.url_key
      LEFT JOIN (SELECT DISTINCT ON (company_key, position, applied) company_key, position, applied, id FROM mine
                 ORDER BY company_key, position, applied, id) by_company
        ON by_company.company_key = g.company_key AND by_company.position = g.position AND by_company.applied = g.applied
      ORDER BY g.row`);
    const byRow = new Map(candidates.map((candidate) => [candidate.row, candidate]));
    const remaining: CandidateJob[] = [];
    for (const key of keys) {
      const candidate = byRow.get(key.row) as CandidateJob;
      const match: SkippedDuplicate | null = key.idMatch
        ? { row: key.row, jobId: key.idMatch, reason: 'id' }
        : key.urlMatch
          ? { row: key.row, jobId: key.urlMatch, reason: 'url' }
          : key.companyMatch
            ? { row: key.row, jobId: key.companyMatch, reason: 'company_position_applied_on' }
            : null;
      // The same keys within the file (this batch or an earlier one): the later row repeats the earlier one.
      const repeated = tally.repeats(
        [
          candidate.sourceId ? `id:${candidate.sourceId}` : null,
          key.urlKey ? `url:${key.urlKey}` : null,
          `job:${key.companyKey}\u0001${candidate.job.position.toLowerCase()}\u0001${candidate.job.appliedOn?.toISOString() ?? ''}`,
        ].filter((value): value is string => value !== null),
      );
      if (match) tally.skip(match);
      else if (repeated) tally.skip({ row: key.row, jobId: null, reason: 'repeated_row' });
      else remaining.push(candidate);
    }
    tally.fresh += remaining.length;
    const room = POSSIBLE_DUPLICATES_LISTED - tally.possibleDuplicates.length;
    if (remaining.length === 0 || room <= 0) return remaining;
    // Similar (not equal) jobs of the account: company names near by trigrams (jobs_company_trgm_idx
    // answers `%`), then the jobs module's own thresholds on the keys.
    const possible = await query<PossibleDuplicate>(Prisma.sql`
      SELECT g.row, j.id AS "jobId", j.company_name AS "companyName", j.position
      FROM unnest(${remaining.map((c) => c.row)}::int[], ${remaining.map((c) => c.job.companyName)}::text[],
        ${remaining.map((c) => c.job.position)}::text[]) AS g(row, company, position)
      CROSS JOIN LATERAL (
        SELECT near.id, near.company_name, near.position FROM (
          SELECT j.id, j.company_name, j.position, j.created_at FROM ${jobs} j
          WHERE j.user_id = ${ownerId}::uuid AND j.company_name % g.company
            AND similarity(j.company_key, company_key(g.company)) >= 0.45 AND similarity(j.position, g.position) >= 0.5
          -- A fence: the trigram index finds the near ones, rather than the newest-first index
          -- walking every job of a large account for each row because of the LIMIT 1 below.
          OFFSET 0
        ) near
        ORDER BY near.created_at DESC, near.id DESC LIMIT 1
      ) j
      ORDER BY g.row
      LIMIT ${room}`);
    tally.possibleDuplicates.push(...possible);
    return remaining;
  }

  /**
   * Inside `tx`, before any write: the account's jobs as they are, in a temporary table that the
   * batches are matched against. Matching `jobs` itself would see the jobs of earlier batches (an
   * earlier row stands for them: repeated_row), and every probe would step over their index
   * entries: time growing with the square of the file's rows.
   */
  private async copyExistingJobs(tx: Prisma.TransactionClient, ownerId: string): Promise<void> {
    await tx.$executeRaw`
      CREATE TEMPORARY TABLE import_existing_jobs ON COMMIT DROP AS
      SELECT id, user_id, job_url_key, company_key, company_name, position, applied_on, created_at
      FROM jobs WHERE user_id = ${ownerId}::uuid`;
    // The similar-company probe's index, as jobs_company_trgm_idx is for jobs; statistics for the planner.
    await tx.$executeRaw`CREATE INDEX ON import_existing_jobs USING GIN (company_name gin_trgm_ops)`;
    await tx.$executeRaw`ANALYZE import_existing_jobs`;
  }

  /**
   * Inside `tx`: a batch of new jobs through the jobs module's bulk path, then what hangs on them
   * through their modules' (each schedules its own reminders).
   */
  private async writeJobs(
    tx: Prisma.TransactionClient,
    ownerId: string,
    candidates: readonly CandidateJob[],
    contactIds: ReadonlyMap<string, string>,
    now: Date,
  ): Promise<void> {
    const jobs: ImportedJob[] = candidates.map((candidate) => candidate.job);
    await this.jobs.importIn(tx, ownerId, jobs);
    const notes: ImportedNote[] = candidates.flatMap(({ job, notes: list }) =>
      list.map((note, index) => ({
        jobId: job.id,
        content: note.content,
        reminderTime: note.reminderTime,
        // Notes keep their order: those without a time follow each other by 1 ms.
        createdAt: note.createdAt ?? new Date(now.getTime() - (list.length - index)),
      })),
    );
    await this.writers.notes.importIn(tx, ownerId, notes, now);
    const accountId = (fileId: string) => contactIds.get(fileId) as string;
    await this.writers.contacts.importJobLinksIn(
      tx,
      candidates.flatMap(({ job, contactIds: ids }) =>
        [...new Set(ids)].map((id) => ({ jobId: job.id, contactId: accountId(id) })),
      ),
    );
    const interviews: ImportedInterview[] = candidates.flatMap(({ job, interviews: list }) =>
      list.map((interview) => ({ ...interview, jobId: job.id, contactIds: interview.contactIds.map(accountId) })),
    );
    await this.writers.interviews.importIn(tx, ownerId, interviews, now);
    await this.writers.tasks.importIn(
      tx,
      ownerId,
      candidates.flatMap(({ job, tasks: list }) => list.map((task) => ({ ...task, jobId: job.id }))),
      now,
    );
  }

  /**
   * Inside `tx`, before the first job: the document's settings (its interview lead times are
   * those of the reminders scheduled for its interviews) and contacts (file id → account id).
   */
  private async writeFirst(
    tx: Prisma.TransactionClient,
    ownerId: string,
    extras: DocumentExtras,
    now: Date,
  ): Promise<Map<string, string>> {
    if (extras.settings) await this.writers.users.importSettingsIn(tx, ownerId, extras.settings, now);
    return this.writers.contacts.importIn(tx, ownerId, extras.contacts, now);
  }

  /** Inside `tx`, after the jobs: the document's tasks without a job (new ones only) and saved views. */
  private async writeExtras(
    tx: Prisma.TransactionClient,
    ownerId: string,
    extras: DocumentExtras,
    now: Date,
  ): Promise<void> {
    await this.writers.tasks.importStandaloneIn(tx, ownerId, extras.tasks, now);
    await this.jobs.savedViews.importIn(tx, ownerId, extras.savedViews, now);
  }
}
