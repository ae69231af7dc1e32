// Access tokens: JWTs signed with JWT_SECRET_KEY. The verifier is pinned to the configured
// algorithm, so a token signed with another algorithm (or "none") is refused.
import jwt from 'jsonwebtoken';
import type { Config } from '../config/env.ts';
import { AppError } from '../lib/errors.ts';

const TOKEN_TYPE = 'access';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface IssuedToken {
  accessToken: string;
  tokenType: 'bearer';
  expiresIn: number;
}

export class TokenService {
  constructor(private readonly settings: Config['jwt']) {}

  issueAccessToken(userId: string): IssuedToken {
    const accessToken = jwt.sign({ type: TOKEN_TYPE }, this.settings.secret, {
      algorithm: this.settings.algorithm,
      subject: userId,
      expiresIn: this.settings.accessTokenTtlSeconds,
    });
    return { accessToken, tokenType: 'bearer', expiresIn: this.settings.accessTokenTtlSeconds };
  }

  /** Returns the user id of a valid access token; throws UNAUTHENTICATED otherwise. */
  verifyAccessToken(token: string): string {
    let claims: string | jwt.JwtPayload;
    try {
      claims = jwt.verify(token, this.settings.secret, { algorithms: [this.settings.algorithm] });
    } catch (error) {
      const expired = error instanceof jwt.TokenExpiredError;
      throw AppError.unauthenticated(expired ? 'The access token has expired' : 'The access token is invalid');
    }
    if (typeof claims === 'string' || claims.type !== TOKEN_TYPE || !claims.sub || !UUID.test(claims.sub)) {
      throw AppError.unauthenticated('The access token is invalid');
    }
    return claims.sub;
  }

  /** Reads `Authorization: Bearer <token>`; null when the header is absent. */
  userIdFromAuthorizationHeader(header: string | null): string | null {
    if (!header) return null;
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match?.[1]) throw AppError.unauthenticated('The Authorization header must be "Bearer <token>"');
    return this.verifyAccessToken(match[1]);
  }
}
