// GraphQL for tasks: the Task type, Job.tasks, the tasks query and the task mutations.
import { TaskKind } from '../../generated/prisma/enums.ts';
import { builder } from '../../graphql/builder.ts';
import { fixedSetScalar } from '../../graphql/fixed-set.ts';
import type { GraphQLContext } from '../../graphql/context.ts';
import { reminderMessage } from '../../lib/reminder-hook.ts';
import { attempt, MutationPayload, type Outcome } from '../../graphql/payload.ts';
import { jobByIdLoader, JobObject } from '../jobs/index.ts';
import { tasksByJobLoader } from './task.loaders.ts';
import { TASK_KINDS, TASK_TITLE_MAX } from './task.validation.ts';
import type { JobWithTasks, TaskView } from './task.views.ts';

// The builder's type of the TaskKindValue scalar (src/graphql/builder.ts merges every fixed set).
declare module '../../graphql/builder.ts' {
  interface FixedSetScalars {
    TaskKindValue: TaskKind;
  }
}

export const TaskKindEnum = builder.enumType(TaskKind, { name: 'TaskKind' });

// A fixed-set input (src/graphql/fixed-set.ts): `kind: follow_up` and `kind: "follow_up"` alike.
export const TaskKindValueScalar = builder.addScalarType(
  'TaskKindValue',
  fixedSetScalar('TaskKindValue', TASK_KINDS, 'What a task is for.'),
);

const ORDER_HELP = 'Soonest due first, tasks without a due date last, then oldest first.';
const DATE_TIME_HELP = 'An ISO 8601 date-time with a time zone, e.g. 2024-01-20T10:00:00Z.';

export const TaskObject = builder.objectRef<TaskView>('Task').implement({
  description: 'A to-do of yours, optionally about one of your jobs.',
  fields: (t) => ({
    id: t.exposeID('id'),
    title: t.exposeString('title'),
    dueAt: t.expose('dueAt', { type: 'DateTime', nullable: true }),
    completedAt: t.expose('completedAt', { type: 'DateTime', nullable: true }),
    done: t.boolean({ description: 'Whether the task is completed.', resolve: (task) => task.completedAt !== null }),
    kind: t.expose('kind', { type: TaskKindEnum }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    // Batched: the jobs of a list of tasks cost one statement.
    job: t.field({
      type: JobObject,
      nullable: true,
      resolve: (task, _args, context) => (task.jobId ? context.loaders.get(jobByIdLoader).load(task.jobId) : null),
    }),
  }),
});

builder.objectField(JobObject, 'tasks', (t) =>
  t.field({
    type: [TaskObject],
    description: ORDER_HELP,
    // Loaded with the job when the read saw them asked for (tasksEmbed); otherwise one statement
    // for all the jobs.
    resolve: (job: JobWithTasks, _args, context) => job.tasks ?? context.loaders.get(tasksByJobLoader).load(job.id),
  }),
);

const TaskFilter = builder.inputType('TaskFilter', {
  description: 'Every condition given must hold; null is the same as absent.',
  fields: (t) => ({
    done: t.boolean({ description: 'true: completed tasks only; false: open tasks only.' }),
    dueBefore: t.string({
      description: `Due strictly before this instant (undated tasks excluded). ${DATE_TIME_HELP}`,
    }),
    jobId: t.id({ description: 'The tasks of this job of yours (another id matches nothing).' }),
  }),
});

const CreateTaskInput = builder.inputType('CreateTaskInput', {
  fields: (t) => ({
    title: t.string({ required: true, description: `1 to ${TASK_TITLE_MAX} characters.` }),
    dueAt: t.string({ description: DATE_TIME_HELP }),
    kind: t.field({ type: TaskKindValueScalar, description: 'Default: other.' }),
    jobId: t.id({ description: 'One of your jobs; NOT_FOUND (naming taskData.jobId) otherwise.' }),
  }),
});

const UpdateTaskInput = builder.inputType('UpdateTaskInput', {
  description: 'Only the fields given change; dueAt: null clears the due date, jobId: null detaches the task.',
  fields: (t) => ({
    title: t.string(),
    dueAt: t.string({ description: `${DATE_TIME_HELP} Or null.` }),
    kind: t.field({ type: TaskKindValueScalar }),
    jobId: t.id({ description: 'One of your jobs, or null.' }),
    completed: t.boolean({
      description: 'false reopens the task (completedAt: null); true completes it like completeTask.',
    }),
  }),
});

const TaskPayload = builder.objectRef<Outcome<TaskView>>('TaskPayload').implement({
  interfaces: [MutationPayload],
  fields: (t) => ({
    task: t.field({ type: TaskObject, nullable: true, resolve: (outcome) => outcome.value }),
  }),
});

const DeleteTaskPayload = builder.objectRef<Outcome<TaskView>>('DeleteTaskPayload').implement({
  interfaces: [MutationPayload],
  fields: (t) => ({
    deletedId: t.id({ nullable: true, resolve: (outcome) => outcome.value?.id ?? null }),
  }),
});

/**
 * After a task write, the jobs' task lists this request's loader may hold are stale (a document
 * can run several task mutations and read `task { job { tasks } }` after each): they are read again.
 */
async function forgettingTaskLists(context: GraphQLContext, write: () => Promise<TaskView>): Promise<TaskView> {
  const task = await write();
  context.loaders.get(tasksByJobLoader).clearAll();
  return task;
}

builder.queryField('tasks', (t) =>
  t.withAuth({ authenticated: true }).field({
    type: [TaskObject],
    description: `Your tasks. ${ORDER_HELP}`,
    args: { filter: t.arg({ type: TaskFilter }) },
    resolve: (_root, args, context) => context.services.tasks.list(context.viewer.userId, args.filter ?? {}),
  }),
);

builder.mutationFields((t) => ({
  createTask: t.withAuth({ authenticated: true }).field({
    type: TaskPayload,
    args: { taskData: t.arg({ type: CreateTaskInput, required: true }) },
    resolve: (_root, args, context) =>
      attempt(reminderMessage('Task created successfully'), () =>
        forgettingTaskLists(context, () => context.services.tasks.create(context.viewer.userId, args.taskData)),
      ),
  }),
  updateTask: t.withAuth({ authenticated: true }).field({
    type: TaskPayload,
    description: 'Only the fields given change; completed: false reopens a completed task.',
    args: { id: t.arg.id({ required: true }), taskData: t.arg({ type: UpdateTaskInput, required: true }) },
    resolve: (_root, args, context) =>
      attempt(reminderMessage('Task updated successfully'), () =>
        forgettingTaskLists(context, () =>
          context.services.tasks.update(context.viewer.userId, args.id, args.taskData),
        ),
      ),
  }),
  completeTask: t.withAuth({ authenticated: true }).field({
    type: TaskPayload,
    description:
      'Sets completedAt to now and cancels its due-date reminder; a task already completed keeps its first completion time.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, context) =>
      attempt('Task completed successfully', () =>
        forgettingTaskLists(context, () => context.services.tasks.complete(context.viewer.userId, args.id)),
      ),
  }),
  deleteTask: t.withAuth({ authenticated: true }).field({
    type: DeleteTaskPayload,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, context) =>
      attempt('Task deleted successfully', () =>
        forgettingTaskLists(context, () => context.services.tasks.delete(context.viewer.userId, args.id)),
      ),
  }),
}));
