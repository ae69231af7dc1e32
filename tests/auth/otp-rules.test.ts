// The SPEC rules of the unified OTP system, one test per rule, through the REST routes under
// /auth with a real (in-process) SMTP server. The Redis state is read through `t.redis`, the
// app's own prefixed client, so the key names below are exactly the SPEC's.
import { createHmac, randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { useTestApp } from '../support/test-app.ts';

type Module = 'register' | 'login' | 'forgetpassword';
type Body = Record<string, any>;

interface Answer {
  status: number;
  body: Body;
  /** The Retry-After header, or null. */
  retryAfter: string | null;
}

const PASSWORD = 'correct horse battery staple';
const OTHER_PASSWORD = 'purple elephant under the stairs';
const NEW_PASSWORD = 'a brand new passphrase for me';

const DAY = 24 * 60 * 60;
const CODE_TTL = 300;
const WRONG_WINDOW = 60 * 60;
const WRONG_BLOCK = 30 * 60;
const SEND_BLOCK: Record<Module, number> = { register: 20 * 60, login: DAY, forgetpassword: DAY };
const MODULES: Module[] = ['register', 'login', 'forgetpassword'];

// Its afterAll leaves nothing behind on a shared Redis (blocks last up to 24 h).
const t = useTestApp({ smtp: true });
const { smtp } = t;

/** A fresh email per test: tests share no state. */
const newEmail = () => `${randomUUID()}@example.com`;

/** A valid code that is not `code`. */
const otherCode = (code: string) => ((Number(code) + 1) % 1_000_000).toString().padStart(6, '0');

const keysOf = (module: Module, email: string) => ({
  code: `otp:${module}:{${email}}`,
  wrong: `wrong_otp_attempts:{${email}}:${module}`,
  blocked: `blocked_user:${module}:{${email}}`,
  limit: `otp_limit:${module}:{${email}}`,
});

async function post(route: string, body: Record<string, unknown>): Promise<Answer> {
  const response = await t.fetch(`/auth/${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    body: (await response.json()) as Body,
    retryAfter: response.headers.get('retry-after'),
  };
}

const register = (email: string, { password = PASSWORD, firstName = 'Ann' } = {}) =>
  post('register', { email, password, first_name: firstName, last_name: 'Example' });

const login = (email: string, password = PASSWORD) => post('login', { email, password });

/** Asks for a code of `module` the way a client does (the account must be in the right state). */
function request(module: Module, email: string): Promise<Answer> {
  if (module === 'register') return register(email);
  if (module === 'login') return login(email);
  return post('forget-password', { email });
}

const resend = (module: Module, email: string) => post('resend-otp', { email, module });

/** Spends a code of `module`: verify-otp for register and login, reset-password for forgetpassword. */
function verify(module: Module, email: string, code: string): Promise<Answer> {
  if (module === 'forgetpassword') return post('reset-password', { email, code, new_password: NEW_PASSWORD });
  return post('verify-otp', { email, code, module });
}

/** An active account with PASSWORD (registered and verified through the API). */
async function activeAccount(email = newEmail()): Promise<string> {
  expect((await register(email)).status).toBe(200);
  const verified = await verify('register', email, smtp.lastCodeFor(email));
  expect(verified.status).toBe(200);
  return email;
}

/** Whatever `module` needs before a code can be asked for. */
async function prepare(module: Module): Promise<string> {
  return module === 'register' ? newEmail() : activeAccount();
}

/** Asks for a code and returns it from the mail. */
async function sendCode(module: Module, email: string): Promise<string> {
  const answer = await request(module, email);
  expect(answer.status).toBe(200);
  return smtp.lastCodeFor(email);
}

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
  const ms = await t.redis.pttl(key);
  expect(ms, `TTL of ${key}`).toBeLessThanOrEqual(seconds * 1000);
  expect(ms, `TTL of ${key}`).toBeGreaterThanOrEqual(seconds * 1000 - msSinceTestStart());
}

/**
 * A 429 of the blocked `module`: Retry-After header equal to retry_after, `seconds` left, less
 * at most the (whole) seconds this test has run.
 */
function expectBlocked(answer: Answer, seconds: number) {
  expect(answer.status).toBe(429);
  expect(answer.body).toMatchObject({ code: 'TOO_MANY_REQUESTS', message: expect.any(String) });
  expect(answer.retryAfter).toBe(String(answer.body.retry_after));
  expect(answer.body.retry_after).toBeLessThanOrEqual(seconds);
  expect(answer.body.retry_after).toBeGreaterThanOrEqual(seconds - Math.ceil(msSinceTestStart() / 1000));
}

/** Simulates a key's expiry: expires it in 1 ms and polls until Redis has dropped it. */
async function expire(key: string) {
  expect(await t.redis.pexpire(key, 1)).toBe(1);
  await vi.waitFor(async () => expect(await t.redis.exists(key)).toBe(0), { timeout: 5_000, interval: 5 });
}

const hmacOf = (module: Module, email: string, code: string) =>
  createHmac('sha256', t.config.secretKey).update(`${module}:${email}:${code}`).digest('hex');

describe.each(MODULES)('the %s module', (module) => {
  const block = SEND_BLOCK[module];

  it(`3 sends per 24 h (attempts_remaining 2, 1, 0); the 4th is 429 with Retry-After = retry_after = ${block} s; keys and TTLs in Redis`, async () => {
    const email = await prepare(module);
    const keys = keysOf(module, email);

    const first = await request(module, email);
    expect(first.status).toBe(200);
    expect(first.body.attempts_remaining).toBe(2);
    expect(await t.redis.get(keys.limit)).toBe('1');
    await expectTtl(keys.limit, DAY);
    await expectTtl(keys.code, CODE_TTL);
    // The code is kept as an HMAC, never in clear.
    const code = smtp.lastCodeFor(email);
    const stored = await t.redis.get(keys.code);
    expect(stored).not.toBeNull();
    expect(stored).not.toContain(code);
    expect(stored).toBe(hmacOf(module, email, code));

    const second = await request(module, email);
    expect([second.status, second.body.attempts_remaining]).toEqual([200, 1]);
    expect(await t.redis.get(keys.limit)).toBe('2');
    const third = await request(module, email);
    expect([third.status, third.body.attempts_remaining]).toEqual([200, 0]);
    expect(await t.redis.get(keys.limit)).toBe('3');
    // Later sends do not extend the window.
    await expectTtl(keys.limit, DAY);

    const fourth = await request(module, email);
    expect(fourth.status).toBe(429);
    expect(fourth.body.code).toBe('TOO_MANY_REQUESTS');
    expect(fourth.body.retry_after).toBe(block);
    expect(fourth.retryAfter).toBe(String(block));
    await expectTtl(keys.blocked, block);
  });

  it('while blocked, requests, resends and verifies (even with the right code) get 429 with Retry-After', async () => {
    const email = await prepare(module);
    const keys = keysOf(module, email);
    await sendCode(module, email);
    await sendCode(module, email);
    const code = await sendCode(module, email);
    expectBlocked(await request(module, email), block);
    // The last code is still stored and right, but the module is blocked.
    expect(await t.redis.get(keys.code)).toBe(hmacOf(module, email, code));

    expectBlocked(await request(module, email), block);
    expectBlocked(await resend(module, email), block);
    expectBlocked(await verify(module, email, code), block);
    // The refused verify neither spent the code nor counted a wrong one.
    expect(await t.redis.exists(keys.code)).toBe(1);
    expect(await t.redis.exists(keys.wrong)).toBe(0);
  });

  it('requests and resends count together against the 3 sends', async () => {
    const email = await prepare(module);
    const keys = keysOf(module, email);
    expect(await request(module, email)).toMatchObject({ status: 200, body: { attempts_remaining: 2 } });
    expect(await resend(module, email)).toMatchObject({ status: 200, body: { attempts_remaining: 1 } });
    expect(await t.redis.get(keys.limit)).toBe('2');
    expect(await resend(module, email)).toMatchObject({ status: 200, body: { attempts_remaining: 0 } });
    const refused = await resend(module, email);
    expect(refused.status).toBe(429);
    expect(refused.body.retry_after).toBe(block);
    expect(refused.retryAfter).toBe(String(block));
    expectBlocked(await request(module, email), block);
  });

  it('5 wrong codes within 1 h: 401 INVALID_OTP with 4..1 left, the 5th is 429 and blocks the module for 30 min', async () => {
    const email = await prepare(module);
    const keys = keysOf(module, email);
    const code = await sendCode(module, email);
    const wrong = otherCode(code);

    for (const left of [4, 3, 2, 1]) {
      const answer = await verify(module, email, wrong);
      expect(answer.status).toBe(401);
      expect(answer.body).toMatchObject({ code: 'INVALID_OTP', attempts_remaining: left });
      if (left === 4) await expectTtl(keys.wrong, WRONG_WINDOW);
    }
    expect(await t.redis.get(keys.wrong)).toBe('4');

    const fifth = await verify(module, email, wrong);
    expect(fifth.status).toBe(429);
    expect(fifth.body.code).toBe('TOO_MANY_REQUESTS');
    expect(fifth.body.retry_after).toBe(WRONG_BLOCK);
    expect(fifth.retryAfter).toBe(String(WRONG_BLOCK));
    await expectTtl(keys.blocked, WRONG_BLOCK);

    // Blocked: the code that was right is refused, and so are requests and resends of the module.
    expectBlocked(await verify(module, email, code), WRONG_BLOCK);
    expectBlocked(await request(module, email), WRONG_BLOCK);
    expectBlocked(await resend(module, email), WRONG_BLOCK);
    // Other modules are not blocked.
    if (module !== 'forgetpassword') {
      expect((await post('forget-password', { email })).status).toBe(200);
    }
  });

  it('a block lifts when its key expires, and the request works again', async () => {
    const email = await prepare(module);
    const keys = keysOf(module, email);
    for (let i = 0; i < 3; i++) await sendCode(module, email);
    expectBlocked(await request(module, email), block);

    await expire(keys.blocked);
    const again = await request(module, email);
    expect(again.status).toBe(200);
    expect(again.body.attempts_remaining).toEqual(expect.any(Number));
    // And the code it sent works.
    expect((await verify(module, email, smtp.lastCodeFor(email))).status).toBe(200);
  });

  it("a success clears the module's code, wrong count and send count", async () => {
    const email = await prepare(module);
    const keys = keysOf(module, email);
    await sendCode(module, email);
    const code = await sendCode(module, email);
    expect((await verify(module, email, otherCode(code))).status).toBe(401);
    expect(await Promise.all([keys.code, keys.wrong, keys.limit].map((key) => t.redis.exists(key)))).toEqual([1, 1, 1]);

    expect((await verify(module, email, code)).status).toBe(200);
    expect(await Promise.all([keys.code, keys.wrong, keys.limit].map((key) => t.redis.exists(key)))).toEqual([0, 0, 0]);
    // Single use.
    expect((await verify(module, email, code)).status).toBe(401);
  });

  it('a resend does not reset the wrong-code count', async () => {
    const email = await prepare(module);
    const keys = keysOf(module, email);
    const code = await sendCode(module, email);
    expect((await verify(module, email, otherCode(code))).body.attempts_remaining).toBe(4);
    expect((await verify(module, email, otherCode(code))).body.attempts_remaining).toBe(3);

    expect((await resend(module, email)).status).toBe(200);
    expect(await t.redis.get(keys.wrong)).toBe('2');
    const newCode = smtp.lastCodeFor(email);
    const wrongAgain = await verify(module, email, otherCode(newCode));
    expect(wrongAgain).toMatchObject({ status: 401, body: { code: 'INVALID_OTP', attempts_remaining: 2 } });
    // The resent code is the one that works.
    expect((await verify(module, email, newCode)).status).toBe(200);
  });

  it('a mail that fails to send answers 503 SERVICE_UNAVAILABLE and uses up no attempt', async () => {
    const email = await prepare(module);
    const keys = keysOf(module, email);
    smtp.failNext();
    const failed = await request(module, email);
    expect(failed.status).toBe(503);
    expect(failed.body.code).toBe('SERVICE_UNAVAILABLE');
    expect(await t.redis.exists(keys.limit)).toBe(0);
    expect(await t.redis.exists(keys.code)).toBe(0);

    const retry = await request(module, email);
    expect(retry).toMatchObject({ status: 200, body: { attempts_remaining: 2 } });
    expect((await verify(module, email, smtp.lastCodeFor(email))).status).toBe(200);
  });
});

describe('no account enumeration', () => {
  it('register with an active account answers exactly like a new registration; the owner gets a mail without a code', async () => {
    const active = await activeAccount();
    const fresh = newEmail();
    const mailsBefore = smtp.mailsTo(active).length;

    for (let i = 0; i < 4; i++) {
      const forActive = await register(active);
      const forNew = await register(fresh);
      expect(forActive.status).toBe(forNew.status);
      expect(forActive.body).toEqual(forNew.body);
      expect(forActive.retryAfter).toBe(forNew.retryAfter);
    }

    const ownerMails = smtp.mailsTo(active).slice(mailsBefore);
    expect(ownerMails).toHaveLength(3);
    for (const mail of ownerMails) {
      expect(mail.subject).toMatch(/someone tried to register/i);
      expect(mail.subject + mail.text + mail.html).not.toMatch(/\b\d{6}\b/);
    }
    // The account itself is untouched: still active, same password.
    expect((await login(active)).status).toBe(200);
  });

  it('forget-password for an unknown email answers exactly like a known one, with the same counters and blocks; no mail', async () => {
    const known = await activeAccount();
    const unknown = newEmail();
    const mailsBefore = smtp.mailsTo(known).length;

    for (let i = 1; i <= 4; i++) {
      const forKnown = await post('forget-password', { email: known });
      const forUnknown = await post('forget-password', { email: unknown });
      expect(forKnown.status).toBe(forUnknown.status);
      expect(forKnown.body).toEqual(forUnknown.body);
      expect(forKnown.retryAfter).toBe(forUnknown.retryAfter);
      if (i <= 3) {
        expect(forKnown.status).toBe(200);
        expect(await t.redis.get(keysOf('forgetpassword', unknown).limit)).toBe(String(i));
        expect(await t.redis.get(keysOf('forgetpassword', known).limit)).toBe(String(i));
        await expectTtl(keysOf('forgetpassword', unknown).limit, DAY);
      } else {
        expect(forKnown.status).toBe(429);
        expect(forKnown.body.retry_after).toBe(DAY);
      }
    }
    await expectTtl(keysOf('forgetpassword', known).blocked, DAY);
    await expectTtl(keysOf('forgetpassword', unknown).blocked, DAY);
    expect(smtp.mailsTo(known).length - mailsBefore).toBe(3);
    expect(smtp.mailsTo(unknown)).toHaveLength(0);
  });

  it('login with an unknown email answers exactly like a wrong password (401 INVALID_CREDENTIALS)', async () => {
    const known = await activeAccount();
    const wrongPassword = await login(known, OTHER_PASSWORD);
    const unknownEmail = await login(newEmail(), PASSWORD);
    expect(wrongPassword.status).toBe(401);
    expect(wrongPassword.body.code).toBe('INVALID_CREDENTIALS');
    expect(unknownEmail.status).toBe(wrongPassword.status);
    expect(unknownEmail.body).toEqual(wrongPassword.body);
  });
});

describe('accounts', () => {
  it('registering again a pending account replaces its names and password and sends a new code; only the new code works', async () => {
    const email = newEmail();
    expect(await register(email, { firstName: 'Ann', password: PASSWORD })).toMatchObject({
      status: 200,
      body: { attempts_remaining: 2 },
    });
    const oldCode = smtp.lastCodeFor(email);
    expect(await register(email, { firstName: 'Bea', password: OTHER_PASSWORD })).toMatchObject({
      status: 200,
      body: { attempts_remaining: 1 },
    });
    const newCode = smtp.lastCodeFor(email);
    expect(smtp.mailsTo(email).at(-1)?.text).toContain('Bea');

    if (oldCode !== newCode) {
      expect(await verify('register', email, oldCode)).toMatchObject({ status: 401, body: { code: 'INVALID_OTP' } });
    }
    const verified = await verify('register', email, newCode);
    expect(verified.status).toBe(200);
    expect(verified.body.user).toMatchObject({ email, first_name: 'Bea', is_active: true });

    expect(await login(email, PASSWORD)).toMatchObject({ status: 401, body: { code: 'INVALID_CREDENTIALS' } });
    expect(await login(email, OTHER_PASSWORD)).toMatchObject({ status: 200, body: { attempts_remaining: 2 } });
  });

  it('an unverified account cannot log in: 403 ACCOUNT_NOT_VERIFIED', async () => {
    const email = newEmail();
    expect((await register(email)).status).toBe(200);
    const answer = await login(email);
    expect(answer.status).toBe(403);
    expect(answer.body.code).toBe('ACCOUNT_NOT_VERIFIED');
    expect(await t.redis.exists(keysOf('login', email).limit)).toBe(0);
  });
});

describe('bad input answers 400 naming the field (snake_case)', () => {
  const email = 'someone@example.com';
  const cases: [string, string, Record<string, unknown>, string][] = [
    [
      'an invalid email',
      'register',
      { email: 'not-an-email', password: PASSWORD, first_name: 'A', last_name: 'B' },
      'email',
    ],
    ['a 5-digit code', 'verify-otp', { email, code: '12345', module: 'register' }, 'code'],
    [
      'a 5-digit code to reset-password',
      'reset-password',
      { email, code: '12345', new_password: NEW_PASSWORD },
      'code',
    ],
    ['an unknown module', 'resend-otp', { email, module: 'signup' }, 'module'],
    ['a missing first_name', 'register', { email, password: PASSWORD, last_name: 'B' }, 'first_name'],
    ['a missing password', 'login', { email }, 'password'],
    ['a common password', 'register', { email, password: 'password123', first_name: 'A', last_name: 'B' }, 'password'],
    ['a short password', 'register', { email, password: 'short', first_name: 'A', last_name: 'B' }, 'password'],
    ['a common new_password', 'reset-password', { email, code: '123456', new_password: 'password123' }, 'new_password'],
    ['a short new_password', 'reset-password', { email, code: '123456', new_password: 'short' }, 'new_password'],
    [
      'verify-otp with module forgetpassword',
      'verify-otp',
      { email, code: '123456', module: 'forgetpassword' },
      'module',
    ],
  ];

  it.each(cases)('%s (%s) names %s', async (_name, route, body, field) => {
    const answer = await post(route, body);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(answer.body.message).toMatch(new RegExp(`^${field}\\b`));
  });
});

it('reset-password with a wrong code answers 401 INVALID_OTP with attempts_remaining', async () => {
  const email = await activeAccount();
  const code = await sendCode('forgetpassword', email);
  const answer = await verify('forgetpassword', email, otherCode(code));
  expect(answer).toMatchObject({ status: 401, body: { code: 'INVALID_OTP', attempts_remaining: 4 } });
  // The password is unchanged.
  expect((await login(email)).status).toBe(200);
});

describe('concurrency', () => {
  it('50 concurrent forget-password for one account: exactly 3 are 200, 47 are 429, and exactly 3 mails go out', async () => {
    const email = await activeAccount();
    const mailsBefore = smtp.mailsTo(email).length;
    const answers = await Promise.all(Array.from({ length: 50 }, () => post('forget-password', { email })));
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(3);
    expect(statuses.filter((status) => status === 429)).toHaveLength(47);
    expect(
      answers
        .filter((answer) => answer.status === 200)
        .map((answer) => answer.body.attempts_remaining as number)
        .sort(),
    ).toEqual([0, 1, 2]);
    const resetMails = smtp.mailsTo(email).slice(mailsBefore);
    expect(resetMails).toHaveLength(3);
    for (const mail of resetMails) expect(mail.subject).toMatch(/password reset code/);
  });

  it('16 concurrent verify-otp with the right login code: exactly one is 200, the other 15 are 401 already used, none counted', async () => {
    const email = await activeAccount();
    const code = await sendCode('login', email);
    const answers = await Promise.all(Array.from({ length: 16 }, () => verify('login', email, code)));
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    for (const answer of answers.filter((answer) => answer.status !== 200)) {
      expect(answer).toMatchObject({
        status: 401,
        body: { code: 'INVALID_OTP', message: 'This code has already been used', attempts_remaining: 5 },
      });
    }
    expect(await t.redis.exists(keysOf('login', email).code)).toBe(0);
    expect(await t.redis.exists(keysOf('login', email).wrong, keysOf('login', email).blocked)).toBe(0);
  });
});
