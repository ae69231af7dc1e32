// The search migration (issue 15) against the real PostgreSQL: Prisma must not drop or rewrite
// what it cannot write itself (the tsvector column, the GIN indexes over it and over company
// trigrams), and the migration backfills the jobs that exist when it runs.
// Databases are named search_mig_<random>_* and dropped in afterAll, so this file runs in parallel.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { applyMigrations, createMigration, ensureDatabase } from '../../src/db/migrations.js';
import { MIGRATIONS_DIR, migrationNames, SCHEMA_PATH, scratchDatabase } from '../support/migration-files.ts';

const ADD_SEARCH = /^\d{14}_add_search$/;
const { url, query, dropAll } = scratchDatabase('search_mig');

const USER = '00000000-0000-4000-8000-00000000000a';
const JOB = '10000000-0000-4000-8000-000000000001';

let tmp: string;
let names: string[];

/** A copy of the migrations folder holding only the migrations `keep` accepts. */
async function migrationsWhere(name: string, keep: (migration: string) => boolean): Promise<string> {
  const dir = path.join(tmp, name);
  await fs.mkdir(dir);
  await fs.copyFile(path.join(MIGRATIONS_DIR, 'migration_lock.toml'), path.join(dir, 'migration_lock.toml'));
  for (const migration of names.filter(keep)) {
    await fs.cp(path.join(MIGRATIONS_DIR, migration), path.join(dir, migration), { recursive: true });
  }
  return dir;
}

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'search-mig-'));
  names = await migrationNames();
  const addSearch = names.find((n) => ADD_SEARCH.test(n));
  if (!addSearch) throw new Error('no add_search migration in prisma/migrations');

  // The schema just before search, with a job that has a tag, a note and a contact.
  await ensureDatabase(url);
  await applyMigrations({ databaseUrl: url, migrationsDir: await migrationsWhere('before', (n) => n < addSearch) });
  await query(
    `INSERT INTO users (id, email, password_hash, first_name, last_name, is_active, updated_at)
     VALUES ($1, 'ada@example.com', 'x', 'Ada', 'L', true, now())`,
    [USER],
  );
  await query(
    `INSERT INTO jobs (id, user_id, company_name, position, location, description, updated_at)
     VALUES ($1, $2, 'Initech', 'Clerk', 'Austin', 'TPS reports', now())`,
    [JOB, USER],
  );
  await query(`INSERT INTO tags (id, user_id, name, name_key) VALUES (gen_random_uuid(), $1, 'Legacy', 'legacy')`, [
    USER,
  ]);
  await query(`INSERT INTO job_tags (job_id, tag_id) SELECT $1, id FROM tags`, [JOB]);
  await query(
    `INSERT INTO contacts (id, user_id, name, updated_at) VALUES (gen_random_uuid(), $1, 'Bill Lumbergh', now())`,
    [USER],
  );
  await query(`INSERT INTO job_contacts (job_id, contact_id) SELECT $1, id FROM contacts`, [JOB]);
  await query(`INSERT INTO notes (id, job_id, content) VALUES (gen_random_uuid(), $1, 'stapler missing')`, [JOB]);

  await applyMigrations({ databaseUrl: url });
}, 120_000);

afterAll(async () => {
  await dropAll();
  await fs.rm(tmp, { recursive: true, force: true });
});

describe('the search migration', () => {
  it('backfills the search document of the jobs that exist, from every source, with its weights', async () => {
    // Shown without the owner's key that prefixes every lexeme.
    const [row] = await query<{ vector: string }>(
      `SELECT replace(search_vector::text, search_owner_key(user_id), '') AS vector FROM jobs WHERE id = $1`,
      [JOB],
    );
    expect(row?.vector).toBe(
      `'austin':4C 'bill':5C 'clerk':2A 'initech':1A 'legacy':3B 'lumbergh':6C 'missing':10 'reports':8 'stapler':9 'tps':7`,
    );
  });

  it('creates the per-user GIN indexes (btree_gin and pg_trgm installed)', async () => {
    const indexes = await query<{ indexname: string; indexdef: string }>(
      `SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'jobs' AND indexdef LIKE '%USING gin%' ORDER BY 1`,
    );
    expect(indexes.map((i) => [i.indexname, i.indexdef.replace(/^.* USING gin /, '')])).toEqual([
      ['jobs_company_trgm_idx', '(user_id, company_name gin_trgm_ops)'],
      ['jobs_search_idx', '(user_id, search_vector)'],
    ]);
    const extensions = await query<{ extname: string }>(
      `SELECT extname FROM pg_extension WHERE extname IN ('btree_gin', 'pg_trgm') ORDER BY 1`,
    );
    expect(extensions.map((e) => e.extname)).toEqual(['btree_gin', 'pg_trgm']);
  });
});

describe('prisma/schema.prisma describes the search column and indexes', () => {
  it('so db:create-migration on the migrated schema creates nothing (no stray DROP INDEX)', async () => {
    const dir = await migrationsWhere('drift', () => true);
    const before = await fs.readdir(dir);
    expect(
      await createMigration({ databaseUrl: url, name: 'drift_check', migrationsDir: dir, schemaPath: SCHEMA_PATH }),
    ).toEqual({ created: null });
    expect(await fs.readdir(dir)).toEqual(before);
  }, 60_000);

  it('and without that description Prisma would drop them: the check above can fail', async () => {
    const schema = await fs.readFile(SCHEMA_PATH, 'utf8');
    const stripped = schema
      .split('\n')
      .filter((line) => !/searchVector|jobs_search_idx|jobs_company_trgm_idx/.test(line))
      .join('\n');
    expect(stripped.length).toBeLessThan(schema.length);
    const strippedPath = path.join(tmp, 'stripped.prisma');
    await fs.writeFile(strippedPath, stripped);
    const dir = await migrationsWhere('stripped', () => true);
    const { created } = await createMigration({
      databaseUrl: url,
      name: 'forgets_search',
      migrationsDir: dir,
      schemaPath: strippedPath,
    });
    expect(created).not.toBeNull();
    const sql = await fs.readFile(path.join(dir, created!, 'migration.sql'), 'utf8');
    expect(sql).toContain('DROP INDEX "jobs_search_idx"');
    expect(sql).toContain('DROP INDEX "jobs_company_trgm_idx"');
    expect(sql).toMatch(/DROP COLUMN\s+"search_vector"/);
  }, 60_000);
});
