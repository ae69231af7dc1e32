// GraphQL for imports: importJobs(file: Upload!, format, dryRun = true, mapping), the file sent
// as a multipart upload (yoga's built-in support of the GraphQL multipart request spec), answering
// the payload shape with its ImportReport. Exports are REST routes only (portability.rest.ts).
import { GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { builder } from '../../graphql/builder.ts';
import { fixedSetScalar } from '../../graphql/fixed-set.ts';
import { MutationPayload, type Outcome } from '../../graphql/payload.ts';
import { AppError } from '../../lib/errors.ts';
import {
  IMPORT_FIELDS,
  IMPORT_FORMATS,
  IMPORT_MAX_BYTES,
  IMPORT_MAX_ROWS,
  type ImportFormat,
} from './portability.format.ts';
import { importMessage } from './portability.rest.ts';
import type { ImportReport, PossibleDuplicate, SkippedDuplicate } from './portability.service.ts';
import type { RowError } from './portability.rows.ts';

// The builder's types of these input scalars (src/graphql/builder.ts merges them). Upload and
// ImportMapping are no fixed sets, but the builder's scalar table is declared in that one place.
declare module '../../graphql/builder.ts' {
  interface FixedSetScalars {
    ImportFormatValue: ImportFormat;
    Upload: File;
    ImportMapping: unknown;
  }
}

const ImportFormatScalar = builder.addScalarType(
  'ImportFormatValue',
  fixedSetScalar('ImportFormatValue', IMPORT_FORMATS, 'The format of an import file.'),
);

const notAFile = () =>
  AppError.invalid('file', 'must be a file sent as a multipart upload (the GraphQL multipart request spec)');

const UploadScalar = builder.addScalarType(
  'Upload',
  new GraphQLScalarType<File, never>({
    name: 'Upload',
    description: 'A file sent in a multipart request (the GraphQL multipart request spec); input only.',
    serialize: () => {
      throw new Error('Upload is an input type');
    },
    // yoga's File (from its fetch implementation) need not be the global class: the shape counts.
    parseValue: (value) => {
      const file = value as Partial<File> | null;
      if (file && typeof file === 'object' && typeof file.arrayBuffer === 'function' && typeof file.size === 'number') {
        return file as File;
      }
      throw notAFile();
    },
    parseLiteral: () => {
      throw notAFile();
    },
  }),
);

function literalValue(node: ValueNode): unknown {
  switch (node.kind) {
    case Kind.STRING:
      return node.value;
    case Kind.OBJECT:
      return Object.fromEntries(node.fields.map((field) => [field.name.value, literalValue(field.value)]));
    case Kind.NULL:
      return null;
    default:
      // Checked by the service, which names `mapping`.
      return { kind: node.kind };
  }
}

const MappingScalar = builder.addScalarType(
  'ImportMapping',
  new GraphQLScalarType<unknown, never>({
    name: 'ImportMapping',
    description: `A JSON object { ourField: "Their Header" } (or its text), e.g. {"companyName": "Employer"}. Fields: ${IMPORT_FIELDS.join(', ')}.`,
    serialize: () => {
      throw new Error('ImportMapping is an input type');
    },
    parseValue: (value) => value,
    parseLiteral: (node) => literalValue(node),
  }),
);

const ImportRowErrorObject = builder.objectRef<RowError>('ImportRowError').implement({
  description: 'A problem of one row; nothing is imported while there is one.',
  fields: (t) => ({
    row: t.exposeInt('row', {
      description:
        'CSV: the record number, the header being 1. JSON: the place in its list (jobs, contacts, ...), from 1.',
    }),
    field: t.exposeString('field', {
      description: 'Our name of the field at fault (companyName, appliedOn, contacts.email, ...).',
    }),
    message: t.exposeString('message'),
  }),
});

const ImportDuplicateObject = builder.objectRef<SkippedDuplicate>('ImportDuplicate').implement({
  description: 'A row skipped as an exact duplicate.',
  fields: (t) => ({
    row: t.exposeInt('row'),
    jobId: t.exposeID('jobId', {
      nullable: true,
      description: 'The job it duplicates; null when it repeats an earlier row of the file.',
    }),
    reason: t.exposeString('reason', { description: 'id, url, company_position_applied_on or repeated_row.' }),
  }),
});

const ImportPossibleDuplicateObject = builder.objectRef<PossibleDuplicate>('ImportPossibleDuplicate').implement({
  description: 'A row imported that looks like one of your jobs (similar company and position).',
  fields: (t) => ({
    row: t.exposeInt('row'),
    jobId: t.exposeID('jobId'),
    companyName: t.exposeString('companyName'),
    position: t.exposeString('position'),
  }),
});

const ImportReportObject = builder.objectRef<ImportReport>('ImportReport').implement({
  description: 'What an import did, or (dryRun) would do.',
  fields: (t) => ({
    dryRun: t.exposeBoolean('dryRun'),
    rows: t.exposeInt('rows', { description: 'The job rows of the file.' }),
    created: t.exposeInt('created', {
      description: 'Jobs created (a dry run: that a real run would create); 0 when any row has an error.',
    }),
    duplicates: t.exposeInt('duplicates', { description: 'Rows skipped as exact duplicates.' }),
    duplicateRows: t.field({ type: [ImportDuplicateObject], resolve: (report) => report.duplicateRows }),
    possibleDuplicates: t.field({
      type: [ImportPossibleDuplicateObject],
      resolve: (report) => report.possibleDuplicates,
    }),
    errors: t.field({
      type: [ImportRowErrorObject],
      description: 'The first 1,000 row errors.',
      resolve: (report) => report.errors,
    }),
    errorCount: t.exposeInt('errorCount'),
  }),
});

const ImportJobsPayload = builder.objectRef<Outcome<ImportReport>>('ImportJobsPayload').implement({
  interfaces: [MutationPayload],
  fields: (t) => ({
    report: t.field({ type: ImportReportObject, nullable: true, resolve: (outcome) => outcome.value }),
  }),
});

builder.mutationField('importJobs', (t) =>
  t.withAuth({ authenticated: true }).field({
    type: ImportJobsPayload,
    description:
      `Imports jobs from a file sent as a multipart upload: our JSON export (everything round-trips) or a CSV ` +
      `(columns recognised by header, or given by mapping). At most ${IMPORT_MAX_BYTES} bytes and ${IMPORT_MAX_ROWS} rows. ` +
      'A dry run (the default) writes nothing; a real run writes everything in one transaction, or nothing when a row has an error. ' +
      'Exact duplicates are skipped; similar jobs are imported and listed in possibleDuplicates.',
    args: {
      file: t.arg({ type: UploadScalar, required: true }),
      format: t.arg({
        type: ImportFormatScalar,
        description: `${IMPORT_FORMATS.join(' or ')}; default: from the file name's extension.`,
      }),
      dryRun: t.arg.boolean({ defaultValue: true, description: 'true (the default): report only, write nothing.' }),
      mapping: t.arg({ type: MappingScalar }),
    },
    resolve: async (_root, args, context): Promise<Outcome<ImportReport>> => {
      try {
        if (args.file.size > IMPORT_MAX_BYTES) {
          throw new AppError('PAYLOAD_TOO_LARGE', `The file must be at most ${IMPORT_MAX_BYTES} bytes (10 MB)`, {
            field: 'file',
          });
        }
        const bytes = new Uint8Array(await args.file.arrayBuffer());
        const report = await context.services.portability.import(context.viewer.userId, bytes, {
          format: args.format ?? undefined,
          dryRun: args.dryRun ?? true,
          mapping: args.mapping ?? undefined,
          fileName: args.file.name,
        });
        const failed = !report.dryRun && report.errorCount > 0;
        return {
          success: !failed,
          message: importMessage(report),
          code: failed ? 'BAD_USER_INPUT' : null,
          field: failed ? 'file' : null,
          value: report,
        };
      } catch (error) {
        if (error instanceof AppError && error.code === 'BAD_USER_INPUT') {
          return {
            success: false,
            message: error.message,
            code: 'BAD_USER_INPUT',
            field: error.field ?? null,
            value: null,
          };
        }
        throw error;
      }
    },
  }),
);
