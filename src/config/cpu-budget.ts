// How many CPUs this process may use, for the default number of bcrypt threads.
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/** Each bcrypt thread is a V8 instance of its own (about 9 MB resident): enough for bursts, bounded. */
export const MAX_DEFAULT_BCRYPT_THREADS = 4;

/**
 * CPUs granted by a cgroup v2 quota (`cpu.max`: "<quota> <period>", or "max <period>"), or
 * undefined without one. Containers with a CPU limit (Docker --cpus, Kubernetes limits) have one;
 * availableParallelism() does not see it and reports the host's cores.
 */
export function cgroupCpuQuota(cpuMax: string | undefined): number | undefined {
  const [quota, period] = (cpuMax ?? '').trim().split(/\s+/);
  if (!quota || quota === 'max' || !period) return undefined;
  const cpus = Number(quota) / Number(period);
  return Number.isFinite(cpus) && cpus > 0 ? cpus : undefined;
}

/**
 * The default for BCRYPT_THREADS. Without a quota, one per core: the threads run at the lowest
 * priority, so they only take CPU time nothing else wants. Under a quota that no longer holds (the
 * quota counts low-priority threads too, and throttles the event loop with them once spent), so
 * leave one CPU's worth of it to the rest of the process.
 */
export function defaultBcryptThreads(cores: number, quota: number | undefined): number {
  const usable = quota === undefined ? cores : Math.min(cores, Math.ceil(quota) - 1);
  return Math.min(MAX_DEFAULT_BCRYPT_THREADS, Math.max(1, usable));
}

function readCpuMax(): string | undefined {
  try {
    return readFileSync('/sys/fs/cgroup/cpu.max', 'utf8');
  } catch {
    return undefined; // not Linux, or cgroup v1: no quota seen
  }
}

/** This process's default, from its cores and its cgroup's quota. */
export function bcryptThreadsForThisMachine(): number {
  return defaultBcryptThreads(availableParallelism(), cgroupCpuQuota(readCpuMax()));
}
