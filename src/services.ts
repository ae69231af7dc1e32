// The business services, wired to their dependencies once per application instance.
import { TokenService } from './modules/auth/tokens.ts';
import type { Config } from './config/env.ts';
import type { Database } from './infra/database.ts';
import type { Mailer } from './infra/mailer.ts';
import type { Redis } from './infra/redis.ts';
import type { OtpEvents, RedisTimer } from './metrics/hooks.ts';
import { AuthService } from './modules/auth/auth.service.ts';
import { OtpStore } from './modules/auth/otp.store.ts';
import { PasswordService } from './modules/auth/passwords.ts';
import { SessionService } from './modules/auth/sessions.ts';
import { JobService } from './modules/jobs/job.service.ts';
import { NoteService } from './modules/notes/note.service.ts';
import { UserService } from './modules/users/user.service.ts';

export interface Services {
  auth: AuthService;
  sessions: SessionService;
  jobs: JobService;
  notes: NoteService;
  users: UserService;
  tokens: TokenService;
}

export interface ServiceDependencies {
  db: Database;
  redis: Redis;
  mailer: Mailer;
  config: Config;
  timeRedis?: RedisTimer;
  otpEvents?: OtpEvents;
}

export function createServices({ db, redis, mailer, config, timeRedis, otpEvents }: ServiceDependencies): Services {
  const tokens = new TokenService(config.jwt);
  const sessions = new SessionService({ db, tokens, refreshTokenTtlSeconds: config.refreshTokenTtlSeconds });
  const auth = new AuthService({
    db,
    sessions,
    mailer,
    otp: new OtpStore(redis, { secretKey: config.secretKey, codeTtlSeconds: config.otpExpirySeconds, timeRedis }),
    passwords: new PasswordService({ cost: config.bcryptCost, threads: config.bcryptThreads }),
    codeTtlSeconds: config.otpExpirySeconds,
    otpEvents,
  });
  return {
    auth,
    sessions,
    jobs: new JobService(db),
    notes: new NoteService(db),
    users: new UserService(db),
    tokens,
  };
}
