// The bulk path of imports (SPEC Part 2, "Portability") for tasks: many tasks of the owner's (on
// their jobs or on none) in the caller's transaction, one createMany per BULK_CHUNK tasks, then
// the reminders of the open ones due after now through the tasks' ReminderHook, one statement.
import { randomUUID } from 'node:crypto';
import type { Prisma, Task } from '../../generated/prisma/client.ts';
import { chunked } from '../../lib/chunked.ts';
import { rescheduleFuture, type ReminderHook } from '../../lib/reminder-hook.ts';

/** A task to import, already checked by the caller; jobId is one of the owner's jobs, or null. */
export type ImportedTask = Pick<Task, 'jobId' | 'title' | 'dueAt' | 'completedAt' | 'kind'> & {
  /** null: the import's `now`. */
  createdAt: Date | null;
  updatedAt: Date | null;
};

/** Inside `tx`: writes the owner's `tasks` and schedules the reminders of the open ones. */
export async function insertImportedTasks(
  tx: Prisma.TransactionClient,
  reminders: ReminderHook,
  ownerId: string,
  list: readonly ImportedTask[],
  now: Date,
): Promise<void> {
  const tasks = list.map(({ createdAt, updatedAt, ...task }) => ({
    id: randomUUID(),
    userId: ownerId,
    ...task,
    createdAt: createdAt ?? now,
    updatedAt: updatedAt ?? now,
  }));
  for (const part of chunked(tasks)) await tx.task.createMany({ data: part });
  // A completed task needs no reminder.
  await rescheduleFuture(
    reminders,
    tx,
    'task',
    tasks.filter((task) => !task.completedAt).map((task) => ({ itemId: task.id, userId: ownerId, at: task.dueAt })),
    now,
  );
}

/**
 * Inside `tx`: those of `tasks` (without a job) that the owner does not have yet: the same title,
 * due time and kind as one of theirs without a job, or as an earlier one of `tasks`. One statement.
 */
export async function newStandaloneTasks<Task extends Omit<ImportedTask, 'jobId'>>(
  tx: Prisma.TransactionClient,
  ownerId: string,
  tasks: readonly Task[],
): Promise<Task[]> {
  if (tasks.length === 0) return [];
  const existing = await tx.$queryRaw<{ key: string }[]>`
    SELECT title || chr(1) || coalesce(to_char(due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), '') || chr(1) || kind AS key
    FROM tasks WHERE user_id = ${ownerId}::uuid AND job_id IS NULL`;
  const keys = new Set(existing.map((task) => task.key));
  return tasks.filter((task) => {
    const key = `${task.title}\u0001${task.dueAt?.toISOString() ?? ''}\u0001${task.kind}`;
    if (keys.has(key)) return false;
    keys.add(key);
    return true;
  });
}
