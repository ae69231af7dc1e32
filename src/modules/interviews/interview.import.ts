// The bulk path of imports (SPEC Part 2, "Portability") for interviews: many interviews of the
// owner's jobs in the caller's transaction, one createMany per BULK_CHUNK, then the reminders of
// those to come (one per lead time of the owner's) through the interviews' ReminderHook, one
// statement, then their contacts' links. A job's status is the imported history's: an imported
// interview moves no job (the auto-advance is createInterview's).
import { randomUUID } from 'node:crypto';
import type { Interview, Prisma } from '../../generated/prisma/client.ts';
import { chunked } from '../../lib/chunked.ts';
import { rescheduleFuture, type ReminderHook } from '../../lib/reminder-hook.ts';

/** An interview to import on one of the owner's jobs, already checked by the caller; its columns as the table's. */
export type ImportedInterview = Pick<
  Interview,
  'jobId' | 'scheduledAt' | 'durationMinutes' | 'kind' | 'location' | 'meetingUrl' | 'notes' | 'outcome'
> & {
  /** null: the import's `now`. */
  createdAt: Date | null;
  updatedAt: Date | null;
  /** The owner's contacts (account ids) it is with; repeats are linked once. */
  contactIds: readonly string[];
};

/** Inside `tx`: writes the owner's `interviews`, schedules their reminders and links their contacts. */
export async function insertImportedInterviews(
  tx: Prisma.TransactionClient,
  reminders: ReminderHook,
  ownerId: string,
  list: readonly ImportedInterview[],
  now: Date,
): Promise<void> {
  const interviews = list.map(({ contactIds, createdAt, updatedAt, ...interview }) => ({
    row: { id: randomUUID(), userId: ownerId, ...interview, createdAt: createdAt ?? now, updatedAt: updatedAt ?? now },
    contacts: [...new Set(contactIds)],
  }));
  for (const part of chunked(interviews)) await tx.interview.createMany({ data: part.map((item) => item.row) });
  // A cancelled interview has nothing to remind of (the worker would skip it).
  await rescheduleFuture(
    reminders,
    tx,
    'interview',
    interviews
      .filter((item) => item.row.outcome !== 'cancelled')
      .map((item) => ({ itemId: item.row.id, userId: ownerId, at: item.row.scheduledAt })),
    now,
  );
  const links = interviews.flatMap((item) =>
    item.contacts.map((contactId) => ({ interviewId: item.row.id, contactId })),
  );
  for (const part of chunked(links)) await tx.interviewContact.createMany({ data: part, skipDuplicates: true });
}
