// Access-token verification: the verifier is pinned to the configured algorithm and key.
import jwt from 'jsonwebtoken';
import { describe, expect, it } from 'vitest';
import { TokenService } from '../../src/modules/auth/tokens.ts';
import { AppError } from '../../src/lib/errors.ts';

const SECRET = 'unit-test-secret-0123456789abcdef0123';
const USER_ID = '3f0c1d2e-4b5a-4c6d-8e7f-0a1b2c3d4e5f';
const USER = { id: USER_ID, tokenVersion: 2 };
const SESSION_ID = '9b2f6a4e-1c3d-4e5f-8a7b-6c5d4e3f2a1b';
const SUBJECT = { userId: USER_ID, tokenVersion: 2, sessionId: SESSION_ID };
const tokens = new TokenService({ secret: SECRET, algorithm: 'HS256', accessTokenTtlSeconds: 1800 });

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
