// Rules for task input: a short title, an optional due instant with its time zone, a kind of a
// fixed set, and optionally one of the caller's jobs.
import { z } from 'zod';
import { TaskKind } from '../../generated/prisma/enums.ts';
import { dateTime, id, text, type Untrusted } from '../../lib/validation.ts';

export const TASK_TITLE_MAX = 200;
export const TASK_KINDS = Object.values(TaskKind);

export const taskIdSchema = id();

const kind = z.enum(TASK_KINDS, { error: `must be one of: ${TASK_KINDS.join(', ')}` });
const completed = z.boolean({ error: 'must be a boolean' });

export const createTaskSchema = z.object({
  title: text(TASK_TITLE_MAX),
  dueAt: dateTime().nullish(),
  // Absent or null: the column's default, other.
  kind: kind.nullish(),
  jobId: id().nullish(),
});

/** A partial update: absent fields stay; dueAt and jobId may be cleared with null. */
export const updateTaskSchema = z.object({
  title: text(TASK_TITLE_MAX).optional(),
  dueAt: dateTime().nullish(),
  kind: kind.optional(),
  jobId: id().nullish(),
  /** false reopens the task (completedAt null); true completes it like completeTask. */
  completed: completed.optional(),
});

/** Every condition given must hold; null is the same as absent. */
export const taskFilterSchema = z.object({
  done: completed.nullish(),
  dueBefore: dateTime().nullish(),
  jobId: id().nullish(),
});

export type CreateTaskInput = Untrusted<z.input<typeof createTaskSchema>>;
export type UpdateTaskInput = Untrusted<z.input<typeof updateTaskSchema>>;
export type TaskFilterInput = Untrusted<z.input<typeof taskFilterSchema>>;
