// Password policy and hashing (NIST SP 800-63B): a length range and a blocklist of common
// passwords, no composition rules; bcrypt over a fixed-size pre-hash so that nothing is truncated.
import { createHmac, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { bcryptThreadsForThisMachine } from '../../config/cpu-budget.ts';
import { AppError } from '../../lib/errors.ts';

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

/**
 * The HMAC key of the pre-hash. It is a fixed, public domain-separation label, not a secret:
 * bcrypt's salt and cost do the protecting. Deliberately not SECRET_KEY, so that rotating
 * SECRET_KEY does not make every stored hash unverifiable. Changing it invalidates every hash,
 * hence the version suffix.
 */
export const PASSWORD_PREHASH_LABEL = 'job-tracker:password:v1';

const require = createRequire(import.meta.url);

/** A well-formed bcrypt hash: `$2b$<cost>$` + 22 characters of salt + 31 of hash. */
const BCRYPT_HASH = /^\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}$/;

/** The nice value of bcrypt's threads on Linux: 19 is the lowest priority (nice(2)). */
export const BCRYPT_THREAD_NICE = 19;

/** One pool per thread count, shared by the PasswordServices of the process, as the cores are. */
const pools = new Map<number, Piscina>();

/**
 * Performance: bcrypt runs on worker threads of its own at the lowest priority, so that logins
 * hash only on CPU time nothing else wants. On libuv's pool at normal priority, 20 concurrent
 * logins on a 2-core machine took the cores from the event loop and `me` p99 went 4× its idle
 * value (docs/PERFORMANCE.md). Logins queue for a thread instead. Threads start on first use.
 */
function bcryptPool(threads: number): Piscina {
  let pool = pools.get(threads);
  if (!pool) {
    pool = new Piscina({
      filename: fileURLToPath(new URL('./bcrypt.worker.mjs', import.meta.url)),
      minThreads: 0,
      maxThreads: threads,
      // A thread exits after a minute without logins and gives its memory back.
      idleTimeout: 60_000,
      // Set by the worker itself (os.setPriority), not with piscina's niceIncrement: that needs
      // an optional native package, which production installs leave out, and fails silently.
      workerData: { nice: BCRYPT_THREAD_NICE },
    });
    pools.set(threads, pool);
  }
  return pool;
}

/** bcrypt on a pool's threads (exported so that tests can watch what it is asked). */
export const bcryptCalls = {
  async hash(pool: Piscina, data: string, cost: number): Promise<string> {
    const hash: unknown = await pool.run({ data, cost }, { name: 'hash' });
    if (typeof hash !== 'string') throw new Error('The bcrypt thread answered hash() without a string');
    return hash;
  },
  async compare(pool: Piscina, data: string, hash: string): Promise<boolean> {
    const same: unknown = await pool.run({ data, hash }, { name: 'compare' });
    if (typeof same !== 'boolean') throw new Error('The bcrypt thread answered compare() without a boolean');
    return same;
  },
};

let commonPasswords: Set<string> | undefined;

/** The ~49k most common passwords (lower case), read on first use. */
function commonPasswordSet(): Set<string> {
  if (!commonPasswords) {
    const { dictionary } = require('@zxcvbn-ts/language-common') as {
      dictionary: { 'passwords-common': string[] };
    };
    commonPasswords = new Set(dictionary['passwords-common'].map((entry) => entry.trim().toLowerCase()));
  }
  return commonPasswords;
}

/**
 * What bcrypt actually sees: base64(HMAC-SHA256(label, UTF-8 password)), always 44 ASCII bytes.
 * bcrypt silently ignores everything after the 72nd byte (so two long passwords sharing a prefix
 * would be the same password) and stops at a NUL byte; the pre-hash has neither problem, and
 * keeps the whole password significant whatever its length or script.
 */
function preHash(password: string): string {
  return createHmac('sha256', PASSWORD_PREHASH_LABEL).update(password, 'utf8').digest('base64');
}

export class PasswordService {
  private readonly cost: number;
  private readonly pool: Piscina;
  private dummyHash: Promise<string> | undefined;

  /** `threads`: how many passwords hash at once (default: BCRYPT_THREADS's, see cpu-budget.ts). */
  constructor(options: { cost: number; threads?: number }) {
    this.cost = options.cost;
    this.pool = bcryptPool(options.threads ?? bcryptThreadsForThisMachine());
  }

  /** Throws AppError.invalid(field, ...) when the password breaks the policy. */
  checkPolicy(password: string, field: string): void {
    // Length in Unicode code points, not UTF-16 units: an emoji counts as one character,
    // as a user would count it.
    const length = [...password].length;
    if (length < PASSWORD_MIN_LENGTH) {
      throw AppError.invalid(field, `must be at least ${PASSWORD_MIN_LENGTH} characters`);
    }
    if (length > PASSWORD_MAX_LENGTH) {
      throw AppError.invalid(field, `must be at most ${PASSWORD_MAX_LENGTH} characters`);
    }
    if (commonPasswordSet().has(password.trim().toLowerCase())) {
      throw AppError.invalid(field, 'is one of the most common passwords; choose another');
    }
  }

  hash(password: string): Promise<string> {
    return bcryptCalls.hash(this.pool, preHash(password), this.cost);
  }

  async verify(password: string, hash: string): Promise<boolean> {
    // bcrypt answers a malformed hash at once; spend the same time as for a real one.
    if (!BCRYPT_HASH.test(hash)) return this.verifyAgainstDummy(password);
    return bcryptCalls.compare(this.pool, preHash(password), hash);
  }

  /** Runs as long as a real verify; for unknown emails, so that timing does not reveal whether an account exists. */
  async verifyAgainstDummy(password: string): Promise<false> {
    const dummy = await this.dummy();
    await bcryptCalls.compare(this.pool, preHash(password), dummy);
    return false;
  }

  /** A hash of a random password at the configured cost, computed once. */
  private dummy(): Promise<string> {
    if (!this.dummyHash) {
      const pending = this.hash(randomBytes(32).toString('base64'));
      this.dummyHash = pending;
      pending.catch(() => {
        if (this.dummyHash === pending) this.dummyHash = undefined;
      });
    }
    return this.dummyHash;
  }
}
