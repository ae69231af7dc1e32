// Prisma's "record to update/delete/connect was not found": the ownership filter did not match.
import { Prisma } from '../generated/prisma/client.ts';
import { AppError } from './errors.ts';

export function isRecordNotFound(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2025';
}

/** Runs a write whose `where` includes the owner; no match becomes NOT_FOUND for `what`. */
export async function orNotFound<T>(what: string, write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if (isRecordNotFound(error)) throw AppError.notFound(what);
    throw error;
  }
}

/** A unique constraint refused the write (P2002), e.g. an email registered at the same moment. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}
