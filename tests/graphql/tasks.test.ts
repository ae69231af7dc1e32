// Tasks over GraphQL, through the SDK client: the payloads, the fixed-set kind in both
// spellings, the filter, Job.tasks and Task.job, ownership, and the query plan (no N+1).
import { readFileSync } from 'node:fs';
import { isEnumType, isScalarType } from 'graphql';
import { beforeEach, describe, expect, it } from 'vitest';
import { TASK_KINDS } from '../../src/modules/tasks/index.ts';
import { schema } from '../../src/schema.ts';
import {
  CompleteTaskDocument,
  CreateTaskDocument,
  DeleteTaskDocument,
  JobsWithTasksDocument,
  TasksDocument,
  UpdateTaskDocument,
  type GraphQLResponse,
  type TasksQueryVariables,
} from '../../src/sdk/index.ts';
import { useSdkTestApp } from '../support/sdk.ts';
import type { TestUser } from '../support/test-app.ts';

const t = useSdkTestApp();
const MISSING_ID = '00000000-0000-4000-8000-00000000abcd';
const KIND_RULE = 'must be one of: follow_up, prepare, thank_you, other';

let ann: TestUser;
let bob: TestUser;
let annJobId: string;
beforeEach(async () => {
  [ann, bob] = await Promise.all([t.createUser(), t.createUser()]);
  annJobId = (await t.db.job.create({ data: { userId: ann.id, companyName: 'Acme', position: 'Engineer' } })).id;
});

// Each task is created a second after the previous one: two inserts in the same millisecond would
// tie on created_at and leave their order to their random ids.
let createdAt = Date.UTC(2024, 0, 1);
const task = (userId: string, data: { title?: string; jobId?: string; dueAt?: Date; completedAt?: Date } = {}) =>
  t.db.task.create({
    data: { userId, title: data.title ?? 'Task', createdAt: new Date((createdAt += 1000)), ...data },
  });

describe('the TaskKindValue scalar and the TaskKind enum', () => {
  it('the input is a scalar listing the values, the output an enum of the same values', () => {
    const scalar = schema.getType('TaskKindValue');
    expect(isScalarType(scalar)).toBe(true);
    expect(scalar?.description).toContain('One of: follow_up, prepare, thank_you, other');
    const output = schema.getType('TaskKind');
    expect(isEnumType(output) && output.getValues().map((value) => value.name)).toEqual([...TASK_KINDS].sort());
  });

  it('codegen.yml types TaskKindValue as the union of its values', () => {
    const line = /^\s*TaskKindValue:\s*"(.*)"\s*$/m.exec(readFileSync('codegen.yml', 'utf8'))?.[1];
    expect(line?.split('|').map((value) => value.trim().replace(/^'|'$/g, ''))).toEqual([...TASK_KINDS]);
  });
});

describe('createTask', () => {
  it('answers the task with its job, done false, kind other by default', async () => {
    const { createTask } = await t.sdk(ann.token).request(CreateTaskDocument, {
      taskData: { title: 'Send portfolio', dueAt: '2030-01-20T12:00:00+02:00', jobId: annJobId },
    });
    const row = await t.db.task.findFirstOrThrow({ where: { userId: ann.id } });
    expect(createTask).toEqual({
      success: true,
      message: 'Task created successfully',
      code: null,
      field: null,
      task: {
        id: row.id,
        title: 'Send portfolio',
        dueAt: '2030-01-20T10:00:00.000Z',
        completedAt: null,
        done: false,
        kind: 'other',
        createdAt: row.createdAt.toISOString(),
        updatedAt: row.updatedAt.toISOString(),
        job: expect.objectContaining({ id: annJobId, companyName: 'Acme' }),
      },
    });
  });

  it.each([
    ['quoted', 'kind: "follow_up"'],
    ['bare', 'kind: follow_up'],
  ])('takes a %s kind in a document, and a variable of type TaskKindValue', async (_spelling, kind) => {
    const literal = await t.graphql(
      `mutation { createTask(taskData: { title: "x", ${kind} }) { success task { kind } } }`,
      {
        token: ann.token,
      },
    );
    expect(literal.data).toEqual({ createTask: { success: true, task: { kind: 'follow_up' } } });
    const variable = await t.graphql(
      'mutation ($kind: TaskKindValue) { createTask(taskData: { title: "x", kind: $kind }) { success task { kind } } }',
      { token: ann.token, variables: { kind: 'thank_you' } },
    );
    expect(variable.data).toEqual({ createTask: { success: true, task: { kind: 'thank_you' } } });
  });

  it.each([
    ['a quoted unknown kind', 'kind: "chore"'],
    ['a bare unknown kind', 'kind: chore'],
    ['a number', 'kind: 3'],
  ])(
    'answers 400 BAD_USER_INPUT naming taskData.kind and listing the values for %s; stores nothing',
    async (_case, kind) => {
      const { status, data, errors } = await t.graphql(
        `mutation { createTask(taskData: { title: "x", ${kind} }) { success } }`,
        { token: ann.token },
      );
      expect(status).toBe(400);
      expect(data).toBeUndefined();
      expect(errors).toMatchObject([
        { message: `taskData.kind ${KIND_RULE}`, extensions: { code: 'BAD_USER_INPUT', field: 'taskData.kind' } },
      ]);
      expect(await t.db.task.count({ where: { userId: ann.id } })).toBe(0);
    },
  );

  it('an unknown kind in the SDK’s variables is BAD_USER_INPUT naming taskData.kind', async () => {
    const { status, errors } = await t.sdk(ann.token).execute(CreateTaskDocument, {
      taskData: { title: 'x', kind: 'chore' as 'other' },
    });
    expect(status).toBe(400);
    expect(errors).toMatchObject([
      { message: `taskData.kind ${KIND_RULE}`, extensions: { code: 'BAD_USER_INPUT', field: 'taskData.kind' } },
    ]);
    expect(await t.db.task.count({ where: { userId: ann.id } })).toBe(0);
  });

  it.each([
    [{ title: '' }, 'taskData.title', 'must not be empty'],
    [{ title: 'x'.repeat(201) }, 'taskData.title', 'must be at most 200 characters'],
    [
      { title: 'x', dueAt: '2030-01-20' },
      'taskData.dueAt',
      'must be an ISO 8601 date-time with a time zone, e.g. 2024-01-20T10:00:00Z',
    ],
    [{ title: 'x', jobId: 'nope' }, 'taskData.jobId', 'must be a UUID'],
  ])('refuses %j with success false naming %s', async (taskData, field, problem) => {
    const { createTask } = await t.sdk(ann.token).request(CreateTaskDocument, { taskData });
    expect(createTask).toEqual({
      success: false,
      message: `${field} ${problem}`,
      code: 'BAD_USER_INPUT',
      field,
      task: null,
    });
  });

  it("on another user's job answers NOT_FOUND naming taskData.jobId, exactly like a missing job", async () => {
    const send = (jobId: string) =>
      t.sdk(bob.token).execute(CreateTaskDocument, { taskData: { title: 'Pwned', jobId } });
    const forAnn = await send(annJobId);
    expect(forAnn).toEqual(await send(MISSING_ID));
    expect(forAnn.data?.createTask).toEqual({
      success: false,
      message: 'Job not found',
      code: 'NOT_FOUND',
      field: 'taskData.jobId',
      task: null,
    });
    expect(await t.db.task.count({ where: { userId: bob.id } })).toBe(0);
  });
});

describe('updateTask, completeTask, deleteTask', () => {
  it('update changes only the fields given; null clears dueAt and jobId; completed false reopens', async () => {
    const api = t.sdk(ann.token);
    const created = await task(ann.id, { jobId: annJobId, dueAt: new Date('2030-01-01T00:00:00Z'), title: 'Prep' });
    const renamed = await api.request(UpdateTaskDocument, {
      id: created.id,
      taskData: { title: 'Prepare', kind: 'prepare' },
    });
    expect(renamed.updateTask.task).toMatchObject({
      title: 'Prepare',
      kind: 'prepare',
      dueAt: '2030-01-01T00:00:00.000Z',
      job: { id: annJobId },
    });
    const cleared = await api.request(UpdateTaskDocument, { id: created.id, taskData: { dueAt: null, jobId: null } });
    expect(cleared.updateTask).toMatchObject({
      success: true,
      message: 'Task updated successfully',
      task: { title: 'Prepare', dueAt: null, job: null },
    });
    const completed = await api.request(CompleteTaskDocument, { id: created.id });
    expect(completed.completeTask.task).toMatchObject({ done: true, completedAt: expect.any(String) });
    const reopened = await api.request(UpdateTaskDocument, { id: created.id, taskData: { completed: false } });
    expect(reopened.updateTask.task).toMatchObject({ done: false, completedAt: null, title: 'Prepare' });
  });

  it('completing twice keeps the first completion time', async () => {
    const api = t.sdk(ann.token);
    const created = await task(ann.id);
    const first = await api.request(CompleteTaskDocument, { id: created.id });
    expect(first.completeTask).toMatchObject({ success: true, message: 'Task completed successfully' });
    const second = await api.request(CompleteTaskDocument, { id: created.id });
    expect(second.completeTask.task!.completedAt).toBe(first.completeTask.task!.completedAt);
    const row = await t.db.task.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.completedAt!.toISOString()).toBe(first.completeTask.task!.completedAt);
  });

  it('delete answers the deleted id; a second delete is NOT_FOUND', async () => {
    const api = t.sdk(ann.token);
    const created = await task(ann.id);
    expect((await api.request(DeleteTaskDocument, { id: created.id })).deleteTask).toEqual({
      success: true,
      message: 'Task deleted successfully',
      code: null,
      field: null,
      deletedId: created.id,
    });
    expect((await api.request(DeleteTaskDocument, { id: created.id })).deleteTask).toMatchObject({
      success: false,
      code: 'NOT_FOUND',
      deletedId: null,
    });
  });

  it("Bob using Ann's task id answers exactly like a missing id, and changes nothing", async () => {
    const annTask = await task(ann.id, { jobId: annJobId, title: 'Ann only' });
    const asBob = t.sdk(bob.token);
    const sends: [string, (id: string) => Promise<GraphQLResponse<Record<string, unknown>>>][] = [
      ['updateTask', (id) => asBob.execute(UpdateTaskDocument, { id, taskData: { title: 'Pwned', completed: true } })],
      ['completeTask', (id) => asBob.execute(CompleteTaskDocument, { id })],
      ['deleteTask', (id) => asBob.execute(DeleteTaskDocument, { id })],
    ];
    for (const [field, send] of sends) {
      const forAnn = await send(annTask.id);
      expect(forAnn, field).toEqual(await send(MISSING_ID));
      expect(forAnn.data?.[field], field).toMatchObject({
        success: false,
        code: 'NOT_FOUND',
        message: 'Task not found',
      });
    }
    expect(await t.db.task.findUniqueOrThrow({ where: { id: annTask.id } })).toEqual(annTask);
  });
});

describe('tasks', () => {
  it('lists soonest due first, undated last, and filters combined', async () => {
    const otherJob = await t.db.job.create({ data: { userId: ann.id, companyName: 'Globex', position: 'Dev' } });
    const undated = await task(ann.id, { jobId: annJobId, title: 'undated' });
    const late = await task(ann.id, { jobId: annJobId, dueAt: new Date('2030-03-01T00:00:00Z'), title: 'late' });
    const soonDone = await task(ann.id, {
      jobId: annJobId,
      dueAt: new Date('2030-01-01T00:00:00Z'),
      completedAt: new Date('2029-12-01T00:00:00Z'),
      title: 'soon done',
    });
    const other = await task(ann.id, { jobId: otherJob.id, dueAt: new Date('2030-02-01T00:00:00Z'), title: 'other' });
    await task(bob.id, { title: 'Bob only', dueAt: new Date('2020-01-01T00:00:00Z') });
    const api = t.sdk(ann.token);
    const titles = async (variables: TasksQueryVariables = {}) =>
      (await api.request(TasksDocument, variables)).tasks.map((row) => row.title);

    expect(await titles()).toEqual([soonDone.title, other.title, late.title, undated.title]);
    expect(await titles({ filter: { done: false } })).toEqual([other.title, late.title, undated.title]);
    expect(await titles({ filter: { done: true } })).toEqual([soonDone.title]);
    expect(await titles({ filter: { jobId: annJobId, done: false } })).toEqual([late.title, undated.title]);
    expect(await titles({ filter: { jobId: annJobId, done: false, dueBefore: '2030-03-01T00:00:00Z' } })).toEqual([]);
    expect(await titles({ filter: { jobId: annJobId, dueBefore: '2030-03-01T00:00:00.001Z' } })).toEqual([
      soonDone.title,
      late.title,
    ]);
    expect(await titles({ filter: { done: null, dueBefore: null, jobId: null } })).toEqual(await titles());

    const { tasks } = await api.request(TasksDocument, { filter: { jobId: otherJob.id } });
    expect(tasks).toEqual([
      expect.objectContaining({ id: other.id, done: false, job: expect.objectContaining({ id: otherJob.id }) }),
    ]);
  });

  it("another user's jobId answers an empty list, exactly like a missing one", async () => {
    await task(ann.id, { jobId: annJobId });
    const asBob = t.sdk(bob.token);
    const forAnn = await asBob.execute(TasksDocument, { filter: { jobId: annJobId } });
    expect(forAnn).toEqual(await asBob.execute(TasksDocument, { filter: { jobId: MISSING_ID } }));
    expect(forAnn.data).toEqual({ tasks: [] });
  });

  it.each([
    [
      { dueBefore: '2030-01-01' },
      'filter.dueBefore',
      'must be an ISO 8601 date-time with a time zone, e.g. 2024-01-20T10:00:00Z',
    ],
    [
      { dueBefore: 'soon' },
      'filter.dueBefore',
      'must be an ISO 8601 date-time with a time zone, e.g. 2024-01-20T10:00:00Z',
    ],
    [{ jobId: 'nope' }, 'filter.jobId', 'must be a UUID'],
  ])('a bad filter %j is BAD_USER_INPUT naming %s', async (filter, field, problem) => {
    const { data, errors } = await t.sdk(ann.token).execute(TasksDocument, { filter });
    expect(data).toBeNull();
    expect(errors).toMatchObject([{ message: `${field} ${problem}`, extensions: { code: 'BAD_USER_INPUT', field } }]);
  });
});

describe('Job.tasks and Task.job', () => {
  it('a job lists its tasks in the tasks order, embedded and batched alike', async () => {
    const dated = await task(ann.id, { jobId: annJobId, dueAt: new Date('2030-01-01T00:00:00Z') });
    const undated = await task(ann.id, { jobId: annJobId });
    await task(ann.id, { title: 'loose' });
    const { jobs } = await t.sdk(ann.token).request(JobsWithTasksDocument);
    expect(jobs.map((job) => job.tasks.map((row) => row.id))).toEqual([[dated.id, undated.id]]);
    // Through Task.job the tasks come from the loader rather than the embed: the same rows.
    const viaLoader = await t.graphql<{ tasks: { job: { tasks: unknown[] } | null }[] }>(
      '{ tasks { job { tasks { id title dueAt completedAt done kind createdAt updatedAt } } } }',
      { token: ann.token },
    );
    expect(viaLoader.errors).toBeUndefined();
    const { job: _job, ...fields } = (await t.sdk(ann.token).request(TasksDocument)).tasks[0]!;
    expect(viaLoader.data!.tasks[0]!.job!.tasks[0]).toEqual(fields);
    expect(viaLoader.data!.tasks[0]!.job!.tasks).toEqual(jobs[0]!.tasks);
    expect(viaLoader.data!.tasks.map((row) => row.job === null)).toEqual([false, false, true]);
  });
});

describe('several task mutations in one document', () => {
  it("each answer's job lists its tasks as they are after that mutation, not as loaded before", async () => {
    const first = await task(ann.id, { jobId: annJobId, title: 'first', dueAt: new Date('2030-01-01T00:00:00Z') });
    const { data, errors } = await t.graphql<Record<string, { task: { job: { tasks: unknown[] } } }>>(
      `mutation ($jobId: ID!, $id: ID!) {
        a: createTask(taskData: { title: "second", jobId: $jobId }) { task { job { tasks { title done } } } }
        b: completeTask(id: $id) { task { job { tasks { title done } } } }
        c: updateTask(id: $id, taskData: { jobId: null }) { task { id } }
        d: createTask(taskData: { title: "third", jobId: $jobId }) { task { job { tasks { title done } } } }
      }`,
      { token: ann.token, variables: { jobId: annJobId, id: first.id } },
    );
    expect(errors).toBeUndefined();
    expect(data!.a!.task.job.tasks).toEqual([
      { title: 'first', done: false },
      { title: 'second', done: false },
    ]);
    expect(data!.b!.task.job.tasks).toEqual([
      { title: 'first', done: true },
      { title: 'second', done: false },
    ]);
    expect(data!.d!.task.job.tasks).toEqual([
      { title: 'second', done: false },
      { title: 'third', done: false },
    ]);
  });
});

describe('the query plan has no N+1', () => {
  async function statementsFor(jobCount: number, query: string): Promise<number> {
    const owner = await t.createUser();
    for (let index = 0; index < jobCount; index += 1) {
      await t.db.job.create({
        data: {
          userId: owner.id,
          companyName: `Company ${index}`,
          position: 'Engineer',
          tasks: {
            create: [
              { userId: owner.id, title: 'a' },
              { userId: owner.id, title: 'b', dueAt: new Date() },
            ],
          },
        },
      });
    }
    t.sqlStatements.length = 0;
    const { status, errors, data } = await t.graphql<Record<string, unknown[]>>(query, { token: owner.token });
    const statements = t.sqlStatements.length;
    expect(status).toBe(200);
    expect(errors).toBeUndefined();
    expect(Object.values(data!)[0]).toHaveLength(query.includes('jobs') ? jobCount : jobCount * 2);
    return statements;
  }

  it('jobs { tasks { job { id } } } runs as many statements for 100 jobs as for 10', async () => {
    const query = '{ jobs(limit: 500) { id tasks { id job { id } } } }';
    const forTen = await statementsFor(10, query);
    expect(await statementsFor(100, query)).toBe(forTen);
    // The account check, the jobs with their tasks, the tasks' jobs.
    expect(forTen).toBe(3);
  });

  it('tasks { job { id } } runs as many statements for 200 tasks as for 20', async () => {
    const query = '{ tasks { id job { id tasks { id } } } }';
    const forTen = await statementsFor(10, query);
    expect(await statementsFor(100, query)).toBe(forTen);
    // The account check, the tasks, their jobs, those jobs' tasks.
    expect(forTen).toBe(4);
  });
});
