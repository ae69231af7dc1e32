// The business services, wired to their dependencies once per application instance. Part of the
// composition root: it knows every module and fills in the plumbing's registration interfaces.
import type { Config } from './config/env.ts';
import type { JobStatus } from './generated/prisma/enums.ts';
import type { Database } from './infra/database.ts';
import type { Mailer } from './infra/mailer.ts';
import type { Redis } from './infra/redis.ts';
import type { OtpEvents, RedisTimer } from './metrics/hooks.ts';
import {
  AuthService,
  OtpStore,
  PasswordService,
  SessionService,
  TokenService,
  type TokenSubject,
} from './modules/auth/index.ts';
import { ContactService, contactsEmbed } from './modules/contacts/index.ts';
import { InterviewService, interviewsEmbed, type JobStatusChanges } from './modules/interviews/index.ts';
import { JobService } from './modules/jobs/index.ts';
import { NoteService, notesEmbed } from './modules/notes/index.ts';
import { UserService } from './modules/users/index.ts';

export interface Services {
  auth: AuthService;
  sessions: SessionService;
  jobs: JobService;
  notes: NoteService;
  contacts: ContactService;
  interviews: InterviewService;
  users: UserService;
  tokens: TokenService;
}

// What the GraphQL context (src/graphql/viewer.ts) carries: these services, and the auth module's
// token subject as the signed-in viewer.
declare module './graphql/viewer.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AppServices extends Services {}
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface SignedInViewer extends TokenSubject {}
}

// TEMPORARY stand-in until the jobs module's changeStatusIn is merged (branch h-jobs); the
// interviews service is then wired to the JobService itself.
const PENDING_JOB_STATUS: JobStatusChanges = {
  async changeStatusIn(tx, ownerId, jobId, change) {
    const [job] = await tx.$queryRaw<{ status: JobStatus }[]>`
      SELECT status FROM jobs WHERE id = ${jobId}::uuid AND user_id = ${ownerId}::uuid FOR UPDATE`;
    if (!job) throw new Error('Job not found');
    if (change.from && !change.from.includes(job.status)) return false;
    await tx.job.update({
      where: { id: jobId },
      data: {
        status: change.to,
        statusChangedAt: change.occurredAt,
        statusHistory: { create: { fromStatus: job.status, toStatus: change.to, occurredAt: change.occurredAt } },
      },
    });
    return true;
  },
};

export interface ServiceDependencies {
  db: Database;
  redis: Redis;
  mailer: Mailer;
  config: Config;
  timeRedis?: RedisTimer;
  otpEvents?: OtpEvents;
  /** The services' clock (default: the system's); tests set it instead of sleeping. */
  now?: () => Date;
}

export function createServices({
  db,
  redis,
  mailer,
  config,
  timeRedis,
  otpEvents,
  now,
}: ServiceDependencies): Services {
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
  // A job read embeds its notes, contacts and interviews in the same statement when asked (jobs
  // imports none of those modules).
  const jobs = new JobService(db, [notesEmbed, contactsEmbed, interviewsEmbed]);
  const contacts = new ContactService(db);
  return {
    auth,
    sessions,
    jobs,
    notes: new NoteService(db),
    contacts,
    // Scheduling moves the job through the jobs service's status change, in the interview's
    // transaction, and checks the contacts through the contacts service.
    interviews: new InterviewService(db, PENDING_JOB_STATUS, contacts, { now }),
    users: new UserService(db),
    tokens,
  };
}
