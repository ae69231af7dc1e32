// Sessions: refresh tokens rotate on use, a reused one revokes its whole sign-in, and
// logout, logout-all and a password reset end sessions.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SessionService } from '../../src/modules/auth/sessions.ts';
import { useTestApp } from '../support/test-app.ts';

const PASSWORD = 'correct horse battery staple';

const t = useTestApp({ smtp: true });
const { smtp } = t;

interface Tokens {
  accessToken: string;
  refreshToken: string;
}

async function post(path: string, body: unknown, token?: string) {
  const response = await t.fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

/** An active account, signed in through the real flow. */
async function signUp(): Promise<{ email: string; tokens: Tokens }> {
  const email = `${randomUUID()}@example.com`;
  await post('/auth/register', { email, password: PASSWORD, first_name: 'Sam', last_name: 'Lee' });
  const verified = await post('/auth/verify-otp', { email, code: smtp.lastCodeFor(email) });
  return { email, tokens: { accessToken: verified.body.access_token, refreshToken: verified.body.refresh_token } };
}

async function signIn(email: string): Promise<Tokens> {
  await post('/auth/login', { email, password: PASSWORD });
  const { body } = await post('/auth/verify-otp', { email, code: smtp.lastCodeFor(email), module: 'login' });
  return { accessToken: body.access_token, refreshToken: body.refresh_token };
}

const REFRESH = `mutation ($refreshToken: String!) {
  refresh(refreshToken: $refreshToken) { accessToken refreshToken refreshExpiresIn user { email } }
}`;

async function refresh(refreshToken: string) {
  return t.graphql(REFRESH, { variables: { refreshToken } });
}

async function meStatus(accessToken: string): Promise<number> {
  return (await t.graphql('{ me { id } }', { token: accessToken })).status;
}

describe('refresh tokens', () => {
  it('are issued with every sign-in and rotate on use', async () => {
    const { email, tokens } = await signUp();
    expect(tokens.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const rotated = await refresh(tokens.refreshToken);
    expect(rotated.errors).toBeUndefined();
    expect(rotated.data?.refresh).toMatchObject({ refreshExpiresIn: 30 * 24 * 3600, user: { email } });
    expect(rotated.data?.refresh.refreshToken).not.toBe(tokens.refreshToken);
    expect(await meStatus(rotated.data?.refresh.accessToken)).toBe(200);
    // Only a hash is stored.
    const stored = await t.db.session.findMany({ where: { user: { email } } });
    expect(stored.map((session) => session.refreshTokenHash)).not.toContain(tokens.refreshToken);
  });

  it('reused after rotation revoke the whole sign-in', async () => {
    const { tokens } = await signUp();
    const rotated = await refresh(tokens.refreshToken);
    const next = rotated.data?.refresh as Tokens;

    const replay = await refresh(tokens.refreshToken);
    expect(replay.status).toBe(401);
    expect(replay.errors?.[0]).toMatchObject({
      message: 'This refresh token was already used; every session of that sign-in is revoked',
      extensions: { code: 'UNAUTHENTICATED' },
    });
    // The thief's and the owner's newer tokens die with the family.
    expect((await refresh(next.refreshToken)).status).toBe(401);
    expect(await meStatus(next.accessToken)).toBe(401);
    expect(await meStatus(tokens.accessToken)).toBe(401);
  });

  it('used concurrently let at most one request through and revoke the sign-in', async () => {
    const { tokens } = await signUp();
    const results = await Promise.all(Array.from({ length: 8 }, () => refresh(tokens.refreshToken)));
    expect(results.filter((result) => result.status === 200).length).toBeLessThanOrEqual(1);
    expect(results.filter((result) => result.status === 401).length).toBeGreaterThanOrEqual(7);
    expect(await meStatus(tokens.accessToken)).toBe(401);
  });

  it('that are unknown or malformed answer 401', async () => {
    expect((await refresh('x'.repeat(43))).status).toBe(401);
    expect((await refresh('not a token')).status).toBe(401);
  });

  it('expire after REFRESH_TOKEN_EXPIRE_DAYS (clock moved, not waited for)', async () => {
    let now = new Date('2030-01-01T00:00:00Z');
    const sessions = new SessionService({
      db: t.db,
      tokens: t.app.services.tokens,
      refreshTokenTtlSeconds: 3600,
      now: () => now,
    });
    const user = await t.db.user.findFirstOrThrow({ where: { isActive: true } });
    const issued = await sessions.start(user);
    now = new Date(now.getTime() + 3599_000);
    const next = await sessions.refresh(issued.refreshToken);
    now = new Date(now.getTime() + 3601_000);
    await expect(sessions.refresh(next.refreshToken)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});

describe('signing out', () => {
  it('logout ends this session only', async () => {
    const { email, tokens: first } = await signUp();
    const second = await signIn(email);
    const { data } = await t.graphql('mutation { logout { message } }', { token: first.accessToken });
    expect(data?.logout).toEqual({ message: 'Logged out' });
    expect(await meStatus(first.accessToken)).toBe(401);
    expect((await refresh(first.refreshToken)).status).toBe(401);
    expect(await meStatus(second.accessToken)).toBe(200);
    expect((await refresh(second.refreshToken)).status).toBe(200);
  });

  it('logoutAll ends every session', async () => {
    const { email, tokens: first } = await signUp();
    const second = await signIn(email);
    const { data } = await t.graphql('mutation { logoutAll { message } }', { token: second.accessToken });
    expect(data?.logoutAll).toEqual({ message: 'Logged out of every session' });
    for (const tokens of [first, second]) {
      expect(await meStatus(tokens.accessToken)).toBe(401);
      expect((await refresh(tokens.refreshToken)).status).toBe(401);
    }
    // Signing in again works.
    expect(await meStatus((await signIn(email)).accessToken)).toBe(200);
  });

  it('a password reset ends every session', async () => {
    const { email, tokens: first } = await signUp();
    const second = await signIn(email);
    await post('/auth/forget-password', { email });
    const reset = await post('/auth/reset-password', {
      email,
      code: smtp.lastCodeFor(email),
      new_password: 'a different passphrase',
    });
    expect(reset.status).toBe(200);
    for (const tokens of [first, second]) {
      expect(await meStatus(tokens.accessToken)).toBe(401);
      expect((await refresh(tokens.refreshToken)).status).toBe(401);
    }
  });

  it('logout needs a token', async () => {
    const { errors } = await t.graphql('mutation { logout { message } }');
    expect(errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
