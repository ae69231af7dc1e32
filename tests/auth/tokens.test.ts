// Access-token verification: the verifier is pinned to the configured algorithm and key.
import { createHmac } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { beforeAll, describe, expect, it } from 'vitest';
import { type TestUser, useTestApp } from '../support/test-app.ts';
import { TokenService } from '../../src/modules/auth/tokens.ts';
import { AppError } from '../../src/lib/errors.ts';

const SECRET = 'unit-test-secret-0123456789abcdef0123';
const USER_ID = '3f0c1d2e-4b5a-4c6d-8e7f-0a1b2c3d4e5f';
const USER = { id: USER_ID, tokenVersion: 2 };
const SESSION_ID = '9b2f6a4e-1c3d-4e5f-8a7b-6c5d4e3f2a1b';
const SUBJECT = { userId: USER_ID, tokenVersion: 2, sessionId: SESSION_ID };
const tokens = new TokenService({ secret: SECRET, algorithm: 'HS256', accessTokenTtlSeconds: 1800 });

/**
 * An HS256 token of `claims` exactly as given, with `key`: jsonwebtoken's sign would add iat (or
 * drop it with noTimestamp) and refuses non-numeric exp and iat.
 */
function signClaimsExactly(claims: Record<string, unknown>, key: string): string {
  const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
  const unsigned = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(claims)}`;
  return `${unsigned}.${createHmac('sha256', key).update(unsigned).digest('base64url')}`;
}

function rejects(token: string): AppError {
  try {
    tokens.verifyAccessToken(token);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('the token was accepted');
}

describe('TokenService', () => {
  it('issues a bearer token for the user that verifies back to the user id', () => {
    const issued = tokens.issueAccessToken(USER, SESSION_ID);
    expect(issued).toMatchObject({ tokenType: 'bearer', expiresIn: 1800 });
    expect(tokens.verifyAccessToken(issued.accessToken)).toEqual(SUBJECT);
    expect(jwt.decode(issued.accessToken, { complete: true })?.header.alg).toBe('HS256');
  });

  it.each([
    ['alg none', jwt.sign({ type: 'access', ver: 2, sid: SESSION_ID }, '', { algorithm: 'none', subject: USER_ID })],
    [
      'another algorithm',
      jwt.sign({ type: 'access', ver: 2, sid: SESSION_ID }, SECRET, { algorithm: 'HS512', subject: USER_ID }),
    ],
    [
      'another key',
      jwt.sign({ type: 'access', ver: 2, sid: SESSION_ID }, 'some-other-key', { algorithm: 'HS256', subject: USER_ID }),
    ],
    ['no type', jwt.sign({}, SECRET, { algorithm: 'HS256', subject: USER_ID })],
    [
      'another type',
      jwt.sign({ type: 'refresh', ver: 2, sid: SESSION_ID }, SECRET, { algorithm: 'HS256', subject: USER_ID }),
    ],
    [
      'a subject that is not a user id',
      jwt.sign({ type: 'access', ver: 2, sid: SESSION_ID }, SECRET, { algorithm: 'HS256', subject: 'admin' }),
    ],
    ['no version', jwt.sign({ type: 'access', sid: SESSION_ID }, SECRET, { algorithm: 'HS256', subject: USER_ID })],
    [
      'a negative version',
      jwt.sign({ type: 'access', ver: -1, sid: SESSION_ID }, SECRET, { algorithm: 'HS256', subject: USER_ID }),
    ],
    ['no session', jwt.sign({ type: 'access', ver: 2 }, SECRET, { algorithm: 'HS256', subject: USER_ID })],
    [
      'a session id that is not a UUID',
      jwt.sign({ type: 'access', ver: 2, sid: 'x' }, SECRET, { algorithm: 'HS256', subject: USER_ID }),
    ],
    ['garbage', 'a.b.c'],
  ])('refuses a token with %s', (_label, token) => {
    expect(rejects(token)).toMatchObject({ code: 'UNAUTHENTICATED', message: 'The access token is invalid' });
  });

  describe('every token must carry exp, iat, sub and type (signed with the right key)', () => {
    /** The claims of a token this service issued, as they were signed. */
    const issuedClaims = () => jwt.decode(tokens.issueAccessToken(USER, SESSION_ID).accessToken) as jwt.JwtPayload;
    const signExactly = (claims: Record<string, unknown>) => signClaimsExactly(claims, SECRET);

    it('the claims of an issued token, signed again as they are, verify (the control)', () => {
      const claims = issuedClaims();
      expect(Object.keys(claims).sort()).toEqual(['exp', 'iat', 'sid', 'sub', 'type', 'ver']);
      expect(tokens.verifyAccessToken(signExactly(claims))).toEqual(SUBJECT);
    });

    it.each(['exp', 'iat', 'sub', 'type'])('refuses a token without %s', (claim) => {
      const { [claim]: _removed, ...rest } = issuedClaims();
      const token = signExactly(rest);
      expect(Object.keys(jwt.decode(token) as object)).not.toContain(claim);
      const error = rejects(token);
      expect(error).toMatchObject({ code: 'UNAUTHENTICATED', message: 'The access token is invalid' });
      expect(error.httpStatus).toBe(401);
    });

    it.each<[string, (claims: jwt.JwtPayload) => Record<string, unknown>]>([
      ['exp as a string', (claims) => ({ ...claims, exp: String(claims.exp) })],
      ['iat as a string', (claims) => ({ ...claims, iat: String(claims.iat) })],
      ['iat as a fraction', (claims) => ({ ...claims, iat: (claims.iat ?? 0) + 0.5 })],
      ['exp not after iat', (claims) => ({ ...claims, iat: claims.exp })],
    ])('refuses a token with %s', (_label, change) => {
      expect(rejects(signExactly(change(issuedClaims()))).code).toBe('UNAUTHENTICATED');
    });
  });

  it('refuses an expired token, saying so', () => {
    const expired = jwt.sign(
      { type: 'access', ver: 2, sid: SESSION_ID, exp: Math.floor(Date.now() / 1000) - 10 },
      SECRET,
      {
        algorithm: 'HS256',
        subject: USER_ID,
      },
    );
    expect(rejects(expired)).toMatchObject({ code: 'UNAUTHENTICATED', message: 'The access token has expired' });
  });

  it('refuses a tampered payload', () => {
    const [header, , signature] = tokens.issueAccessToken(USER, SESSION_ID).accessToken.split('.');
    const forged = Buffer.from(
      JSON.stringify({ sub: USER_ID, type: 'access', ver: 2, sid: SESSION_ID, exp: 9_999_999_999 }),
    ).toString('base64url');
    expect(rejects(`${header}.${forged}.${signature}`).code).toBe('UNAUTHENTICATED');
  });

  it('reads only "Bearer <token>" headers', () => {
    const { accessToken } = tokens.issueAccessToken(USER, SESSION_ID);
    expect(tokens.subjectFromAuthorizationHeader(null)).toBeNull();
    expect(tokens.subjectFromAuthorizationHeader(`Bearer ${accessToken}`)).toEqual(SUBJECT);
    expect(tokens.subjectFromAuthorizationHeader(`bearer ${accessToken}`)).toEqual(SUBJECT);
    expect(() => tokens.subjectFromAuthorizationHeader(`Basic ${accessToken}`)).toThrow(AppError);
  });
});

describe('a token missing a required claim, over HTTP', () => {
  const t = useTestApp();
  let user: TestUser;
  beforeAll(async () => {
    user = await t.createUser();
  });

  /** The user's real token with `claim` removed, signed again with the server's own key. */
  const tokenWithout = (claim: string | null) => {
    const claims = jwt.decode(user.token) as jwt.JwtPayload;
    if (claim) delete claims[claim];
    return signClaimsExactly(claims, t.config.jwt.secret);
  };
  const me = (token: string) => t.fetch('/auth/me', { headers: { authorization: `Bearer ${token}` } });

  it('the complete claims, signed again, are accepted (the control)', async () => {
    const answer = await me(tokenWithout(null));
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ id: user.id });
  });

  it.each(['exp', 'iat', 'sub', 'type'])('without %s: 401 UNAUTHENTICATED on REST and GraphQL', async (claim) => {
    const token = tokenWithout(claim);
    const answer = await me(token);
    expect(answer.status).toBe(401);
    expect(await answer.json()).toMatchObject({ code: 'UNAUTHENTICATED', message: 'The access token is invalid' });
    const graphql = await t.graphql('{ me { id } }', { token });
    expect(graphql.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(graphql.data ?? null).toBeNull();
  });
});
