// One delivery, as the worker runs it: claim the row, re-read the item, skip (recording why) or
// send through the Mailer, and record the outcome. The row is the source of truth: a job run for
// a cancelled, sent or skipped row does nothing, so a job that runs twice sends at most once,
// except after a crash between the mail leaving and `sent` being written (docs: the bound).
import { Prisma } from '../../generated/prisma/client.ts';
import type { Database } from '../../infra/database.ts';
import type { Mailer } from '../../infra/mailer.ts';
import type { QueueEvents } from '../../metrics/hooks.ts';
import { createFollowUpTask } from './reminder.follow-up.ts';
import { itemJsonSql, toReminderItem, type DeliveryKind, type ReminderItem } from './reminder.items.ts';
import { reminderMail } from './reminder.mail.ts';
import { MAX_SEND_ATTEMPTS } from './reminder.scheduler.ts';

/** Reminders other than interviews are still sent this late; later, they are skipped. */
export const LATE_CUTOFF_MS = 24 * 60 * 60 * 1000;

/** What the worker reports (metrics: sent, failed = an attempt failed and is retried with backoff, retried, skipped); no-ops by default. */
export type ReminderEvents = QueueEvents;

export const IGNORED_REMINDER_EVENTS: ReminderEvents = {
  sent: () => undefined,
  failed: () => undefined,
  retried: () => undefined,
  skipped: () => undefined,
};

export interface DeliveryDependencies {
  db: Database;
  mailer: Mailer;
  /** The worker's clock, for the cut-offs. */
  now: () => Date;
  events: ReminderEvents;
  /** The graphile-worker worker id running the job: the claim's owner. */
  workerId: string;
  /** A 'sending' row claimed longer ago than this (its claimer stopped renewing it) may be taken over. */
  staleClaimMs: number;
}

interface ClaimedDelivery {
  id: string;
  userId: string;
  itemKind: DeliveryKind;
  itemId: string;
  itemVersion: string;
  dueAt: Date;
  attempts: number;
}

const COMPLETED_REASON: Record<DeliveryKind, string> = {
  interview: 'interview cancelled',
  task: 'task already completed',
  follow_up: 'follow-ups are turned off',
  note: 'note no longer asks for a reminder',
};

/** The nudge's task still comes when its mail may not go (reminderEmails off, late); not when it is stale or off. */
function followUpTaskWanted(reason: string | null): boolean {
  return reason === null || reason === 'reminder emails are turned off' || reason.startsWith('past the cut-off');
}

export type DeliveryOutcome = 'sent' | 'skipped' | 'nothing_to_do';

/** Why a claimed delivery must not be sent, or null to send it. */
export function skipReason(delivery: ClaimedDelivery, item: ReminderItem | null, now: Date): string | null {
  if (!item || item.userId !== delivery.userId) return 'deleted';
  if (!item.at || String(item.at.getTime()) !== String(delivery.itemVersion)) {
    return item.kind === 'follow_up' ? 'stale: the application moved on' : 'stale: the time was changed';
  }
  // A task done, an interview called off (outcome cancelled), or follow-ups turned off reminds no
  // one (their writes cancel the delivery; this covers a write that raced the worker's claim).
  if (item.completed) return COMPLETED_REASON[item.kind];
  if (!item.reminderEmails) return 'reminder emails are turned off';
  if (item.kind === 'interview') {
    if (now.getTime() >= item.at.getTime()) return 'past the cut-off: the interview has started';
  } else if (now.getTime() > delivery.dueAt.getTime() + LATE_CUTOFF_MS) {
    return 'past the cut-off: more than 24 hours late';
  }
  return null;
}

export async function deliverReminder(deps: DeliveryDependencies, deliveryId: string): Promise<DeliveryOutcome> {
  const { db } = deps;
  // Claims the row and re-reads its item in one statement. 'sending' too, once its claim is
  // stale: a worker that died mid-send left it so, and its job came back to us. A fresh claim is
  // a live worker's (its heartbeat renews the claim while the mail is in flight, however slow):
  // its job may have been unlocked by a late heartbeat, but the row is not taken from it.
  const [claimed] = await db.sql.rows<ClaimedDelivery & { item: Parameters<typeof toReminderItem>[1] }>(Prisma.sql`
    WITH c AS (
      UPDATE reminder_deliveries
      SET state = 'sending', attempts = attempts + 1, claimed_by = ${deps.workerId}, claimed_at = now(), updated_at = now()
      WHERE id = ${deliveryId}::uuid
        AND (state = 'scheduled'
             OR (state = 'sending' AND (claimed_at IS NULL
                                        OR claimed_at < now() - make_interval(secs => ${deps.staleClaimMs / 1000}))))
      RETURNING id, user_id, item_kind, item_id, item_version, due_at, attempts
    )
    SELECT c.id, c.user_id AS "userId", c.item_kind AS "itemKind", c.item_id AS "itemId",
           c.item_version::text AS "itemVersion", c.due_at AS "dueAt", c.attempts,
           ${itemJsonSql(Prisma.sql`c.item_kind`, Prisma.sql`c.item_id`)} AS item
    FROM c`);
  if (!claimed) return 'nothing_to_do';
  const { item: itemJson, ...delivery } = claimed;
  if (delivery.attempts > 1) deps.events.retried();
  const item = toReminderItem(delivery.itemKind, itemJson);
  const reason = skipReason(delivery, item, deps.now());
  if (item && delivery.itemKind === 'follow_up' && followUpTaskWanted(reason)) {
    const job = item.companyName ? `${item.companyName} (${item.position})` : 'your application';
    await createFollowUpTask(db, delivery.itemId, `Follow up with ${job}`);
  }
  // Our claim, as a fencing token: `attempts` grows with every claim, so a claimer that stalled
  // past its lease (another worker took the row over) changes nothing with its outcome.
  const stillOurs = Prisma.sql`id = ${deliveryId}::uuid AND state = 'sending' AND attempts = ${delivery.attempts}`;
  if (reason || !item) {
    const why = reason ?? 'deleted';
    await db.sql.rows(Prisma.sql`
      UPDATE reminder_deliveries SET state = 'skipped', skip_reason = ${why}, updated_at = now() WHERE ${stillOurs}`);
    deps.events.skipped(why.split(':')[0]!.replace(/ /g, '_'));
    return 'skipped';
  }
  try {
    await deps.mailer.send(reminderMail(item, new Date(delivery.dueAt)));
  } catch (error) {
    deps.events.failed();
    const final = delivery.attempts >= MAX_SEND_ATTEMPTS;
    // Back to 'scheduled' for the retry; after the last attempt, recorded as skipped: never silent.
    const reset = await db.sql.rows(Prisma.sql`
      UPDATE reminder_deliveries
      SET state = ${final ? 'skipped' : 'scheduled'},
          skip_reason = ${final ? `the mail could not be sent in ${delivery.attempts} attempts` : null},
          updated_at = now()
      WHERE ${stillOurs}
      RETURNING id`);
    // The row was taken over while we stalled: its outcome is the new claimer's, not a retry of ours.
    if (reset.length === 0) return 'nothing_to_do';
    if (final) deps.events.skipped('send_failed');
    throw error;
  }
  // The mail left: `sent` whoever holds the row now (a stalled claim taken over, a sweep's skip),
  // keeping the first sent_at should two claimers both have sent (the duplicate bound).
  await db.sql.rows(Prisma.sql`
    UPDATE reminder_deliveries SET state = 'sent', sent_at = now(), updated_at = now()
    WHERE id = ${deliveryId}::uuid AND state <> 'sent'`);
  deps.events.sent();
  return 'sent';
}
