// Reading an import file (SPEC Part 2, "Portability") into rows, before any rule of a job:
// the bytes checked as UTF-8 text (a clear refusal for binary files, UTF-16 and other encodings),
// a CSV scanned for its width and length before csv-parse reads it as a stream, headers
// recognised or mapped. Problems of the whole file are BAD_USER_INPUT naming `file` (or
// `mapping`); problems of one row are left to the row's checks.
import { Readable } from 'node:stream';
import { camelCase } from 'change-case';
import { parse } from 'csv-parse';
import { AppError } from '../../lib/errors.ts';
import {
  fieldOfHeader,
  headerKey,
  IMPORT_FIELDS,
  IMPORT_MAX_CELL_CHARS,
  IMPORT_MAX_COLUMNS,
  IMPORT_MAX_ROWS,
  unescapeFormula,
  type ImportField,
} from './portability.format.ts';

/** The file argument's name in errors (the GraphQL argument; the REST body). */
export const FILE = 'file';
export const MAPPING = 'mapping';

const fileError = (problem: string) => AppError.invalid(FILE, problem);

/** The file as text: UTF-8, a BOM dropped; binary files and other encodings refused by name. */
export function decodeText(bytes: Uint8Array): string {
  if (bytes.length === 0) throw fileError('is empty');
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw fileError('is UTF-16 text; save it as UTF-8 (CSV UTF-8 in a spreadsheet) and send it again');
  }
  // Text files hold no NUL byte; images, archives and spreadsheets' binary formats (xlsx is a zip) do.
  if (bytes.includes(0)) throw fileError('is a binary file, not CSV or JSON text (export your spreadsheet as CSV)');
  try {
    // fatal: an invalid byte sequence (Latin-1, Windows-1252) is refused instead of becoming U+FFFD.
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw fileError('is not valid UTF-8 text; save it as UTF-8 (CSV UTF-8 in a spreadsheet) and send it again');
  }
}

/**
 * Records and their widths, counted over the text without building them, so that a row of a
 * million commas or a file of a million empty lines is refused before csv-parse allocates it.
 * Quotes are followed ("" inside quotes toggles twice), so commas and line breaks inside quoted
 * cells do not count.
 */
function scanCsv(text: string): number {
  let quoted = false;
  let columns = 1;
  let records = 0;
  let recordHasContent = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text.charCodeAt(index);
    if (char === 34 /* " */) {
      quoted = !quoted;
      recordHasContent = true;
    } else if (quoted) {
      continue;
    } else if (char === 44 /* , */) {
      columns += 1;
      recordHasContent = true;
      if (columns > IMPORT_MAX_COLUMNS) {
        throw fileError(`has a row wider than ${IMPORT_MAX_COLUMNS} columns (row ${records + 1})`);
      }
    } else if (char === 10 || char === 13) {
      if (recordHasContent) records += 1;
      // The header is row 1: a file holds at most IMPORT_MAX_ROWS rows under it.
      if (records > IMPORT_MAX_ROWS + 1) throw tooManyRows();
      columns = 1;
      recordHasContent = false;
    } else {
      recordHasContent = true;
    }
  }
  if (recordHasContent) records += 1;
  if (records > IMPORT_MAX_ROWS + 1) throw tooManyRows();
  return records;
}

export const tooManyRows = () => fileError(`has more than ${IMPORT_MAX_ROWS} rows; split it into smaller files`);

/** A CSV row: its number in the file (the header is row 1) and its cells by our field. */
export interface CsvRow {
  row: number;
  cells: Partial<Record<ImportField, string>>;
}

/** What a CSV held: its row count; each row went to the caller's `onBatch` as it was read. */
export interface CsvFile {
  rows: number;
}

/** Rows read before they go to `onBatch`: a 20,000-row file is never held whole. */
export const CSV_BATCH_ROWS = 500;

/** What each batch comes with: the headers (for messages) and the file's record count, header included. */
export interface CsvContext {
  headers: CsvHeaders;
  /** Records of the file, header included (the last row's number at most): orders rows without reading ahead. */
  records: number;
}

/** Our field → the header it was read from (for messages). */
export type CsvHeaders = Partial<Record<ImportField, string>>;

/** `mapping` as given: a JSON object (or its text) of our field → their header. */
export function parseMapping(mapping: unknown): Partial<Record<ImportField, string>> | undefined {
  if (mapping === undefined || mapping === null) return undefined;
  let value: unknown = mapping;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value) as unknown;
    } catch {
      throw AppError.invalid(MAPPING, 'must be a JSON object like {"companyName": "Employer"}');
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw AppError.invalid(MAPPING, 'must be a JSON object like {"companyName": "Employer"}');
  }
  const result: Partial<Record<ImportField, string>> = {};
  for (const [given, header] of Object.entries(value)) {
    // Our field names as GraphQL spells them (companyName) or as REST does (company_name).
    const field = camelCase(given);
    if (!(IMPORT_FIELDS as readonly string[]).includes(field)) {
      throw AppError.invalid(
        MAPPING,
        `has an unknown field "${given.slice(0, 50)}"; the fields are: ${IMPORT_FIELDS.join(', ')}`,
      );
    }
    if (typeof header !== 'string' || header.length === 0 || header.length > 200) {
      throw AppError.invalid(MAPPING, `"${field}" must name a column header (1 to 200 characters)`);
    }
    result[field as ImportField] = header;
  }
  return result;
}

/** Which column holds each field: `mapping` first, then the recognised header names. */
function columnsOf(header: readonly string[], mapping: Partial<Record<ImportField, string>> | undefined) {
  const columns = new Map<ImportField, number>();
  for (const [field, name] of Object.entries(mapping ?? {}) as [ImportField, string][]) {
    const index = header.findIndex((candidate) => candidate.trim() === name.trim());
    const loose = index >= 0 ? index : header.findIndex((candidate) => headerKey(candidate) === headerKey(name));
    if (loose < 0) {
      throw AppError.invalid(MAPPING, `names the column "${name}" for ${field}, which the file's header does not have`);
    }
    columns.set(field, loose);
  }
  const mapped = new Set(columns.values());
  header.forEach((name, index) => {
    const field = fieldOfHeader(name);
    if (field && !columns.has(field) && !mapped.has(index)) columns.set(field, index);
  });
  return columns;
}

const csvReadError = (error: unknown): AppError => {
  const { code, message } = error as { code?: string; message?: string; lines?: number };
  const line = (error as { lines?: number }).lines;
  const where = line ? ` (near line ${line})` : '';
  if (code === 'CSV_MAX_RECORD_SIZE')
    return fileError(`has a cell longer than ${IMPORT_MAX_CELL_CHARS} characters${where}`);
  if (code === 'CSV_QUOTE_NOT_CLOSED') return fileError(`has a quote that is never closed${where}`);
  if (code?.startsWith('CSV_')) return fileError(`is not valid CSV${where}: ${message ?? code}`);
  return fileError('could not be read as CSV');
};

/**
 * The CSV's rows by field, read with csv-parse as a stream and handed to `onBatch` a batch at a
 * time, awaited before the next is read (none is kept here: a 20,000-row file stays within the
 * production heap); mixed line endings and quoted newlines are fine.
 */
export async function readCsv(
  text: string,
  mapping: Partial<Record<ImportField, string>> | undefined,
  onBatch: (rows: CsvRow[], context: CsvContext) => Promise<void>,
  batchSize = CSV_BATCH_ROWS,
): Promise<CsvFile> {
  const records = scanCsv(text);
  const parser = Readable.from([text]).pipe(
    parse({
      bom: true,
      // Every line ending, mixed in one file (a file edited on two systems).
      record_delimiter: ['\r\n', '\n', '\r'],
      relax_column_count: true,
      skip_empty_lines: true,
      max_record_size: IMPORT_MAX_CELL_CHARS,
    }),
  );
  let header: string[] | undefined;
  let columns = new Map<ImportField, number>();
  let context: CsvContext = { headers: {}, records };
  let batch: CsvRow[] = [];
  let rows = 0;
  let row = 0;
  // The caller's failure (a database error, a rollback) is passed on as it is, never as a CSV error.
  let callerFailed = false;
  const hand = async () => {
    const rowsOfBatch = batch;
    batch = [];
    try {
      await onBatch(rowsOfBatch, context);
    } catch (error) {
      callerFailed = true;
      throw error;
    }
  };
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      row += 1;
      if (!header) {
        header = record.map((name) => name.trim());
        columns = columnsOf(header, mapping);
        const missing = (['companyName', 'position'] as const).filter((field) => !columns.has(field));
        if (missing.length > 0) {
          throw fileError(
            `has no column for ${missing.join(' and ')} (headers like Company and Job Title / Position / Role), ` +
              `or give it with mapping, e.g. {"companyName": "Employer"}; its header is: ${header.join(', ').slice(0, 300)}`,
          );
        }
        context = {
          headers: Object.fromEntries([...columns].map(([field, index]) => [field, header?.[index] ?? field])),
          records,
        };
        continue;
      }
      // A row of empty cells (a spreadsheet's trailing ",,,") is no row.
      if (record.every((cell) => cell.trim() === '')) continue;
      const cells: Partial<Record<ImportField, string>> = {};
      for (const [field, index] of columns) {
        const cell = record[index];
        if (cell !== undefined && cell.trim() !== '') cells[field] = unescapeFormula(cell.trim());
      }
      rows += 1;
      if (rows > IMPORT_MAX_ROWS) throw tooManyRows();
      batch.push({ row, cells });
      if (batch.length >= batchSize) await hand();
    }
    if (batch.length > 0) await hand();
  } catch (error) {
    parser.destroy();
    if (callerFailed || error instanceof AppError) throw error;
    throw csvReadError(error);
  }
  if (!header) throw fileError('has no header row');
  return { rows };
}

/** The JSON document, parsed; its shape is checked row by row afterwards. */
export function readJson(text: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
  } catch (error) {
    throw fileError(`is not valid JSON: ${(error as Error).message.slice(0, 200)}`);
  }
}
