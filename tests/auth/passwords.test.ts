// Password policy (NIST SP 800-63B) and bcrypt hashing with a pre-hash (no 72-byte truncation).
import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../src/lib/errors.ts';
import {
  BCRYPT_THREAD_NICE,
  bcryptCalls,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  PasswordService,
} from '../../src/modules/auth/passwords.ts';

const passwords = new PasswordService({ cost: 4 });

function policyError(password: string, field = 'password'): AppError | undefined {
  try {
    passwords.checkPolicy(password, field);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  return undefined;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('password policy', () => {
  it('exports the NIST length bounds', () => {
    expect([PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH]).toEqual([8, 128]);
  });

  it('accepts a long enough, uncommon password without composition rules', () => {
    expect(policyError('correct horse battery staple')).toBeUndefined();
    expect(policyError('zqjxvkwplm')).toBeUndefined(); // lower case letters only
  });

  it('refuses fewer than 8 characters, naming the field', () => {
    const error = policyError('aB3$xyz', 'new_password');
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'new_password' });
    expect(error?.message).toBe('new_password must be at least 8 characters');
  });

  it('counts code points, not UTF-16 units', () => {
    // Each emoji is 2 UTF-16 units: 7 code points would be 14 units long.
    const seven = '🔑🔒🚪🧱🪟🛏🌙';
    expect([...seven]).toHaveLength(7);
    expect(seven.length).toBeGreaterThan(8);
    expect(policyError(seven)?.message).toBe('password must be at least 8 characters');
    expect(policyError(`${seven}🌟`)).toBeUndefined();
    // 128 emoji (256 UTF-16 units) are 128 characters.
    expect(policyError('🦊'.repeat(128))).toBeUndefined();
  });

  it('accepts 128 characters and refuses 129', () => {
    const base = 'Xq7-kLm2pZ'.repeat(13); // 130
    expect(policyError(base.slice(0, 128))).toBeUndefined();
    const error = policyError(base.slice(0, 129), 'newPassword');
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'newPassword' });
    expect(error?.message).toBe('newPassword must be at most 128 characters');
  });

  it.each(['password123', 'PASSWORD123', '  Password123 ', 'qwertyuiop', '12345678'])(
    'refuses the common password %j',
    (password) => {
      const error = policyError(password);
      expect(error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'password' });
      expect(error?.message).toBe('password is one of the most common passwords; choose another');
    },
  );
});

describe('password hashing', () => {
  it('hashes with bcrypt ($2b$ and the configured cost) and verifies the round trip', async () => {
    const hash = await passwords.hash('correct horse battery staple');
    expect(hash).toMatch(/^\$2b\$04\$[./A-Za-z0-9]{53}$/);
    expect(await passwords.verify('correct horse battery staple', hash)).toBe(true);
  });

  it('salts: the same password hashes differently each time', async () => {
    const [a, b] = await Promise.all([passwords.hash('same password!'), passwords.hash('same password!')]);
    expect(a).not.toBe(b);
  });

  it('does not verify a wrong password', async () => {
    const hash = await passwords.hash('correct horse battery staple');
    expect(await passwords.verify('correct horse battery stapler', hash)).toBe(false);
    expect(await passwords.verify('', hash)).toBe(false);
  });

  it('does not truncate at 72 bytes', async () => {
    const prefix = 'a'.repeat(72);
    const first = `${prefix}${'b'.repeat(28)}`;
    const second = `${prefix}${'c'.repeat(28)}`;
    expect([first.length, Buffer.byteLength(prefix)]).toEqual([100, 72]);
    const hash = await passwords.hash(first);
    expect(await passwords.verify(first, hash)).toBe(true);
    expect(await passwords.verify(second, hash)).toBe(false);
  });

  it('keeps everything after a NUL byte significant', async () => {
    const hash = await passwords.hash('abc\u0000defghij');
    expect(await passwords.verify('abc\u0000defghij', hash)).toBe(true);
    expect(await passwords.verify('abc\u0000xxxxxxx', hash)).toBe(false);
  });

  it('treats a malformed stored hash as a mismatch, still running bcrypt', async () => {
    const compare = vi.spyOn(bcryptCalls, 'compare');
    expect(await passwords.verify('whatever password', 'not-a-password-hash')).toBe(false);
    expect(compare).toHaveBeenCalledTimes(1);
  });

  it('verifyAgainstDummy returns false after a real bcrypt comparison at the configured cost', async () => {
    const service = new PasswordService({ cost: 5 });
    const compare = vi.spyOn(bcryptCalls, 'compare');
    await expect(service.verifyAgainstDummy('correct horse battery staple')).resolves.toBe(false);
    await expect(service.verifyAgainstDummy('another password')).resolves.toBe(false);
    expect(compare).toHaveBeenCalledTimes(2);
    // Compared against a bcrypt hash of the same cost as real ones, so it costs as much.
    for (const [, , hash] of compare.mock.calls) expect(hash).toMatch(/^\$2b\$05\$/);
    // The dummy hash is computed once.
    expect(compare.mock.calls[0]?.[2]).toBe(compare.mock.calls[1]?.[2]);
  });

  it.runIf(process.platform === 'linux')(
    'hashes on its own worker threads at the lowest priority, at most `threads` of them',
    async () => {
      /** Nice value of a thread, from /proc (field 19 of stat). */
      const niceOf = (statPath: string) => {
        const stat = readFileSync(statPath, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
      };
      const eventLoopNice = niceOf('/proc/thread-self/stat');
      const lowered = () =>
        readdirSync('/proc/self/task').filter((thread) => {
          try {
            return niceOf(`/proc/self/task/${thread}/stat`) === BCRYPT_THREAD_NICE;
          } catch {
            return false; // the thread ended between the listing and the read
          }
        }).length;
      const before = lowered();
      const threaded = new PasswordService({ cost: 6, threads: 3 });
      // More work at once than threads, for the pool to start as many as it may.
      const hashes = await Promise.all(Array.from({ length: 8 }, () => threaded.hash('correct horse battery staple')));
      expect(hashes.every((hash) => hash.startsWith('$2b$06$'))).toBe(true);
      expect(BCRYPT_THREAD_NICE).toBe(19);
      const started = lowered() - before;
      expect(started).toBeGreaterThanOrEqual(1);
      expect(started).toBeLessThanOrEqual(3);
      // The thread that asked (the event loop's) keeps its priority.
      expect(niceOf('/proc/thread-self/stat')).toBe(eventLoopNice);
    },
  );
});
