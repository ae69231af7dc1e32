// Access tokens: JWTs signed with JWT_SECRET_KEY. The verifier is pinned to the configured
// algorithm, so a token signed with another algorithm (or "none") is refused.
import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { Config } from '../../config/env.ts';
import { AppError } from '../../lib/errors.ts';

const TOKEN_TYPE = 'access';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A NumericDate (RFC 7519): whole seconds since the epoch. */
const isTimestamp = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) > 0;

/** Who an access token speaks for: the user, their token version, and the sign-in (session family). */
export interface TokenSubject {
  userId: string;
  tokenVersion: number;
  sessionId: string;
}

export interface IssuedToken {
  accessToken: string;
  tokenType: 'bearer';
  expiresIn: number;
}

export class TokenService {
  /**
   * Performance: the secret as a KeyObject, made once. Given a string, jsonwebtoken first tries
   * crypto.createPublicKey on it, which throws for an HMAC secret, on every sign and verify:
   * that was 11% of the server's CPU time under the `jobs` benchmark (docs/PERFORMANCE.md).
   */
  private readonly key: KeyObject;

  constructor(private readonly settings: Config['jwt']) {
    this.key = createSecretKey(Buffer.from(settings.secret, 'utf8'));
  }

  issueAccessToken(user: { id: string; tokenVersion: number }, sessionId: string): IssuedToken {
    const claims = { type: TOKEN_TYPE, ver: user.tokenVersion, sid: sessionId };
    const accessToken = jwt.sign(claims, this.key, {
      algorithm: this.settings.algorithm,
      subject: user.id,
      expiresIn: this.settings.accessTokenTtlSeconds,
    });
    return { accessToken, tokenType: 'bearer', expiresIn: this.settings.accessTokenTtlSeconds };
  }

  /** Returns whom a valid access token speaks for; throws UNAUTHENTICATED otherwise. */
  verifyAccessToken(token: string): TokenSubject {
    let claims: string | jwt.JwtPayload;
    try {
      claims = jwt.verify(token, this.key, { algorithms: [this.settings.algorithm] });
    } catch (error) {
      const expired = error instanceof jwt.TokenExpiredError;
      throw AppError.unauthenticated(expired ? 'The access token has expired' : 'The access token is invalid');
    }
    // jsonwebtoken checks `exp` only when it is present: a token signed without one (by a script,
    // a test helper, a leaked key's holder) would never expire. Every token must carry all of
    // exp, iat, sub and type; the ones this service issues always do.
    if (
      typeof claims === 'string' ||
      !isTimestamp(claims.exp) ||
      !isTimestamp(claims.iat) ||
      claims.exp <= claims.iat ||
      claims.type !== TOKEN_TYPE ||
      !claims.sub ||
      !UUID.test(claims.sub) ||
      !Number.isSafeInteger(claims.ver) ||
      (claims.ver as number) < 0 ||
      typeof claims.sid !== 'string' ||
      !UUID.test(claims.sid)
    ) {
      throw AppError.unauthenticated('The access token is invalid');
    }
    return { userId: claims.sub, tokenVersion: claims.ver as number, sessionId: claims.sid };
  }

  /** Reads `Authorization: Bearer <token>`; null when the header is absent. */
  subjectFromAuthorizationHeader(header: string | null): TokenSubject | null {
    if (!header) return null;
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match?.[1]) throw AppError.unauthenticated('The Authorization header must be "Bearer <token>"');
    return this.verifyAccessToken(match[1]);
  }
}
