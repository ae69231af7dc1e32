// PostgreSQL stopped under load: while 20 requests stay in flight (GraphQL jobs { notes }, REST
// /auth/login and /auth/me), a throwaway PostgreSQL is stopped. Every answer must be the normal
// one or a 503 SERVICE_UNAVAILABLE in JSON, within 2.5 s, never a 500 and never a hang; /readyz
// names postgres. Then PostgreSQL starts again on the same port and data directory, and the same
// app (not restarted) must recover by itself.
import { randomBytes, randomUUID } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { createApp, type App } from '../../src/app.ts';
import { loadConfig } from '../../src/config/env.ts';
import { applyMigrations, ensureDatabase } from '../../src/db/migrations.ts';
import { createDatabase, type Database } from '../../src/infra/database.ts';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../../src/infra/embedded-postgres.ts';
import { createMailer, type Mailer } from '../../src/infra/mailer.ts';
import { closeRedis, createRedis, waitUntilReady, type Redis } from '../../src/infra/redis.ts';
import { PasswordService } from '../../src/modules/auth/passwords.ts';
import { TEST_ENV } from '../support/test-app.ts';

const CONCURRENCY = 20;
/** The client gives up on a request after this long: it must never happen. */
const CLIENT_TIMEOUT_MS = 5_000;
const MAX_LATENCY_MS = 2_500;
/** How long the load keeps running against the stopped PostgreSQL. */
const OUTAGE_LOAD_MS = 3_000;
const JOB_COUNT = 5;
const NOTES_PER_JOB = 2;
const PASSWORD = 'correct horse battery staple';

type Kind = 'jobs' | 'me' | 'login';

interface Outcome {
  kind: Kind;
  started: number;
  ended: number;
  ms: number;
  status: number | null;
  contentType: string;
  text: string;
  /** The client gave up (timeout) or the connection failed. */
  failure?: string;
}

let dataParent: string | undefined;
let dataDir: string;
let pgPort: number;
let postgres: EmbeddedPostgresHandle | undefined;
let db: Database | undefined;
let redis: Redis | undefined;
let mailer: Mailer | undefined;
let app: App | undefined;
let http: Server | undefined;
let baseUrl: string;
let token: string;
let email: string;
const unexpectedErrors: string[] = [];

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const startPostgres = () => startEmbeddedPostgres({ dataDir, port: pgPort, database: 'outage_test', persistent: true });

function requestFor(kind: Kind): { path: string; init: RequestInit } {
  switch (kind) {
    case 'jobs':
      return {
        path: '/graphql',
        init: {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            accept: 'application/graphql-response+json, application/json',
            authorization: `Bearer ${token}`,
          },
          body: JSON.stringify({ query: '{ jobs { id notes { id } } }' }),
        },
      };
    case 'me':
      return { path: '/auth/me', init: { headers: { authorization: `Bearer ${token}` } } };
    case 'login':
      // A wrong password: 401 while healthy, and no one-time code is sent (no per-email limit).
      return {
        path: '/auth/login',
        init: {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email, password: 'not the right password' }),
        },
      };
  }
}

async function call(kind: Kind): Promise<Outcome> {
  const { path: route, init } = requestFor(kind);
  const started = performance.now();
  try {
    const response = await fetch(`${baseUrl}${route}`, { ...init, signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS) });
    const text = await response.text();
    const ended = performance.now();
    return {
      kind,
      started,
      ended,
      ms: ended - started,
      status: response.status,
      contentType: response.headers.get('content-type') ?? '',
      text,
    };
  } catch (error) {
    const ended = performance.now();
    const failure = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return { kind, started, ended, ms: ended - started, status: null, contentType: '', text: '', failure };
  }
}

/** The answer this kind of request gets while everything is up. */
function isHealthy(outcome: Outcome): boolean {
  if (outcome.kind === 'login') return outcome.status === 401;
  if (outcome.status !== 200) return false;
  const body = JSON.parse(outcome.text) as Record<string, any>;
  if (outcome.kind === 'me') return typeof body.id === 'string' && body.email === email;
  const jobs = body.data?.jobs as { notes: unknown[] }[] | undefined;
  return (
    body.errors === undefined && jobs?.length === JOB_COUNT && jobs.every((job) => job.notes.length === NOTES_PER_JOB)
  );
}

/** The 503 code of a REST body ({ code }) or of a GraphQL body ({ errors: [{ extensions: { code } }] }). */
function errorCodes(text: string): string[] {
  const body = JSON.parse(text) as Record<string, any>;
  if (typeof body.code === 'string') return [body.code];
  return ((body.errors ?? []) as { extensions?: { code?: string } }[]).map((error) => error.extensions?.code ?? '');
}

function describeOutcome(outcome: Outcome): string {
  return `${outcome.kind} -> ${outcome.status ?? outcome.failure} in ${Math.round(outcome.ms)} ms: ${outcome.text.slice(0, 300)}`;
}

/** Keeps `CONCURRENCY` requests in flight, cycling through the kinds, until stopped. */
function startLoad(kinds: readonly Kind[]) {
  const outcomes: Outcome[] = [];
  let running = true;
  let next = 0;
  const workers = Array.from({ length: CONCURRENCY }, async () => {
    while (running) {
      const kind = kinds[next++ % kinds.length]!;
      outcomes.push(await call(kind));
    }
  });
  return {
    outcomes,
    async stop(): Promise<Outcome[]> {
      running = false;
      await Promise.all(workers);
      return outcomes;
    },
  };
}

async function readiness(): Promise<{ status: number; body: { checks: Record<string, { status: string }> } }> {
  const response = await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS) });
  return { status: response.status, body: (await response.json()) as { checks: Record<string, { status: string }> } };
}

beforeAll(async () => {
  dataParent = await mkdtemp(path.join(os.tmpdir(), 'jat-pg-outage-'));
  // mkdtemp makes a 0700 folder; as root, PostgreSQL runs as the OS user "postgres" and must enter it.
  await chmod(dataParent, 0o755);
  dataDir = path.join(dataParent, 'data');
  pgPort = await freePort();
  // persistent: stop() keeps the data directory, so the same cluster starts again; afterAll removes it.
  postgres = await startPostgres();
  await ensureDatabase(postgres.url);
  await applyMigrations({ databaseUrl: postgres.url });

  const redisUrl = inject('redisUrl');
  const config = loadConfig({ ...TEST_ENV, DATABASE_URL: postgres.url, ...(redisUrl ? { REDIS_URL: redisUrl } : {}) });
  db = createDatabase({ url: postgres.url, poolSize: config.databasePoolSize });
  redis = createRedis({ url: config.redisUrl, keyPrefix: `test:pg-outage-${randomBytes(6).toString('hex')}:` });
  redis.on('error', () => undefined);
  await waitUntilReady(redis);
  // Keeps what the app logs as an unexpected error (the masked 500s), to show it on failure.
  const logger = pino(
    { level: 'error' },
    {
      write: (line: string) => {
        const entry = JSON.parse(line) as { msg?: string; err?: { message?: string } };
        if (entry.msg === 'unexpected error') unexpectedErrors.push(entry.err?.message ?? line);
      },
    },
  );
  mailer = createMailer(config, logger);
  const built = createApp({ config, db, redis, mailer, logger });
  app = built;

  http = createServer((request, response) => void built.yoga.requestListener(request, response));
  await new Promise<void>((resolve) => http!.listen(0, '127.0.0.1', () => resolve()));
  baseUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;

  email = `owner-${randomUUID()}@example.com`;
  const user = await db.user.create({
    data: {
      email,
      passwordHash: await new PasswordService({ cost: config.bcryptCost }).hash(PASSWORD),
      firstName: 'Ann',
      lastName: 'Example',
      isActive: true,
    },
  });
  for (let index = 0; index < JOB_COUNT; index += 1) {
    await db.job.create({
      data: {
        userId: user.id,
        companyName: `Company ${index}`,
        position: 'Engineer',
        notes: { create: Array.from({ length: NOTES_PER_JOB }, (_, note) => ({ content: `Note ${note}` })) },
      },
    });
  }
  token = (await built.services.sessions.start(user)).accessToken;
});

afterAll(async () => {
  try {
    http?.closeAllConnections();
    await new Promise<void>((resolve) => (http ? http.close(() => resolve()) : resolve()));
    await app?.yoga.dispose();
    await db?.$disconnect();
    if (redis) await closeRedis(redis);
    await mailer?.close();
  } finally {
    await postgres?.stop();
    if (dataParent) await rm(dataParent, { recursive: true, force: true });
  }
});

describe('when PostgreSQL stops under load', () => {
  it('answers 503 fast, never 500 or a hang, and recovers by itself once PostgreSQL is back', async () => {
    const kinds: Kind[] = ['jobs', 'jobs', 'me', 'login'];
    const load = startLoad(kinds);
    try {
      // Healthy traffic first.
      await vi.waitFor(() => expect(load.outcomes.length).toBeGreaterThanOrEqual(60), {
        timeout: 15_000,
        interval: 50,
      });
      const warmUp = load.outcomes.slice();
      expect(warmUp.filter((outcome) => !isHealthy(outcome)).map(describeOutcome)).toEqual([]);

      // Stop PostgreSQL (fast shutdown: open sessions are terminated) with 20 requests in flight.
      const stopBegan = performance.now();
      await postgres!.stop();
      const down = performance.now();

      // Readiness names postgres, not redis.
      const notReady = await readiness();
      expect(notReady.status).toBe(503);
      expect(notReady.body.checks.postgres?.status).toBe('unavailable');
      expect(notReady.body.checks.redis?.status).toBe('ok');

      // Keep the load on the stopped server for a while (past the pool's 2 s connect timeout).
      await vi.waitFor(
        () => {
          const last = load.outcomes.at(-1);
          expect(last && last.started - down).toBeGreaterThanOrEqual(OUTAGE_LOAD_MS);
        },
        { timeout: OUTAGE_LOAD_MS + 10_000, interval: 50 },
      );
      const restartBegan = performance.now();
      const duringOutage = load.outcomes.filter((outcome) => outcome.started >= down && outcome.ended <= restartBegan);
      // Every request answered while PostgreSQL was down is a 503 (REST /auth/login reads the user).
      expect(duringOutage.length).toBeGreaterThan(CONCURRENCY * 2);
      expect(duringOutage.filter((outcome) => outcome.status !== 503).map(describeOutcome)).toEqual([]);

      // The same cluster again, same port and data directory.
      postgres = await startPostgres();
      const up = performance.now();

      // Recovery without touching the app: poll readiness and the jobs query.
      let recovered = 0;
      await vi.waitFor(
        async () => {
          expect((await readiness()).status).toBe(200);
          expect(isHealthy(await call('jobs'))).toBe(true);
          recovered = performance.now();
        },
        { timeout: 15_000, interval: 100 },
      );

      // Traffic after the recovery is healthy again.
      await vi.waitFor(
        () => expect(load.outcomes.filter((outcome) => outcome.started >= recovered).length).toBeGreaterThanOrEqual(60),
        { timeout: 15_000, interval: 50 },
      );
      const outcomes = await load.stop();
      const afterRecovery = outcomes.filter((outcome) => outcome.started >= recovered);
      expect(afterRecovery.filter((outcome) => !isHealthy(outcome)).map(describeOutcome)).toEqual([]);

      // Over the whole run: no client timeout or connection failure, only the normal answer or a 503.
      expect(outcomes.filter((outcome) => outcome.failure !== undefined).map(describeOutcome)).toEqual([]);
      const unexpected = outcomes.filter((outcome) => !isHealthy(outcome) && outcome.status !== 503);
      expect(unexpected.map(describeOutcome)).toEqual([]);
      expect(unexpectedErrors).toEqual([]);
      // Every 503 is a JSON SERVICE_UNAVAILABLE that tells nothing about the failure.
      const unavailable = outcomes.filter((outcome) => outcome.status === 503);
      for (const outcome of unavailable) {
        expect(outcome.contentType, describeOutcome(outcome)).toMatch(/json/);
        expect(errorCodes(outcome.text), describeOutcome(outcome)).toEqual(['SERVICE_UNAVAILABLE']);
        for (const leak of ['127.0.0.1', String(pgPort), os.hostname(), 'ECONNREFUSED', 'postgres', '    at ']) {
          expect(outcome.text, describeOutcome(outcome)).not.toContain(leak);
        }
        expect(outcome.text).not.toMatch(/stack|\.ts:\d+|node_modules|prisma/i);
      }
      const maxLatency = Math.max(...outcomes.map((outcome) => outcome.ms));
      const slowest = outcomes.reduce((a, b) => (b.ms > a.ms ? b : a));
      console.info(
        `[postgres outage] ${outcomes.length} requests (${unavailable.length} answered 503, ` +
          `${duringOutage.length} while down); stop took ${Math.round(down - stopBegan)} ms; ` +
          `max latency ${Math.round(maxLatency)} ms (${slowest.kind}, ${slowest.status}); ` +
          `restart took ${Math.round(up - restartBegan)} ms; app recovered ` +
          `${Math.round(recovered - up)} ms after PostgreSQL was up ` +
          `(${Math.round(recovered - restartBegan)} ms after the restart began)`,
      );
      expect(maxLatency).toBeLessThanOrEqual(MAX_LATENCY_MS);
    } finally {
      await load.stop();
    }
  }, 60_000);
});
