// Prisma's "record to update/delete/connect was not found": the ownership filter did not match.
import { Prisma } from '../generated/prisma/client.ts';

export function isRecordNotFound(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2025';
}
