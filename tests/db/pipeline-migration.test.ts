// The pipeline migration (issue 14) upgrades a database holding seed-era data: every job gets
// exactly one creation event with its status, at its appliedOn (when earlier) or its createdAt.
// Databases are named pipe_mig_<random>_* and dropped in afterAll, so this file runs in parallel.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { applyMigrations, createMigration, ensureDatabase, migrationStatus } from '../../src/db/migrations.js';
import { databaseUrl, withDatabase } from '../support/postgres.js';

const LONG_WORD_NOTE = `pasted ${'x'.repeat(2045)} token`;
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MIGRATIONS_DIR = path.join(ROOT, 'prisma', 'migrations');
const SCHEMA_PATH = path.join(ROOT, 'prisma', 'schema.prisma');
const PIPELINE = /^\d{14}_add_pipeline$/;

const SERVER_URL = inject('postgresAdminUrl');
const PREFIX = `pipe_mig_${randomBytes(4).toString('hex')}`;
const url = databaseUrl(SERVER_URL, `${PREFIX}_upgrade`);

const query = <R extends pg.QueryResultRow>(sql: string, params: unknown[] = []) =>
  withDatabase(url, async (client) => (await client.query<R>(sql, params)).rows);

const ADA = '00000000-0000-4000-8000-00000000000a';
const BOB = '00000000-0000-4000-8000-00000000000b';
/** Seed-era jobs: [id, owner, status, appliedOn, createdAt]. */
const SEED_JOBS: [string, string, string, string | null, string][] = [
  // Logged the day it was sent: appliedOn's midnight is before createdAt.
  ['10000000-0000-4000-8000-000000000001', ADA, 'applied', '2026-03-02', '2026-03-02T15:30:00.123Z'],
  // Logged a week after it was sent, and moved on since: the event carries the current status.
  ['10000000-0000-4000-8000-000000000002', ADA, 'interviewing', '2026-03-01', '2026-03-08T09:00:00.000Z'],
  // A wishlist entry: no appliedOn.
  ['10000000-0000-4000-8000-000000000003', ADA, 'wishlist', null, '2026-04-10T12:00:00.000Z'],
  // appliedOn after createdAt (a planned day): createdAt is the earlier time.
  ['10000000-0000-4000-8000-000000000004', BOB, 'rejected', '2026-05-20', '2026-05-18T08:00:00.000Z'],
  ['10000000-0000-4000-8000-000000000005', BOB, 'offer', '2026-06-01', '2026-06-01T00:00:00.000Z'],
];
const EXPECTED_AT: Record<string, string> = {
  '10000000-0000-4000-8000-000000000001': '2026-03-02T00:00:00.000Z',
  '10000000-0000-4000-8000-000000000002': '2026-03-01T00:00:00.000Z',
  '10000000-0000-4000-8000-000000000003': '2026-04-10T12:00:00.000Z',
  '10000000-0000-4000-8000-000000000004': '2026-05-18T08:00:00.000Z',
  '10000000-0000-4000-8000-000000000005': '2026-06-01T00:00:00.000Z',
};

let tmp: string;
let pipeline: string;
/** The pipeline migration and every later one (later features' migrations run after it). */
let fromPipeline: string[];

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'pipe-mig-'));
  const names = (await fs.readdir(MIGRATIONS_DIR, { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const found = names.find((n) => PIPELINE.test(n));
  if (!found) throw new Error('no add_pipeline migration in prisma/migrations');
  pipeline = found;
  fromPipeline = names.filter((n) => n >= pipeline);

  // The migrations folder as it was just before the pipeline: the seed-era schema.
  const before = path.join(tmp, 'before');
  await fs.mkdir(before);
  await fs.copyFile(path.join(MIGRATIONS_DIR, 'migration_lock.toml'), path.join(before, 'migration_lock.toml'));
  for (const name of names.filter((n) => n < pipeline)) {
    await fs.cp(path.join(MIGRATIONS_DIR, name), path.join(before, name), { recursive: true });
  }
  await ensureDatabase(url);
  await applyMigrations({ databaseUrl: url, migrationsDir: before });

  // Seed-era rows, written with the seed-era columns only.
  for (const [id, email] of [
    [ADA, 'ada@example.com'],
    [BOB, 'bob@example.com'],
  ] as const) {
    await query(
      `INSERT INTO users (id, email, password_hash, first_name, last_name, is_active, updated_at)
       VALUES ($1, $2, 'x', 'First', 'Last', true, now())`,
      [id, email],
    );
  }
  for (const [id, userId, status, appliedOn, createdAt] of SEED_JOBS) {
    await query(
      `INSERT INTO jobs (id, user_id, company_name, position, status, applied_on, created_at, updated_at)
       VALUES ($1, $2, 'Acme', 'Engineer', $3::"JobStatus", $4::date, $5::timestamptz, $5::timestamptz)`,
      [id, userId, status, appliedOn, createdAt],
    );
  }
  await query(`INSERT INTO notes (id, job_id, content) VALUES (gen_random_uuid(), $1, 'kept')`, [SEED_JOBS[0]![0]]);
  // A seed note may hold a word just under 'simple''s 2,047 bytes (a pasted token): the search
  // backfill must not fail on it once the owner's key is added.
  await query(`INSERT INTO notes (id, job_id, content) VALUES (gen_random_uuid(), $1, $2)`, [
    SEED_JOBS[1]![0],
    LONG_WORD_NOTE,
  ]);
}, 60_000);

afterAll(async () => {
  const rows = await withDatabase(databaseUrl(SERVER_URL, 'postgres'), async (client) =>
    client.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [`${PREFIX}%`]),
  );
  await withDatabase(databaseUrl(SERVER_URL, 'postgres'), async (client) => {
    for (const { datname } of rows.rows) {
      await client.query(`DROP DATABASE IF EXISTS "${datname.replaceAll('"', '""')}" WITH (FORCE)`);
    }
  });
  await fs.rm(tmp, { recursive: true, force: true });
});

describe('the pipeline migration on seed-era data', () => {
  let jobsBefore: unknown[];

  beforeAll(async () => {
    jobsBefore = await query(
      'SELECT id, user_id, company_name, position, status, applied_on, created_at, updated_at FROM jobs ORDER BY id',
    );
    expect(await applyMigrations({ databaseUrl: url })).toEqual({ applied: fromPipeline });
  }, 60_000);

  it('leaves nothing pending', async () => {
    expect((await migrationStatus({ databaseUrl: url })).pending).toEqual([]);
  });

  it('backfills a search document for every job, a note with a 2,045-byte word included', async () => {
    const rows = await query<{ id: string; words: string[] }>(
      `SELECT id, ARRAY(SELECT substr(lexeme, 10) FROM unnest(search_vector) ORDER BY 1) AS words FROM jobs ORDER BY id`,
    );
    expect(rows).toHaveLength(SEED_JOBS.length);
    const withNote = rows.find((row) => row.id === SEED_JOBS[1]![0]);
    expect(withNote?.words).toEqual(['acme', 'engineer', 'pasted', 'token']);
  });

  it('writes exactly one creation event per job, with its current status and time', async () => {
    const events = await query<{ job_id: string; from_status: string | null; to_status: string; occurred_at: Date }>(
      'SELECT job_id, from_status, to_status, occurred_at FROM job_status_events ORDER BY job_id',
    );
    expect(
      events.map((e) => ({ jobId: e.job_id, from: e.from_status, to: e.to_status, at: e.occurred_at.toISOString() })),
    ).toEqual(SEED_JOBS.map(([id, , status]) => ({ jobId: id, from: null, to: status, at: EXPECTED_AT[id] })));
  });

  it("sets each job's statusChangedAt to its creation event, and keeps the seed columns as they were", async () => {
    const rows = await query<{ id: string; status_changed_at: Date }>(
      'SELECT id, status_changed_at FROM jobs ORDER BY id',
    );
    expect(rows.map((r) => [r.id, r.status_changed_at.toISOString()])).toEqual(
      SEED_JOBS.map(([id]) => [id, EXPECTED_AT[id]]),
    );
    expect(
      await query(
        'SELECT id, user_id, company_name, position, status, applied_on, created_at, updated_at FROM jobs ORDER BY id',
      ),
    ).toEqual(jobsBefore);
    expect(await query('SELECT content FROM notes ORDER BY length(content)')).toEqual([
      { content: 'kept' },
      { content: LONG_WORD_NOTE },
    ]);
  });

  it('gives the new columns their defaults: settings, archived, empty relations', async () => {
    expect(
      await query(
        `SELECT time_zone, reminder_emails, interview_reminder_lead_minutes, follow_up_after_days, ghosted_after_days
         FROM users ORDER BY id`,
      ),
    ).toEqual(
      [ADA, BOB].map(() => ({
        time_zone: 'UTC',
        reminder_emails: true,
        interview_reminder_lead_minutes: [1440, 60],
        follow_up_after_days: 7,
        ghosted_after_days: 21,
      })),
    );
    expect(await query('SELECT DISTINCT archived FROM jobs')).toEqual([{ archived: false }]);
    for (const table of ['tags', 'job_tags', 'contacts', 'job_contacts', 'interviews', 'interview_contacts', 'tasks']) {
      expect(await query(`SELECT count(*)::int AS n FROM ${table}`), table).toEqual([{ n: 0 }]);
    }
  });

  it('deleting a job deletes its history', async () => {
    const [id] = SEED_JOBS[4]!;
    await query('DELETE FROM jobs WHERE id = $1', [id]);
    expect(await query('SELECT count(*)::int AS n FROM job_status_events WHERE job_id = $1', [id])).toEqual([{ n: 0 }]);
    expect(await query('SELECT count(*)::int AS n FROM job_status_events')).toEqual([{ n: SEED_JOBS.length - 1 }]);
  });

  it('has an index for each read it serves', async () => {
    const rows = await query<{ indexdef: string }>(
      `SELECT indexdef FROM pg_indexes WHERE schemaname = 'public'
       AND tablename IN ('job_status_events', 'interviews', 'tasks') ORDER BY indexname`,
    );
    const defs = rows.map((r) => r.indexdef.replace(/^.* USING btree /, ''));
    expect(defs).toEqual(
      expect.arrayContaining([
        '(job_id, occurred_at, id)', // a job's history by time
        '(user_id, scheduled_at, id)', // a user's interviews by time
        '(user_id, due_at, id)', // a user's tasks by due date
      ]),
    );
  });

  it('matches the schema: db:create-migration on the migrated schema creates nothing (no drift)', async () => {
    const dir = path.join(tmp, 'drift');
    await fs.cp(MIGRATIONS_DIR, dir, { recursive: true });
    const before = await fs.readdir(dir);
    expect(
      await createMigration({ databaseUrl: url, name: 'drift_check', migrationsDir: dir, schemaPath: SCHEMA_PATH }),
    ).toEqual({ created: null });
    expect(await fs.readdir(dir)).toEqual(before);
  }, 60_000);
});
