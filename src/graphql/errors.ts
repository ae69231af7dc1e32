// Translation of service errors to GraphQL: one place, used by resolvers and the error mask.
import { GraphQLError, type GraphQLErrorOptions } from 'graphql';
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

/** Whether an error means PostgreSQL or Redis cannot be reached: the request gets a 503. */
export function isDependencyOutage(error: unknown): boolean {
  for (let current = error; current instanceof Error; current = current.cause) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && OUTAGE_CODES.has(code)) return true;
    if (
      /connect(ion)? (timeout|terminated|refused)|Connection is closed|did not answer in time|max retries|Stream isn't writeable|Command timed out|Can't reach database server/i.test(
        current.message,
      )
    ) {
      return true;
    }
  }
  return false;
}

/** Node socket errors, Prisma's "cannot reach database" codes and PostgreSQL's "cannot connect now". */
const OUTAGE_CODES = new Set([
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
  '57P01',
  '57P03',
  '53300',
]);
