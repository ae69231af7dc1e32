/**
 * Prisma migrations without Prisma's native schema engine.
 *
 * The native `schema-engine` binary cannot be downloaded on our machines, so
 * `prisma migrate dev|deploy|diff` do not work. This module drives the
 * WebAssembly build of the same engine (`@prisma/schema-engine-wasm`) through
 * a migration-aware driver adapter over `@prisma/adapter-pg`. It reads and
 * writes the standard `prisma/migrations/<timestamp>_<name>/migration.sql`
 * folders, `migration_lock.toml` and the `_prisma_migrations` table, so the
 * results stay interchangeable with the stock Prisma CLI.
 *
 * Known traps (each one is handled below, look for "TRAP"):
 * 1. adapter-pg cannot map PostgreSQL's internal `"char"` type (OID 18) that
 *    the engine's catalog queries return.
 * 2. adapter-pg's `connectToShadowDb()` keeps the original connection string,
 *    so its "shadow" database is the MAIN database, which the engine resets.
 * 3. adapter-pg drops the shadow database while its own pool is still open.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { PrismaPg } from '@prisma/adapter-pg';
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import type { CreateMigrationOutput, MigrationList, SchemaEngine, SchemaFilter } from '@prisma/schema-engine-wasm';
import * as engineBindings from '@prisma/schema-engine-wasm/schema_engine_bg';
import { Logger as QueueLogger, runMigrations as runQueueMigrations } from 'graphile-worker';
import pg from 'pg';

/** graphile-worker logs its migrations at info; ours say it in one line. */
const QUIET_QUEUE_LOGGER = new QueueLogger(() => () => undefined);

export type LogFn = (message: string) => void;

export interface MigrateOptions {
  /** The database to migrate, e.g. postgresql://user@host:5432/app. */
  databaseUrl: string;
  /** Defaults to `<project root>/prisma/migrations`. */
  migrationsDir?: string;
  /** Defaults to `<project root>/prisma/schema.prisma` (used by createMigration). */
  schemaPath?: string;
  /** Receives progress messages and engine warnings/errors. Silent by default. */
  log?: LogFn;
  /** applyMigrations: how long to wait for the migration lock held by another run (default 5 minutes). */
  lockTimeoutMs?: number;
}

export interface CreateMigrationOptions extends MigrateOptions {
  /** The migration name, e.g. `add_user_phone` (becomes `<timestamp>_<name>`). */
  name: string;
}

/** An expected failure (bad migration, unreachable database, ...), with a one-line-ish message. */
export class MigrationError extends Error {
  override name = 'MigrationError';
}

// ---------------------------------------------------------------------------
// Paths

/** The project root: the nearest folder above this file that holds package.json (works from src/ and dist/src/). */
export function projectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('Cannot find the project root (no package.json above src/db)');
    dir = parent;
  }
}

export const defaultMigrationsDir = (): string => path.join(projectRoot(), 'prisma', 'migrations');
export const defaultSchemaPath = (): string => path.join(projectRoot(), 'prisma', 'schema.prisma');

// ---------------------------------------------------------------------------
// Connection helpers

/** A URL with another database name, same server and credentials. */
function withDatabase(databaseUrl: string, database: string): string {
  const url = new URL(databaseUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

function databaseName(databaseUrl: string): string {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    throw new MigrationError('DATABASE_URL is not a valid URL');
  }
  if (url.protocol !== 'postgresql:' && url.protocol !== 'postgres:') {
    throw new MigrationError(`DATABASE_URL must be a postgresql:// URL (got ${url.protocol}//...)`);
  }
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!name) throw new MigrationError('DATABASE_URL has no database name');
  return name;
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Runs `fn` with a client on the server's maintenance database (`postgres`, else `template1`). */
async function withMaintenanceClient<T>(databaseUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  let lastError: unknown;
  for (const db of ['postgres', 'template1']) {
    const client = new pg.Client({ connectionString: withDatabase(databaseUrl, db) });
    try {
      await client.connect();
    } catch (error) {
      lastError = error;
      await client.end().catch(() => {});
      // 3D000 = invalid_catalog_name: try the next maintenance database.
      if ((error as { code?: string }).code === '3D000') continue;
      throw wrapError(error);
    }
    try {
      return await fn(client);
    } finally {
      await client.end().catch(() => {});
    }
  }
  throw wrapError(lastError);
}

/** Creates an empty `<base>_shadow_<random>` database on the same server; returns its name. */
async function createTemporaryDatabase(databaseUrl: string, baseName: string, log?: LogFn): Promise<string> {
  // Identifiers are cut at 63 bytes: keep room for the suffix.
  const name = `${baseName.slice(0, 40)}_shadow_${randomBytes(6).toString('hex')}`;
  await withMaintenanceClient(databaseUrl, (client) => client.query(`CREATE DATABASE ${quoteIdent(name)}`));
  log?.(`Created temporary database ${name}`);
  return name;
}

async function dropDatabase(databaseUrl: string, name: string, log?: LogFn): Promise<void> {
  await withMaintenanceClient(databaseUrl, async (client) => {
    // WITH (FORCE) (PG 13+) also ends sessions some pool may still hold.
    await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
  });
  log?.(`Dropped temporary database ${name}`);
}

/** Creates the database named in the URL if it does not exist. Returns true if it created it. */
export async function ensureDatabase(databaseUrl: string): Promise<boolean> {
  const name = databaseName(databaseUrl);
  return withMaintenanceClient(databaseUrl, async (client) => {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount) return false;
    try {
      await client.query(`CREATE DATABASE ${quoteIdent(name)}`);
    } catch (error) {
      // 42P04 = duplicate_database: someone else created it meanwhile.
      if ((error as { code?: string }).code === '42P04') return false;
      throw wrapError(error);
    }
    return true;
  });
}

// TRAP 1: adapter-pg maps every result column to a Prisma column type and
// throws "Unsupported column type char" for PostgreSQL's internal `"char"`
// type (OID 18), which the engine's catalog queries return (pg_class.relkind,
// pg_constraint.contype, ...). A type parser alone does not help because the
// adapter looks at the column's type OID, so this client reports such columns
// as `text` (OID 25); their text-format values are plain strings anyway.
const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

function charColumnsAsText<R>(result: R): R {
  for (const res of Array.isArray(result) ? result : [result]) {
    const fields = (res as { fields?: { dataTypeID: number }[] } | undefined)?.fields;
    for (const field of fields ?? []) {
      if (field.dataTypeID === PG_CHAR_OID) field.dataTypeID = PG_TEXT_OID;
    }
  }
  return result;
}

class CharAsTextClient extends pg.Client {
  // pg's query() has many overloads (promise, callback, submittable); keep them all.
  override query(...args: unknown[]): never {
    const last = args.at(-1);
    const query = (...a: unknown[]): unknown => (super.query as (...b: unknown[]) => unknown).apply(this, a);
    if (typeof last === 'function') {
      const callback = last as (err: unknown, res: unknown) => void;
      return query(...args.slice(0, -1), (err: unknown, res: unknown) =>
        callback(err, err ? res : charColumnsAsText(res)),
      ) as never;
    }
    const ret = query(...args);
    if (ret instanceof Promise) return ret.then(charColumnsAsText) as never;
    return ret as never;
  }
}

function poolConfig(connectionString: string, readOnly = false): pg.PoolConfig {
  return {
    connectionString,
    Client: CharAsTextClient,
    max: 4,
    // A read-only session for commands that only read (migrationStatus).
    ...(readOnly ? { options: '-c default_transaction_read_only=on' } : {}),
  };
}

/** Wraps an adapter so that a script runs as one simple-protocol query, like the native engine does. */
function wholeScriptAdapter(adapter: SqlDriverAdapter & { underlyingDriver(): pg.Pool }): SqlDriverAdapter {
  // adapter-pg's executeScript() splits the script on every ";", which breaks
  // statements that contain one ($$ function bodies, string literals). The
  // native engine sends the whole script at once; do the same.
  adapter.executeScript = async (script: string) => {
    try {
      await adapter.underlyingDriver().query(script);
    } catch (error) {
      // Report it like adapter-pg does, so the engine shows the PostgreSQL error.
      (adapter as unknown as { onError(error: unknown): never }).onError(error);
    }
  };
  return adapter;
}

/**
 * A migration-aware adapter factory (exported for tests): `connect()` opens the database to work on,
 * `connectToShadowDb()` opens a fresh temporary database next to it.
 */
export class PgMigrationAdapterFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = 'postgres';
  readonly adapterName = '@prisma/adapter-pg';
  private readonly open = new Set<SqlDriverAdapter>();
  private readonly shadowDatabases = new Set<string>();

  constructor(
    private readonly databaseUrl: string,
    private readonly options: { readOnly?: boolean; shadowBaseName?: string; log?: LogFn } = {},
  ) {}

  async connect(): Promise<SqlDriverAdapter> {
    const adapter = await new PrismaPg(poolConfig(this.databaseUrl, this.options.readOnly)).connect();
    return this.track(wholeScriptAdapter(adapter));
  }

  // TRAP 2: PrismaPg.connectToShadowDb() builds its pool from the original
  // connection string, which wins over the `database` it sets, so its
  // "shadow" database is the MAIN database, and the engine resets (empties)
  // the shadow database before use. Instead create `<main>_shadow_<random>`
  // ourselves and connect to it by its own URL.
  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    const baseName = this.options.shadowBaseName ?? databaseName(this.databaseUrl);
    const name = await createTemporaryDatabase(this.databaseUrl, baseName, this.options.log);
    this.shadowDatabases.add(name);

    const adapter = wholeScriptAdapter(await new PrismaPg(poolConfig(withDatabase(this.databaseUrl, name))).connect());
    const closePool = adapter.dispose.bind(adapter);
    // TRAP 3: adapter-pg's shadow adapter runs DROP DATABASE while its own pool
    // still has the database open, which fails ("being accessed by other
    // users") or leaks the database. Close the pool first, then drop it.
    adapter.dispose = async () => {
      this.open.delete(adapter);
      await closePool();
      await this.dropShadow(name);
    };
    return this.track(adapter);
  }

  private track(adapter: SqlDriverAdapter): SqlDriverAdapter {
    this.open.add(adapter);
    const dispose = adapter.dispose.bind(adapter);
    let disposed: Promise<void> | undefined;
    adapter.dispose = () => {
      this.open.delete(adapter);
      disposed ??= dispose();
      return disposed;
    };
    return adapter;
  }

  private async dropShadow(name: string): Promise<void> {
    if (!this.shadowDatabases.has(name)) return;
    this.shadowDatabases.delete(name);
    await dropDatabase(this.databaseUrl, name, this.options.log);
  }

  /** Closes every pool the engine left open and drops leftover shadow databases. */
  async close(): Promise<void> {
    const results = await Promise.allSettled([...this.open].map((adapter) => adapter.dispose()));
    for (const name of [...this.shadowDatabases]) {
      results.push(...(await Promise.allSettled([this.dropShadow(name)])));
    }
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw wrapError(failed.reason);
  }
}

// ---------------------------------------------------------------------------
// The Wasm engine

type SchemaEngineClass = typeof engineBindings.SchemaEngine;
let engineClass: SchemaEngineClass | undefined;

/**
 * Loads the engine's .wasm file. Its package entry point imports the .wasm as
 * an ES module, which Node 20 cannot do, so instantiate it by hand (this is
 * what wasm-bindgen's generated entry point does).
 */
async function loadEngine(): Promise<SchemaEngineClass> {
  if (engineClass) return engineClass;
  const require = createRequire(import.meta.url);
  const wasmPath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg').replace(/\.js$/, '.wasm');
  const module = await WebAssembly.compile(await fs.readFile(wasmPath));
  const imports: Record<string, unknown> = { ...engineBindings };
  // The engine arms timers (10 s timeouts) that it never clears, which keeps
  // Node alive for 10 s after the work is done. Track them so that withEngine()
  // can unref them once an engine call has finished.
  for (const key of Object.keys(imports).filter((k) => k.startsWith('__wbg_setTimeout_'))) {
    imports[key] = (callback: () => void, ms: number) => {
      const timer = setTimeout(() => {
        engineTimers.delete(timer);
        callback();
      }, ms >>> 0);
      engineTimers.add(timer);
      return timer;
    };
  }
  const instance = await WebAssembly.instantiate(module, {
    './schema_engine_bg.js': imports as WebAssembly.ModuleImports,
  });
  engineBindings.__wbg_set_wasm(instance.exports);
  (instance.exports as { __wbindgen_start: () => void }).__wbindgen_start();
  // The engine reports Rust panics here; without it a panic surfaces as a TypeError.
  const g = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: { set_message(message: string): void } };
  g.PRISMA_WASM_PANIC_REGISTRY ??= { set_message: (message) => (lastPanic = message) };
  engineClass = engineBindings.SchemaEngine;
  return engineClass;
}
let lastPanic: string | undefined;
const engineTimers = new Set<NodeJS.Timeout>();
let activeEngines = 0;

/** Engine log lines are JSON; pass on warnings and errors only. */
function engineLogger(log: LogFn | undefined): (line: string) => void {
  return (line) => {
    if (!log) return;
    try {
      const entry = JSON.parse(line) as { level?: string; fields?: { message?: string } };
      if (entry.level === 'WARN' || entry.level === 'ERROR') log(`${entry.level}: ${entry.fields?.message ?? line}`);
    } catch {
      log(line.trim());
    }
  };
}

type BoundFactory = ReturnType<typeof bindMigrationAwareSqlAdapterFactory>;

/** Turns engine/driver errors into a MigrationError without the engine's span trace. */
function wrapError(error: unknown, bound?: BoundFactory): Error {
  if (error instanceof MigrationError) return error;
  // A JS error thrown inside an adapter call reaches us as "External error id#N".
  const id = error instanceof Error ? /External error id#(\d+)/.exec(error.message)?.[1] : undefined;
  const external = id === undefined ? undefined : bound?.errorRegistry.consumeError(Number(id));
  if (external) return wrapError(external.error);
  if (error instanceof WebAssembly.RuntimeError && lastPanic) {
    return new MigrationError(`Schema engine panicked: ${lastPanic}`, { cause: error });
  }
  if (error instanceof Error) {
    // Engine errors end with a span trace ("   0: schema_engine_wasm::..."): drop it,
    // but keep the name of the migration it mentions.
    const [head = '', trace = ''] = error.message.split(/\n\s+0: /, 2);
    let message = head.replace(/^external connector error\s*/, '').trim();
    const migration = /migration_name="([^"]+)"/.exec(trace)?.[1];
    if (message && migration && !message.includes(migration)) message = `Migration \`${migration}\` failed: ${message}`;
    // Connection failures may come as an AggregateError with an empty message.
    const inner = error instanceof AggregateError ? (error.errors[0] as Error | undefined) : undefined;
    message ||= inner?.message ?? (error as { code?: string }).code ?? error.name;
    return new MigrationError(message, { cause: error });
  }
  return new MigrationError(String(error));
}

async function withEngine<T>(
  factory: PgMigrationAdapterFactory,
  log: LogFn | undefined,
  fn: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  const SchemaEngineWasm = await loadEngine();
  let result: T;
  const bound = bindMigrationAwareSqlAdapterFactory(factory);
  activeEngines++;
  try {
    const engine = await SchemaEngineWasm.new({ datamodels: undefined }, engineLogger(log), bound);
    try {
      result = await fn(engine);
    } finally {
      engine.free();
    }
  } catch (error) {
    await factory.close().catch(() => {});
    throw wrapError(error, bound);
  } finally {
    if (--activeEngines === 0) for (const timer of engineTimers) timer.unref();
  }
  await factory.close();
  return result;
}

const noFilter: SchemaFilter = { externalTables: [], externalEnums: [] };

/** Reads the migrations folder the way the Prisma CLI does. */
async function readMigrationsList(migrationsDir: string): Promise<MigrationList> {
  const baseDir = path.resolve(migrationsDir);
  const lockfilePath = 'migration_lock.toml';
  const content = await fs.readFile(path.join(baseDir, lockfilePath), 'utf8').catch(() => null);
  const entries = await fs.readdir(baseDir, { withFileTypes: true }).catch(() => []);
  const migrationDirectories: MigrationList['migrationDirectories'] = [];
  for (const entry of entries.filter((e) => e.isDirectory())) {
    const file = path.join(baseDir, entry.name, 'migration.sql');
    const migrationContent = await fs
      .readFile(file, 'utf8')
      .then((value) => ({ tag: 'ok' as const, value }))
      .catch((error: Error) => ({ tag: 'error' as const, value: error.message }));
    migrationDirectories.push({
      path: entry.name,
      migrationFile: { path: 'migration.sql', content: migrationContent },
    });
  }
  migrationDirectories.sort((a, b) => a.path.localeCompare(b.path));
  return { baseDir, lockfile: { path: lockfilePath, content }, shadowDbInitScript: '', migrationDirectories };
}

// ---------------------------------------------------------------------------
// The migration lock

/**
 * Key of the session-level advisory lock held around applyMigrations. Not Prisma's own key
 * (72707369): the engine takes that one itself, on one of its pooled connections, which the
 * pool may close when idle (releasing the lock mid-run) and which it waits for 10 s at most.
 * Ours sits on a connection of its own for the whole run. Below 2^31, so that pg_locks shows it
 * as `objid` with `classid` 0.
 */
export const MIGRATION_LOCK_KEY = 747_265_001;
export const DEFAULT_MIGRATION_LOCK_TIMEOUT_MS = 5 * 60_000;
const MIGRATION_LOCK_APPLICATION = 'job-tracker migrate';

/** Who holds the migration lock, for the messages; '' when nobody (or it cannot be seen). */
async function migrationLockHolder(client: pg.Client): Promise<string> {
  const { rows } = await client
    .query<{ pid: number; application_name: string | null; client_addr: string | null; since: Date | null }>(
      `SELECT a.pid, a.application_name, host(a.client_addr) AS client_addr, a.backend_start AS since
       FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
       WHERE l.locktype = 'advisory' AND l.granted AND l.classid = 0 AND l.objid = $1 AND l.objsubid = 1
         AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      [MIGRATION_LOCK_KEY],
    )
    .catch(() => ({ rows: [] }));
  const holder = rows[0];
  if (!holder) return '';
  const details = [
    `PostgreSQL backend pid ${holder.pid}`,
    holder.application_name ? `application "${holder.application_name}"` : '',
    holder.client_addr ? `from ${holder.client_addr}` : '',
    holder.since ? `connected since ${holder.since.toISOString()}` : '',
  ];
  return ` (held by ${details.filter(Boolean).join(', ')})`;
}

/**
 * Runs `fn` while holding the migration lock: a session-level pg_advisory_lock on a dedicated
 * connection, so that of two releases running at once exactly one applies each migration and
 * the other, once it gets the lock, finds nothing pending. Waits at most `timeoutMs` for
 * another run, then fails naming the holder. Closing the session releases the lock even if
 * this process dies.
 */
async function withMigrationLock<T>(
  databaseUrl: string,
  timeoutMs: number,
  log: LogFn | undefined,
  fn: () => Promise<T>,
): Promise<T> {
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1) {
    // lock_timeout = 0 would mean "wait forever".
    throw new MigrationError(`The migration lock timeout must be a whole number of milliseconds of at least 1`);
  }
  const client = new pg.Client({
    connectionString: databaseUrl,
    application_name: MIGRATION_LOCK_APPLICATION,
    keepAlive: true,
  });
  // An idle client emits 'error' if the server goes away; without a listener that crashes the process.
  client.on('error', (error) => log?.(`The migration lock connection failed: ${error.message}`));
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => {});
    throw wrapError(error);
  }
  try {
    const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [
      MIGRATION_LOCK_KEY,
    ]);
    if (!rows[0]?.locked) {
      const seconds = Math.ceil(timeoutMs / 1000);
      log?.(
        `Another migration run holds the migration lock${await migrationLockHolder(client)}; waiting up to ${seconds} s`,
      );
      const started = Date.now();
      await client.query(`SET lock_timeout = ${timeoutMs}`);
      try {
        await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
      } catch (error) {
        // 55P03 = lock_not_available: lock_timeout expired.
        if ((error as { code?: string }).code !== '55P03') throw wrapError(error);
        throw new MigrationError(
          `Timed out after ${seconds} s waiting for the migration lock (pg_advisory_lock(${MIGRATION_LOCK_KEY}))` +
            `${await migrationLockHolder(client)}: another migration run is still going. Retry once it has ` +
            'finished; if none is running, end that session with pg_terminate_backend(<pid>).',
        );
      }
      await client.query('RESET lock_timeout');
      log?.(`Got the migration lock after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
    return await fn();
  } finally {
    // Ending the session releases the lock; unlock first so that a slow close does not hold it.
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => {});
    await client.end().catch(() => {});
  }
}

// ---------------------------------------------------------------------------
// Commands

/**
 * Applies pending migrations, like `prisma migrate deploy`, holding the migration lock
 * (withMigrationLock): when two releases run at once, one applies and the other then finds
 * nothing pending. A no-op when nothing is pending.
 */
export async function applyMigrations(opts: MigrateOptions): Promise<{ applied: string[] }> {
  databaseName(opts.databaseUrl);
  const migrationsList = await readMigrationsList(opts.migrationsDir ?? defaultMigrationsDir());
  opts.log?.(`${migrationsList.migrationDirectories.length} migration(s) found in ${migrationsList.baseDir}`);
  const lockTimeoutMs = opts.lockTimeoutMs ?? DEFAULT_MIGRATION_LOCK_TIMEOUT_MS;
  const { appliedMigrationNames } = await withMigrationLock(opts.databaseUrl, lockTimeoutMs, opts.log, () => {
    const factory = new PgMigrationAdapterFactory(opts.databaseUrl, { log: opts.log });
    return withEngine(factory, opts.log, (engine) => engine.applyMigrations({ migrationsList, filters: noFilter }));
  });
  for (const name of appliedMigrationNames) opts.log?.(`Applied migration ${name}`);
  // The reminders' job queue keeps its own schema (graphile_worker) and migrates it itself,
  // idempotently, under its own lock: installed wherever ours are (release step, embedded
  // start, the tests' template database), so a write can schedule a job in its transaction.
  await runQueueMigrations({ connectionString: opts.databaseUrl, logger: QUIET_QUEUE_LOGGER });
  opts.log?.('Job queue schema (graphile_worker) is up to date');
  return { applied: appliedMigrationNames };
}

/** The migrations this build ships: the folders of the migrations directory, in the order they apply. */
export async function shippedMigrations(migrationsDir: string = defaultMigrationsDir()): Promise<string[]> {
  return (await readMigrationsList(migrationsDir)).migrationDirectories.map((d) => d.path);
}

/**
 * The migrations a database has applied (a failed or rolled-back one is not). Read as rows of
 * `migration_name`; a database without the table has applied none (see isMissingMigrationsTable).
 */
export const APPLIED_MIGRATIONS_SQL = `SELECT migration_name FROM _prisma_migrations
  WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY finished_at, migration_name`;

/** Whether a query failed because `_prisma_migrations` does not exist: nothing was ever applied. */
export function isMissingMigrationsTable(error: unknown): boolean {
  // 42P01 = undefined_table.
  return (error as { code?: string } | null)?.code === '42P01';
}

/**
 * The shipped migrations the database has not applied, in order. Applied ones the build does not
 * ship are fine: during a rolling deploy the old release runs on a database the new one migrated.
 */
export function missingMigrations(shipped: readonly string[], applied: Iterable<string>): string[] {
  const done = new Set(applied);
  return shipped.filter((name) => !done.has(name));
}

/** The names of the migrations in the folder that are not applied to the database yet. */
export async function migrationStatus(opts: MigrateOptions): Promise<{ pending: string[]; applied: string[] }> {
  databaseName(opts.databaseUrl);
  const local = await shippedMigrations(opts.migrationsDir);
  const pool = new pg.Pool({ ...poolConfig(opts.databaseUrl, true), max: 1 });
  try {
    const { rows } = await pool.query<{ migration_name: string }>(APPLIED_MIGRATIONS_SQL);
    const applied = rows.map((r) => r.migration_name);
    return { applied, pending: missingMigrations(local, applied) };
  } catch (error) {
    if (isMissingMigrationsTable(error)) return { applied: [], pending: local };
    throw wrapError(error);
  } finally {
    await pool.end();
  }
}

const LOCKFILE_HEADER =
  '# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\n';

/**
 * Writes a new migration for the changes between the migrations folder and the
 * schema file, like `prisma migrate dev --create-only`. Returns the new folder
 * name, or null when there is nothing to migrate.
 *
 * The main database is neither written nor read: only its server is used, for
 * temporary `<main>_shadow_<random>` databases that are dropped afterwards.
 */
export async function createMigration(opts: CreateMigrationOptions): Promise<{ created: string | null }> {
  databaseName(opts.databaseUrl);
  if (!/^[a-z0-9_]+$/.test(opts.name)) {
    throw new MigrationError(`Invalid migration name "${opts.name}": use snake_case (a-z, 0-9, _)`);
  }
  const migrationsDir = path.resolve(opts.migrationsDir ?? defaultMigrationsDir());
  const schemaPath = path.resolve(opts.schemaPath ?? defaultSchemaPath());
  const schemaContent = await fs.readFile(schemaPath, 'utf8').catch((error: Error) => {
    throw new MigrationError(`Cannot read the Prisma schema: ${error.message}`);
  });
  const migrationsList = await readMigrationsList(migrationsDir);
  const schema = { files: [{ path: schemaPath, content: schemaContent }] };

  // The engine's createMigration cannot open a shadow database by itself; it
  // reuses the schema that devDiagnostic computed (on a shadow database) for
  // the migrations applied to the database it is connected to. So connect it
  // to a scratch database with all migrations applied, never to the main one:
  // the main database is neither written nor even read.
  const server = opts.databaseUrl;
  const scratch = await createTemporaryDatabase(server, databaseName(server), opts.log);
  let output: CreateMigrationOutput;
  try {
    const factory = new PgMigrationAdapterFactory(withDatabase(server, scratch), {
      shadowBaseName: databaseName(server),
      log: opts.log,
    });
    output = await withEngine(factory, opts.log, async (engine) => {
      await engine.applyMigrations({ migrationsList, filters: noFilter });
      // Fails on a migration that does not apply cleanly; the suggested action
      // (reset on drift) is irrelevant for a scratch database.
      await engine.devDiagnostic({ migrationsList, filters: noFilter });
      return engine.createMigration({
        draft: false,
        migrationName: opts.name,
        migrationsList,
        schema,
        filters: noFilter,
      });
    });
  } finally {
    await dropDatabase(server, scratch, opts.log);
  }
  if (output.migrationScript === null) {
    opts.log?.('No schema changes: no migration created');
    return { created: null };
  }

  const dir = path.join(migrationsDir, output.generatedMigrationName);
  if (existsSync(dir)) throw new MigrationError(`The migration directory already exists: ${dir}`);
  await fs.mkdir(dir, { recursive: true });
  await fs.writeFile(path.join(dir, `migration.${output.extension}`), output.migrationScript, 'utf8');
  await fs.writeFile(
    path.join(migrationsDir, migrationsList.lockfile.path),
    `${LOCKFILE_HEADER}provider = "${output.connectorType}"\n`,
    'utf8',
  );
  opts.log?.(`Created migration ${output.generatedMigrationName}`);
  return { created: output.generatedMigrationName };
}
