// The one-way link from the modules that own something to be reminded of (notes, interviews,
// tasks, users' settings) to the reminders module: the composition root hands them a
// ReminderHook; they call it inside their own write's transaction and never import reminders.
import type { Prisma } from '../generated/prisma/client.ts';

export type ReminderItemKind = 'note' | 'interview' | 'task';

export interface ReminderTarget {
  kind: ReminderItemKind;
  itemId: string;
  /** The item's owner (the job's owner for a note). */
  userId: string;
  /** When the item is due (note reminderTime, interview scheduledAt, task dueAt); null or deleted: none. */
  at: Date | null;
  /** The writing service's clock: a reminder due at or before it is not scheduled. */
  now: Date;
}

/** One item of a list of the same kind (rescheduleMany). */
export interface ReminderListTarget {
  itemId: string;
  userId: string;
  at: Date | null;
}

export interface ReminderHook {
  /**
   * Makes the item's pending reminders those of `target.at` (an interview's: one per lead time
   * of its owner), cancelling the others, in ONE statement on `tx`: the caller's transaction, so
   * that a rolled-back write schedules nothing. Answers how many reminders are now pending.
   */
  reschedule(tx: Prisma.TransactionClient, target: ReminderTarget): Promise<number>;
  /**
   * `reschedule` for many items of one kind (an import's), in ONE statement on `tx`. Answers how
   * many reminders of theirs are now pending.
   */
  rescheduleMany(
    tx: Prisma.TransactionClient,
    kind: ReminderItemKind,
    targets: readonly ReminderListTarget[],
    now: Date,
  ): Promise<number>;
  /** After a change of the user's interview lead times: every future interview of theirs, one statement. */
  rescheduleInterviewsOf(tx: Prisma.TransactionClient, userId: string, now: Date): Promise<void>;
}

/** For services built without reminders (some tests): schedules nothing. */
export const NO_REMINDERS: ReminderHook = {
  reschedule: () => Promise.resolve(0),
  rescheduleMany: () => Promise.resolve(0),
  rescheduleInterviewsOf: () => Promise.resolve(),
};

/**
 * A bulk write's reminders (an import's items of one kind): `hook.rescheduleMany` for those whose
 * time is still to come, one statement; no statement when none is.
 */
export async function rescheduleFuture(
  hook: ReminderHook,
  tx: Prisma.TransactionClient,
  kind: ReminderItemKind,
  targets: readonly ReminderListTarget[],
  now: Date,
): Promise<void> {
  const future = targets.filter((target) => target.at !== null && target.at.getTime() > now.getTime());
  if (future.length > 0) await hook.rescheduleMany(tx, kind, future, now);
}

/** The payload message's addition when the time written has already passed (SPEC: "the message says so"). */
export const PAST_REMINDER_NOTICE = 'the time has already passed, so no reminder was scheduled';

/** A written item's view, with the notice for its payload's message when its time had passed. */
export type WithReminderNotice<View> = View & { reminderNotice?: string };

export function withReminderNotice<View extends object>(
  view: View,
  at: Date | null | undefined,
  now: Date,
): WithReminderNotice<View> {
  return at && at.getTime() <= now.getTime() ? { ...view, reminderNotice: PAST_REMINDER_NOTICE } : view;
}

/** "Note created successfully" + "; the time has already passed, ..." when the view carries the notice. */
export function reminderMessage(message: string): (view: object) => string {
  return (view) => {
    const notice = (view as { reminderNotice?: unknown }).reminderNotice;
    return typeof notice === 'string' ? `${message}; ${notice}` : message;
  };
}
