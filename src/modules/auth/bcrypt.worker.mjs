// @ts-check
// bcrypt for PasswordService (passwords.ts), run by a piscina worker thread. The synchronous calls
// keep the work on this thread, whose priority is lowered below so that hashing only takes CPU the
// event loop leaves idle; bcrypt's async calls would run on libuv's shared pool at normal priority.
// Plain JavaScript so that a worker thread loads it as it is, under tsx, vitest and from dist/.
import { setPriority } from 'node:os';
import process from 'node:process';
import { workerData } from 'node:worker_threads';
import bcrypt from 'bcrypt';

/**
 * The nice value passwords.ts asks for (BCRYPT_THREAD_NICE), or none.
 * @param {unknown} data
 * @returns {number | undefined}
 */
function niceOf(data) {
  return typeof data === 'object' && data !== null && 'nice' in data && typeof data.nice === 'number'
    ? data.nice
    : undefined;
}

const nice = niceOf(workerData);
// On Linux a thread's nice value is its own, and pid 0 means this thread. Elsewhere it would be
// the whole process's, event loop included: leave those at normal priority. Raising one's own nice
// value needs no privilege.
if (nice !== undefined && process.platform === 'linux') {
  try {
    setPriority(0, nice);
  } catch (error) {
    // Hashing still works, at normal priority: say so on stderr, where operators look.
    process.emitWarning(`bcrypt thread: could not lower its priority (${String(error)})`);
  }
}

/** @param {{ data: string; cost: number }} task */
export function hash({ data, cost }) {
  return bcrypt.hashSync(data, cost);
}

/** @param {{ data: string; hash: string }} task */
export function compare({ data, hash }) {
  return bcrypt.compareSync(data, hash);
}
