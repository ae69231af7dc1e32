// The REST routes of portability (SPEC Part 2, "Portability"): GET /export/data.json, GET
// /export/jobs.csv and POST /import. They are not GraphQL fields behind SOFA (an export is a
// stream, an import a raw file body), so this yoga plugin answers them itself, before the body
// cap of /graphql (src/http/security.ts): an import has its own 10 MB cap, counted as the body
// arrives. Errors are the REST shape { code, message, field } with their status.
import type { Plugin } from 'graphql-yoga';
import { innermostError, isDependencyOutage } from '../../graphql/errors.ts';
import { toRestName, type Json } from '../../http/rest-shim.ts';
import { readBodyAtMost } from '../../http/security.ts';
import { SnapshotExpiredError } from '../../infra/database.ts';
import { AppError, errorStatus, type ErrorCode } from '../../lib/errors.ts';
import { IMPORT_MAX_BYTES } from './portability.format.ts';
import type { ImportReport, PortabilityService } from './portability.service.ts';

export const EXPORT_JSON_PATH = '/export/data.json';
export const EXPORT_CSV_PATH = '/export/jobs.csv';
export const IMPORT_PATH = '/import';
export const PORTABILITY_PATHS = [EXPORT_JSON_PATH, EXPORT_CSV_PATH, IMPORT_PATH] as const;

export interface PortabilityRouteOptions {
  portability: PortabilityService;
  /** The signed-in user's id for a request's bearer token, or throws UNAUTHENTICATED (the composition root's). */
  authenticate: (request: Request) => Promise<string>;
  /** Reported with unexpected errors (never the file's content). */
  onError: (error: unknown) => void;
}

const METHODS: Record<(typeof PORTABILITY_PATHS)[number], 'GET' | 'POST'> = {
  [EXPORT_JSON_PATH]: 'GET',
  [EXPORT_CSV_PATH]: 'GET',
  [IMPORT_PATH]: 'POST',
};

function errorResponse(
  code: ErrorCode,
  message: string,
  extra: Record<string, Json> = {},
  headers: Record<string, string> = {},
) {
  return Response.json(
    { code, message, ...extra },
    { status: errorStatus(code), headers: { 'cache-control': 'no-store', ...headers } },
  );
}

function renameKeys(value: unknown): Json {
  if (Array.isArray(value)) return value.map(renameKeys);
  if (value === null || typeof value !== 'object') return value as Json;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [toRestName(key), renameKeys(item)]));
}

/** The body, up to IMPORT_MAX_BYTES: null when it is bigger (declared or counted). */
async function readCapped(request: Request): Promise<Uint8Array | null> {
  const declared = request.headers.get('content-length');
  if (declared !== null && /^\d+$/.test(declared) && Number(declared) > IMPORT_MAX_BYTES) return null;
  if (!request.body) return new Uint8Array();
  return readBodyAtMost(request.body, IMPORT_MAX_BYTES);
}

const BOOLEANS: Record<string, boolean> = { true: true, false: false, '1': true, '0': false };

/** A stream that reads the next piece only when the socket takes the previous one (backpressure). */
function streamOf(
  first: string,
  rest: AsyncGenerator<string>,
  onError: (error: unknown) => void,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let pending: string | undefined = first;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (pending !== undefined) {
          controller.enqueue(encoder.encode(pending));
          pending = undefined;
          return;
        }
        try {
          const next = await rest.next();
          if (next.done) controller.close();
          else controller.enqueue(encoder.encode(next.value));
        } catch (error) {
          // The status line is sent: the client sees a cut-off body, never a valid-looking file.
          // A reader slower than the snapshot's idle bound is not a fault to report.
          if (!(error instanceof SnapshotExpiredError)) onError(error);
          controller.error(error);
        }
      },
      async cancel() {
        await rest.return(undefined);
      },
    },
    { highWaterMark: 0 },
  );
}

/** The import report's message, for people. */
export function importMessage(report: ImportReport): string {
  const verb = report.dryRun ? 'would be created' : 'created';
  const summary = `${report.created} jobs ${verb}, ${report.duplicates} duplicates skipped, ${report.errorCount} rows with errors`;
  if (report.errorCount > 0) return `${summary}; nothing was imported: fix the rows listed in errors`;
  return report.dryRun ? `Dry run: ${summary}; nothing was written` : `Imported: ${summary}`;
}

export function usePortabilityRoutes({ portability, authenticate, onError }: PortabilityRouteOptions): Plugin {
  async function answer(request: Request, url: URL, path: (typeof PORTABILITY_PATHS)[number]): Promise<Response> {
    const userId = await authenticate(request);
    if (path === IMPORT_PATH) {
      const dryRunParam = url.searchParams.get('dryRun') ?? url.searchParams.get('dry_run');
      const dryRun = dryRunParam === null ? true : BOOLEANS[dryRunParam.toLowerCase()];
      if (dryRun === undefined) throw AppError.invalid('dryRun', 'must be true or false');
      const contentType = request.headers.get('content-type') ?? '';
      const format =
        url.searchParams.get('format') ??
        (contentType.includes('csv') ? 'csv' : contentType.includes('json') ? 'json' : undefined);
      const body = await readCapped(request);
      if (body === null) {
        return errorResponse('PAYLOAD_TOO_LARGE', `The file must be at most ${IMPORT_MAX_BYTES} bytes (10 MB)`, {
          field: 'file',
        });
      }
      const report = await portability.import(userId, body, {
        format,
        dryRun,
        mapping: url.searchParams.get('mapping') ?? undefined,
      });
      const renamed = renameKeys(report) as Record<string, Json>;
      if (!report.dryRun && report.errorCount > 0) {
        return errorResponse('BAD_USER_INPUT', importMessage(report), { field: 'file', report: renamed });
      }
      return Response.json(
        { message: importMessage(report), ...renamed },
        { headers: { 'cache-control': 'no-store' } },
      );
    }
    const isJson = path === EXPORT_JSON_PATH;
    const pieces = isJson ? portability.exportJson(userId) : portability.exportCsv(userId);
    // The first piece is read before the answer starts, so a database outage is still a 503.
    const first = await pieces.next();
    if (first.done) throw AppError.unauthenticated();
    // A HEAD answer has no body, and a client gone before the answer starts never reads it: the
    // export ends here (its snapshot and its slot with it). A client gone later cancels the stream.
    if (request.method === 'HEAD' || request.signal.aborted) await pieces.return(undefined);
    else request.signal.addEventListener('abort', () => void pieces.return(undefined), { once: true });
    const day = new Date().toISOString().slice(0, 10);
    return new Response(request.method === 'HEAD' ? null : streamOf(first.value, pieces, onError), {
      headers: {
        'content-type': isJson ? 'application/json; charset=utf-8' : 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="job-tracker-${day}.${isJson ? 'json' : 'csv'}"`,
        'cache-control': 'no-store',
      },
    });
  }

  return {
    async onRequest({ request, url, endResponse }) {
      const path = PORTABILITY_PATHS.find((candidate) => candidate === url.pathname);
      if (!path) return;
      const method = METHODS[path];
      if (request.method !== method && !(method === 'GET' && request.method === 'HEAD')) {
        endResponse(errorResponse('METHOD_NOT_ALLOWED', `Use ${method} ${path}`, {}, { allow: method }));
        return;
      }
      try {
        endResponse(await answer(request, url, path));
      } catch (error) {
        if (error instanceof AppError) {
          endResponse(
            errorResponse(
              error.code,
              error.message,
              error.field ? { field: error.field } : {},
              error.code === 'SERVICE_UNAVAILABLE'
                ? { 'retry-after': '5' }
                : error.retryAfterSeconds !== undefined
                  ? { 'retry-after': String(error.retryAfterSeconds) }
                  : {},
            ),
          );
          return;
        }
        if (isDependencyOutage(innermostError(error))) {
          endResponse(
            errorResponse('SERVICE_UNAVAILABLE', AppError.serviceUnavailable().message, {}, { 'retry-after': '5' }),
          );
          return;
        }
        onError(error);
        endResponse(errorResponse('INTERNAL_SERVER_ERROR', 'Unexpected error'));
      }
    },
  };
}
