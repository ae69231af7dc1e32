// The seed's whole auth flow over REST: its curl examples, run verbatim with curl against a
// listening server, then the same routes checked in detail (snake_case in and out).
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_CURL_EXAMPLES } from '../fixtures/seed-curl.ts';
import { useTestApp } from '../support/test-app.ts';

const run = promisify(execFile);

const PASSWORD = 'correct horse battery staple';
const NEW_PASSWORD = 'a brand new passphrase';

const t = useTestApp({ smtp: true });
const { smtp } = t;
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer(t.app.yoga.requestListener).listen(0, '127.0.0.1');
  await once(server, 'listening');
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.close();
});

/** Runs a seed curl example through bash, changing only the host, code, token and passwords. */
async function curl(example: string, values: { code?: string; token?: string } = {}) {
  const command = example
    .replaceAll('http://localhost:5000', baseUrl)
    .replaceAll('"newpassword123"', JSON.stringify(NEW_PASSWORD))
    .replaceAll('"password123"', JSON.stringify(PASSWORD))
    .replaceAll('123456', values.code ?? '123456')
    .replaceAll('YOUR_JWT_TOKEN', values.token ?? 'YOUR_JWT_TOKEN');
  const { stdout } = await run('bash', ['-c', `${command} --silent --show-error --write-out '\\n%{http_code}'`]);
  const lines = stdout.trimEnd().split('\n');
  const status = Number(lines.pop());
  return { status, body: JSON.parse(lines.join('\n')) as Record<string, any> };
}

describe('the seed curl examples, verbatim', () => {
  it('register → verify → resend → login → verify login → me → forget → reset → log in again', async () => {
    const email = 'user@example.com';

    const registered = await curl(SEED_CURL_EXAMPLES.register);
    expect(registered).toEqual({ status: 200, body: { message: 'OTP sent successfully', attempts_remaining: 2 } });
    const firstCode = (await smtp.nextMailTo(email)).text.match(/\b\d{6}\b/)?.[0];

    const resent = await curl(SEED_CURL_EXAMPLES.resendOtp);
    expect(resent).toEqual({ status: 200, body: { message: 'OTP resent successfully', attempts_remaining: 1 } });
    const registrationCode = smtp.lastCodeFor(email);
    expect(registrationCode).not.toBe(firstCode);

    const verified = await curl(SEED_CURL_EXAMPLES.verifyRegistration, { code: registrationCode });
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({
      message: 'Account verified successfully',
      token_type: 'bearer',
      expires_in: 1800,
      user: { email, first_name: 'John', last_name: 'Doe', is_active: true },
    });

    const login = await curl(SEED_CURL_EXAMPLES.login);
    expect(login).toEqual({ status: 200, body: { message: 'Login OTP sent successfully', attempts_remaining: 2 } });
    const loginCode = smtp.lastCodeFor(email);
    const session = await curl(SEED_CURL_EXAMPLES.verifyLogin, { code: loginCode });
    expect(session.status).toBe(200);
    expect(session.body).toMatchObject({ message: 'Login successful', token_type: 'bearer', expires_in: 1800 });
    const token = session.body.access_token as string;

    const me = await curl(SEED_CURL_EXAMPLES.me, { token });
    expect(me).toEqual({
      status: 200,
      body: {
        id: verified.body.user.id,
        email,
        first_name: 'John',
        last_name: 'Doe',
        is_active: true,
        created_at: expect.any(String),
      },
    });

    const forgot = await curl(SEED_CURL_EXAMPLES.forgetPassword);
    expect(forgot).toEqual({
      status: 200,
      body: { message: 'Password reset OTP sent successfully', attempts_remaining: 2 },
    });
    const reset = await curl(SEED_CURL_EXAMPLES.resetPassword, { code: smtp.lastCodeFor(email) });
    expect(reset).toEqual({ status: 200, body: { message: 'Password reset successfully' } });

    // The reset revoked every token issued before it.
    const stale = await curl(SEED_CURL_EXAMPLES.me, { token });
    expect(stale.status).toBe(401);
    expect(stale.body.code).toBe('UNAUTHENTICATED');

    // The old password no longer works; the new one does.
    expect((await curl(SEED_CURL_EXAMPLES.login)).status).toBe(401);
    const relogin = await t.fetch('/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: NEW_PASSWORD }),
    });
    expect(relogin.status).toBe(200);
    const fresh = await curl(SEED_CURL_EXAMPLES.verifyLogin, { code: smtp.lastCodeFor(email) });
    expect(fresh.status).toBe(200);
    expect((await curl(SEED_CURL_EXAMPLES.me, { token: fresh.body.access_token })).status).toBe(200);
  });

  it('GET /auth/me without a token answers 401', async () => {
    expect(await curl(SEED_CURL_EXAMPLES.me)).toEqual({
      status: 401,
      body: { code: 'UNAUTHENTICATED', message: 'The access token is invalid' },
    });
  });
});

describe('the REST routes', () => {
  const post = async (path: string, body: unknown, contentType = 'application/json') => {
    const response = await t.fetch(path, {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: String(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };

  it('answer only the seed’s routes: others are 404, a wrong method 405', async () => {
    expect((await post('/auth/create-job', '{}')).status).toBe(404);
    expect((await t.fetch('/auth/jobs')).status).toBe(404);
    const wrongMethod = await t.fetch('/auth/register');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
  });

  it.each([
    ['not JSON', '{"email": '],
    ['a JSON array', '[]'],
    ['a JSON string', '"hello"'],
  ])('refuse a body that is %s with 400', async (_label, body) => {
    expect(await post('/auth/login', body)).toEqual({
      status: 400,
      body: { code: 'BAD_USER_INPUT', message: 'The body must be a JSON object' },
    });
  });

  it('name the snake_case field of bad input', async () => {
    expect(await post('/auth/register', JSON.stringify({ email: 'a@example.com', password: PASSWORD }))).toEqual({
      status: 400,
      body: { code: 'BAD_USER_INPUT', message: 'first_name is required', field: 'first_name' },
    });
    const reset = await post(
      '/auth/reset-password',
      JSON.stringify({ email: 'a@example.com', code: '123456', new_password: 'short' }),
    );
    expect(reset).toEqual({
      status: 400,
      body: { code: 'BAD_USER_INPUT', message: 'new_password must be at least 8 characters', field: 'new_password' },
    });
    expect(await post('/auth/login', JSON.stringify({ email: null, password: PASSWORD }))).toEqual({
      status: 400,
      body: { code: 'BAD_USER_INPUT', message: 'email is required', field: 'email' },
    });
    expect(await post('/auth/forget-password', JSON.stringify({ email: 'not-an-email' }))).toEqual({
      status: 400,
      body: { code: 'BAD_USER_INPUT', message: 'email must be a valid email address', field: 'email' },
    });
  });

  it('answer register and login with message first, then attempts_remaining, as the seed prints them', async () => {
    const email = `order-${randomUUID()}@example.com`;
    const register = await t.fetch('/auth/register', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: PASSWORD, first_name: 'Ord', last_name: 'Er' }),
    });
    expect(await register.text()).toBe('{"message":"OTP sent successfully","attempts_remaining":2}');
    expect((await post('/auth/verify-otp', JSON.stringify({ email, code: smtp.lastCodeFor(email) }))).status).toBe(200);
    const login = await t.fetch('/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: PASSWORD }),
    });
    expect(await login.text()).toBe('{"message":"Login OTP sent successfully","attempts_remaining":2}');
  });

  it('answer a code sent again after its success with 401 "already used": not a wrong guess, never a block', async () => {
    const email = `double-${randomUUID()}@example.com`;
    const wrongKey = `wrong_otp_attempts:{${email}}:register`;
    await post('/auth/register', JSON.stringify({ email, password: PASSWORD, first_name: 'Dou', last_name: 'Ble' }));
    const code = smtp.lastCodeFor(email);
    const verify = (body: Record<string, string>) => post('/auth/verify-otp', JSON.stringify({ email, ...body }));
    expect((await verify({ code })).status).toBe(200);
    // A double click, then retries: more than the 5 wrong codes that would block.
    for (let i = 0; i < 6; i++) {
      expect(await verify({ code })).toEqual({
        status: 401,
        body: { code: 'INVALID_OTP', message: 'This code has already been used', attempts_remaining: 5 },
      });
    }
    expect(await t.redis.exists(wrongKey, `blocked_user:register:{${email}}`)).toBe(0);
    expect(await t.redis.get(`otp_used:register:{${email}}`)).toMatch(/^[0-9a-f]{64}$/);
    // A different wrong code still counts, and the used code then tells the guesses left.
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    expect(await verify({ code: wrong })).toEqual({
      status: 401,
      body: { code: 'INVALID_OTP', message: 'Invalid or expired code', attempts_remaining: 4 },
    });
    expect((await verify({ code })).body).toMatchObject({
      message: 'This code has already been used',
      attempts_remaining: 4,
    });
    expect(await t.redis.get(wrongKey)).toBe('1');
    // Not blocked: the login flow goes on, and its code too is already used when sent twice.
    expect((await post('/auth/login', JSON.stringify({ email, password: PASSWORD }))).status).toBe(200);
    const loginCode = smtp.lastCodeFor(email);
    expect((await verify({ code: loginCode, module: 'login' })).status).toBe(200);
    expect(await verify({ code: loginCode, module: 'login' })).toMatchObject({
      status: 401,
      body: { code: 'INVALID_OTP', message: 'This code has already been used' },
    });
  });

  it('keep the error body free of stack traces and internals', async () => {
    const { body } = await post('/auth/verify-otp', JSON.stringify({ email: 'nobody@example.com', code: '000000' }));
    expect(Object.keys(body).sort()).toEqual(['attempts_remaining', 'code', 'message']);
    expect(JSON.stringify(body)).not.toMatch(/\bat\s|\.ts\b|node_modules/);
  });
});
