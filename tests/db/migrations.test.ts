// Migrations through the Wasm schema engine (src/db/migrations.ts), against the real PostgreSQL.
// Every database this file creates is named mig_test_<random>_* and dropped in afterAll,
// so this file can run in parallel with others.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';

import {
  applyMigrations,
  createMigration,
  ensureDatabase,
  MIGRATION_LOCK_KEY,
  MigrationError,
  migrationStatus,
  PgMigrationAdapterFactory,
} from '../../src/db/migrations.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MIGRATIONS_DIR = path.join(ROOT, 'prisma', 'migrations');
const SCHEMA_PATH = path.join(ROOT, 'prisma', 'schema.prisma');

// Only the server part of DATABASE_URL is used; the databases are our own.
// The server is the one the global setup checked or started (embedded when DATABASE_URL is unset).
const SERVER_URL = inject('postgresAdminUrl');
const PREFIX = `mig_test_${randomBytes(4).toString('hex')}`;

function urlFor(database: string): string {
  const url = new URL(SERVER_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

/** A URL for a new, not yet created database of this test file. */
function newDatabaseUrl(suffix: string): string {
  return urlFor(`${PREFIX}_${suffix}`);
}

async function query<R extends pg.QueryResultRow>(
  databaseUrl: string,
  sql: string,
  params: unknown[] = [],
): Promise<R[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<R>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

const admin = <R extends pg.QueryResultRow>(sql: string, params: unknown[] = []) =>
  query<R>(urlFor('postgres'), sql, params);

async function databasesLike(pattern: string): Promise<string[]> {
  const rows = await admin<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1 ORDER BY 1', [
    pattern,
  ]);
  return rows.map((r) => r.datname);
}

async function tables(databaseUrl: string): Promise<string[]> {
  const rows = await query<{ table_name: string }>(
    databaseUrl,
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`,
  );
  return rows.map((r) => r.table_name);
}

async function columns(databaseUrl: string, table: string): Promise<string[]> {
  const rows = await query<{ column_name: string }>(
    databaseUrl,
    `SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position`,
    [table],
  );
  return rows.map((r) => r.column_name);
}

let tmp: string;
/** A temp copy of prisma/migrations. */
async function copyOfMigrations(name: string): Promise<string> {
  const dir = path.join(tmp, name);
  await fs.cp(MIGRATIONS_DIR, dir, { recursive: true });
  return dir;
}

async function localMigrations(): Promise<string[]> {
  const entries = await fs.readdir(MIGRATIONS_DIR, { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'mig-test-'));
});

afterAll(async () => {
  const names = await databasesLike(`${PREFIX}%`);
  const results = await Promise.allSettled(
    names.map((name) => admin(`DROP DATABASE IF EXISTS "${name.replaceAll('"', '""')}" WITH (FORCE)`)),
  );
  await fs.rm(tmp, { recursive: true, force: true });
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
});

describe('committed migrations', () => {
  it('has an init migration and a postgresql lock file', async () => {
    const names = await localMigrations();
    expect(names.length).toBeGreaterThan(0);
    expect(names[0]).toMatch(/^\d{14}_init$/);
    const lock = await fs.readFile(path.join(MIGRATIONS_DIR, 'migration_lock.toml'), 'utf8');
    expect(lock).toContain('provider = "postgresql"');
  });

  it('match the schema (no schema drift): createMigration creates nothing', async () => {
    const dir = await copyOfMigrations('drift');
    const before = await fs.readdir(dir);
    const result = await createMigration({
      databaseUrl: newDatabaseUrl('drift'),
      name: 'drift_check',
      migrationsDir: dir,
      schemaPath: SCHEMA_PATH,
    });
    expect(
      result.created,
      'prisma/schema.prisma has changes without a migration: run `npm run db:create-migration <name>`',
    ).toBeNull();
    expect(await fs.readdir(dir)).toEqual(before);
  }, 30_000);
});

describe('ensureDatabase', () => {
  it('creates a missing database and is a no-op when it exists', async () => {
    const url = newDatabaseUrl('ensure');
    const name = new URL(url).pathname.slice(1);
    expect(await databasesLike(name)).toEqual([]);
    expect(await ensureDatabase(url)).toBe(true);
    expect(await databasesLike(name)).toEqual([name]);
    expect(await ensureDatabase(url)).toBe(false);
  });

  it('quotes the database name', async () => {
    const url = urlFor(`${PREFIX}_Odd"Name`);
    expect(await ensureDatabase(url)).toBe(true);
    expect(await databasesLike(`${PREFIX}_Odd"Name`)).toEqual([`${PREFIX}_Odd"Name`]);
  });
});

describe('applyMigrations', () => {
  const url = newDatabaseUrl('apply');

  beforeAll(async () => {
    await ensureDatabase(url);
  });

  it('applies all migrations to an empty database', async () => {
    const expected = await localMigrations();
    expect(await migrationStatus({ databaseUrl: url })).toEqual({ applied: [], pending: expected });

    const { applied } = await applyMigrations({ databaseUrl: url });

    expect(applied).toEqual(expected);
    expect(await tables(url)).toEqual(expect.arrayContaining(['_prisma_migrations', 'jobs', 'notes', 'users']));
    const rows = await query<{ migration_name: string; finished_at: Date | null; logs: string | null }>(
      url,
      'SELECT migration_name, finished_at, logs FROM _prisma_migrations ORDER BY migration_name',
    );
    expect(rows.map((r) => r.migration_name)).toEqual(expected);
    for (const row of rows) {
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.logs).toBeNull();
    }
  }, 30_000);

  it('is a no-op when re-applied', async () => {
    const before = await query(url, 'SELECT id, checksum, finished_at FROM _prisma_migrations ORDER BY id');
    expect(await applyMigrations({ databaseUrl: url })).toEqual({ applied: [] });
    expect(await query(url, 'SELECT id, checksum, finished_at FROM _prisma_migrations ORDER BY id')).toEqual(before);
    expect(await migrationStatus({ databaseUrl: url })).toEqual({ applied: await localMigrations(), pending: [] });
  }, 30_000);

  it('runs a migration script as a whole (";" inside a $$ function body)', async () => {
    const dir = await copyOfMigrations('function');
    await fs.mkdir(path.join(dir, '99990101000000_add_function'));
    await fs.writeFile(
      path.join(dir, '99990101000000_add_function', 'migration.sql'),
      `CREATE FUNCTION note_count(job uuid) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE n bigint;
BEGIN
  SELECT count(*) INTO n FROM notes WHERE job_id = job;
  RETURN n;
END;
$$;
`,
    );
    expect(await applyMigrations({ databaseUrl: url, migrationsDir: dir })).toEqual({
      applied: ['99990101000000_add_function'],
    });
    const [row] = await query<{ n: string }>(url, `SELECT note_count(gen_random_uuid()) AS n`);
    expect(row?.n).toBe('0');
  }, 30_000);

  it('reports a failing migration as a MigrationError', async () => {
    const failing = newDatabaseUrl('failing');
    await ensureDatabase(failing);
    const dir = path.join(tmp, 'failing');
    await fs.mkdir(path.join(dir, '20000101000000_broken'), { recursive: true });
    await fs.writeFile(path.join(dir, 'migration_lock.toml'), 'provider = "postgresql"\n');
    await fs.writeFile(
      path.join(dir, '20000101000000_broken', 'migration.sql'),
      'ALTER TABLE missing_table ADD COLUMN x int;\n',
    );
    const error = await applyMigrations({ databaseUrl: failing, migrationsDir: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect((error as Error).message).toBe('Migration `20000101000000_broken` failed: No such table: missing_table');
    // Like `prisma migrate deploy`: recorded as failed, and blocks further migrations.
    const [row] = await query<{ finished_at: Date | null }>(failing, 'SELECT finished_at FROM _prisma_migrations');
    expect(row?.finished_at).toBeNull();
    await expect(applyMigrations({ databaseUrl: failing, migrationsDir: dir })).rejects.toThrow(/failed migrations/);
  }, 30_000);
});

describe('createMigration', () => {
  const mainUrl = newDatabaseUrl('main');
  let schemaPath: string;
  let migrationsDir: string;

  beforeAll(async () => {
    await ensureDatabase(mainUrl);
    await applyMigrations({ databaseUrl: mainUrl });
    await query(
      mainUrl,
      `INSERT INTO users (id, email, password_hash, first_name, last_name, updated_at)
       VALUES ('00000000-0000-4000-8000-000000000001', 'ada@example.com', 'x', 'Ada', 'Lovelace', now())`,
    );
    migrationsDir = await copyOfMigrations('create');
    const schema = await fs.readFile(SCHEMA_PATH, 'utf8');
    const changed = schema.replace(/(\n\s*isActive\s+Boolean[^\n]*\n)/, '$1  phone        String?  @db.VarChar(30)\n');
    expect(changed).not.toBe(schema);
    schemaPath = path.join(tmp, 'schema-with-phone.prisma');
    await fs.writeFile(schemaPath, changed);
  }, 30_000);

  it('creates nothing when the schema is unchanged', async () => {
    const before = await fs.readdir(migrationsDir);
    expect(
      await createMigration({ databaseUrl: mainUrl, name: 'nothing', migrationsDir, schemaPath: SCHEMA_PATH }),
    ).toEqual({
      created: null,
    });
    expect(await fs.readdir(migrationsDir)).toEqual(before);
  }, 30_000);

  it('writes a migration for a schema change without touching the main database', async () => {
    const migrationsBefore = await query(mainUrl, 'SELECT * FROM _prisma_migrations ORDER BY id');

    const { created } = await createMigration({
      databaseUrl: mainUrl,
      name: 'add_user_phone',
      migrationsDir,
      schemaPath,
    });

    expect(created).toMatch(/^\d{14}_add_user_phone$/);
    const sql = await fs.readFile(path.join(migrationsDir, created!, 'migration.sql'), 'utf8');
    expect(sql).toContain('ALTER TABLE "users" ADD COLUMN     "phone" VARCHAR(30);');
    expect(await fs.readFile(path.join(migrationsDir, 'migration_lock.toml'), 'utf8')).toContain(
      'provider = "postgresql"',
    );

    // The main database: not altered, its data untouched.
    expect(await columns(mainUrl, 'users')).not.toContain('phone');
    expect(await query(mainUrl, 'SELECT id, email FROM users')).toEqual([
      { id: '00000000-0000-4000-8000-000000000001', email: 'ada@example.com' },
    ]);
    expect(await query(mainUrl, 'SELECT * FROM _prisma_migrations ORDER BY id')).toEqual(migrationsBefore);

    // No shadow/scratch database is left behind.
    expect(await databasesLike(`${PREFIX}%\\_shadow\\_%`)).toEqual([]);

    // The new migration applies, and then the schema has no more changes.
    expect(await applyMigrations({ databaseUrl: mainUrl, migrationsDir })).toEqual({ applied: [created] });
    expect(await columns(mainUrl, 'users')).toContain('phone');
    expect(await query(mainUrl, 'SELECT count(*)::int AS n FROM users')).toEqual([{ n: 1 }]);
    expect(await createMigration({ databaseUrl: mainUrl, name: 'again', migrationsDir, schemaPath })).toEqual({
      created: null,
    });
  }, 60_000);

  it('rejects a name that is not snake_case', async () => {
    await expect(
      createMigration({ databaseUrl: mainUrl, name: 'Add Phone', migrationsDir, schemaPath }),
    ).rejects.toThrow(MigrationError);
  });
});

describe('adapter traps', () => {
  const url = newDatabaseUrl('traps');

  beforeAll(async () => {
    await ensureDatabase(url);
  });

  it('1: reads PostgreSQL "char" columns (OID 18) as text', async () => {
    const factory = new PgMigrationAdapterFactory(url);
    try {
      const adapter = await factory.connect();
      const result = await adapter.queryRaw({
        sql: `SELECT relkind, 'x'::"char" AS c FROM pg_class WHERE relname = 'pg_class'`,
        args: [],
        argTypes: [],
      });
      expect(result.rows).toEqual([['r', 'x']]);
    } finally {
      await factory.close();
    }
  });

  it('2 and 3: the shadow database is a new database, dropped when the engine lets go of it', async () => {
    const factory = new PgMigrationAdapterFactory(url);
    try {
      const shadow = await factory.connectToShadowDb();
      const result = await shadow.queryRaw({ sql: 'SELECT current_database()', args: [], argTypes: [] });
      const name = result.rows[0]?.[0] as string;
      expect(name).toMatch(new RegExp(`^${PREFIX}_traps_shadow_[0-9a-f]{12}$`));
      expect(await databasesLike(name)).toEqual([name]);
      await shadow.dispose(); // closes the pool, then drops the database
      expect(await databasesLike(name)).toEqual([]);
    } finally {
      await factory.close();
    }
    // The main database is still there.
    expect(await databasesLike(`${PREFIX}_traps`)).toEqual([`${PREFIX}_traps`]);
  });
});

// pg_locks is the whole server's: only this database's lock counts (other test files, and other
// runs on the same server, apply migrations to databases of their own at the same time).
const LOCK_GRANTED = `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND classid = 0 AND objid = $1 AND granted
  AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`;

describe('the migration lock', () => {
  const url = newDatabaseUrl('lock');
  let holder: pg.Client;

  /** Holds the migration lock on a session of its own, as another release would. */
  async function holdLock(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    return client;
  }

  beforeAll(async () => {
    await ensureDatabase(url);
  });
  afterEach(async () => {
    await holder?.end().catch(() => {});
  });

  it('waits a bounded time for another run, then fails naming the holder and applies nothing', async () => {
    holder = await holdLock();
    const holderPid = (await holder.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid;
    const error = await applyMigrations({ databaseUrl: url, lockTimeoutMs: 500 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect((error as Error).message).toMatch(
      new RegExp(`^Timed out after 1 s waiting for the migration lock .*held by PostgreSQL backend pid ${holderPid}`),
    );
    expect(await tables(url)).toEqual([]);
    // Our own lock session is gone: only the holder's lock is left.
    const locks = await query<{ pid: number }>(url, LOCK_GRANTED, [MIGRATION_LOCK_KEY]);
    expect(locks.map((l) => l.pid)).toEqual([holderPid]);
  }, 30_000);

  it('applies once the other run lets go of the lock', async () => {
    holder = await holdLock();
    const messages: string[] = [];
    let waiting!: () => void;
    const isWaiting = new Promise<void>((resolve) => (waiting = resolve));
    const run = applyMigrations({
      databaseUrl: url,
      lockTimeoutMs: 30_000,
      log: (message) => {
        messages.push(message);
        if (message.startsWith('Another migration run holds the migration lock')) waiting();
      },
    });
    await isWaiting;
    expect(await tables(url)).toEqual([]);
    await holder.end();
    expect(await run).toEqual({ applied: await localMigrations() });
    expect(messages).toContainEqual(expect.stringMatching(/^Got the migration lock after \d+\.\d s$/));
  }, 30_000);

  it("a migration longer than the engine's own 10 s lock wait does not fail a concurrent run", async () => {
    // Prisma's engine takes its own advisory lock but waits only 10 s for it: without our lock,
    // the second release failed with "Timed out trying to acquire a postgres advisory lock".
    const slowUrl = newDatabaseUrl('lock_slow');
    await ensureDatabase(slowUrl);
    const dir = await copyOfMigrations('slow');
    await fs.mkdir(path.join(dir, '99990101000000_slow'));
    await fs.writeFile(path.join(dir, '99990101000000_slow', 'migration.sql'), 'SELECT pg_sleep(11);\n');
    const applyInChild = () =>
      new Promise<{ code: number | null; output: string }>((resolve, reject) => {
        const child = spawn(
          process.execPath,
          ['--import', 'tsx', path.join(ROOT, 'tests/fixtures/apply-migrations.ts')],
          {
            cwd: ROOT,
            env: { ...process.env, DATABASE_URL: slowUrl, MIGRATIONS_DIR: dir },
            stdio: ['ignore', 'pipe', 'pipe'],
          },
        );
        let output = '';
        child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.once('error', reject);
        child.once('close', (code) => resolve({ code, output }));
      });
    const first = applyInChild();
    // Start the second only once the first holds the lock, so that it must wait.
    const deadline = Date.now() + 30_000;
    while ((await query(slowUrl, LOCK_GRANTED, [MIGRATION_LOCK_KEY])).length === 0) {
      if (Date.now() > deadline) throw new Error('the first run did not take the migration lock within 30 s');
      await delay(50);
    }
    const second = await applyInChild();
    const firstResult = await first;
    expect(firstResult.code, firstResult.output).toBe(0);
    expect(firstResult.output).toContain(`applied: ${[...(await localMigrations()), '99990101000000_slow'].join(',')}`);
    expect(second.code, second.output).toBe(0);
    expect(second.output).toMatch(/Got the migration lock after (1[0-9]|[0-9])\.\d s/);
    expect(second.output).toContain('applied: \n');
  }, 60_000);

  it('refuses a timeout of 0, which PostgreSQL would take as "wait forever"', async () => {
    await expect(applyMigrations({ databaseUrl: url, lockTimeoutMs: 0 })).rejects.toThrow(/at least 1/);
  });
});

describe('src/cli/db.ts', () => {
  const tsx = path.join(ROOT, 'node_modules', '.bin', 'tsx');
  const run = (args: string[], env: Record<string, string | undefined>) =>
    spawnSync(tsx, [path.join(ROOT, 'src', 'cli', 'db.ts'), ...args], {
      cwd: tmp, // no .env here
      env: { ...process.env, DATABASE_URL: undefined, ...env },
      encoding: 'utf8',
    });

  it('fails clearly without DATABASE_URL', () => {
    const { status, stderr } = run(['migrate'], {});
    expect(status).toBe(1);
    expect(stderr).toMatch(/DATABASE_URL/);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  }, 30_000);

  it('validates the migration name', () => {
    const { status, stderr } = run(['create-migration', 'Bad-Name'], { DATABASE_URL: newDatabaseUrl('cli') });
    expect(status).toBe(1);
    expect(stderr).toMatch(/snake_case/);
    expect(stderr).not.toMatch(/\n\s+at /);
  }, 30_000);

  it('refuses a bad MIGRATE_LOCK_TIMEOUT_SECONDS', () => {
    const { status, stderr } = run(['migrate'], {
      DATABASE_URL: newDatabaseUrl('cli_timeout'),
      MIGRATE_LOCK_TIMEOUT_SECONDS: '0',
    });
    expect(status).toBe(1);
    expect(stderr.trim()).toBe(
      'Error: MIGRATE_LOCK_TIMEOUT_SECONDS must be a whole number of seconds from 1 to 86400 (got "0")',
    );
  }, 30_000);

  it('init creates and migrates the database; status shows nothing pending', async () => {
    const url = newDatabaseUrl('cli');
    const init = run(['init'], { DATABASE_URL: url });
    expect(init.stderr).toBe('');
    expect(init.status).toBe(0);
    expect(await tables(url)).toEqual(expect.arrayContaining(['jobs', 'notes', 'users']));
    const status = run(['status'], { DATABASE_URL: url });
    expect(status.status).toBe(0);
    expect(status.stdout).toMatch(/0 pending/);
  }, 60_000);
});
