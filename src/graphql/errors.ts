// Translation of service errors to GraphQL: one place, used by resolvers, the error mask and the
// plugins that answer a GraphQL error of their own (rate limits, document limits, request errors).
import { GraphQLError, type GraphQLErrorOptions } from 'graphql';
import { POSTGRES_DEADLINE_CODE } from '../infra/database.ts';
import { errorStatus, type AppError, type ErrorCode } from '../lib/errors.ts';

/** What an error's extensions may carry besides its code, and headers for its HTTP answer. */
export interface ErrorData {
  field?: string | undefined;
  attemptsRemaining?: number | undefined;
  retryAfterSeconds?: number | undefined;
  headers?: Record<string, string>;
}

/**
 * The `extensions` of a GraphQL error with `code`: its data, then the status yoga answers with
 * (and the headers, Retry-After from retryAfterSeconds). The key order is the wire's.
 */
export function errorExtensions(code: ErrorCode, data: ErrorData = {}): Record<string, unknown> {
  const headers = {
    ...(data.retryAfterSeconds !== undefined ? { 'retry-after': String(data.retryAfterSeconds) } : {}),
    ...data.headers,
  };
  return {
    code,
    ...(data.field ? { field: data.field } : {}),
    ...(data.attemptsRemaining !== undefined ? { attemptsRemaining: data.attemptsRemaining } : {}),
    ...(data.retryAfterSeconds !== undefined ? { retryAfterSeconds: data.retryAfterSeconds } : {}),
    http: { status: errorStatus(code), ...(Object.keys(headers).length > 0 ? { headers } : {}) },
  };
}

/** A GraphQL error with a declared code, for errors that no service raised (request errors). */
export function graphqlError(
  code: ErrorCode,
  message: string,
  options: Pick<GraphQLErrorOptions, 'nodes' | 'path'> & ErrorData = {},
): GraphQLError {
  const { nodes, path, ...data } = options;
  return new GraphQLError(message, { nodes, path, extensions: errorExtensions(code, data) });
}

/**
 * The GraphQL error of an AppError, which it keeps as `originalError`: the REST shim builds its
 * message from the AppError's data (`messageFor`). innermostError stops here.
 */
export class AppGraphQLError extends GraphQLError {
  declare readonly originalError: AppError;

  constructor(error: AppError, options: Pick<GraphQLErrorOptions, 'nodes' | 'path'> & Pick<ErrorData, 'headers'> = {}) {
    super(error.message, {
      nodes: options.nodes,
      path: options.path,
      originalError: error,
      extensions: errorExtensions(error.code, {
        field: error.field,
        attemptsRemaining: error.attemptsRemaining,
        retryAfterSeconds: error.retryAfterSeconds,
        ...(options.headers ? { headers: options.headers } : {}),
      }),
    });
  }
}

/** `location` keeps the path and nodes of the error being replaced, when there is one. */
export function toGraphQLError(
  error: AppError,
  location: Pick<GraphQLErrorOptions, 'nodes' | 'path'> & Pick<ErrorData, 'headers'> = {},
): GraphQLError {
  return new AppGraphQLError(error, location);
}

/**
 * The error a resolver threw, under the GraphQLErrors that wrap it on its way out: graphql-js
 * wraps once, graphql-jit (src/graphql/jit.ts) wraps a thrown GraphQLError once more. An
 * AppGraphQLError is already the answer (its location is the one to keep), so the walk stops there.
 */
export function innermostError(error: unknown): unknown {
  let current = error;
  while (current instanceof GraphQLError && current.originalError && !(current instanceof AppGraphQLError)) {
    current = current.originalError;
  }
  return current;
}

/**
 * Whether an error means PostgreSQL or Redis cannot be reached or does not answer (a client-side
 * deadline passed): the request gets a 503.
 */
export function isDependencyOutage(error: unknown): boolean {
  for (let current = error; current instanceof Error; current = current.cause) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && OUTAGE_CODES.has(code)) return true;
    if (isDriverAdapterOutage((current as { meta?: { driverAdapterError?: unknown } }).meta?.driverAdapterError)) {
      return true;
    }
    if (
      /connect(ion)? (timeout|terminated|refused)|timeout exceeded when trying to connect|not queryable|Connection is closed|did not answer in time|max retries|Stream isn't writeable|Command timed out|Socket timeout|Can't reach database server/i.test(
        current.message,
      )
    ) {
      return true;
    }
  }
  return false;
}

/**
 * Prisma 7 with a driver adapter reports a failed query as a generic P2039/P2010 whose `meta`
 * carries the adapter's error: `{ cause: { kind, code?, originalCode? } }`. Found by the
 * PostgreSQL-under-load test: queries in flight when PostgreSQL stops fail with 57P01
 * ("terminating connection due to administrator command"), 57P03 ("the database system is
 * shutting down") or kind ConnectionClosed, which were answered 500 instead of 503.
 */
function isDriverAdapterOutage(adapterError: unknown): boolean {
  const cause = (adapterError as { cause?: { kind?: unknown; code?: unknown; originalCode?: unknown } } | undefined)
    ?.cause;
  if (!cause) return false;
  if (typeof cause.kind === 'string' && OUTAGE_ADAPTER_KINDS.has(cause.kind)) return true;
  return [cause.code, cause.originalCode].some((code) => typeof code === 'string' && OUTAGE_CODES.has(code));
}

/** The driver adapter's error kinds that mean the server cannot be reached or went away. */
const OUTAGE_ADAPTER_KINDS = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
]);

/**
 * Node socket errors, Prisma's "cannot reach database" codes, PostgreSQL's connection exceptions
 * (class 08), "shutting down / crashed / cannot connect now" (57P01-57P03), too many connections,
 * and the pool's client-side deadline (src/infra/database.ts), which Prisma keeps as its `code`.
 */
const OUTAGE_CODES = new Set([
  POSTGRES_DEADLINE_CODE,
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EPIPE',
  'P1001',
  'P1002',
  'P1017',
  'P2024',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '57P01',
  '57P02',
  '57P03',
  '53300',
]);
