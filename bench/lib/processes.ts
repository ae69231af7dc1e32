// Child processes: the project's server (node dist/main.js) and the baseline, each alone in its
// process so that neither shares an event loop with the load generator.
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { RESULTS_DIR, ROOT } from './settings.ts';

export interface Child {
  name: string;
  url: string;
  process: ChildProcess;
  /** Peak resident set size so far (VmHWM), in MB. */
  peakRssMb(): number;
  /** CPU time the process has used so far (user + system), in seconds. */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

export function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /^VmHWM:\s+(\d+) kB/m.exec(status)?.[1];
  return kb ? Number(kb) / 1024 : Number.NaN;
}

/** Clock ticks per second of /proc/<pid>/stat: 100 on Linux (USER_HZ). */
const CLOCK_TICKS = 100;

export function cpuSeconds(pid: number): number {
  // Fields after the command name (which may hold spaces, hence the last ')'): utime is the 12th, stime the 13th.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/** Polls `url` every 5 ms until it answers 200; rejects after `timeoutMs` or if the child exits. */
export async function waitFor200(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${url}: the process exited (${child.exitCode ?? child.signalCode}) before it was ready`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await delay(5);
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`);
}

export interface SpawnOptions {
  name: string;
  /** Arguments to node (flags and the script). */
  args: string[];
  env: Record<string, string>;
  port: number;
  readyPath: string;
  /** Environment variables of the bench process to leave out (DATABASE_URL, ...). */
  readyTimeoutMs?: number;
}

/** Starts a node child with a clean environment (PATH and HOME only, plus `env`); logs go to bench/results/logs. */
export async function startChild(options: SpawnOptions): Promise<Child> {
  const log = openSync(path.join(RESULTS_DIR, 'logs', `${options.name}.log`), 'a');
  const child = spawn(process.execPath, options.args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env },
    stdio: ['ignore', log, log],
  });
  const url = `http://127.0.0.1:${options.port}`;
  try {
    await waitFor200(`${url}${options.readyPath}`, child, options.readyTimeoutMs ?? 30_000);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  const pid = child.pid!;
  return {
    name: options.name,
    url,
    process: child,
    peakRssMb: () => peakRssMb(pid),
    cpuSeconds: () => cpuSeconds(pid),
    async stop() {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited(child);
      clearTimeout(timer);
    },
  };
}

/** The node flags of `npm start` (heap sizes): the project is measured as it runs in production. */
export function productionNodeFlags(): string[] {
  const { scripts } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const command = / node ((?:--\S+ )*)dist\/main\.js/.exec(scripts.start ?? '');
  if (!command) throw new Error('package.json: the start script does not run node [flags] dist/main.js');
  return command[1]!.split(' ').filter(Boolean);
}

export function projectServer(name: string, env: Record<string, string>, nodeFlags: string[] = []) {
  return startChild({
    name,
    args: [...productionNodeFlags(), ...nodeFlags, 'dist/main.js'],
    env,
    port: Number(env.PORT),
    readyPath: '/readyz',
  });
}

export function baselineServer(name: string, env: Record<string, string>) {
  return startChild({
    name,
    args: ['--import', 'tsx', 'bench/baseline-server.ts'],
    env,
    port: Number(env.PORT),
    readyPath: '/healthz',
  });
}

export { exited };
