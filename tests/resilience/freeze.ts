// Hung servers for the deadline tests: a process that is SIGSTOPped keeps its sockets open and
// accepts connections (the kernel completes them) but never answers, like a server stuck on a
// dead disk or a frozen VM. Only processes the test started itself are ever stopped.
import { readdirSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { applyMigrations, ensureDatabase } from '../../src/db/migrations.ts';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../../src/infra/embedded-postgres.ts';
import { freePort } from '../support/processes.ts';

/** The parent pid of a process, from /proc/<pid>/stat (the field after the command name). */
function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined; // gone meanwhile
  }
}

/** `pid` and every process below it. */
export function processTree(pid: number): number[] {
  const all = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number);
  const tree = [pid];
  for (let index = 0; index < tree.length; index += 1) {
    for (const candidate of all) if (parentOf(candidate) === tree[index]) tree.push(candidate);
  }
  return tree;
}

/** SIGSTOPs the processes; the returned function SIGCONTs them (safe to call more than once). */
export function freeze(pids: readonly number[]): () => void {
  const stopped: number[] = [];
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGSTOP');
      stopped.push(pid);
    } catch (error) {
      // A short-lived child (a backend that was exiting) may be gone since it was listed.
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
    }
  }
  let thawed = false;
  return () => {
    if (thawed) return;
    thawed = true;
    for (const pid of stopped) {
      try {
        process.kill(pid, 'SIGCONT');
      } catch {
        // exited meanwhile
      }
    }
  };
}

export interface PrivatePostgres {
  handle: EmbeddedPostgresHandle;
  /** The postmaster's pid (first line of postmaster.pid). */
  postmasterPid(): number;
  /** Migrated, empty database of the cluster. */
  url: string;
  stop(): Promise<void>;
}

/** A PostgreSQL cluster of this test file alone, with a migrated database: it may be frozen. */
export async function startPrivatePostgres(database: string): Promise<PrivatePostgres> {
  const parent = await mkdtemp(path.join(os.tmpdir(), 'jat-pg-hang-'));
  // mkdtemp makes a 0700 folder; as root, PostgreSQL runs as the OS user "postgres" and must enter it.
  await chmod(parent, 0o755);
  const dataDir = path.join(parent, 'data');
  const handle = await startEmbeddedPostgres({ dataDir, port: await freePort(), database, persistent: false });
  try {
    await ensureDatabase(handle.url);
    await applyMigrations({ databaseUrl: handle.url });
  } catch (error) {
    await handle.stop();
    throw error;
  }
  return {
    handle,
    url: handle.url,
    postmasterPid: () => Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]),
    async stop() {
      try {
        await handle.stop();
      } finally {
        await rm(parent, { recursive: true, force: true });
      }
    },
  };
}
