// A whole application for one test file: its own PostgreSQL database (a copy of the migrated
// template), its own Redis key space, its own metrics registry, and helpers to call it through
// `yoga.fetch` or, where the socket's address matters, over real HTTP.
// A test file calls `useTestApp()` once at its top (or in a describe block): it registers the
// hooks that build the app (and an SMTP sink when asked), reset it between tests and take
// everything down afterwards.
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, inject } from 'vitest';
import { createApp, type App, type AppDependencies } from '../../src/app.ts';
import { loadConfig, type Config } from '../../src/config/env.ts';
import { createDatabase, type Database } from '../../src/infra/database.ts';
import type { Logger } from '../../src/infra/logger.ts';
import { createMailer } from '../../src/infra/mailer.ts';
import { closeRedis, createRedis, waitUntilReady, type Redis } from '../../src/infra/redis.ts';
import { createMetrics, type MetricsOptions } from '../../src/metrics/metrics.ts';
import { databaseUrl, withDatabase } from './postgres.ts';
import { startTestSmtpServer, type TestSmtpServer } from './smtp-server.ts';

export interface GraphQLResponse<Data = Record<string, unknown>> {
  status: number;
  data?: Data | null;
  errors?: { message: string; path?: string[]; extensions?: { code?: string; field?: string } }[];
}

export interface TestUser {
  id: string;
  email: string;
  token: string;
}

export interface TestApp {
  app: App;
  /** What the app was built from: spread it to build a variant (a dead Redis, say). */
  deps: AppDependencies;
  db: Database;
  redis: Redis;
  config: Config;
  /** Every SQL statement the app has sent; clear it to measure one request. */
  sqlStatements: string[];
  fetch(path: string, init?: RequestInit): Promise<Response>;
  graphql<Data = Record<string, any>>(
    query: string,
    options?: { token?: string; variables?: Record<string, unknown> },
  ): Promise<GraphQLResponse<Data>>;
  createUser(options?: { isActive?: boolean }): Promise<TestUser>;
  /** Serves the app on 127.0.0.1 (a free port) until close(); resolves with its base URL. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

export const TEST_ENV = {
  NODE_ENV: 'test',
  LOG_LEVEL: 'silent',
  JWT_SECRET_KEY: 'test-only-jwt-secret-0123456789abcdef',
  SECRET_KEY: 'test-only-secret-key-0123456789abcdef',
  // The lowest cost: the tests check behaviour, not hashing strength.
  BCRYPT_COST: '4',
  // Tests make many requests from one address; the limits have tests of their own.
  AUTH_RATE_LIMIT_PER_MINUTE: '1000000',
  MUTATION_RATE_LIMIT_PER_MINUTE: '1000000',
  CALENDAR_RATE_LIMIT_PER_MINUTE: '1000000',
  // Every document through graphql-jit from its first run, so the suite checks the compiled path
  // (tests/graphql/jit.test.ts checks the threshold itself).
  GRAPHQL_JIT_AFTER_RUNS: '0',
} as const;

export interface TestAppOptions {
  /** Extra or overriding environment variables. */
  env?: Record<string, string>;
  /** Send mail to this SMTP server; without one, mails go to the (silent) log. */
  smtpUrl?: string;
  /** Where the app logs; silent by default. */
  logger?: Logger;
  /** How its metrics registry is scraped (a stand-in for a cluster's primary, say). */
  metrics?: MetricsOptions;
}

export async function createTestApp({
  env = {},
  smtpUrl,
  logger: givenLogger,
  metrics: metricsOptions,
}: TestAppOptions = {}): Promise<TestApp> {
  const adminUrl = inject('postgresAdminUrl');
  const name = `jat_test_${randomBytes(6).toString('hex')}`;
  await withDatabase(adminUrl, (client) =>
    client.query(`CREATE DATABASE "${name}" TEMPLATE "${inject('templateDatabase')}"`),
  );
  const redisUrl = inject('redisUrl');
  const config = loadConfig({
    ...TEST_ENV,
    DATABASE_URL: databaseUrl(adminUrl, name),
    ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
    ...(smtpUrl ? { SMTP_URL: smtpUrl } : {}),
    ...env,
  });
  const sqlStatements: string[] = [];
  const metrics = createMetrics(metricsOptions);
  const db = createDatabase({
    url: config.databaseUrl!,
    poolSize: 4,
    onQuery: (sql, durationMs) => {
      sqlStatements.push(sql);
      metrics.dbQuery(sql, durationMs);
    },
  });
  const redis = createRedis({
    url: config.redisUrl,
    clusterNodes: config.redisClusterNodes,
    keyPrefix: `test:${name}:`,
  });
  redis.on('error', () => undefined); // outage tests stop Redis on purpose; the client reconnects
  await waitUntilReady(redis);
  const logger = givenLogger ?? pino({ level: 'silent' });
  const mailer = createMailer(config, logger);
  const deps: AppDependencies = { config, db, redis, mailer, logger, metrics };
  const app = createApp(deps);
  const http = createServer((request, response) => void app.yoga.requestListener(request, response));

  const fetch = async (path: string, init?: RequestInit) =>
    app.yoga.fetch(new Request(`http://test.local${path}`, init));

  return {
    app,
    deps,
    db,
    redis,
    config,
    sqlStatements,
    fetch,
    async graphql(query, { token, variables } = {}) {
      const response = await fetch('/graphql', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json, application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, ...((await response.json()) as object) };
    },
    async createUser({ isActive = true } = {}) {
      const user = await db.user.create({
        data: {
          email: `user-${randomUUID()}@example.com`,
          passwordHash: 'not-a-password-hash',
          firstName: 'Ann',
          lastName: 'Example',
          isActive,
        },
      });
      const { accessToken } = await app.services.sessions.start(user);
      return { id: user.id, email: user.email, token: accessToken };
    },
    async listen() {
      if (!http.listening) await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    },
    async close() {
      if (http.listening) {
        http.closeAllConnections();
        await new Promise<void>((resolve) => http.close(() => resolve()));
      }
      await app.yoga.dispose();
      await db.$disconnect();
      await closeRedis(redis);
      await mailer.close();
      await withDatabase(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}

export interface UseTestAppOptions extends Omit<TestAppOptions, 'smtpUrl'> {
  /** Start an in-process SMTP sink for this file (`t.smtp`) and send the app's mail to it. */
  smtp?: boolean;
}

export type TestAppFixture<App extends TestApp = TestApp> = App & {
  /** The file's SMTP sink (with `useTestApp({ smtp: true })`); usable once the tests run. */
  readonly smtp: TestSmtpServer;
};

/**
 * A stand-in for an object that exists only once `beforeAll` has run: property reads and writes
 * go to the current one, so a test file can hold it in a `const` at its top.
 */
export function lateBound<Target extends object>(
  what: string,
  current: () => Target | undefined,
  /** Properties answered at once, before there is a target. */
  early: Record<PropertyKey, unknown> = {},
): Target {
  const target = () => {
    const found = current();
    if (!found) throw new Error(`${what} is built in beforeAll: use it inside tests and hooks only`);
    return found;
  };
  return new Proxy({} as Target, {
    // Not a thenable, so that returning the stand-in from an async function does not build anything.
    get: (_, key) => {
      if (Object.hasOwn(early, key)) return early[key];
      return key === 'then' ? undefined : Reflect.get(target(), key);
    },
    set: (_, key, value) => Reflect.set(target(), key, value),
    has: (_, key) => Reflect.has(target(), key),
    ownKeys: () => Reflect.ownKeys(target()),
    getOwnPropertyDescriptor: (_, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(target(), key);
      // The proxy's own target is an empty object: report every property as configurable.
      return descriptor && { ...descriptor, configurable: true };
    },
  });
}

/**
 * The test app of this file (or of the describe block it is called in): built in `beforeAll`
 * with a database and Redis key prefix of its own, and with an SMTP sink when `smtp` is set;
 * after each test the recorded SQL is cleared and a pending SMTP failure dropped; after all
 * its Redis keys are deleted (blocks last up to 24 h on a shared server) and everything closed.
 * `options` may be a function, called in `beforeAll`, for what an earlier hook makes (a Redis
 * server of the file's own, say); it answers null when the file is skipped, and nothing is built.
 * `create` builds the app (`createSdkTestApp` for one with an SDK client).
 */
export function useTestApp<App extends TestApp = TestApp>(
  options: UseTestAppOptions | (() => UseTestAppOptions | null) = {},
  create: (options: TestAppOptions) => Promise<App> = createTestApp as (options: TestAppOptions) => Promise<App>,
): TestAppFixture<App> {
  let app: App | undefined;
  let smtp: TestSmtpServer | undefined;
  let sharedRedis = false;

  beforeAll(async () => {
    const chosen = typeof options === 'function' ? options() : options;
    if (!chosen) return;
    const { smtp: withSmtp, ...rest } = chosen;
    if (withSmtp) smtp = await startTestSmtpServer();
    // A Redis of the file's own goes away with its keys; only the run's shared one needs cleaning.
    sharedRedis = rest.env?.REDIS_URL === undefined;
    app = await create({ ...rest, ...(smtp ? { smtpUrl: smtp.url } : {}) });
  });
  afterEach(() => {
    if (app) app.sqlStatements.length = 0;
    smtp?.clearFailures();
  });
  afterAll(async () => {
    try {
      if (app && sharedRedis) await deleteKeysOf(app.redis);
      await app?.close();
    } finally {
      await smtp?.close();
    }
  });

  const sink = lateBound('The SMTP sink (useTestApp({ smtp: true }))', () => smtp);
  // `smtp` is answered at once, so that a file can take it apart at its top: `const { smtp } = t`.
  return lateBound('The test app', () => app as TestAppFixture<App> | undefined, { smtp: sink });
}

/** Deletes every key under the client's prefix. KEYS answers full names; DEL prefixes them itself. */
export async function deleteKeysOf(redis: Redis): Promise<void> {
  const prefix = redis.options.keyPrefix;
  // On a cluster KEYS sees one node only; a cluster of a file's own goes away with its keys.
  if (!prefix || redis.isCluster) return;
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys.map((key) => key.slice(prefix.length)));
}
