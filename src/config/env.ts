// Every setting the server reads, validated in one place (SPEC.md, "Configuration").
// A bad value stops the start with a message that names the variable.
import proxyaddr from 'proxy-addr';
import { z } from 'zod';
import { bcryptThreadsForThisMachine } from './cpu-budget.ts';

/** The secrets documented in env.example and the seed; refused in production. */
export const PLACEHOLDER_SECRETS = {
  JWT_SECRET_KEY: 'your-super-secret-jwt-key-change-in-production',
  SECRET_KEY: 'your-super-secret-flask-key-change-in-production',
} as const;

/** Symmetric algorithms only: the key is JWT_SECRET_KEY. The verifier is pinned to the one chosen. */
export const JWT_ALGORITHMS = ['HS256', 'HS384', 'HS512'] as const;
export type JwtAlgorithm = (typeof JWT_ALGORITHMS)[number];

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const integer = (min: number, max: number, fallback: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`))
    .default(fallback);

/** true/false, 1/0, yes/no, on/off; unset gives `fallback` (which may depend on NODE_ENV). */
const flag = () =>
  z
    .string()
    .trim()
    .toLowerCase()
    .refine((value) => ['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'].includes(value), 'must be true or false')
    .transform((value) => ['true', '1', 'yes', 'on'].includes(value))
    .optional();

/** A comma-separated list of http(s) origins, or "*". */
const origins = () =>
  z
    .string()
    .trim()
    .transform((value) =>
      value
        .split(',')
        .map((origin) => origin.trim())
        .filter(Boolean),
    )
    .refine(
      (list) =>
        list.every((origin) => {
          if (origin === '*') return true;
          try {
            const parsed = new URL(origin);
            return ['http:', 'https:'].includes(parsed.protocol) && parsed.origin === origin;
          } catch {
            return false;
          }
        }),
      'must be "*" or comma-separated origins like https://app.example.com (scheme, host and port only)',
    )
    .default([]);

/**
 * Which proxies in front of the server to believe about the client (X-Forwarded-For/-Proto):
 * none, the nearest `hops` of them, or those at the listed addresses.
 */
export type TrustProxy = { mode: 'off' } | { mode: 'hops'; hops: number } | { mode: 'addresses'; addresses: string[] };

const MAX_PROXY_HOPS = 32;
/** Names proxy-addr expands into address ranges. */
const PROXY_RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/** Off; a hop count; or comma-separated proxy addresses, CIDR ranges and range names. */
const trustProxy = () =>
  z
    .string()
    .trim()
    .transform((value, context): TrustProxy => {
      const lower = value.toLowerCase();
      if (['false', 'off', 'no', '0'].includes(lower)) return { mode: 'off' };
      if (['true', 'on', 'yes'].includes(lower)) {
        context.addIssue({
          code: 'custom',
          message:
            `"${value}" is no longer accepted: it trusted whatever X-Forwarded-For a client sent. ` +
            'Set the number of proxies in front of the server (e.g. 1) or their addresses (e.g. 10.0.0.0/8)',
        });
        return z.NEVER;
      }
      if (/^\d+$/.test(value)) {
        const hops = Number(value);
        if (hops <= MAX_PROXY_HOPS) return { mode: 'hops', hops };
        context.addIssue({ code: 'custom', message: `a hop count must be at most ${MAX_PROXY_HOPS}` });
        return z.NEVER;
      }
      const addresses = value
        .split(',')
        .map((entry) => entry.trim())
        .filter(Boolean);
      if (addresses.length === 0) {
        context.addIssue({ code: 'custom', message: 'must be a hop count or proxy addresses, comma-separated' });
        return z.NEVER;
      }
      for (const entry of addresses) {
        try {
          proxyaddr.compile(entry);
        } catch {
          context.addIssue({
            code: 'custom',
            message: `"${entry}" is not a hop count, an IP address, a CIDR range or one of ${PROXY_RANGE_NAMES.join(', ')}`,
          });
          return z.NEVER;
        }
      }
      return { mode: 'addresses', addresses };
    })
    .optional();

/** Lets a scraper in; short ones are guessable. */
const MIN_METRICS_TOKEN_LENGTH = 16;

const url = (protocols: readonly string[]) =>
  z
    .string()
    .trim()
    .refine(
      (value) => {
        try {
          return protocols.includes(new URL(value).protocol);
        } catch {
          return false;
        }
      },
      `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`,
    );

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().trim().min(1).default('0.0.0.0'),
  PORT: integer(0, 65535, 5000),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  /**
   * The server's address as clients reach it (scheme, host, port, maybe a path), for the absolute
   * URLs it hands out (the calendar feed's). Default: http:// and the listen host and port.
   */
  PUBLIC_URL: url(['http:', 'https:']).optional(),

  DATABASE_URL: url(['postgres:', 'postgresql:']).optional(),
  /** Pool size per process for PostgreSQL. */
  DATABASE_POOL_SIZE: integer(1, 200, 10),
  REDIS_URL: url(['redis:', 'rediss:']).optional(),
  /** A Redis Cluster instead of one Redis: its nodes, "host:port" comma-separated. */
  REDIS_CLUSTER_NODES: z
    .string()
    .trim()
    .transform((value) =>
      value
        .split(',')
        .map((node) => node.trim())
        .filter(Boolean),
    )
    .refine((nodes) => nodes.length > 0 && nodes.every((node) => /^[^\s:]+:\d{1,5}$/.test(node)), {
      error: 'must be host:port pairs separated by commas, e.g. 10.0.0.1:7000,10.0.0.2:7000',
    })
    .transform((nodes) =>
      nodes.map((node) => {
        const separator = node.lastIndexOf(':');
        return { host: node.slice(0, separator), port: Number(node.slice(separator + 1)) };
      }),
    )
    .optional(),
  /** Where the embedded PostgreSQL keeps its data when DATABASE_URL is not set. */
  EMBEDDED_POSTGRES_DIR: z.string().trim().min(1).default('.data/postgres'),
  EMBEDDED_POSTGRES_PORT: integer(1, 65535, 54329),

  JWT_SECRET_KEY: z.string().min(1).default(PLACEHOLDER_SECRETS.JWT_SECRET_KEY),
  JWT_ALGORITHM: z.enum(JWT_ALGORITHMS).default('HS256'),
  JWT_ACCESS_TOKEN_EXPIRE_MINUTES: integer(1, 24 * 60, 30),
  SECRET_KEY: z.string().min(1).default(PLACEHOLDER_SECRETS.SECRET_KEY),
  OTP_EXPIRY_SECONDS: integer(30, 3600, 300),
  /** bcrypt cost factor: each step doubles the work. */
  BCRYPT_COST: integer(4, 15, 12),
  /**
   * Threads hashing passwords per process, at the lowest priority. Default: one per core (at most
   * 4), or one less than a container's CPU limit (see cpu-budget.ts).
   */
  BCRYPT_THREADS: integer(1, 64, bcryptThreadsForThisMachine()),

  /** Outgoing mail, e.g. smtp://user:password@mail.example.com:587. Unset outside production: mails go to the log. */
  SMTP_URL: url(['smtp:', 'smtps:']).optional(),
  MAIL_FROM: z.string().trim().min(3).default('Job Application Tracker <no-reply@localhost>'),

  /** Worker processes (Node cluster), like gunicorn -w. */
  WEB_CONCURRENCY: integer(1, 64, 1),
  /** Browser origins allowed to call the API (CORS). Empty: no cross-origin browser calls. */
  CORS_ORIGINS: origins(),
  /** Behind reverse proxies: how many of them (or which) to believe about the client's address. */
  TRUST_PROXY: trustProxy(),
  /** Set: GET /metrics needs `Authorization: Bearer <token>`. */
  METRICS_TOKEN: z
    .string()
    .trim()
    .min(MIN_METRICS_TOKEN_LENGTH, `must be at least ${MIN_METRICS_TOKEN_LENGTH} characters`)
    .optional(),
  /** Defaults: on in development and test, off in production. */
  GRAPHIQL_ENABLED: flag(),
  GRAPHQL_INTROSPECTION: flag(),
  GRAPHQL_FIELD_SUGGESTIONS: flag(),
  /** Compile documents to JavaScript (graphql-jit) once they have run GRAPHQL_JIT_AFTER_RUNS times. */
  GRAPHQL_JIT: flag(),
  GRAPHQL_JIT_AFTER_RUNS: integer(0, 1_000_000, 3),
  /** Per client address and minute: auth mutations (on top of the per-email OTP rules), and all others. */
  AUTH_RATE_LIMIT_PER_MINUTE: integer(1, 1_000_000, 30),
  MUTATION_RATE_LIMIT_PER_MINUTE: integer(1, 1_000_000, 300),
  /** GET /calendar/<token>.ics per feed and minute; also the unknown tokens one address may try per minute. */
  CALENDAR_RATE_LIMIT_PER_MINUTE: integer(1, 1_000_000, 30),
  /** Lifetime of a refresh token (a session), in days. */
  REFRESH_TOKEN_EXPIRE_DAYS: integer(1, 365, 30),

  /**
   * After SIGTERM, /readyz answers 503 at once while the server keeps accepting for this long,
   * so that a load balancer polling /readyz takes it out before it stops listening.
   */
  SHUTDOWN_READINESS_GRACE_SECONDS: integer(0, 300, 5),
  /** Then requests in flight (and keep-alive connections) get this long to finish before being cut. */
  SHUTDOWN_DRAIN_SECONDS: integer(1, 600, 10),
  /** A client that sends nothing for this long in the middle of a request gets a 408 and is closed. */
  HTTP_IDLE_TIMEOUT_SECONDS: integer(1, 600, 5),

  /** Run the reminder worker inside this (web) process; false in web processes when `npm run worker` runs it alone. */
  WORKER_ENABLED: flag(),
  /** Reminder mails one worker process sends at once. */
  REMINDER_WORKER_CONCURRENCY: integer(1, 100, 5),
  /** How often a worker looks for reminders that fell due (new ones are announced at once). */
  REMINDER_POLL_INTERVAL_MS: integer(50, 60_000, 1_000),
  /** A worker that has not refreshed its heartbeat for this long is dead: its jobs are unlocked. */
  REMINDER_STALE_WORKER_SECONDS: integer(1, 3_600, 60),
});

type ParsedEnv = z.infer<typeof envSchema>;

export interface Config {
  env: ParsedEnv['NODE_ENV'];
  isProduction: boolean;
  host: string;
  port: number;
  logLevel: ParsedEnv['LOG_LEVEL'];
  /** The server's public base URL, without a trailing slash. */
  publicUrl: string;
  /** Absent: the server runs an embedded PostgreSQL (never in production). */
  databaseUrl: string | undefined;
  databasePoolSize: number;
  /** Absent (and no cluster): the server uses an in-memory Redis stand-in (never in production). */
  redisUrl: string | undefined;
  /** Set: a Redis Cluster, used instead of REDIS_URL. */
  redisClusterNodes: { host: string; port: number }[] | undefined;
  embeddedPostgres: { dataDir: string; port: number };
  jwt: { secret: string; algorithm: JwtAlgorithm; accessTokenTtlSeconds: number };
  secretKey: string;
  otpExpirySeconds: number;
  bcryptCost: number;
  bcryptThreads: number;
  /** Absent: mails are written to the log as development mails (never in production). */
  smtpUrl: string | undefined;
  mailFrom: string;
  webConcurrency: number;
  corsOrigins: string[];
  trustProxy: TrustProxy;
  /** Absent: /metrics is open. */
  metricsToken: string | undefined;
  graphql: {
    graphiql: boolean;
    introspection: boolean;
    fieldSuggestions: boolean;
    /** Runs of a document before it is compiled with graphql-jit; null: never. */
    jitAfterRuns: number | null;
  };
  refreshTokenTtlSeconds: number;
  rateLimits: { authPerMinute: number; mutationsPerMinute: number; calendarPerMinute: number };
  shutdown: { readinessGraceMs: number; drainMs: number };
  /** Idle bound on a request being received (headers and body); not a total. */
  httpIdleTimeoutMs: number;
  worker: { enabled: boolean; concurrency: number; pollIntervalMs: number; staleWorkerMs: number };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Secrets shorter than this are refused in production: HS256 wants at least 256 bits of key. */
const MIN_PRODUCTION_SECRET_LENGTH = 32;
/** Below this, bcrypt is fast enough to make offline guessing cheap. */
const MIN_PRODUCTION_BCRYPT_COST = 10;

function productionProblems(env: ParsedEnv): string[] {
  const problems: string[] = [];
  if (!env.DATABASE_URL) problems.push('DATABASE_URL: is required in production');
  if (!env.REDIS_URL && !env.REDIS_CLUSTER_NODES) {
    problems.push('REDIS_URL: is required in production (or REDIS_CLUSTER_NODES for a Redis Cluster)');
  }
  if (!env.SMTP_URL) problems.push('SMTP_URL: is required in production');
  if (env.BCRYPT_COST < MIN_PRODUCTION_BCRYPT_COST) {
    problems.push(`BCRYPT_COST: must be at least ${MIN_PRODUCTION_BCRYPT_COST} in production`);
  }
  for (const name of ['JWT_SECRET_KEY', 'SECRET_KEY'] as const) {
    if (env[name] === PLACEHOLDER_SECRETS[name]) {
      problems.push(`${name}: the documented placeholder is refused in production; set a random secret`);
    } else if (env[name].length < MIN_PRODUCTION_SECRET_LENGTH) {
      problems.push(`${name}: must be at least ${MIN_PRODUCTION_SECRET_LENGTH} characters in production`);
    }
  }
  // One key for two jobs: whoever learns the OTP HMAC key could also forge access tokens, and
  // rotating one would silently rotate the other.
  if (env.JWT_SECRET_KEY === env.SECRET_KEY) {
    problems.push('JWT_SECRET_KEY, SECRET_KEY: must differ in production; set a separate random secret for each');
  }
  return problems;
}

/** http:// and where the server listens; a wildcard address (0.0.0.0, ::) is reached as localhost. */
function listenUrl(host: string, port: number): string {
  const name = ['0.0.0.0', '::', '[::]'].includes(host) ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${name}:${port}`;
}

/** Reads the configuration from an environment (process.env by default). Empty strings count as unset. */
export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  const present = Object.fromEntries(
    Object.entries(source).filter(([, value]) => value !== undefined && value.trim() !== ''),
  );
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const env = parsed.data;
  if (env.NODE_ENV === 'production') {
    const problems = productionProblems(env);
    if (problems.length > 0) throw new ConfigError(problems);
  }
  const isProduction = env.NODE_ENV === 'production';
  return {
    env: env.NODE_ENV,
    isProduction,
    host: env.HOST,
    port: env.PORT,
    logLevel: env.LOG_LEVEL,
    publicUrl: (env.PUBLIC_URL ?? listenUrl(env.HOST, env.PORT)).replace(/\/+$/, ''),
    databaseUrl: env.DATABASE_URL,
    databasePoolSize: env.DATABASE_POOL_SIZE,
    redisUrl: env.REDIS_URL,
    redisClusterNodes: env.REDIS_CLUSTER_NODES,
    embeddedPostgres: { dataDir: env.EMBEDDED_POSTGRES_DIR, port: env.EMBEDDED_POSTGRES_PORT },
    jwt: {
      secret: env.JWT_SECRET_KEY,
      algorithm: env.JWT_ALGORITHM,
      accessTokenTtlSeconds: env.JWT_ACCESS_TOKEN_EXPIRE_MINUTES * 60,
    },
    secretKey: env.SECRET_KEY,
    otpExpirySeconds: env.OTP_EXPIRY_SECONDS,
    bcryptCost: env.BCRYPT_COST,
    bcryptThreads: env.BCRYPT_THREADS,
    smtpUrl: env.SMTP_URL,
    mailFrom: env.MAIL_FROM,
    webConcurrency: env.WEB_CONCURRENCY,
    corsOrigins: env.CORS_ORIGINS,
    trustProxy: env.TRUST_PROXY ?? { mode: 'off' },
    metricsToken: env.METRICS_TOKEN,
    graphql: {
      graphiql: env.GRAPHIQL_ENABLED ?? !isProduction,
      introspection: env.GRAPHQL_INTROSPECTION ?? !isProduction,
      fieldSuggestions: env.GRAPHQL_FIELD_SUGGESTIONS ?? !isProduction,
      jitAfterRuns: (env.GRAPHQL_JIT ?? true) ? env.GRAPHQL_JIT_AFTER_RUNS : null,
    },
    refreshTokenTtlSeconds: env.REFRESH_TOKEN_EXPIRE_DAYS * 24 * 60 * 60,
    rateLimits: {
      authPerMinute: env.AUTH_RATE_LIMIT_PER_MINUTE,
      mutationsPerMinute: env.MUTATION_RATE_LIMIT_PER_MINUTE,
      calendarPerMinute: env.CALENDAR_RATE_LIMIT_PER_MINUTE,
    },
    shutdown: {
      readinessGraceMs: env.SHUTDOWN_READINESS_GRACE_SECONDS * 1000,
      drainMs: env.SHUTDOWN_DRAIN_SECONDS * 1000,
    },
    httpIdleTimeoutMs: env.HTTP_IDLE_TIMEOUT_SECONDS * 1000,
    worker: {
      enabled: env.WORKER_ENABLED ?? true,
      concurrency: env.REMINDER_WORKER_CONCURRENCY,
      pollIntervalMs: env.REMINDER_POLL_INTERVAL_MS,
      staleWorkerMs: env.REMINDER_STALE_WORKER_SECONDS * 1000,
    },
  };
}

/** For entry points: the configuration, or its problems on stderr and exit code 1. */
export function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}
