// The business services, wired to their dependencies once per application instance. Part of the
// composition root: it knows every module and fills in the plumbing's registration interfaces.
import type { Config } from './config/env.ts';
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
import { CalendarService } from './modules/calendar/index.ts';
import { ContactService, contactsEmbed, contactsMerge } from './modules/contacts/index.ts';
import { InsightService } from './modules/insights/index.ts';
import {
  InterviewService,
  interviewsEmbed,
  interviewsMerge,
  upcomingInterviewFilter,
} from './modules/interviews/index.ts';
import { JobService } from './modules/jobs/index.ts';
import { NoteService, notesEmbed, notesMerge } from './modules/notes/index.ts';
import { PortabilityService, transfersFor } from './modules/portability/index.ts';
import { followUpsMerge, ReminderScheduler } from './modules/reminders/index.ts';
import { TaskService, tasksEmbed, tasksMerge } from './modules/tasks/index.ts';
import { UserService } from './modules/users/index.ts';

export interface Services {
  auth: AuthService;
  sessions: SessionService;
  jobs: JobService;
  notes: NoteService;
  contacts: ContactService;
  interviews: InterviewService;
  tasks: TaskService;
  users: UserService;
  tokens: TokenService;
  insights: InsightService;
  portability: PortabilityService;
  calendar: CalendarService;
}

// What the GraphQL context (src/graphql/viewer.ts) carries: these services, and the auth module's
// token subject as the signed-in viewer.
declare module './graphql/viewer.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AppServices extends Services {}
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface SignedInViewer extends TokenSubject {}
}

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
  // A job read embeds the relations asked for in the same statement (jobs imports none of these
  // modules); `now` is the services' clock, which tests set instead of sleeping.
  const jobs = new JobService(db, [notesEmbed, contactsEmbed, interviewsEmbed, tasksEmbed], {
    now,
    // jobsConnection's filter.hasUpcomingInterview reads the interviews module's table.
    filterParts: [upcomingInterviewFilter],
    // mergeJobs moves each module's rows of the merged job through its hook, in the merge's transaction.
    mergeHooks: [notesMerge, contactsMerge, interviewsMerge, tasksMerge, followUpsMerge],
  });
  const contacts = new ContactService(db);
  // Notes, interviews, tasks and settings schedule their reminders through this hook, in their
  // own write's transaction; they import nothing of the reminders module.
  const reminders = new ReminderScheduler();
  const users = new UserService(db, { reminders, now });
  const notes = new NoteService(db, { reminders, now });
  // Scheduling moves the job through the jobs service's status change, in the interview's
  // transaction, and checks the contacts through the contacts service.
  const interviews = new InterviewService(db, jobs, contacts, { now, reminders });
  const tasks = new TaskService(db, { now, reminders });
  return {
    auth,
    sessions,
    jobs,
    notes,
    contacts,
    interviews,
    tasks,
    users,
    tokens,
    // Stats read the user's time zone and ghosted delay through the users service.
    insights: new InsightService(db, users, { now }),
    // An import writes each module's rows through that module's bulk path (importIn), in the
    // import's transaction: jobs with their histories and tags, notes, contacts and their links,
    // interviews, tasks (these three schedule their own reminders), saved views, settings.
    // Each export or import holds a connection: at most a quarter of the pool run at once.
    portability: new PortabilityService({
      db,
      jobs,
      notes,
      contacts,
      interviews,
      tasks,
      users,
      now,
      maxTransfers: transfersFor(config.databasePoolSize),
    }),
    // The feed's URL is absolute (PUBLIC_URL): calendar apps are given it whole.
    calendar: new CalendarService(db, { publicUrl: config.publicUrl, now }),
  };
}
