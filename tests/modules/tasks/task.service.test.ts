// TaskService's own rules, called directly over this file's database: a task belongs to its user
// (another user's task or job fails NOT_FOUND exactly like a missing one, and changes nothing),
// bad input fails BAD_USER_INPUT naming the field and stores nothing, partial updates, the
// completion clock, the filters and the one order of every list.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { TaskService } from '../../../src/modules/tasks/index.ts';
import { createServices } from '../../../src/services.ts';
import { appError, expectInvalidInput, useTestServices } from '../../support/services.ts';
import type { TestUser } from '../../support/test-app.ts';

const { t, services } = useTestServices();
const MISSING_ID = '00000000-0000-4000-8000-00000000abcd';

let ann: TestUser;
let bob: TestUser;
let annJobId: string;
let bobJobId: string;
beforeEach(async () => {
  [ann, bob] = await Promise.all([t.createUser(), t.createUser()]);
  annJobId = (await t.db.job.create({ data: { userId: ann.id, companyName: 'Acme', position: 'Engineer' } })).id;
  bobJobId = (await t.db.job.create({ data: { userId: bob.id, companyName: 'Bob Co', position: 'Dev' } })).id;
});

/** A service whose clock reads `clock.now`, so that completion times are known. */
function pinnedClock(start: string) {
  const clock = { now: new Date(start) };
  return { clock, tasks: new TaskService(t.db, { now: () => clock.now }) };
}

const task = (
  userId: string,
  data: { title?: string; jobId?: string | null; dueAt?: Date | null; completedAt?: Date; createdAt?: Date } = {},
) => t.db.task.create({ data: { userId, title: data.title ?? 'Task', ...data } });

const tasksOf = (userId: string) => t.db.task.findMany({ where: { userId }, orderBy: { id: 'asc' } });

/** NOT_FOUND with the same code, message and field whether the row is someone else's or missing. */
async function expectNotFoundAlike(
  forOthers: () => Promise<unknown>,
  forMissing: () => Promise<unknown>,
  what: string,
  field?: string,
) {
  const others = await appError(forOthers());
  const missing = await appError(forMissing());
  expect({ code: others.code, message: others.message, field: others.field }).toEqual({
    code: 'NOT_FOUND',
    message: `${what} not found`,
    field,
  });
  expect({ code: missing.code, message: missing.message, field: missing.field }).toEqual({
    code: others.code,
    message: others.message,
    field: others.field,
  });
}

describe('create', () => {
  it('stores a trimmed title, the due instant in UTC, kind other by default, no job, not done', async () => {
    const created = await services.tasks.create(ann.id, { title: '  Send CV  ', dueAt: '2030-01-20T12:00:00+02:00' });
    expect(created).toMatchObject({
      title: 'Send CV',
      dueAt: '2030-01-20T10:00:00.000Z',
      kind: 'other',
      jobId: null,
      completedAt: null,
    });
    const row = await t.db.task.findUniqueOrThrow({ where: { id: created.id } });
    expect(row).toMatchObject({ userId: ann.id, dueAt: new Date('2030-01-20T10:00:00Z'), kind: 'other' });
  });

  it('takes a kind and one of the caller’s jobs', async () => {
    const created = await services.tasks.create(ann.id, { title: 'Thank them', kind: 'thank_you', jobId: annJobId });
    expect(created).toMatchObject({ kind: 'thank_you', jobId: annJobId, dueAt: null });
    expect(await services.tasks.create(ann.id, { title: 'x', kind: null, jobId: null, dueAt: null })).toMatchObject({
      kind: 'other',
      jobId: null,
      dueAt: null,
    });
  });

  it("another user's job fails NOT_FOUND naming taskData.jobId like a missing job, and stores nothing", async () => {
    await expectNotFoundAlike(
      () => services.tasks.create(ann.id, { title: 'sneaky', jobId: bobJobId }),
      () => services.tasks.create(ann.id, { title: 'sneaky', jobId: MISSING_ID }),
      'Job',
      'taskData.jobId',
    );
    expect(await t.db.task.count({ where: { userId: ann.id } })).toBe(0);
  });

  const DATE_TIME_RULE = 'must be an ISO 8601 date-time with a time zone, e.g. 2024-01-20T10:00:00Z';
  it.each([
    [{}, 'taskData.title', 'must be a string'],
    [{ title: '   ' }, 'taskData.title', 'must not be empty'],
    [{ title: 'x'.repeat(201) }, 'taskData.title', 'must be at most 200 characters'],
    [{ title: 'a\u0000b' }, 'taskData.title', 'must be valid Unicode text without NUL characters'],
    [{ title: 'x', dueAt: '2030-01-20' }, 'taskData.dueAt', DATE_TIME_RULE],
    [{ title: 'x', dueAt: '2030-01-20T10:00:00' }, 'taskData.dueAt', DATE_TIME_RULE],
    [
      { title: 'x', dueAt: '0000-12-31T23:00:00Z' },
      'taskData.dueAt',
      'must be an instant between 0001-01-01 and 9999-12-31 in UTC (its time zone counted), e.g. 2024-01-20T10:00:00Z',
    ],
    [{ title: 'x', kind: 'chore' }, 'taskData.kind', 'must be one of: follow_up, prepare, thank_you, other'],
    [{ title: 'x', jobId: 'nope' }, 'taskData.jobId', 'must be a UUID'],
  ])('refuses %j naming %s, and stores nothing', async (input, field, message) => {
    await expectInvalidInput(services.tasks.create(ann.id, input), field, message);
    expect(await t.db.task.count({ where: { userId: ann.id } })).toBe(0);
  });

  it('a title of exactly 200 characters is accepted', async () => {
    expect((await services.tasks.create(ann.id, { title: 'x'.repeat(200) })).title).toHaveLength(200);
  });
});

describe('update', () => {
  it('changes only the fields given; null clears dueAt and jobId', async () => {
    const created = await services.tasks.create(ann.id, {
      title: 'Prepare',
      kind: 'prepare',
      dueAt: '2030-01-20T10:00:00Z',
      jobId: annJobId,
    });
    expect(await services.tasks.update(ann.id, created.id, { title: 'Prepare well' })).toMatchObject({
      title: 'Prepare well',
      kind: 'prepare',
      dueAt: '2030-01-20T10:00:00.000Z',
      jobId: annJobId,
    });
    expect(await services.tasks.update(ann.id, created.id, { dueAt: null, jobId: null })).toMatchObject({
      title: 'Prepare well',
      kind: 'prepare',
      dueAt: null,
      jobId: null,
    });
    const otherJob = await t.db.job.create({ data: { userId: ann.id, companyName: 'Globex', position: 'Dev' } });
    expect(await services.tasks.update(ann.id, created.id, { jobId: otherJob.id, kind: 'follow_up' })).toMatchObject({
      jobId: otherJob.id,
      kind: 'follow_up',
    });
  });

  it('completed: true completes with the clock, keeping an earlier time; completed: false reopens', async () => {
    const { clock, tasks } = pinnedClock('2030-01-01T09:00:00Z');
    const created = await tasks.create(ann.id, { title: 'Follow up' });
    expect((await tasks.update(ann.id, created.id, { completed: true })).completedAt).toBe('2030-01-01T09:00:00.000Z');
    clock.now = new Date('2030-01-02T09:00:00Z');
    expect((await tasks.update(ann.id, created.id, { completed: true, title: 'Followed up' })).completedAt).toBe(
      '2030-01-01T09:00:00.000Z',
    );
    expect(await tasks.update(ann.id, created.id, { completed: false })).toMatchObject({
      title: 'Followed up',
      completedAt: null,
    });
    expect((await tasks.update(ann.id, created.id, { completed: true })).completedAt).toBe('2030-01-02T09:00:00.000Z');
  });

  it("another user's task fails NOT_FOUND like a missing one, and stays as it was", async () => {
    const annTask = await task(ann.id, { jobId: annJobId, title: 'Ann only' });
    await expectNotFoundAlike(
      () => services.tasks.update(bob.id, annTask.id, { title: 'changed', completed: true }),
      () => services.tasks.update(bob.id, MISSING_ID, { title: 'changed', completed: true }),
      'Task',
    );
    expect(await tasksOf(ann.id)).toEqual([annTask]);
  });

  it("moving a task to another user's job fails NOT_FOUND naming taskData.jobId, like a missing job", async () => {
    const annTask = await task(ann.id, { jobId: annJobId });
    await expectNotFoundAlike(
      () => services.tasks.update(ann.id, annTask.id, { jobId: bobJobId, title: 'moved' }),
      () => services.tasks.update(ann.id, annTask.id, { jobId: MISSING_ID, title: 'moved' }),
      'Job',
      'taskData.jobId',
    );
    expect(await tasksOf(ann.id)).toEqual([annTask]);
  });

  it('bad input fails naming the field and changes nothing', async () => {
    const annTask = await task(ann.id);
    await expectInvalidInput(services.tasks.update(ann.id, 'nope', { title: 'x' }), 'id', 'must be a UUID');
    await expectInvalidInput(
      services.tasks.update(ann.id, annTask.id, { title: '' }),
      'taskData.title',
      'must not be empty',
    );
    await expectInvalidInput(
      services.tasks.update(ann.id, annTask.id, { title: null }),
      'taskData.title',
      'must not be null',
    );
    await expectInvalidInput(
      services.tasks.update(ann.id, annTask.id, { kind: null }),
      'taskData.kind',
      'must be one of: follow_up, prepare, thank_you, other',
    );
    await expectInvalidInput(
      services.tasks.update(ann.id, annTask.id, { dueAt: 'tomorrow' }),
      'taskData.dueAt',
      'must be an ISO 8601 date-time with a time zone, e.g. 2024-01-20T10:00:00Z',
    );
    await expectInvalidInput(
      services.tasks.update(ann.id, annTask.id, { jobId: 'nope' }),
      'taskData.jobId',
      'must be a UUID',
    );
    await expectInvalidInput(
      services.tasks.update(ann.id, annTask.id, { completed: 'yes' }),
      'taskData.completed',
      'must be a boolean',
    );
    expect(await tasksOf(ann.id)).toEqual([annTask]);
  });
});

describe('complete', () => {
  it('sets completedAt from the clock; completing again keeps the first time and touches nothing', async () => {
    const { clock, tasks } = pinnedClock('2030-03-01T08:00:00Z');
    const created = await tasks.create(ann.id, { title: 'Call' });
    const first = await tasks.complete(ann.id, created.id);
    expect(first).toMatchObject({ id: created.id, completedAt: '2030-03-01T08:00:00.000Z', title: 'Call' });
    expect(first.updatedAt).toBe('2030-03-01T08:00:00.000Z');
    clock.now = new Date('2030-03-05T08:00:00Z');
    expect(await tasks.complete(ann.id, created.id)).toEqual(first);
    expect((await t.db.task.findUniqueOrThrow({ where: { id: created.id } })).completedAt).toEqual(
      new Date('2030-03-01T08:00:00Z'),
    );
  });

  it("the composition root hands the services' clock to the tasks service", async () => {
    const tasks = createServices({ ...t.deps, now: () => new Date('2031-05-05T05:05:05.005Z') }).tasks;
    const created = await tasks.create(ann.id, { title: 'Call' });
    expect((await tasks.complete(ann.id, created.id)).completedAt).toBe('2031-05-05T05:05:05.005Z');
  });

  it('answers the task as a read does', async () => {
    const created = await services.tasks.create(ann.id, {
      title: 'Call',
      jobId: annJobId,
      dueAt: '2030-01-01T00:00:00Z',
    });
    const completed = await services.tasks.complete(ann.id, created.id);
    const [listed] = await services.tasks.list(ann.id);
    expect(completed).toEqual(listed);
    expect(completed).toMatchObject({ jobId: annJobId, kind: 'other', dueAt: '2030-01-01T00:00:00.000Z' });
  });

  it("another user's task fails NOT_FOUND like a missing one and stays open; a malformed id names id", async () => {
    const annTask = await task(ann.id);
    await expectNotFoundAlike(
      () => services.tasks.complete(bob.id, annTask.id),
      () => services.tasks.complete(bob.id, MISSING_ID),
      'Task',
    );
    expect(await tasksOf(ann.id)).toEqual([annTask]);
    await expectInvalidInput(services.tasks.complete(ann.id, 'nope'), 'id', 'must be a UUID');
  });
});

describe('delete', () => {
  it('answers the deleted task; a second delete is NOT_FOUND', async () => {
    const annTask = await task(ann.id, { title: 'Ann only' });
    expect(await services.tasks.delete(ann.id, annTask.id)).toMatchObject({ id: annTask.id, title: 'Ann only' });
    expect((await appError(services.tasks.delete(ann.id, annTask.id))).code).toBe('NOT_FOUND');
    expect(await t.db.task.count({ where: { id: annTask.id } })).toBe(0);
  });

  it("another user's task fails NOT_FOUND like a missing one and stays; a malformed id names id", async () => {
    const annTask = await task(ann.id);
    await expectNotFoundAlike(
      () => services.tasks.delete(bob.id, annTask.id),
      () => services.tasks.delete(bob.id, MISSING_ID),
      'Task',
    );
    expect(await tasksOf(ann.id)).toEqual([annTask]);
    await expectInvalidInput(services.tasks.delete(ann.id, 'nope'), 'id', 'must be a UUID');
  });

  it("deleting the job deletes its tasks, not the user's other tasks", async () => {
    await task(ann.id, { jobId: annJobId });
    const loose = await task(ann.id);
    await services.jobs.delete(ann.id, annJobId);
    expect((await tasksOf(ann.id)).map((row) => row.id)).toEqual([loose.id]);
  });
});

describe('list', () => {
  it('orders by dueAt (undated last), then createdAt, then id; only the owner’s tasks', async () => {
    const created = (iso: string) => new Date(iso);
    const undatedOld = await task(ann.id, { title: 'undated old', createdAt: created('2024-01-01T00:00:00Z') });
    const undatedNew = await task(ann.id, { title: 'undated new', createdAt: created('2024-01-05T00:00:00Z') });
    const late = await task(ann.id, { title: 'late', dueAt: created('2030-06-01T00:00:00Z') });
    const sameDue = created('2030-01-01T00:00:00Z');
    const tieNewer = await task(ann.id, {
      title: 'tie newer',
      dueAt: sameDue,
      createdAt: created('2024-02-02T00:00:00Z'),
    });
    const tieOlder = await task(ann.id, {
      title: 'tie older',
      dueAt: sameDue,
      createdAt: created('2024-02-01T00:00:00Z'),
    });
    const sameCreated = created('2024-03-01T00:00:00Z');
    const soon = [
      await task(ann.id, { title: 'soon', dueAt: created('2029-01-01T00:00:00Z'), createdAt: sameCreated }),
      await task(ann.id, { title: 'soon', dueAt: created('2029-01-01T00:00:00Z'), createdAt: sameCreated }),
    ].sort((a, b) => (a.id < b.id ? -1 : 1));
    await task(bob.id, { title: 'Bob only', dueAt: created('2020-01-01T00:00:00Z') });
    const listed = await services.tasks.list(ann.id);
    expect(listed.map((row) => row.id)).toEqual([
      ...soon.map((row) => row.id),
      tieOlder.id,
      tieNewer.id,
      late.id,
      undatedOld.id,
      undatedNew.id,
    ]);
    expect(await services.tasks.list(ann.id, {})).toEqual(listed);
    expect(await services.tasks.list(ann.id, { done: null, dueBefore: null, jobId: null })).toEqual(listed);
  });

  it('filters by done, dueBefore (strictly before, undated excluded) and jobId, combined', async () => {
    const otherJob = await t.db.job.create({ data: { userId: ann.id, companyName: 'Globex', position: 'Dev' } });
    const due = (iso: string) => new Date(iso);
    const doneEarly = await task(ann.id, {
      jobId: annJobId,
      dueAt: due('2030-01-01T00:00:00Z'),
      completedAt: due('2029-12-01T00:00:00Z'),
    });
    const openEarly = await task(ann.id, { jobId: annJobId, dueAt: due('2030-01-02T00:00:00Z') });
    const openAtCutoff = await task(ann.id, { jobId: annJobId, dueAt: due('2030-02-01T00:00:00Z') });
    const openUndated = await task(ann.id, { jobId: annJobId });
    const otherJobOpen = await task(ann.id, { jobId: otherJob.id, dueAt: due('2030-01-03T00:00:00Z') });
    const looseDone = await task(ann.id, { completedAt: due('2029-12-02T00:00:00Z') });
    const ids = async (filter: Parameters<typeof services.tasks.list>[1]) =>
      (await services.tasks.list(ann.id, filter)).map((row) => row.id);

    expect(await ids({ done: true })).toEqual([doneEarly.id, looseDone.id]);
    expect(await ids({ done: false })).toEqual([openEarly.id, otherJobOpen.id, openAtCutoff.id, openUndated.id]);
    expect(await ids({ dueBefore: '2030-02-01T00:00:00Z' })).toEqual([doneEarly.id, openEarly.id, otherJobOpen.id]);
    // The cut-off's time zone counts: 01:00+01:00 is midnight UTC.
    expect(await ids({ dueBefore: '2030-02-01T01:00:00.001+01:00' })).toEqual([
      doneEarly.id,
      openEarly.id,
      otherJobOpen.id,
      openAtCutoff.id,
    ]);
    expect(await ids({ jobId: annJobId })).toEqual([doneEarly.id, openEarly.id, openAtCutoff.id, openUndated.id]);
    expect(await ids({ jobId: annJobId, done: false })).toEqual([openEarly.id, openAtCutoff.id, openUndated.id]);
    expect(await ids({ jobId: annJobId, done: false, dueBefore: '2030-02-01T00:00:00Z' })).toEqual([openEarly.id]);
    expect(await ids({ done: true, dueBefore: '2030-02-01T00:00:00Z' })).toEqual([doneEarly.id]);
    expect(await ids({ jobId: otherJob.id, done: true })).toEqual([]);
  });

  it("another user's jobId gives an empty list, like a missing one", async () => {
    await task(bob.id, { jobId: bobJobId });
    await task(ann.id, { jobId: annJobId });
    expect(await services.tasks.list(ann.id, { jobId: bobJobId })).toEqual([]);
    expect(await services.tasks.list(ann.id, { jobId: MISSING_ID })).toEqual([]);
    expect(await services.tasks.list(bob.id, { jobId: annJobId })).toEqual([]);
  });

  it('a bad filter fails naming the field', async () => {
    await expectInvalidInput(
      services.tasks.list(ann.id, { dueBefore: '2030-01-01' }),
      'filter.dueBefore',
      'must be an ISO 8601 date-time with a time zone, e.g. 2024-01-20T10:00:00Z',
    );
    await expectInvalidInput(services.tasks.list(ann.id, { jobId: 'nope' }), 'filter.jobId', 'must be a UUID');
    await expectInvalidInput(services.tasks.list(ann.id, { done: 'yes' }), 'filter.done', 'must be a boolean');
  });

  it("listForJobs answers every job asked for, with only the owner's tasks, in the list order", async () => {
    const emptyJob = await t.db.job.create({ data: { userId: ann.id, companyName: 'Empty', position: 'Dev' } });
    await task(bob.id, { jobId: bobJobId });
    const undated = await task(ann.id, { jobId: annJobId });
    const dated = await task(ann.id, { jobId: annJobId, dueAt: new Date('2030-01-01T00:00:00Z') });
    await task(ann.id);
    const byJob = await services.tasks.listForJobs(ann.id, [annJobId, emptyJob.id, bobJobId]);
    expect([...byJob.keys()]).toEqual([annJobId, emptyJob.id, bobJobId]);
    expect(byJob.get(annJobId)!.map((row) => row.id)).toEqual([dated.id, undated.id]);
    expect(byJob.get(emptyJob.id)).toEqual([]);
    expect(byJob.get(bobJobId)).toEqual([]);
  });

  it('reads and writes answer a task alike, to the millisecond', async () => {
    const created = await services.tasks.create(ann.id, {
      title: 'Prepare',
      kind: 'prepare',
      jobId: annJobId,
      dueAt: '2030-01-20T10:00:00.5+01:00',
    });
    expect(await services.tasks.list(ann.id)).toEqual([created]);
    expect((await services.tasks.listForJobs(ann.id, [annJobId])).get(annJobId)).toEqual([created]);
  });
});

describe('the query plan', () => {
  it('list is one statement that reads the (user_id, due_at, id) index', async () => {
    // Enough other users' tasks that a scan of the table costs more than the index.
    const others = await Promise.all(Array.from({ length: 20 }, () => t.createUser()));
    await t.db.task.createMany({
      data: others.flatMap((other) =>
        Array.from({ length: 250 }, (_, index) => ({
          userId: other.id,
          title: `Task ${index}`,
          dueAt: new Date(Date.UTC(2030, 0, 1 + (index % 300))),
        })),
      ),
    });
    for (let index = 0; index < 5; index += 1) await task(ann.id, { dueAt: new Date(Date.UTC(2030, 0, index + 1)) });
    await t.db.$executeRawUnsafe('ANALYZE tasks');

    const rows = vi.spyOn(t.db.sql, 'rows');
    try {
      for (const filter of [{}, { done: false, dueBefore: '2030-01-04T00:00:00Z' }]) {
        rows.mockClear();
        expect(await services.tasks.list(ann.id, filter)).toHaveLength(filter.dueBefore ? 3 : 5);
        expect(rows).toHaveBeenCalledTimes(1);
        const statement = rows.mock.calls[0]![0];
        const plan = await t.db.$queryRawUnsafe<{ 'QUERY PLAN': unknown }[]>(
          `EXPLAIN (FORMAT JSON) ${statement.text}`,
          ...statement.values,
        );
        expect(JSON.stringify(plan), JSON.stringify(filter)).toContain('"Index Name":"tasks_user_id_due_at_id_idx"');
      }
    } finally {
      rows.mockRestore();
    }
  });
});
