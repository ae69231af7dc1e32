// The OTP store's Redis state, one test per SPEC rule. Real Redis when REDIS_URL is set, else
// ioredis-mock; this file's keys live under a prefix of its own.
import { createHmac, randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  OTP_MODULES,
  OTP_SEND_RULES,
  WRONG_CODE_RULE,
  otpKeys,
  type OtpModule,
} from '../../src/modules/auth/otp.rules.ts';
import { normalizeEmail, type NormalizedEmail } from '../../src/modules/auth/email.ts';
import { OtpStore } from '../../src/modules/auth/otp.store.ts';
import { useTestRedis } from '../support/redis.ts';

const SECRET_KEY = 'test-only-otp-secret-0123456789abcdef';
const CODE_TTL_SECONDS = 300;
const DAY = 24 * 60 * 60;

const redis = useTestRedis('otp-store');
const store = new OtpStore(redis, { secretKey: SECRET_KEY, codeTtlSeconds: CODE_TTL_SECONDS });

/** A fresh email per test: tests share no state. */
const newEmail = () => normalizeEmail(`user-${randomUUID()}@example.com`);

/** A valid code that is not `code`. */
const otherCode = (code: string) => ((Number(code) + 1) % 1_000_000).toString().padStart(6, '0');

const hmacOf = (module: OtpModule, email: NormalizedEmail, code: string) =>
  createHmac('sha256', SECRET_KEY).update(`${module}:${email}:${code}`).digest('hex');

/**
 * When the current test began: every key a test checks was set after that, so a TTL can have
 * run down by at most the time since (measured, not assumed: a busy machine is slow).
 */
let testStartedAt = 0;
beforeEach(() => {
  testStartedAt = performance.now();
});
const msSinceTestStart = () => Math.ceil(performance.now() - testStartedAt);

/** The key's TTL is `seconds`, less at most the time this test has run. */
async function expectTtl(key: string, seconds: number) {
  const ms = await redis.pttl(key);
  expect(ms).toBeLessThanOrEqual(seconds * 1000);
  expect(ms).toBeGreaterThanOrEqual(seconds * 1000 - msSinceTestStart());
}

/** Simulates a key's expiry: expires it in 1 ms and polls until Redis has dropped it. */
async function expire(key: string) {
  expect(await redis.pexpire(key, 1)).toBe(1);
  await vi.waitFor(async () => expect(await redis.exists(key)).toBe(0), { timeout: 5_000, interval: 5 });
}

async function sendCode(module: OtpModule, email: NormalizedEmail): Promise<string> {
  const code = store.generateCode();
  expect(await store.reserveSend(module, email, code)).toMatchObject({ status: 'sent' });
  return code;
}

async function exists(...keys: string[]): Promise<number[]> {
  return Promise.all(keys.map((key) => redis.exists(key)));
}

describe('OTP rules', () => {
  it('SPEC key names: otp:{module}:{email}, wrong_otp_attempts:{email}:{module}, blocked_user:…, otp_limit:…, otp_used:…', () => {
    expect(otpKeys('login', normalizeEmail('ann@example.com'))).toEqual({
      code: 'otp:login:{ann@example.com}',
      wrongAttempts: 'wrong_otp_attempts:{ann@example.com}:login',
      blocked: 'blocked_user:login:{ann@example.com}',
      sendLimit: 'otp_limit:login:{ann@example.com}',
      used: 'otp_used:login:{ann@example.com}',
    });
    expect(otpKeys('forgetpassword', normalizeEmail('b@x.io')).code).toBe('otp:forgetpassword:{b@x.io}');
    expect(otpKeys('register', normalizeEmail('b@x.io')).wrongAttempts).toBe('wrong_otp_attempts:{b@x.io}:register');
  });

  it('the keys take a normalised email only: one person, one set of counters', () => {
    expect(normalizeEmail('  Ann@Example.COM ')).toBe('ann@example.com');
    expect(normalizeEmail(normalizeEmail(' Ann@Example.COM'))).toBe('ann@example.com');
    expect(otpKeys('login', normalizeEmail(' Ann@Example.com')).code).toBe('otp:login:{ann@example.com}');
    // @ts-expect-error a raw string is not a NormalizedEmail (the brand is checked by `npm run typecheck`)
    otpKeys('login', 'Ann@Example.com');
  });

  it('SPEC table: register 3/24 h/20 min, login 3/24 h/24 h, forgetpassword 3/24 h/24 h; 5 wrong codes/1 h/30 min', () => {
    expect(OTP_MODULES).toEqual(['register', 'login', 'forgetpassword']);
    expect(OTP_SEND_RULES).toEqual({
      register: { maxSends: 3, windowSeconds: DAY, blockSeconds: 20 * 60 },
      login: { maxSends: 3, windowSeconds: DAY, blockSeconds: DAY },
      forgetpassword: { maxSends: 3, windowSeconds: DAY, blockSeconds: DAY },
    });
    expect(WRONG_CODE_RULE).toEqual({ maxWrongCodes: 5, windowSeconds: 3600, blockSeconds: 30 * 60 });
  });
});

describe('OtpStore', () => {
  it('a code is 6 random digits, zero-padded', () => {
    const codes = Array.from({ length: 2_000 }, () => store.generateCode());
    for (const code of codes) expect(code).toMatch(/^\d{6}$/);
    expect(new Set(codes).size).toBeGreaterThan(1_900);
    // Leading zeros are kept: about 10% of codes start with 0.
    expect(codes.some((code) => code.startsWith('0'))).toBe(true);
  });

  describe.each(OTP_MODULES)('send limit of %s', (module) => {
    const { maxSends, windowSeconds, blockSeconds } = OTP_SEND_RULES[module];

    it(`3 sends are allowed (attemptsRemaining 2, 1, 0); the 4th blocks ${module} for ${blockSeconds} s and is refused`, async () => {
      const email = newEmail();
      const keys = otpKeys(module, email);
      const outcomes = [];
      for (let i = 0; i < maxSends + 1; i++)
        outcomes.push(await store.reserveSend(module, email, store.generateCode()));
      expect(outcomes).toEqual([
        { status: 'sent', attemptsRemaining: 2 },
        { status: 'sent', attemptsRemaining: 1 },
        { status: 'sent', attemptsRemaining: 0 },
        { status: 'blocked', retryAfterSeconds: blockSeconds, blockStarted: true },
      ]);
      await expectTtl(keys.blocked, blockSeconds);
      expect(await store.blockedFor(module, email)).toBe(blockSeconds);
      // Refused while blocked, with the seconds left.
      expect(await store.reserveSend(module, email, store.generateCode())).toEqual({
        status: 'blocked',
        retryAfterSeconds: blockSeconds,
      });
    });

    it(`the send window is ${windowSeconds} s from the first send (later sends do not extend it)`, async () => {
      const email = newEmail();
      const { sendLimit } = otpKeys(module, email);
      await sendCode(module, email);
      await expectTtl(sendLimit, windowSeconds);
      expect(await redis.get(sendLimit)).toBe('1');
      await redis.pexpire(sendLimit, 60_000);
      await sendCode(module, email);
      expect(await redis.get(sendLimit)).toBe('2');
      expect(await redis.pttl(sendLimit)).toBeLessThanOrEqual(60_000);
    });
  });

  it('requests and resends count together: a send with code null counts without storing a code', async () => {
    const email = newEmail();
    expect(await store.reserveSend('login', email, null)).toEqual({ status: 'sent', attemptsRemaining: 2 });
    expect(await store.hasPendingCode('login', email)).toBe(false);
    expect(await redis.exists(otpKeys('login', email).code)).toBe(0);
    await sendCode('login', email);
    expect(await store.reserveSend('login', email, null)).toEqual({ status: 'sent', attemptsRemaining: 0 });
    expect(await store.reserveSend('login', email, null)).toEqual({
      status: 'blocked',
      retryAfterSeconds: DAY,
      blockStarted: true,
    });
  });

  it('a send block lifting when its key expires gives a fresh window of 3 sends', async () => {
    const email = newEmail();
    const keys = otpKeys('register', email);
    for (let i = 0; i < 4; i++) await store.reserveSend('register', email, null);
    expect(await store.blockedFor('register', email)).toBe(20 * 60);
    expect(await redis.exists(keys.sendLimit)).toBe(0);
    await expire(keys.blocked);
    expect(await store.blockedFor('register', email)).toBeNull();
    expect(await store.reserveSend('register', email, store.generateCode())).toEqual({
      status: 'sent',
      attemptsRemaining: 2,
    });
  });

  it('the code is stored as HMAC-SHA256 of module:email:code, never in clear', async () => {
    const email = newEmail();
    const code = await sendCode('login', email);
    const stored = await redis.get(otpKeys('login', email).code);
    expect(stored).toBe(hmacOf('login', email, code));
    expect(stored).toMatch(/^[0-9a-f]{64}$/);
    expect(stored).not.toContain(code);
    expect(await store.hasPendingCode('login', email)).toBe(true);
  });

  it('the code key expires after codeTtlSeconds', async () => {
    const email = newEmail();
    await sendCode('register', email);
    await expectTtl(otpKeys('register', email).code, CODE_TTL_SECONDS);
  });

  it('an expired code is invalid and counts as a wrong code', async () => {
    const email = newEmail();
    const code = await sendCode('login', email);
    await expire(otpKeys('login', email).code);
    expect(await store.hasPendingCode('login', email)).toBe(false);
    expect(await store.verify('login', email, code)).toEqual({ status: 'invalid', attemptsRemaining: 4 });
  });

  it('a verify when no code was ever sent counts as a wrong code', async () => {
    const email = newEmail();
    expect(await store.verify('forgetpassword', email, '123456')).toEqual({ status: 'invalid', attemptsRemaining: 4 });
    expect(await redis.get(otpKeys('forgetpassword', email).wrongAttempts)).toBe('1');
  });

  it('wrong codes are counted (attemptsRemaining 4, 3, 2, 1) within 1 hour of the first', async () => {
    const email = newEmail();
    const code = await sendCode('login', email);
    const { wrongAttempts } = otpKeys('login', email);
    const outcomes = [];
    for (let i = 0; i < 4; i++) outcomes.push(await store.verify('login', email, otherCode(code)));
    expect(outcomes.map((outcome) => outcome.status === 'invalid' && outcome.attemptsRemaining)).toEqual([4, 3, 2, 1]);
    expect(await redis.get(wrongAttempts)).toBe('4');
    await expectTtl(wrongAttempts, 3600);
    // Later wrong codes do not extend the hour.
    await redis.pexpire(wrongAttempts, 60_000);
    await store.verify('login', email, otherCode(code));
    expect(await redis.pttl(wrongAttempts)).toBe(-2); // the 5th blocked and dropped the counter
  });

  it('later wrong codes do not extend the 1-hour window of the first', async () => {
    const email = newEmail();
    const { wrongAttempts } = otpKeys('register', email);
    await store.verify('register', email, '000000');
    await redis.pexpire(wrongAttempts, 60_000);
    await store.verify('register', email, '000000');
    expect(await redis.get(wrongAttempts)).toBe('2');
    expect(await redis.pttl(wrongAttempts)).toBeLessThanOrEqual(60_000);
  });

  it('the 5th wrong code blocks the module for 30 minutes, is answered as blocked, and drops the code and the counter', async () => {
    const email = newEmail();
    const keys = otpKeys('login', email);
    const code = await sendCode('login', email);
    for (let i = 0; i < 4; i++) await store.verify('login', email, otherCode(code));
    expect(await store.verify('login', email, otherCode(code))).toEqual({
      status: 'blocked',
      retryAfterSeconds: 1800,
      blockStarted: true,
    });
    await expectTtl(keys.blocked, 1800);
    expect(await exists(keys.code, keys.wrongAttempts)).toEqual([0, 0]);
    // The send counter is not a wrong-code matter: it stays.
    expect(await redis.get(keys.sendLimit)).toBe('1');
  });

  it('while blocked, verifies (even of the right code) and sends are refused with the seconds left, rounded up', async () => {
    const email = newEmail();
    const keys = otpKeys('forgetpassword', email);
    const code = await sendCode('forgetpassword', email);
    await redis.set(keys.blocked, '1', 'PX', 90_500);
    expect(await store.verify('forgetpassword', email, code)).toEqual({ status: 'blocked', retryAfterSeconds: 91 });
    expect(await store.reserveSend('forgetpassword', email, store.generateCode())).toEqual({
      status: 'blocked',
      retryAfterSeconds: 91,
    });
    expect(await store.blockedFor('forgetpassword', email)).toBe(91);
    // Refused requests count nothing and change nothing.
    expect(await redis.get(keys.sendLimit)).toBe('1');
    expect(await redis.exists(keys.wrongAttempts)).toBe(0);
    expect(await redis.get(keys.code)).toBe(hmacOf('forgetpassword', email, code));
  });

  it('a wrong-code block lifting when its key expires gives 5 fresh guesses and needs a new code', async () => {
    const email = newEmail();
    const keys = otpKeys('login', email);
    const oldCode = await sendCode('login', email);
    for (let i = 0; i < 5; i++) await store.verify('login', email, otherCode(oldCode));
    expect(await store.blockedFor('login', email)).toBe(1800);
    await expire(keys.blocked);
    expect(await store.blockedFor('login', email)).toBeNull();
    // The code pending at the block is gone.
    expect(await store.verify('login', email, oldCode)).toEqual({ status: 'invalid', attemptsRemaining: 4 });
    const newCode = await sendCode('login', email);
    expect(await store.verify('login', email, newCode)).toEqual({ status: 'verified' });
  });

  it('a successful verification clears the code, the wrong-code counter and the send counter', async () => {
    const email = newEmail();
    const keys = otpKeys('register', email);
    const code = await sendCode('register', email);
    await store.verify('register', email, otherCode(code));
    expect(await exists(keys.code, keys.wrongAttempts, keys.sendLimit)).toEqual([1, 1, 1]);
    expect(await store.verify('register', email, code)).toEqual({ status: 'verified' });
    expect(await exists(keys.code, keys.wrongAttempts, keys.sendLimit, keys.blocked)).toEqual([0, 0, 0, 0]);
    // The send counter was reset: 3 sends again.
    expect(await store.reserveSend('register', email, null)).toEqual({ status: 'sent', attemptsRemaining: 2 });
  });

  it('a code is single use: sent again after its success it is already used, not verified again', async () => {
    const email = newEmail();
    const code = await sendCode('login', email);
    expect(await store.verify('login', email, code)).toEqual({ status: 'verified' });
    expect(await store.verify('login', email, code)).toEqual({ status: 'alreadyUsed', attemptsRemaining: 5 });
    expect(await store.hasPendingCode('login', email)).toBe(false);
  });

  describe('the code just used (issue 12 item 13: a double submit is not a wrong guess)', () => {
    it('otp_used:{module}:{email} holds the HMAC of the code that succeeded, for what was left of its validity', async () => {
      const email = newEmail();
      const keys = otpKeys('register', email);
      const code = await sendCode('register', email);
      // Part of the validity already spent: the used record keeps only the rest, to the millisecond.
      await redis.pexpire(keys.code, 120_000);
      expect(await store.verify('register', email, code)).toEqual({ status: 'verified' });
      expect(keys.used).toBe(`otp_used:register:{${email}}`);
      expect(await redis.get(keys.used)).toBe(hmacOf('register', email, code));
      const ms = await redis.pttl(keys.used);
      expect(ms).toBeLessThanOrEqual(120_000);
      expect(ms).toBeGreaterThanOrEqual(120_000 - msSinceTestStart());
      // Gone when the code would have expired: then the same code counts as wrong again.
      await expire(keys.used);
      expect(await store.verify('register', email, code)).toEqual({ status: 'invalid', attemptsRemaining: 4 });
    });

    it('5 resubmits of the used code: each already used, nothing counted, never blocked', async () => {
      const email = newEmail();
      const keys = otpKeys('login', email);
      const code = await sendCode('login', email);
      expect(await store.verify('login', email, code)).toEqual({ status: 'verified' });
      for (let i = 0; i < WRONG_CODE_RULE.maxWrongCodes + 1; i++) {
        expect(await store.verify('login', email, code)).toEqual({ status: 'alreadyUsed', attemptsRemaining: 5 });
      }
      expect(await exists(keys.wrongAttempts, keys.blocked)).toEqual([0, 0]);
      expect(await store.blockedFor('login', email)).toBeNull();
      // And the module is usable as ever: a new code verifies.
      const next = await sendCode('login', email);
      expect(await store.verify('login', email, next)).toEqual({ status: 'verified' });
    });

    it('a different wrong code after the success still counts; the used code then tells the guesses left', async () => {
      const email = newEmail();
      const keys = otpKeys('forgetpassword', email);
      const code = await sendCode('forgetpassword', email);
      expect(await store.verify('forgetpassword', email, code)).toEqual({ status: 'verified' });
      expect(await store.verify('forgetpassword', email, otherCode(code))).toEqual({
        status: 'invalid',
        attemptsRemaining: 4,
      });
      expect(await redis.get(keys.wrongAttempts)).toBe('1');
      expect(await store.verify('forgetpassword', email, code)).toEqual({
        status: 'alreadyUsed',
        attemptsRemaining: 4,
      });
      expect(await redis.get(keys.wrongAttempts)).toBe('1');
    });

    it('a new code sent for the module clears the used record; a send without a code leaves it', async () => {
      const email = newEmail();
      const keys = otpKeys('login', email);
      const used = await sendCode('login', email);
      expect(await store.verify('login', email, used)).toEqual({ status: 'verified' });
      expect(await store.reserveSend('login', email, null)).toMatchObject({ status: 'sent' });
      expect(await redis.exists(keys.used)).toBe(1);
      let next = store.generateCode();
      while (next === used) next = store.generateCode();
      expect(await store.reserveSend('login', email, next)).toMatchObject({ status: 'sent' });
      expect(await redis.exists(keys.used)).toBe(0);
      // The old code is just a wrong code now; the new one verifies.
      expect(await store.verify('login', email, used)).toEqual({ status: 'invalid', attemptsRemaining: 4 });
      expect(await store.verify('login', email, next)).toEqual({ status: 'verified' });
    });

    it('the used record is per module and per email', async () => {
      const ann = newEmail();
      const bob = newEmail();
      const code = await sendCode('register', ann);
      expect(await store.verify('register', ann, code)).toEqual({ status: 'verified' });
      expect(await store.verify('login', ann, code)).toEqual({ status: 'invalid', attemptsRemaining: 4 });
      expect(await store.verify('register', bob, code)).toEqual({ status: 'invalid', attemptsRemaining: 4 });
      expect(await store.verify('register', ann, code)).toEqual({ status: 'alreadyUsed', attemptsRemaining: 5 });
    });

    it('while blocked, the used code is refused as blocked like any verify', async () => {
      const email = newEmail();
      const keys = otpKeys('login', email);
      const code = await sendCode('login', email);
      expect(await store.verify('login', email, code)).toEqual({ status: 'verified' });
      await redis.set(keys.blocked, '1', 'PX', 90_500);
      expect(await store.verify('login', email, code)).toEqual({ status: 'blocked', retryAfterSeconds: 91 });
    });
  });

  it('a resend does not reset the wrong-code count (NIST 800-63B)', async () => {
    const email = newEmail();
    const first = await sendCode('login', email);
    await store.verify('login', email, otherCode(first));
    await store.verify('login', email, otherCode(first));
    const second = await sendCode('login', email);
    expect(await store.verify('login', email, otherCode(second))).toEqual({ status: 'invalid', attemptsRemaining: 2 });
    expect(await redis.get(otpKeys('login', email).wrongAttempts)).toBe('3');
  });

  it('a new code replaces the old one (the old code is invalid)', async () => {
    const email = newEmail();
    const oldCode = await sendCode('forgetpassword', email);
    let newCode = store.generateCode();
    while (newCode === oldCode) newCode = store.generateCode();
    expect(await store.reserveSend('forgetpassword', email, newCode)).toEqual({ status: 'sent', attemptsRemaining: 1 });
    expect(await redis.get(otpKeys('forgetpassword', email).code)).toBe(hmacOf('forgetpassword', email, newCode));
    expect(await store.verify('forgetpassword', email, oldCode)).toEqual({ status: 'invalid', attemptsRemaining: 4 });
    expect(await store.verify('forgetpassword', email, newCode)).toEqual({ status: 'verified' });
  });

  it('a refund gives the send back and removes its code', async () => {
    const email = newEmail();
    const keys = otpKeys('login', email);
    await sendCode('login', email);
    const code = store.generateCode();
    expect(await store.reserveSend('login', email, code)).toEqual({ status: 'sent', attemptsRemaining: 1 });
    await store.refundSend('login', email, code);
    expect(await redis.get(keys.sendLimit)).toBe('1');
    expect(await redis.exists(keys.code)).toBe(0);
    expect(await store.reserveSend('login', email, store.generateCode())).toEqual({
      status: 'sent',
      attemptsRemaining: 1,
    });
  });

  it('a refund leaves a newer code in place, and refunding the only send empties the window', async () => {
    const email = newEmail();
    const keys = otpKeys('register', email);
    const stale = store.generateCode();
    expect(await store.reserveSend('register', email, stale)).toEqual({ status: 'sent', attemptsRemaining: 2 });
    const current = stale === '111111' ? '222222' : '111111';
    await redis.set(keys.code, hmacOf('register', email, current), 'EX', CODE_TTL_SECONDS);
    await store.refundSend('register', email, stale);
    expect(await redis.get(keys.code)).toBe(hmacOf('register', email, current));
    expect(await redis.exists(keys.sendLimit)).toBe(0);
    await store.refundSend('register', email, null);
    expect(await redis.exists(keys.sendLimit)).toBe(0);
    expect(await store.verify('register', email, current)).toEqual({ status: 'verified' });
  });

  it('modules are independent of each other', async () => {
    const email = newEmail();
    for (let i = 0; i < 4; i++) await store.reserveSend('login', email, null);
    const loginCode = store.generateCode();
    expect(await store.reserveSend('login', email, loginCode)).toMatchObject({ status: 'blocked' });
    // register is not blocked, and has its own sends, code and wrong-code count.
    const registerCode = await sendCode('register', email);
    expect(await store.reserveSend('forgetpassword', email, null)).toEqual({ status: 'sent', attemptsRemaining: 2 });
    expect(await store.verify('forgetpassword', email, registerCode)).toEqual({
      status: 'invalid',
      attemptsRemaining: 4,
    });
    expect(await store.verify('register', email, registerCode)).toEqual({ status: 'verified' });
    expect(await store.blockedFor('login', email)).toBe(DAY);
    expect(await store.blockedFor('register', email)).toBeNull();
    expect(await store.blockedFor('forgetpassword', email)).toBeNull();
  });

  it('emails are independent of each other', async () => {
    const ann = newEmail();
    const bob = newEmail();
    const annCode = await sendCode('login', ann);
    for (let i = 0; i < 5; i++) await store.verify('login', bob, annCode);
    expect(await store.blockedFor('login', bob)).toBe(1800);
    expect(await store.blockedFor('login', ann)).toBeNull();
    expect(await store.reserveSend('login', bob, null)).toMatchObject({ status: 'blocked' });
    // Ann's code is bound to Ann: Bob's attempts neither used nor counted against it.
    expect(await store.verify('login', ann, annCode)).toEqual({ status: 'verified' });
  });

  it('two stores on one client share the scripts (defined once per client)', async () => {
    const again = new OtpStore(redis, { secretKey: SECRET_KEY, codeTtlSeconds: CODE_TTL_SECONDS });
    const email = newEmail();
    const code = await sendCode('login', email);
    expect(await again.verify('login', email, code)).toEqual({ status: 'verified' });
  });

  describe('concurrency (each check-and-count is one atomic script)', () => {
    it('50 concurrent sends: exactly 3 sent, the rest blocked', async () => {
      const email = newEmail();
      const outcomes = await Promise.all(
        Array.from({ length: 50 }, () => store.reserveSend('login', email, store.generateCode())),
      );
      const sent = outcomes.filter((outcome) => outcome.status === 'sent');
      expect(sent).toHaveLength(3);
      expect(sent.map((outcome) => outcome.attemptsRemaining).sort()).toEqual([0, 1, 2]);
      expect(outcomes.filter((outcome) => outcome.status === 'blocked')).toHaveLength(47);
      expect(await store.blockedFor('login', email)).toBe(DAY);
    });

    it('50 concurrent wrong codes: exactly 4 invalid, the rest blocked; the counter never goes past 5', async () => {
      const email = newEmail();
      const keys = otpKeys('login', email);
      const code = await sendCode('login', email);
      const outcomes = await Promise.all(
        Array.from({ length: 50 }, () => store.verify('login', email, otherCode(code))),
      );
      const invalid = outcomes.filter((outcome) => outcome.status === 'invalid');
      // Each count 1..4 was seen exactly once, the 5th set the block, none was counted after it.
      expect(invalid.map((outcome) => outcome.attemptsRemaining).sort()).toEqual([1, 2, 3, 4]);
      const blocked = outcomes.filter((outcome) => outcome.status === 'blocked');
      expect(blocked).toHaveLength(46);
      const leastLeft = 1800 - Math.ceil(msSinceTestStart() / 1000);
      for (const outcome of blocked) expect(outcome.retryAfterSeconds).toBeGreaterThanOrEqual(leastLeft);
      expect(await exists(keys.wrongAttempts, keys.code)).toEqual([0, 0]);
      await expectTtl(keys.blocked, 1800);
    });

    it('16 concurrent verifies of one correct code: exactly one verified, the other 15 already used, none counted', async () => {
      const email = newEmail();
      const keys = otpKeys('register', email);
      const code = await sendCode('register', email);
      const outcomes = await Promise.all(Array.from({ length: 16 }, () => store.verify('register', email, code)));
      expect(outcomes.filter((outcome) => outcome.status === 'verified')).toHaveLength(1);
      // The other 15 came after the success (the script is atomic): the code just used, not a guess.
      const others = outcomes.filter((outcome) => outcome.status !== 'verified');
      expect(others).toEqual(Array.from({ length: 15 }, () => ({ status: 'alreadyUsed', attemptsRemaining: 5 })));
      expect(await exists(keys.code, keys.wrongAttempts, keys.blocked, keys.used)).toEqual([0, 0, 0, 1]);
    });
  });
});
