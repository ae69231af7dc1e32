// A whole application for one test file: its own PostgreSQL database (a copy of the migrated
// template), its own Redis key space, its own metrics registry, and helpers to call it through
// `yoga.fetch` or, where the socket's address matters, over real HTTP.
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { inject } from 'vitest';
import { createApp, type App, type AppDependencies } from '../../src/app.ts';
import { loadConfig, type Config } from '../../src/config/env.ts';
import { createDatabase, type Database } from '../../src/infra/database.ts';
import type { Logger } from '../../src/infra/logger.ts';
import { createMailer } from '../../src/infra/mailer.ts';
import { closeRedis, createRedis, waitUntilReady, type Redis } from '../../src/infra/redis.ts';
import { createMetrics, type MetricsOptions } from '../../src/metrics/metrics.ts';
import { databaseUrl, withDatabase } from './postgres.ts';

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
