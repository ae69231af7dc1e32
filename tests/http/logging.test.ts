// One line per request, with its id and user; and no password, code, token or Authorization
// header in the log, whatever happens in the auth flow.
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/test-app.ts';

const lines: string[] = [];
const capture = new Writable({
  write(chunk: Buffer, _encoding, done) {
    lines.push(...chunk.toString().split('\n').filter(Boolean));
    done();
  },
});

// The most verbose level: nothing may leak even there.
const t = useTestApp({ smtp: true, logger: pino({ level: 'trace' }, capture) });
const { smtp } = t;

async function post(path: string, body: unknown, token?: string) {
  const response = await t.fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return (await response.json()) as Record<string, any>;
}

describe('the log', () => {
  it('holds no secret after the whole auth flow, its failures included', async () => {
    const email = `${randomUUID()}@example.com`;
    const password = 'correct horse battery staple';
    const newPassword = 'a completely new passphrase';
    const secrets: string[] = [password, newPassword];

    await post('/auth/register', { email, password, first_name: 'Lea', last_name: 'Log' });
    const registerCode = smtp.lastCodeFor(email);
    secrets.push(registerCode);
    await post('/auth/verify-otp', { email, code: '000000' }); // a wrong code, logged as a failure
    const session = await post('/auth/verify-otp', { email, code: registerCode });
    secrets.push(session.access_token, session.refresh_token);

    await post('/auth/login', { email, password: 'a wrong password here' });
    await post('/auth/login', { email, password });
    const loginCode = smtp.lastCodeFor(email);
    secrets.push(loginCode);
    const login = await post('/auth/verify-otp', { email, code: loginCode, module: 'login' });
    secrets.push(login.access_token, login.refresh_token);

    await t.fetch('/auth/me', { headers: { authorization: `Bearer ${login.access_token}` } });
    const refreshed = await t.graphql(
      'mutation ($refreshToken: String!) { refresh(refreshToken: $refreshToken) { accessToken refreshToken } }',
      { variables: { refreshToken: login.refresh_token } },
    );
    secrets.push(refreshed.data?.refresh.accessToken, refreshed.data?.refresh.refreshToken);
    await t.graphql('{ me { id } }', { token: 'not.a.valid-token' });

    await post('/auth/forget-password', { email });
    const resetCode = smtp.lastCodeFor(email);
    secrets.push(resetCode);
    await post('/auth/reset-password', { email, code: resetCode, new_password: newPassword });

    const log = lines.join('\n');
    expect(lines.length).toBeGreaterThan(10);
    for (const secret of secrets) {
      expect(secret).toBeTruthy();
      expect(log).not.toContain(secret);
    }
    expect(log.toLowerCase()).not.toContain('bearer ');
  });

  it('has one line per request with its id, status, duration and user', async () => {
    const ann = await t.createUser();
    lines.length = 0;
    const response = await t.fetch('/graphql', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${ann.token}`,
        'x-request-id': 'req-0123456789',
      },
      body: JSON.stringify({ query: '{ jobs { id } }' }),
    });
    expect(response.headers.get('x-request-id')).toBe('req-0123456789');
    const requestLines = lines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => line.msg === 'request');
    expect(requestLines).toEqual([
      expect.objectContaining({
        reqId: 'req-0123456789',
        method: 'POST',
        path: '/graphql',
        status: 200,
        userId: ann.id,
        durationMs: expect.any(Number),
      }),
    ]);
  });

  it('does not log client errors (a wrong password, bad input) as failures', async () => {
    lines.length = 0;
    await post('/auth/login', { email: 'nobody@example.com', password: 'a wrong password here' });
    await post('/auth/register', { email: 'not-an-email' });
    const parsed = lines.map((line) => JSON.parse(line) as { level: number; msg: string; status?: number });
    expect(parsed.filter((line) => line.level >= 50)).toEqual([]);
    expect(parsed.filter((line) => line.msg === 'request').map((line) => line.status)).toEqual([401, 400]);
  });
});
