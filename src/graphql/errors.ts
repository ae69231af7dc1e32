// Translation of service errors to GraphQL: one place, used by resolvers and the error mask.
import { GraphQLError, type GraphQLErrorOptions } from 'graphql';
import { POSTGRES_DEADLINE_CODE } from '../infra/database.ts';
import type { AppError } from '../lib/errors.ts';

/** `location` keeps the path and nodes of the error being replaced, when there is one. */
export function toGraphQLError(
  error: AppError,
  location: Pick<GraphQLErrorOptions, 'nodes' | 'path'> = {},
): GraphQLError {
  return new GraphQLError(error.message, {
    ...location,
    extensions: {
      code: error.code,
      ...(error.field ? { field: error.field } : {}),
      ...(error.attemptsRemaining !== undefined ? { attemptsRemaining: error.attemptsRemaining } : {}),
      ...(error.retryAfterSeconds !== undefined ? { retryAfterSeconds: error.retryAfterSeconds } : {}),
      http: {
        status: error.httpStatus,
        ...(error.retryAfterSeconds !== undefined
          ? { headers: { 'retry-after': String(error.retryAfterSeconds) } }
          : {}),
      },
    },
  });
}

/**
 * The error a resolver threw, under the GraphQLErrors that wrap it on its way out: graphql-js
 * wraps once, graphql-jit (src/graphql/jit.ts) wraps a thrown GraphQLError once more.
 */
export function innermostError(error: unknown): unknown {
  let current = error;
  while (current instanceof GraphQLError && current.originalError) current = current.originalError;
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
