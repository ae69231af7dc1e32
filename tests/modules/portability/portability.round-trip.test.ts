// Portability over HTTP (SPEC Part 2, "Portability"): GET /export/data.json holds everything of
// the user and nobody else's; importing it into a fresh account and exporting again gives the
// same document but for ids and the export time (every field: history, notes, contacts and their
// links, interviews, tasks, tags, saved views, settings); the same file twice creates nothing the
// second time; a dry run writes nothing; a real run with one bad row writes nothing.
import { SnapshotExpiredError } from '../../../src/infra/database.ts';
import { beforeEach, describe, expect, it } from 'vitest';
import { Prisma } from '../../../src/generated/prisma/client.ts';
import { EXPORT_BATCH } from '../../../src/modules/portability/portability.export.ts';
import { eventually } from '../reminders/support.ts';
import { userWithJobs } from '../../support/bulk-jobs.ts';
import { useTestApp, type TestUser } from '../../support/test-app.ts';

const t = useTestApp();

let ann: TestUser;
let bob: TestUser;
beforeEach(async () => {
  [ann, bob] = await Promise.all([t.createUser(), t.createUser()]);
});

const auth = (user: TestUser) => ({ authorization: `Bearer ${user.token}` });

async function exportJson(user: TestUser): Promise<Record<string, any>> {
  const response = await t.fetch('/export/data.json', { headers: auth(user) });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('application/json');
  return (await response.json()) as Record<string, any>;
}

async function importFile(user: TestUser, body: string, query: string) {
  const response = await t.fetch(`/import?${query}`, { method: 'POST', headers: auth(user), body });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

/** A rich account: every kind of row the export holds, made through the services' own paths. */
async function seed(user: TestUser) {
  const { jobs, notes, contacts, interviews, tasks, users } = t.app.services;
  const recruiter = await contacts.create(user.id, {
    name: 'Rita Recruiter',
    email: 'rita@acme.test',
    phone: '+1 555 0100',
    role: 'Recruiter',
    company: 'Acme',
    linkedinUrl: 'https://linkedin.com/in/rita',
    notes: 'Met at a fair',
  });
  const manager = await contacts.create(user.id, { name: 'Mo Manager' });
  const acme = await jobs.create(user.id, {
    companyName: 'Acme Inc',
    position: 'Backend Engineer',
    status: 'applied',
    appliedOn: '2024-01-10',
    statusChangedAt: '2024-01-10T09:00:00Z',
    jobUrl: 'https://jobs.acme.test/42?utm_source=x',
    location: 'Berlin',
    workMode: 'hybrid',
    source: 'LinkedIn',
    description: '=SUM(A1) is a formula-looking line\nand a second line',
    deadline: '2024-02-01',
    priority: 4,
    salaryMin: 70000,
    salaryMax: 90000,
    salaryCurrency: 'EUR',
    salaryPeriod: 'year',
    tags: ['Remote-friendly', 'dream'],
  });
  await jobs.update(user.id, acme.id, { status: 'interviewing', statusChangedAt: '2024-01-15T12:00:00Z' });
  await notes.create(user.id, { jobId: acme.id, content: 'First call went well' });
  await notes.create(user.id, { jobId: acme.id, content: 'Send portfolio', reminderTime: '2030-01-01T08:00:00Z' });
  await contacts.link(user.id, acme.id, recruiter.id);
  await contacts.link(user.id, acme.id, manager.id);
  await interviews.create(user.id, {
    jobId: acme.id,
    scheduledAt: '2030-01-20T10:00:00Z',
    durationMinutes: 45,
    kind: 'technical',
    location: 'Online',
    meetingUrl: 'https://meet.test/abc',
    notes: 'Bring questions',
    contactIds: [manager.id, recruiter.id],
  });
  await tasks.create(user.id, {
    jobId: acme.id,
    title: 'Thank-you mail',
    kind: 'thank_you',
    dueAt: '2030-01-21T09:00:00Z',
  });
  await tasks.create(user.id, { title: 'Update CV', kind: 'prepare' });
  const wish = await jobs.create(user.id, { companyName: 'Globex', position: 'Data Engineer', status: 'wishlist' });
  await jobs.setArchived(user.id, wish.id, true);
  await jobs.savedViews.save(user.id, { name: 'Hot leads', filter: { status: ['interviewing'] }, search: 'engineer' });
  await users.updateSettings(user.id, { timeZone: 'Europe/Berlin', ghostedAfterDays: 30, followUpAfterDays: 5 });
}

/** The document with every id replaced by its order of first appearance, and no export time. */
function withoutIds(document: Record<string, any>): unknown {
  const names = new Map<string, string>();
  const name = (id: string) => {
    if (!names.has(id)) names.set(id, `#${names.size + 1}`);
    return names.get(id);
  };
  const walk = (value: unknown, key = ''): unknown => {
    if (Array.isArray(value)) return value.map((item) => (key === 'contactIds' ? name(item as string) : walk(item)));
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value).map(([field, item]) => [
          field,
          field === 'id' ? name(item as string) : walk(item, field),
        ]),
      );
    }
    return value;
  };
  const { exportedAt: _exportedAt, ...rest } = document;
  return walk(rest);
}

describe('GET /export/data.json', () => {
  it('holds everything of the user, with a version and the export time', async () => {
    await seed(ann);
    const document = await exportJson(ann);
    expect(document.version).toBe(1);
    expect(Date.parse(document.exportedAt)).not.toBeNaN();
    expect(document.settings).toMatchObject({ timeZone: 'Europe/Berlin', ghostedAfterDays: 30, followUpAfterDays: 5 });
    expect(document.contacts.map((contact: { name: string }) => contact.name)).toEqual([
      'Rita Recruiter',
      'Mo Manager',
    ]);
    expect(document.tasks).toMatchObject([{ title: 'Update CV', kind: 'prepare' }]);
    expect(document.savedViews).toMatchObject([{ name: 'Hot leads', search: 'engineer' }]);
    expect(document.tags.map((tag: { name: string }) => tag.name).sort()).toEqual(['dream', 'Remote-friendly'].sort());
    const [acme, globex] = document.jobs;
    expect(acme).toMatchObject({
      companyName: 'Acme Inc',
      status: 'interviewing',
      appliedOn: '2024-01-10',
      salaryMin: 70000,
      workMode: 'hybrid',
      statusHistory: [
        { fromStatus: null, toStatus: 'applied', occurredAt: '2024-01-10T09:00:00.000Z' },
        { fromStatus: 'applied', toStatus: 'interviewing', occurredAt: '2024-01-15T12:00:00.000Z' },
      ],
      notes: [
        { content: 'First call went well' },
        { content: 'Send portfolio', reminderTime: '2030-01-01T08:00:00.000Z' },
      ],
      interviews: [{ kind: 'technical', durationMinutes: 45, meetingUrl: 'https://meet.test/abc' }],
      tasks: [{ title: 'Thank-you mail', kind: 'thank_you' }],
    });
    expect(acme.contactIds).toHaveLength(2);
    expect(acme.interviews[0].contactIds).toHaveLength(2);
    expect(globex).toMatchObject({ companyName: 'Globex', status: 'wishlist', archived: true });
  });

  it('is owner-scoped: another user gets only their own (empty) account', async () => {
    await seed(ann);
    const document = await exportJson(bob);
    expect(document.jobs).toEqual([]);
    expect(document.contacts).toEqual([]);
    expect(document.tasks).toEqual([]);
    expect(JSON.stringify(document)).not.toContain('Acme');
  });

  it('needs a bearer token', async () => {
    for (const path of ['/export/data.json', '/export/jobs.csv']) {
      const response = await t.fetch(path);
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
    }
    const bad = await t.fetch('/export/data.json', { headers: { authorization: 'Bearer nonsense' } });
    expect(bad.status).toBe(401);
  });

  it('answers 405 with Allow for another method', async () => {
    const response = await t.fetch('/export/data.json', { method: 'POST', headers: auth(ann) });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET');
  });
});

describe('POST /import?format=json', () => {
  it('round-trips: export, import into a fresh account, export again is the same document but ids and time', async () => {
    await seed(ann);
    const original = await exportJson(ann);
    const imported = await importFile(bob, JSON.stringify(original), 'format=json&dryRun=false');
    expect(imported.status).toBe(200);
    expect(imported.body).toMatchObject({ rows: 2, created: 2, duplicates: 0, error_count: 0, errors: [] });
    const again = await exportJson(bob);
    expect(withoutIds(again)).toEqual(withoutIds(original));
    // Not the same rows: bob's jobs have ids of their own.
    expect(again.jobs[0].id).not.toBe(original.jobs[0].id);
  });

  it('importing the same file twice creates nothing the second time', async () => {
    await seed(ann);
    const file = JSON.stringify(await exportJson(ann));
    expect((await importFile(bob, file, 'format=json&dryRun=false')).body.created).toBe(2);
    const second = await importFile(bob, file, 'format=json&dryRun=false');
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ rows: 2, created: 0, duplicates: 2 });
    const after = await exportJson(bob);
    expect(after.jobs).toHaveLength(2);
    expect(after.contacts).toHaveLength(2);
    expect(after.tasks).toHaveLength(1);
    expect(after.savedViews).toHaveLength(1);
    // Into the same account: every job is its own duplicate by its exported id.
    const own = await importFile(ann, file, 'format=json&dryRun=true');
    expect(own.body.duplicate_rows.map((row: { reason: string }) => row.reason)).toEqual(['id', 'id']);
  });

  it('a dry run reports and writes nothing', async () => {
    await seed(ann);
    const file = JSON.stringify(await exportJson(ann));
    const report = await importFile(bob, file, 'format=json&dryRun=true');
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({ dry_run: true, rows: 2, created: 2, duplicates: 0 });
    expect(await t.db.job.count({ where: { userId: bob.id } })).toBe(0);
    expect(await t.db.contact.count({ where: { userId: bob.id } })).toBe(0);
    expect(await t.db.task.count({ where: { userId: bob.id } })).toBe(0);
    // The default is a dry run too.
    expect((await importFile(bob, file, 'format=json')).body.dry_run).toBe(true);
    expect(await t.db.job.count({ where: { userId: bob.id } })).toBe(0);
  });

  it('is all or nothing: one bad job and no row is written, every error named by row and field', async () => {
    await seed(ann);
    const document = await exportJson(ann);
    document.jobs.push({ ...document.jobs[1], id: 'x', companyName: '', appliedOn: 'yesterday' });
    const report = await importFile(bob, JSON.stringify(document), 'format=json&dryRun=false');
    expect(report.status).toBe(400);
    expect(report.body).toMatchObject({ code: 'BAD_USER_INPUT', field: 'file' });
    expect(report.body.report.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ row: 3, field: 'companyName' }),
        expect.objectContaining({ row: 3, field: 'appliedOn' }),
      ]),
    );
    expect(report.body.report.created).toBe(0);
    expect(await t.db.job.count({ where: { userId: bob.id } })).toBe(0);
    expect(await t.db.contact.count({ where: { userId: bob.id } })).toBe(0);
  });

  it('rolls back everything when a write fails midway', async () => {
    await seed(ann);
    const document = await exportJson(ann);
    // A contact id the job links that passes the checks but cannot be stored: an over-long name
    // is refused by the checks, so break the transaction at the database instead (a task title
    // of NUL is refused by the checks too): a saved view whose filter the database cannot cast.
    const before = await t.db.job.count();
    await t.db.$executeRawUnsafe(
      `CREATE OR REPLACE FUNCTION portability_test_fail() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'boom'; END $$`,
    );
    await t.db.$executeRawUnsafe(
      `CREATE TRIGGER portability_test_fail BEFORE INSERT ON saved_views FOR EACH ROW EXECUTE FUNCTION portability_test_fail()`,
    );
    try {
      const response = await t.fetch('/import?format=json&dryRun=false', {
        method: 'POST',
        headers: auth(bob),
        body: JSON.stringify(document),
      });
      expect(response.status).toBe(500);
    } finally {
      await t.db.$executeRawUnsafe(`DROP TRIGGER portability_test_fail ON saved_views`);
    }
    expect(await t.db.job.count()).toBe(before);
    expect(await t.db.job.count({ where: { userId: bob.id } })).toBe(0);
    expect(await t.db.note.count({ where: { job: { userId: bob.id } } })).toBe(0);
    expect(await t.db.contact.count({ where: { userId: bob.id } })).toBe(0);
  });
});

describe('an export during writes', () => {
  /** The pieces of `pieces` up to and including the first batch of jobs. */
  async function readThroughFirstJobBatch(pieces: AsyncGenerator<string>): Promise<string> {
    let text = '';
    for (;;) {
      const next = await pieces.next();
      if (next.done) throw new Error('the export ended before its jobs');
      const hadJobs = text.includes('"jobs": [');
      text += next.value;
      if (hadJobs) return text;
    }
  }

  it('reads one snapshot: jobs deleted, added and given notes after its first batch are as they were when it began', async () => {
    const owner = await userWithJobs(t, EXPORT_BATCH + 100);
    const { portability, jobs, notes } = t.app.services;
    const whole = async (pieces: AsyncGenerator<string>) => {
      let text = '';
      for await (const piece of pieces) text += piece;
      return text;
    };
    const withoutTime = (text: string) => ({ ...(JSON.parse(text) as Record<string, unknown>), exportedAt: null });
    const before = await whole(portability.exportJson(owner.id));

    const pieces = portability.exportJson(owner.id);
    let text = await readThroughFirstJobBatch(pieces);
    // Writes to jobs of the batches still to come, committed while the export is open.
    const [last, nearLast] = await t.db.job.findMany({
      where: { userId: owner.id },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: 2,
    });
    await jobs.delete(owner.id, last!.id);
    await notes.create(owner.id, { jobId: nearLast!.id, content: 'written during the export' });
    await jobs.create(owner.id, { companyName: 'Added during the export', position: 'Engineer' });
    for (;;) {
      const next = await pieces.next();
      if (next.done) break;
      text += next.value;
    }
    expect(withoutTime(text)).toEqual(withoutTime(before));

    const after = await whole(portability.exportJson(owner.id));
    expect(after).toContain('written during the export');
    expect(after).toContain('Added during the export');
    const ids = (JSON.parse(after) as { jobs: { id: string }[] }).jobs.map((job) => job.id);
    expect(ids).not.toContain(last!.id);
    expect(ids).toHaveLength(EXPORT_BATCH + 100);
  });

  const openSnapshots = async () =>
    (
      await t.db.sql.probeRows<{ count: number }>(
        `SELECT count(*)::int AS count FROM pg_stat_activity
         WHERE datname = current_database() AND state LIKE 'idle in transaction%'`,
      )
    )[0]!.count;

  it('ends a snapshot whose reader asks for nothing more, giving its connection back', async () => {
    const snapshot = await t.db.sql.snapshot({ idleMs: 200 });
    await snapshot.rows(Prisma.sql`SELECT 1 AS one`);
    expect(await openSnapshots()).toBe(1);
    await eventually(async () => (await openSnapshots()) === 0);
    const late = snapshot.rows(Prisma.sql`SELECT 1 AS one`);
    await expect(late).rejects.toThrow(/asked for nothing within 200 ms/);
    // Its own class: the export route does not report a reader this slow as a fault of ours.
    await expect(late).rejects.toBeInstanceOf(SnapshotExpiredError);
  });

  it('gives its connection back when the reader stops early', async () => {
    const owner = await userWithJobs(t, EXPORT_BATCH + 100);
    const { portability } = t.app.services;
    const open = openSnapshots;
    const pieces = portability.exportJson(owner.id);
    await readThroughFirstJobBatch(pieces);
    expect(await open()).toBe(1);
    await pieces.return(undefined);
    expect(await open()).toBe(0);
  });
});
