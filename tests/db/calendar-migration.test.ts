// The calendar migration (add_calendar_feed) upgrades a database holding older data: every
// interview, task, note and job gets its revision row at SEQUENCE 0, so the feed's SEQUENCE counts
// from there; its triggers then bump it on a change and keep a deleted item as cancelled. And a
// new `db:create-migration` after it finds nothing to do: Prisma models both of its tables, and
// leaves its functions and triggers alone.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations, ensureDatabase } from '../../src/db/migrations.ts';
import { MIGRATIONS_DIR, migrationNames, scratchDatabase } from '../support/migration-files.ts';

const CALENDAR = /^\d{14}_add_calendar_feed$/;
const db = scratchDatabase('cal_mig');
const ADA = '00000000-0000-4000-8000-0000000000a1';
const JOB = '10000000-0000-4000-8000-0000000000a1';
const INTERVIEW = '20000000-0000-4000-8000-0000000000a1';
const TASK = '30000000-0000-4000-8000-0000000000a1';
const NOTE = '40000000-0000-4000-8000-0000000000a1';
let tmp: string;

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'cal-mig-'));
  const names = await migrationNames();
  const calendar = names.find((name) => CALENDAR.test(name));
  if (!calendar) throw new Error('no add_calendar_feed migration in prisma/migrations');
  const before = path.join(tmp, 'before');
  await fs.mkdir(before);
  await fs.copyFile(path.join(MIGRATIONS_DIR, 'migration_lock.toml'), path.join(before, 'migration_lock.toml'));
  for (const name of names.filter((n) => n < calendar)) {
    await fs.cp(path.join(MIGRATIONS_DIR, name), path.join(before, name), { recursive: true });
  }
  await ensureDatabase(db.url);
  await applyMigrations({ databaseUrl: db.url, migrationsDir: before });
  await db.query(
    `INSERT INTO users (id, email, password_hash, first_name, last_name, is_active, updated_at)
     VALUES ($1, 'ada@example.com', 'x', 'Ada', 'L', true, now())`,
    [ADA],
  );
  await db.query(
    `INSERT INTO jobs (id, user_id, company_name, position, deadline, updated_at) VALUES ($1, $2, 'Acme', 'Engineer', '2030-01-31', now())`,
    [JOB, ADA],
  );
  await db.query(
    `INSERT INTO interviews (id, user_id, job_id, scheduled_at, updated_at) VALUES ($1, $2, $3, '2030-01-10T10:00:00Z', now())`,
    [INTERVIEW, ADA, JOB],
  );
  await db.query(
    `INSERT INTO tasks (id, user_id, job_id, title, due_at, updated_at) VALUES ($1, $2, $3, 'Call', '2030-01-11T10:00:00Z', now())`,
    [TASK, ADA, JOB],
  );
  await db.query(
    `INSERT INTO notes (id, job_id, content, reminder_time) VALUES ($1, $2, 'Prep', '2030-01-09T10:00:00Z')`,
    [NOTE, JOB],
  );
  await applyMigrations({ databaseUrl: db.url });
}, 60_000);

afterAll(async () => {
  await db.dropAll();
  await fs.rm(tmp, { recursive: true, force: true });
});

const revisions = () =>
  db.query<{ kind: string; item_id: string; user_id: string; sequence: number; cancelled: boolean }>(
    `SELECT kind::text, item_id, user_id, sequence, cancelled_at IS NOT NULL AS cancelled
     FROM calendar_item_revisions ORDER BY kind`,
  );

describe('the calendar migration on older data', () => {
  it('gives every older item its revision row, at SEQUENCE 0, owned by the item’s user', async () => {
    expect(await revisions()).toEqual([
      { kind: 'deadline', item_id: JOB, user_id: ADA, sequence: 0, cancelled: false },
      { kind: 'interview', item_id: INTERVIEW, user_id: ADA, sequence: 0, cancelled: false },
      { kind: 'note', item_id: NOTE, user_id: ADA, sequence: 0, cancelled: false },
      { kind: 'task', item_id: TASK, user_id: ADA, sequence: 0, cancelled: false },
    ]);
  });

  it('then its triggers count changes (once per transaction) and keep a deleted item as cancelled', async () => {
    await db.query(`UPDATE tasks SET title = 'Call back' WHERE id = $1`, [TASK]);
    // Two writes in one transaction: one change.
    await db.query(
      `BEGIN; UPDATE interviews SET location = 'HQ' WHERE id = '${INTERVIEW}';
       UPDATE interviews SET location = 'HQ 2' WHERE id = '${INTERVIEW}'; COMMIT`,
    );
    await db.query(`DELETE FROM notes WHERE id = $1`, [NOTE]);
    const rows = Object.fromEntries((await revisions()).map((row) => [row.kind, [row.sequence, row.cancelled]]));
    expect(rows).toEqual({ deadline: [0, false], interview: [1, false], note: [1, true], task: [1, false] });
  });
});
