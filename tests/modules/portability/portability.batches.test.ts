// Imports read in batches (SPEC Part 2, "Portability"; IMPORT_BATCH rows each, one transaction):
// a file longer than a batch still finds a row that repeats one of an earlier batch, reports an
// error of a late row with its row number and field, and writes nothing (earlier batches rolled
// back) when a late row is bad. Imported notes, interviews and tasks with a time to come get
// their reminders (delivery rows and queue jobs) in the import's transaction; a dry run and past
// times schedule none.
import { beforeEach, describe, expect, it } from 'vitest';
import { ERRORS_LISTED } from '../../../src/modules/portability/portability.format.ts';
import { IMPORT_BATCH } from '../../../src/modules/portability/portability.service.ts';
import { queuedJobs } from '../reminders/support.ts';
import { useTestApp, type TestUser } from '../../support/test-app.ts';

const t = useTestApp();

let ann: TestUser;
beforeEach(async () => {
  ann = await t.createUser();
});

const auth = (user: TestUser) => ({ authorization: `Bearer ${user.token}` });

async function importFile(user: TestUser, body: string, query: string) {
  const response = await t.fetch(`/import?${query}`, { method: 'POST', headers: auth(user), body });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

/** A CSV of `rows` distinct jobs; `cells(index)` may change a row's cells (index 0 is file row 2). */
function csvOf(rows: number, cells: (index: number) => string[] | undefined = () => undefined): string {
  const lines = ['Company,Job Title,Status,Date Applied,URL'];
  for (let index = 0; index < rows; index += 1) {
    lines.push(
      (
        cells(index) ?? [`Company ${index}`, `Engineer ${index}`, 'Applied', '2024-03-01', `https://jobs.test/${index}`]
      ).join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** File row of the 0-based data index (the header is row 1). */
const fileRow = (index: number) => index + 2;

const LATE = 3 * IMPORT_BATCH; // in the fourth batch

describe('an import longer than a batch', () => {
  it('skips a row that repeats one of an earlier batch as repeated_row, in a dry run and in the real run', async () => {
    const existing = await t.app.services.jobs.create(ann.id, {
      companyName: 'Already Here',
      position: 'Engineer',
      jobUrl: 'https://jobs.test/already',
    });
    // Row LATE repeats row 2's URL; row LATE + 1 is the account's existing job.
    const file = csvOf(LATE + 10, (index) =>
      index === LATE - 1
        ? ['Other Co', 'Other role', 'Applied', '2024-03-02', 'https://jobs.test/0']
        : index === LATE
          ? ['Someone', 'Else', 'Applied', '2024-03-02', 'https://jobs.test/already']
          : undefined,
    );
    const expected = {
      rows: LATE + 10,
      created: LATE + 8,
      duplicates: 2,
      duplicate_rows: [
        { row: fileRow(LATE - 1), job_id: null, reason: 'repeated_row' },
        { row: fileRow(LATE), job_id: existing.id, reason: 'url' },
      ],
      errors: [],
      error_count: 0,
    };
    const dry = await importFile(ann, file, 'format=csv&dryRun=true');
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ ...expected, dry_run: true });
    expect(await t.db.job.count({ where: { userId: ann.id } })).toBe(1);

    const real = await importFile(ann, file, 'format=csv&dryRun=false');
    expect(real.status).toBe(200);
    // The repeat of row 2 is the file's own, not a duplicate of the job the first batch wrote.
    expect(real.body).toMatchObject({ ...expected, dry_run: false });
    expect(await t.db.job.count({ where: { userId: ann.id } })).toBe(LATE + 9);
    // File order is kept across batches: created_at follows the rows.
    const companies = (
      await t.db.job.findMany({
        where: { userId: ann.id, companyName: { startsWith: 'Company ' } },
        orderBy: { createdAt: 'asc' },
      })
    ).map((job) => Number(job.companyName.slice('Company '.length)));
    expect(companies).toEqual([...companies].sort((a, b) => a - b));
    expect(companies).toHaveLength(LATE + 8);
  });

  it('reports a late row error with its row and field, and a real run then writes nothing of the earlier batches', async () => {
    const file = csvOf(LATE + 10, (index) =>
      index === LATE + 5 ? ['Late Co', 'Engineer', 'Applied', 'not a day', 'https://jobs.test/late'] : undefined,
    );
    const error = { row: fileRow(LATE + 5), field: 'appliedOn' };
    const dry = await importFile(ann, file, 'format=csv&dryRun=true');
    expect(dry.body).toMatchObject({ rows: LATE + 10, created: 0, error_count: 1, errors: [error] });
    expect(dry.body.errors[0].message).toContain('Date Applied');

    const real = await importFile(ann, file, 'format=csv&dryRun=false');
    expect(real.status).toBe(400);
    expect(real.body).toMatchObject({ code: 'BAD_USER_INPUT', field: 'file' });
    expect(real.body.report).toMatchObject({
      dry_run: false,
      rows: LATE + 10,
      created: 0,
      error_count: 1,
      errors: [error],
    });
    expect(await t.db.job.count({ where: { userId: ann.id } })).toBe(0);
    expect(await t.db.tag.count({ where: { userId: ann.id } })).toBe(0);
  });

  it('counts every error of a file with more errors than it lists, and lists the first ones with their rows', async () => {
    // Every other row is bad: 1,200 errors over five batches, of which the first ERRORS_LISTED are listed.
    const rows = 2 * 1_200;
    const file = csvOf(rows, (index) =>
      index % 2 === 0 ? [`Company ${index}`, `Engineer ${index}`, 'Nonsense', '2024-03-01', ''] : undefined,
    );
    const dry = await importFile(ann, file, 'format=csv&dryRun=true');
    expect(dry.body).toMatchObject({ rows, created: 0, error_count: 1_200 });
    expect(dry.body.errors.map((error: { row: number }) => error.row)).toEqual(
      Array.from({ length: ERRORS_LISTED }, (_, half) => fileRow(2 * half)),
    );
    expect(new Set(dry.body.errors.map((error: { field: string }) => error.field))).toEqual(new Set(['status']));
  });
});

describe('reminders of imported items', () => {
  const FUTURE = '2031-05-01T09:00:00.000Z';
  const PAST = '2020-05-01T09:00:00.000Z';
  const document = JSON.stringify({
    version: 1,
    // The interviews' reminders follow the document's lead times, not the account's default (1440, 60).
    settings: { interviewReminderLeadMinutes: [2880, 60] },
    jobs: [
      {
        companyName: 'Acme',
        position: 'Engineer',
        status: 'interviewing',
        notes: [
          { content: 'Send the portfolio', reminderTime: FUTURE },
          { content: 'Long past', reminderTime: PAST },
          { content: 'No time', reminderTime: null },
        ],
        interviews: [
          { scheduledAt: FUTURE, kind: 'technical' },
          { scheduledAt: PAST, kind: 'phone_screen', outcome: 'passed' },
          { scheduledAt: FUTURE, kind: 'behavioral', outcome: 'cancelled' },
        ],
        tasks: [
          { title: 'Prepare questions', dueAt: FUTURE },
          { title: 'Done already', dueAt: FUTURE, completedAt: PAST },
          { title: 'Overdue', dueAt: PAST },
        ],
      },
    ],
  });

  const deliveries = async (user: TestUser) =>
    (
      await t.db.reminderDelivery.findMany({
        where: { userId: user.id },
        orderBy: [{ itemKind: 'asc' }, { dueAt: 'asc' }],
      })
    ).map(({ itemKind, itemId, state, dueAt, leadMinutes }) => ({
      itemKind,
      itemId,
      state,
      dueAt: dueAt.toISOString(),
      leadMinutes,
    }));

  it('schedules those with a time to come, in the import; a dry run and past times schedule none', async () => {
    const jobsBefore = (await queuedJobs(t)).length;
    const dry = await importFile(ann, document, 'format=json&dryRun=true');
    expect(dry.body).toMatchObject({ created: 1, error_count: 0 });
    expect(await deliveries(ann)).toEqual([]);
    expect(await queuedJobs(t)).toHaveLength(jobsBefore);

    const real = await importFile(ann, document, 'format=json&dryRun=false');
    expect(real.body).toMatchObject({ created: 1, error_count: 0 });
    const note = await t.db.note.findFirstOrThrow({
      where: { content: 'Send the portfolio', job: { userId: ann.id } },
    });
    const interview = await t.db.interview.findFirstOrThrow({ where: { userId: ann.id, kind: 'technical' } });
    const task = await t.db.task.findFirstOrThrow({ where: { userId: ann.id, title: 'Prepare questions' } });
    const future = new Date(FUTURE).getTime();
    // The interview's: one per lead time of the owner, as the document set them.
    expect(await deliveries(ann)).toEqual([
      {
        itemKind: 'interview',
        itemId: interview.id,
        state: 'scheduled',
        dueAt: new Date(future - 2880 * 60_000).toISOString(),
        leadMinutes: 2880,
      },
      {
        itemKind: 'interview',
        itemId: interview.id,
        state: 'scheduled',
        dueAt: new Date(future - 60 * 60_000).toISOString(),
        leadMinutes: 60,
      },
      { itemKind: 'note', itemId: note.id, state: 'scheduled', dueAt: FUTURE, leadMinutes: 0 },
      { itemKind: 'task', itemId: task.id, state: 'scheduled', dueAt: FUTURE, leadMinutes: 0 },
    ]);
    const ids = (await t.db.reminderDelivery.findMany({ where: { userId: ann.id } })).map(
      (row) => `reminder:${row.id}`,
    );
    const keys = (await queuedJobs(t)).map((job) => job.key);
    expect(keys).toEqual(expect.arrayContaining(ids));
    expect(keys).toHaveLength(jobsBefore + 4);
  });

  it('new lead times in the document move the account’s existing interviews too, as updateSettings does', async () => {
    const jobId = (await t.db.job.create({ data: { userId: ann.id, companyName: 'Initech', position: 'Analyst' } })).id;
    const existing = await t.app.services.interviews.create(ann.id, { jobId, scheduledAt: FUTURE, keepStatus: true });
    const leads = async () =>
      (await t.db.reminderDelivery.findMany({ where: { itemId: existing.id, state: 'scheduled' } }))
        .map((row) => row.leadMinutes)
        .sort((a, b) => a - b);
    expect(await leads()).toEqual([60, 1440]);
    const real = await importFile(ann, document, 'format=json&dryRun=false');
    expect(real.body).toMatchObject({ created: 1, error_count: 0 });
    expect(await leads()).toEqual([60, 2880]);
  });

  it('schedules nothing when the real run is rolled back by a bad row in a later batch', async () => {
    const bad = JSON.parse(document) as { jobs: { companyName: string }[] };
    // The first batch (its note, interview and task with times to come) is written and scheduled
    // before the bad row of the second batch rolls everything back.
    const template = JSON.stringify(bad.jobs[0]);
    bad.jobs = Array.from({ length: IMPORT_BATCH + 1 }, (_, index) => ({
      ...(JSON.parse(template) as { companyName: string }),
      companyName: `Remindful ${index}`,
    }));
    bad.jobs.push({ companyName: 'Broken', position: '', status: 'applied' } as never);
    const real = await importFile(ann, JSON.stringify(bad), 'format=json&dryRun=false');
    expect(real.status).toBe(400);
    expect(real.body.report).toMatchObject({
      created: 0,
      error_count: 1,
      errors: [{ row: IMPORT_BATCH + 2, field: 'position' }],
    });
    expect(await deliveries(ann)).toEqual([]);
    expect(await t.db.job.count({ where: { userId: ann.id } })).toBe(0);
  });
});
