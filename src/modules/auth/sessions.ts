// Sessions: a short-lived access token plus a refresh token that is rotated on every use.
// A refresh token presented a second time means it was stolen (or replayed): the whole
// family of that sign-in is revoked (OAuth 2.0 Security BCP, refresh token rotation).
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Prisma } from '../../generated/prisma/client.ts';
import type { Database } from '../../infra/database.ts';
import { AppError } from '../../lib/errors.ts';
import type { IssuedToken, TokenService, TokenSubject } from './tokens.ts';

export interface IssuedSession extends IssuedToken {
  refreshToken: string;
  /** Seconds until the refresh token expires. */
  refreshExpiresIn: number;
}

export interface SessionDependencies {
  db: Database;
  tokens: TokenService;
  refreshTokenTtlSeconds: number;
  /** Injected so tests can move time instead of waiting. */
  now?: () => Date;
}

const hashOf = (refreshToken: string) => createHash('sha256').update(refreshToken).digest('hex');

const REFRESH_TOKEN = /^[A-Za-z0-9_-]{43}$/;

export class SessionService {
  private readonly now: () => Date;

  constructor(private readonly deps: SessionDependencies) {
    this.now = deps.now ?? (() => new Date());
  }

  /** A new sign-in: a new family of refresh tokens. */
  start(user: { id: string; tokenVersion: number }): Promise<IssuedSession> {
    return this.issue(user, randomUUID());
  }

  /** Exchanges a refresh token for a new access token and a new refresh token. */
  async refresh(refreshToken: string): Promise<IssuedSession & { userId: string }> {
    const invalid = AppError.unauthenticated('The refresh token is invalid or expired; sign in again');
    if (!REFRESH_TOKEN.test(refreshToken)) throw invalid;
    const session = await this.deps.db.session.findUnique({
      where: { refreshTokenHash: hashOf(refreshToken) },
      include: { user: { select: { id: true, tokenVersion: true, isActive: true } } },
    });
    if (!session || session.revokedAt || session.expiresAt <= this.now() || !session.user.isActive) throw invalid;
    // Claim the token: only one request can rotate it. Losing the race, or finding it already
    // rotated, is a reuse.
    const { count } = await this.deps.db.session.updateMany({
      where: { id: session.id, rotatedAt: null, revokedAt: null },
      data: { rotatedAt: this.now() },
    });
    const reused = () =>
      AppError.unauthenticated('This refresh token was already used; every session of that sign-in is revoked');
    if (count === 0) {
      await this.revokeFamily(session.familyId);
      throw reused();
    }
    const issued = await this.issue(session.user, session.familyId);
    // A concurrent reuse may have revoked the family between our claim and the insert of the
    // new session, which its revocation did not see: then the new session dies with the family.
    const revokedMeanwhile = await this.deps.db.session.count({ where: { id: session.id, revokedAt: { not: null } } });
    if (revokedMeanwhile > 0) {
      await this.revokeFamily(session.familyId);
      throw reused();
    }
    return { ...issued, userId: session.userId };
  }

  /** Signs out one sign-in: its access tokens and refresh tokens stop working. */
  async logout(subject: TokenSubject): Promise<void> {
    await this.revokeFamily(subject.sessionId, subject.userId);
  }

  /** Signs out everywhere: every session, and every access token issued so far. */
  async logoutAll(userId: string): Promise<void> {
    await this.deps.db.$transaction([
      this.deps.db.session.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: this.now() } }),
      this.deps.db.user.update({ where: { id: userId }, data: { tokenVersion: { increment: 1 } } }),
    ]);
  }

  /**
   * Whether an access token is still honoured: the account is active, its token version is
   * current, and its sign-in is not revoked. One statement, on every authenticated request.
   */
  async accepts({ userId, tokenVersion, sessionId }: TokenSubject): Promise<boolean> {
    // Every authenticated request runs this: straight through pg (db.sql), one statement.
    const rows = await this.deps.db.sql.rows<{ accepted: boolean }>(Prisma.sql`
      SELECT (u.is_active AND u.token_version = ${tokenVersion} AND EXISTS (
        SELECT 1 FROM sessions s
        WHERE s.family_id = ${sessionId}::uuid AND s.user_id = u.id AND s.revoked_at IS NULL
      )) AS accepted
      FROM users u WHERE u.id = ${userId}::uuid`);
    return rows[0]?.accepted === true;
  }

  private async issue(user: { id: string; tokenVersion: number }, familyId: string): Promise<IssuedSession> {
    const refreshToken = randomBytes(32).toString('base64url');
    const ttl = this.deps.refreshTokenTtlSeconds;
    await this.deps.db.session.create({
      data: {
        userId: user.id,
        familyId,
        refreshTokenHash: hashOf(refreshToken),
        expiresAt: new Date(this.now().getTime() + ttl * 1000),
      },
    });
    return { ...this.deps.tokens.issueAccessToken(user, familyId), refreshToken, refreshExpiresIn: ttl };
  }

  private async revokeFamily(familyId: string, userId?: string): Promise<void> {
    await this.deps.db.session.updateMany({
      where: { familyId, revokedAt: null, ...(userId ? { userId } : {}) },
      data: { revokedAt: this.now() },
    });
  }
}
