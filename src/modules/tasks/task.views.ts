// What the API answers for a task: a plain object shaped like the GraphQL type, dates in their
// wire format, built in PostgreSQL as JSON for reads (see jobs/job.views.ts for the why).
import { Prisma, type Task } from '../../generated/prisma/client.ts';
import type { TaskKind } from '../../generated/prisma/enums.ts';
import { isoDateTime, type IsoDateTime } from '../../lib/sql-json.ts';
import type { JobEmbed, JobView } from '../jobs/index.ts';

export interface TaskView {
  id: string;
  jobId: string | null;
  title: string;
  dueAt: IsoDateTime | null;
  completedAt: IsoDateTime | null;
  kind: TaskKind;
  createdAt: IsoDateTime;
  updatedAt: IsoDateTime;
}

/** A job as a read answers it when `tasksEmbed` was asked for: its tasks, in the tasks order. */
export type JobWithTasks = JobView & { tasks?: TaskView[] };

export function toTaskView(task: Task): TaskView {
  return {
    id: task.id,
    jobId: task.jobId,
    title: task.title,
    dueAt: task.dueAt?.toISOString() ?? null,
    completedAt: task.completedAt?.toISOString() ?? null,
    kind: task.kind,
    createdAt: task.createdAt.toISOString(),
    updatedAt: task.updatedAt.toISOString(),
  };
}

// ---------------------------------------------------------------- SQL that builds the views

/** A task of alias `t` as a JSON object. */
export const TASK_JSON = Prisma.sql`json_build_object(
  'id', t.id, 'jobId', t.job_id, 'title', t.title, 'dueAt', ${isoDateTime('t.due_at')},
  'completedAt', ${isoDateTime('t.completed_at')}, 'kind', t.kind,
  'createdAt', ${isoDateTime('t.created_at')}, 'updatedAt', ${isoDateTime('t.updated_at')})`;

/** The one order of every task list: soonest due first, undated last, then oldest, then id. */
export const TASK_ORDER = Prisma.sql`t.due_at ASC NULLS LAST, t.created_at, t.id`;

/** The tasks of the job of alias `j`, as a JSON array (index tasks_job_id_due_at_id_idx). */
export const TASKS_OF_JOB_JSON = Prisma.sql`coalesce(
  (SELECT json_agg(${TASK_JSON} ORDER BY ${TASK_ORDER}) FROM tasks t WHERE t.job_id = j.id AND t.user_id = j.user_id),
  '[]'::json)`;

/** `Job.tasks` loaded with the job, in the same statement, when a read asks for it. */
export const tasksEmbed: JobEmbed = { field: 'tasks', json: TASKS_OF_JOB_JSON };
