// The OpenAPI description of the portability routes (portability.rest.ts), merged into the
// document at GET /openapi.json by src/http/openapi.ts. Written by hand: these routes are no
// GraphQL fields behind SOFA. REST names are snake_case, as the import report is answered.
import type { OpenAPIV3 } from 'openapi-types';
import type { ExtraOpenApiPaths } from '../../http/openapi.ts';
import { toRestName } from '../../http/rest-shim.ts';
import {
  CSV_COLUMNS,
  EXPORT_VERSION,
  IMPORT_FIELDS,
  IMPORT_FORMATS,
  IMPORT_MAX_BYTES,
  IMPORT_MAX_ROWS,
} from './portability.format.ts';
import { EXPORT_CSV_PATH, EXPORT_JSON_PATH, IMPORT_PATH } from './portability.rest.ts';

const TAG = 'portability';
const error = (description: string): OpenAPIV3.ResponseObject => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});
const UNAUTHENTICATED = error('UNAUTHENTICATED: no bearer token, or one that is not valid any more.');
const WRONG_METHOD: OpenAPIV3.ResponseObject = {
  ...error('METHOD_NOT_ALLOWED: another method than this one; the Allow header names it.'),
  headers: { Allow: { description: 'The one method this path takes.', required: true, schema: { type: 'string' } } },
};
const UNAVAILABLE: OpenAPIV3.ResponseObject = {
  ...error('SERVICE_UNAVAILABLE: PostgreSQL is unavailable; try again shortly.'),
  headers: { 'Retry-After': { description: 'Seconds to wait before trying again.', schema: { type: 'integer' } } },
};
const list = (description: string): OpenAPIV3.SchemaObject => ({
  type: 'array',
  description,
  items: { type: 'object', additionalProperties: true },
});

const schemas: Record<string, OpenAPIV3.SchemaObject> = {
  ImportRowError: {
    type: 'object',
    description: 'A problem of one row; nothing is imported while there is one.',
    required: ['row', 'field', 'message'],
    properties: {
      row: {
        type: 'integer',
        description: 'CSV: the record number, the header being 1. JSON: the place in its list, from 1.',
      },
      field: {
        type: 'string',
        description:
          'The field at fault, spelled as in the JSON export (for contacts and the like, with its list in front).',
      },
      message: { type: 'string' },
    },
  },
  ImportDuplicate: {
    type: 'object',
    description: 'A row skipped as an exact duplicate.',
    required: ['row', 'job_id', 'reason'],
    properties: {
      row: { type: 'integer' },
      job_id: {
        type: 'string',
        nullable: true,
        description: 'The job it duplicates; null for a repeated row of the file.',
      },
      reason: { type: 'string', enum: ['id', 'url', 'company_position_applied_on', 'repeated_row'] },
    },
  },
  ImportPossibleDuplicate: {
    type: 'object',
    description: 'A row imported that looks like one of your jobs (similar company and position).',
    required: ['row', 'job_id', 'company_name', 'position'],
    properties: {
      row: { type: 'integer' },
      job_id: { type: 'string' },
      company_name: { type: 'string' },
      position: { type: 'string' },
    },
  },
  ImportReport: {
    type: 'object',
    description: 'What an import did, or (dry_run) would do.',
    required: [
      'dry_run',
      'format',
      'rows',
      'created',
      'duplicates',
      'duplicate_rows',
      'possible_duplicates',
      'errors',
      'error_count',
    ],
    properties: {
      message: { type: 'string', description: 'For people: what happened.' },
      dry_run: { type: 'boolean' },
      format: { type: 'string', enum: [...IMPORT_FORMATS] },
      rows: { type: 'integer', description: 'The job rows of the file.' },
      created: {
        type: 'integer',
        description: 'Jobs created (a dry run: that a real run would create); 0 when a row has an error.',
      },
      duplicates: { type: 'integer', description: 'Rows skipped as exact duplicates.' },
      duplicate_rows: { type: 'array', items: { $ref: '#/components/schemas/ImportDuplicate' } },
      possible_duplicates: { type: 'array', items: { $ref: '#/components/schemas/ImportPossibleDuplicate' } },
      errors: {
        type: 'array',
        description: 'The first 1,000 row errors.',
        items: { $ref: '#/components/schemas/ImportRowError' },
      },
      error_count: { type: 'integer' },
    },
  },
  ImportFailure: {
    type: 'object',
    description: 'A refused import: the Error shape, with the report when a real run found row errors.',
    required: ['code', 'message'],
    properties: {
      code: { type: 'string', enum: ['BAD_USER_INPUT'] },
      message: { type: 'string', description: 'For people; names the field at fault.' },
      field: { type: 'string', enum: ['file', 'format', 'dryRun', 'mapping'] },
      report: { $ref: '#/components/schemas/ImportReport' },
    },
  },
};

const exportDocument: OpenAPIV3.SchemaObject = {
  type: 'object',
  description:
    'Everything of yours. Its keys are spelled as in the GraphQL API, not in snake_case: it is a file format, read back by POST /import?format=json.',
  required: ['version', 'exportedAt', 'settings', 'tags', 'savedViews', 'contacts', 'tasks', 'jobs'],
  properties: {
    version: { type: 'integer', enum: [EXPORT_VERSION] },
    exportedAt: { type: 'string', format: 'date-time' },
    settings: {
      type: 'object',
      additionalProperties: true,
      description: 'Your settings: time zone, reminder emails, reminder lead minutes, follow-up and ghosted days.',
    },
    tags: list('The name and count of every tag a job carries.'),
    savedViews: list('Saved views, with their filter, search and order.'),
    contacts: list('Contacts, with every field.'),
    tasks: list('Tasks without a job, with every field.'),
    jobs: list(
      'Each job with every field, its tags, status history, notes, the ids of its contacts, its interviews (with their contacts) and tasks.',
    ),
  },
};

const BUSY = error(
  'TOO_MANY_REQUESTS: an export or import of yours is still running, or the server runs as many as it allows at once; see Retry-After.',
);

const paths: OpenAPIV3.PathsObject = {
  [EXPORT_JSON_PATH]: {
    get: {
      operationId: 'exportData',
      tags: [TAG],
      summary: 'Everything of yours as one JSON document.',
      description:
        'Jobs with notes, status history, interviews, tasks, tags and contacts; contacts, tasks without a job, saved ' +
        'views and settings. Streamed from the database in batches (the whole file is never held in memory).',
      security: [{ bearerAuth: [] }],
      responses: {
        200: {
          description: 'The document, as an attachment.',
          content: { 'application/json': { schema: exportDocument } },
        },
        401: UNAUTHENTICATED,
        405: WRONG_METHOD,
        429: BUSY,
        503: UNAVAILABLE,
      },
    },
  },
  [EXPORT_CSV_PATH]: {
    get: {
      operationId: 'exportJobsCsv',
      tags: [TAG],
      summary: 'Your jobs as CSV, one row per job.',
      description:
        `Columns: ${CSV_COLUMNS.join(', ')}. Tags are joined with "; ", notes with a line "---" between them. A cell ` +
        'that begins with = + - @, a tab or a CR gets an apostrophe in front, so spreadsheets show it as text (an import removes it again). Streamed.',
      security: [{ bearerAuth: [] }],
      responses: {
        200: {
          description: 'The CSV (RFC 4180, UTF-8), as an attachment.',
          content: { 'text/csv': { schema: { type: 'string' } } },
        },
        401: UNAUTHENTICATED,
        405: WRONG_METHOD,
        429: BUSY,
        503: UNAVAILABLE,
      },
    },
  },
  [IMPORT_PATH]: {
    post: {
      operationId: 'importFile',
      tags: [TAG],
      summary: 'Imports jobs from the request body: our JSON export or a CSV.',
      description:
        `The raw file is the body (at most ${IMPORT_MAX_BYTES} bytes, ${IMPORT_MAX_ROWS} rows). CSV columns are recognised by ` +
        'header (our export, JobSync, Company, Job Title / Position / Role, Status, Date Applied, URL / Link, Location, Salary, ' +
        'Notes) or given by mapping. A dry run (the default) writes nothing; a real run writes everything in one transaction, ' +
        'or nothing when a row has an error. Exact duplicates (the same exported id, the same URL once normalised, the same ' +
        'company, position and applied day) are skipped; similar jobs are imported and listed in possible_duplicates.',
      security: [{ bearerAuth: [] }],
      parameters: [
        {
          name: 'format',
          in: 'query',
          description: 'Default: from the Content-Type (text/csv, application/json).',
          schema: { type: 'string', enum: [...IMPORT_FORMATS] },
        },
        {
          name: 'dryRun',
          in: 'query',
          description: 'true (the default): report only, write nothing.',
          schema: { type: 'boolean', default: true },
        },
        {
          name: 'mapping',
          in: 'query',
          description: `CSV only: a JSON object { our_field: "Their Header" }. Fields: ${IMPORT_FIELDS.map(toRestName).join(', ')}.`,
          schema: { type: 'string' },
          example: '{"company_name":"Employer"}',
        },
      ],
      requestBody: {
        required: true,
        description: 'The file, UTF-8 (a BOM is fine).',
        content: {
          'text/csv': { schema: { type: 'string' } },
          'application/json': { schema: { type: 'object', additionalProperties: true } },
          'application/octet-stream': { schema: { type: 'string', format: 'binary' } },
        },
      },
      responses: {
        200: {
          description: 'The report (a dry run, or a real run without errors).',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/ImportReport' } } },
        },
        400: {
          description:
            'BAD_USER_INPUT: a file refused as a whole (encoding, binary, no required column, too many rows or columns; ' +
            '`field` names the file, the format, the dry run flag or the mapping), or a real run with row errors (with the report).',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/ImportFailure' } } },
        },
        401: UNAUTHENTICATED,
        405: WRONG_METHOD,
        413: error(`PAYLOAD_TOO_LARGE: the file is over ${IMPORT_MAX_BYTES} bytes.`),
        429: BUSY,
        503: UNAVAILABLE,
      },
    },
  },
};

export const PORTABILITY_OPENAPI: ExtraOpenApiPaths = {
  tag: {
    name: TAG,
    description: 'Your data: export everything, import jobs from our export, JobSync or a spreadsheet.',
  },
  paths,
  schemas,
};
