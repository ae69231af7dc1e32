// Tasks: a user's to-dos, each optionally about one of the user's jobs. Every query is filtered
// by owner: another user's task (or job) is indistinguishable from one that does not exist.
// Reads answer views built in SQL (task.views.ts).
import { Prisma } from '../../generated/prisma/client.ts';
import type { Database } from '../../infra/database.ts';
import { AppError } from '../../lib/errors.ts';
import {
  NO_REMINDERS,
  withReminderNotice,
  type ReminderHook,
  type WithReminderNotice,
} from '../../lib/reminder-hook.ts';
import { orNotFound } from '../../lib/prisma-errors.ts';
import { parseInput } from '../../lib/validation.ts';
import {
  createTaskSchema,
  taskFilterSchema,
  taskIdSchema,
  updateTaskSchema,
  type CreateTaskInput,
  type TaskFilterInput,
  type UpdateTaskInput,
} from './task.validation.ts';
import { insertImportedTasks, newStandaloneTasks, type ImportedTask } from './task.import.ts';
import { TASK_JSON, TASK_ORDER, toTaskView, type TaskView } from './task.views.ts';

export interface TaskServiceOptions {
  /** The clock completeTask reads (injectable so that tests can pin it). */
  now?: () => Date;
  /** Schedules a task's due-date reminder in the write's transaction (handed over by services.ts). */
  reminders?: ReminderHook;
}

/** The job a task input names is not one of the caller's: NOT_FOUND naming the field. */
const jobNotFound = () => new AppError('NOT_FOUND', 'Job not found', { field: 'taskData.jobId' });

/** A foreign key refused the write: the job was deleted between the check and the write. */
const isForeignKeyViolation = (error: unknown) =>
  error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2003';

export class TaskService {
  private readonly now: () => Date;
  private readonly reminders: ReminderHook;

  constructor(
    private readonly db: Database,
    options: TaskServiceOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.reminders = options.reminders ?? NO_REMINDERS;
  }

  /**
   * The owner's tasks matching every condition of `filter`, soonest due first (undated last),
   * then oldest, then id: one statement on the index tasks_user_id_due_at_id_idx. Another user's
   * jobId matches nothing, like a missing one.
   */
  async list(ownerId: string, filter: TaskFilterInput = {}): Promise<TaskView[]> {
    const { done, dueBefore, jobId } = parseInput(taskFilterSchema, filter, 'filter');
    const conditions = [Prisma.sql`t.user_id = ${ownerId}::uuid`];
    if (done === true) conditions.push(Prisma.sql`t.completed_at IS NOT NULL`);
    if (done === false) conditions.push(Prisma.sql`t.completed_at IS NULL`);
    if (dueBefore) conditions.push(Prisma.sql`t.due_at < ${dueBefore}::timestamptz`);
    if (jobId) conditions.push(Prisma.sql`t.job_id = ${jobId}::uuid`);
    const [row] = await this.db.sql.rows<{ tasks: TaskView[] }>(Prisma.sql`
      SELECT coalesce(json_agg(${TASK_JSON} ORDER BY ${TASK_ORDER}), '[]'::json) AS tasks
      FROM tasks t WHERE ${Prisma.join(conditions, ' AND ')}`);
    return row?.tasks ?? [];
  }

  /** The tasks of the owner's jobs among `jobIds`, in the list order per job: one statement for any number of jobs. */
  async listForJobs(ownerId: string, jobIds: readonly string[]): Promise<Map<string, TaskView[]>> {
    const [row] = await this.db.sql.rows<{ tasks: TaskView[] }>(Prisma.sql`
      SELECT coalesce(json_agg(${TASK_JSON} ORDER BY ${TASK_ORDER}), '[]'::json) AS tasks
      FROM tasks t WHERE t.job_id = ANY(${jobIds}::uuid[]) AND t.user_id = ${ownerId}::uuid`);
    const byJob = new Map<string, TaskView[]>(jobIds.map((jobId) => [jobId, []]));
    for (const task of row?.tasks ?? []) if (task.jobId) byJob.get(task.jobId)?.push(task);
    return byJob;
  }

  /** With a dueAt, its reminder is scheduled in the same transaction (one added statement). */
  async create(ownerId: string, input: CreateTaskInput): Promise<WithReminderNotice<TaskView>> {
    const { jobId, kind, ...data } = parseInput(createTaskSchema, input, 'taskData');
    if (jobId) await this.requireOwnJob(ownerId, jobId);
    const now = this.now();
    const write = (tx: Prisma.TransactionClient) =>
      tx.task.create({ data: { ...data, ...(kind ? { kind } : {}), jobId: jobId ?? null, userId: ownerId } });
    const task = await this.writeWithJob(
      data.dueAt
        ? this.db.$transaction(async (tx) => {
            const created = await write(tx);
            await this.scheduleFor(tx, ownerId, created.id, created.dueAt, now);
            return created;
          })
        : write(this.db),
    );
    return withReminderNotice(toTaskView(task), task.dueAt, now);
  }

  /** Changes only the fields given; `completed: false` reopens, `completed: true` completes (keeping an earlier time). */
  async update(ownerId: string, taskId: string, input: UpdateTaskInput): Promise<WithReminderNotice<TaskView>> {
    const id = parseInput(taskIdSchema, taskId, 'id');
    const { completed, ...data } = parseInput(updateTaskSchema, input, 'taskData');
    if (data.jobId) await this.requireOwnJob(ownerId, data.jobId);
    const now = this.now();
    const task = await this.writeWithJob(
      this.db.$transaction(async (tx) => {
        const updated = await orNotFound(
          'Task',
          tx.task.update({
            where: { id, userId: ownerId },
            data: { ...data, ...(completed === false ? { completedAt: null } : {}) },
          }),
        );
        const written =
          completed !== true || updated.completedAt
            ? updated
            : await tx.task.update({ where: { id }, data: { completedAt: now } });
        // A dueAt given (or null) reschedules (or cancels) the reminder; completing cancels it,
        // reopening brings it back (while its time is ahead).
        if (data.dueAt !== undefined || completed !== undefined) {
          await this.scheduleFor(tx, ownerId, id, written.completedAt ? null : written.dueAt, now);
        }
        return written;
      }),
    );
    return withReminderNotice(toTaskView(task), completed === false ? task.dueAt : data.dueAt, now);
  }

  /** Sets completedAt to now; a task already completed keeps its first time (and is not touched). Its reminder is cancelled. */
  async complete(ownerId: string, taskId: string): Promise<TaskView> {
    const id = parseInput(taskIdSchema, taskId, 'id');
    const now = this.now();
    return this.db.$transaction(async (tx) => {
      // One statement, so that two completions at once still keep the first time.
      const [row] = await tx.$queryRaw<{ task: TaskView }[]>(Prisma.sql`
        UPDATE tasks AS t
        SET completed_at = coalesce(t.completed_at, ${now}::timestamptz),
            updated_at = CASE WHEN t.completed_at IS NULL THEN ${now}::timestamptz ELSE t.updated_at END
        WHERE t.id = ${id}::uuid AND t.user_id = ${ownerId}::uuid
        RETURNING ${TASK_JSON} AS task`);
      if (!row) throw AppError.notFound('Task');
      if (row.task.dueAt) await this.scheduleFor(tx, ownerId, id, null, now);
      return row.task;
    });
  }

  async delete(ownerId: string, taskId: string): Promise<TaskView> {
    const id = parseInput(taskIdSchema, taskId, 'id');
    const task = await orNotFound(
      'Task',
      this.db.$transaction(async (tx) => {
        const deleted = await tx.task.delete({ where: { id, userId: ownerId } });
        // Its reminder is cancelled in the same transaction.
        if (deleted.dueAt) await this.scheduleFor(tx, ownerId, id, null, this.now());
        return deleted;
      }),
    );
    return toTaskView(task);
  }

  private scheduleFor(tx: Prisma.TransactionClient, ownerId: string, taskId: string, at: Date | null, now: Date) {
    return this.reminders.reschedule(tx, { kind: 'task', itemId: taskId, userId: ownerId, at, now });
  }

  private async requireOwnJob(ownerId: string, jobId: string): Promise<void> {
    const job = await this.db.job.findFirst({ where: { id: jobId, userId: ownerId }, select: { id: true } });
    if (!job) throw jobNotFound();
  }

  /** A write naming a job checked just before: a job deleted in between is NOT_FOUND too. */
  private async writeWithJob<T>(write: Promise<T>): Promise<T> {
    try {
      return await write;
    } catch (error) {
      if (isForeignKeyViolation(error)) throw jobNotFound();
      throw error;
    }
  }

  /**
   * An import's bulk path: inside `tx` (the import's), the owner's `tasks` (on jobs of theirs the
   * caller has just written, or on none), with the reminders of the open ones due after `now`.
   */
  importIn(tx: Prisma.TransactionClient, ownerId: string, tasks: readonly ImportedTask[], now: Date): Promise<void> {
    return insertImportedTasks(tx, this.reminders, ownerId, tasks, now);
  }

  /**
   * `importIn` for tasks without a job, leaving out those the owner already has (the same title,
   * due time and kind) and the file's repeats: importing the same document twice adds none.
   */
  async importStandaloneIn(
    tx: Prisma.TransactionClient,
    ownerId: string,
    tasks: readonly Omit<ImportedTask, 'jobId'>[],
    now: Date,
  ): Promise<void> {
    const fresh = await newStandaloneTasks(tx, ownerId, tasks);
    await this.importIn(
      tx,
      ownerId,
      fresh.map((task) => ({ ...task, jobId: null })),
      now,
    );
  }
}
