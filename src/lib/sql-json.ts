// Helpers for the views the modules build in PostgreSQL as JSON (jobs/job.views.ts,
// notes/note.views.ts): dates printed in SQL exactly as the Prisma path prints them.
import { Prisma } from '../generated/prisma/client.ts';

/** An instant as `Date.prototype.toISOString` writes it (UTC, milliseconds, `Z`). */
export type IsoDateTime = string;
/** A calendar day, `YYYY-MM-DD`. */
export type IsoDate = string;

/** `toISOString` in SQL, so that both paths print an instant the same way. */
export const isoDateTime = (column: string) =>
  Prisma.raw(`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);
