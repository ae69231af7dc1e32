// The bulk path of imports (SPEC Part 2, "Portability") for notes: many notes of the owner's jobs
// in the caller's transaction, one INSERT ... unnest per BULK_CHUNK notes, then the reminders of
// those with a time to come through the notes' ReminderHook, one statement for the lot.
import { randomUUID } from 'node:crypto';
import type { Prisma } from '../../generated/prisma/client.ts';
import { chunked } from '../../lib/chunked.ts';
import { rescheduleFuture, type ReminderHook } from '../../lib/reminder-hook.ts';

/** A note to import on one of the owner's jobs, already checked by the caller. */
export interface ImportedNote {
  jobId: string;
  content: string;
  reminderTime: Date | null;
  createdAt: Date;
}

/** Inside `tx`: writes `notes` (on jobs the caller knows are the owner's) and schedules their reminders. */
export async function insertImportedNotes(
  tx: Prisma.TransactionClient,
  reminders: ReminderHook,
  ownerId: string,
  notes: readonly ImportedNote[],
  now: Date,
): Promise<void> {
  const rows = notes.map((note) => ({ id: randomUUID(), ...note }));
  // unnest, not createMany: see the jobs' job.import.ts (the production heap).
  for (const part of chunked(rows)) {
    await tx.$executeRaw`
      INSERT INTO notes (id, job_id, content, reminder_time, created_at)
      SELECT * FROM unnest(${part.map((note) => note.id)}::uuid[], ${part.map((note) => note.jobId)}::uuid[],
        ${part.map((note) => note.content)}::text[], ${part.map((note) => note.reminderTime?.toISOString() ?? null)}::timestamptz[],
        ${part.map((note) => note.createdAt.toISOString())}::timestamptz[])`;
  }
  await rescheduleFuture(
    reminders,
    tx,
    'note',
    rows.map((note) => ({ itemId: note.id, userId: ownerId, at: note.reminderTime })),
    now,
  );
}
