// @ts-check
// bcrypt for PasswordService (passwords.ts), run by a piscina worker thread. The synchronous calls
// keep the work on this thread, whose nice value piscina raises so that hashing only takes CPU the
// event loop leaves idle; bcrypt's async calls would run on libuv's shared pool at normal priority.
// Plain JavaScript so that a worker thread loads it as it is, under tsx, vitest and from dist/.
import bcrypt from 'bcrypt';

/** @param {{ data: string; cost: number }} task */
export function hash({ data, cost }) {
  return bcrypt.hashSync(data, cost);
}

/** @param {{ data: string; hash: string }} task */
export function compare({ data, hash }) {
  return bcrypt.compareSync(data, hash);
}
