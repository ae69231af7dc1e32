// PostgreSQL stopped under load: while 20 requests stay in flight (GraphQL jobs { notes }, REST
// /auth/login and /auth/me), a throwaway PostgreSQL is stopped. Every answer must be the normal
// one or a 503 SERVICE_UNAVAILABLE in JSON, never a 500 and never a hang; /readyz names postgres.
// Then PostgreSQL starts again on the same port and data directory, and the same app (not
// restarted) must recover by itself. Then PostgreSQL hangs (its processes SIGSTOPped: connections
// open, no answers): requests answer 503 because the pool's client-side deadline fires, and once
// it answers again the app recovers. Outcomes and their order are asserted, not latencies
// (printed for reference; a busy machine is slow): time to a 503 is a row of `npm run bench`.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApp, type App } from '../../src/app.ts';
import { loadConfig } from '../../src/config/env.ts';
import { applyMigrations, ensureDatabase } from '../../src/db/migrations.ts';
import { createDatabase, POSTGRES_DEADLINE_CODE, type Database } from '../../src/infra/database.ts';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../../src/infra/embedded-postgres.ts';
import { createMailer, type Mailer } from '../../src/infra/mailer.ts';
import { closeRedis, createRedis, waitUntilReady, type Redis } from '../../src/infra/redis.ts';
import { describeOutcome, expectOpaqueUnavailable, startLoad, timedFetch, type Outcome } from '../support/load.ts';
import { hasAllJobs, serveLoadTarget, type LoadTarget } from '../support/load-target.ts';
import { freePort } from '../support/processes.ts';
import { TEST_ENV } from '../support/test-app.ts';
import { freeze, processTree } from './freeze.ts';

const CONCURRENCY = 20;
/** How long the load keeps running against the stopped PostgreSQL. */
const OUTAGE_LOAD_MS = 3_000;

type Kind = 'jobs' | 'me' | 'login';

let dataParent: string | undefined;
let dataDir: string;
let pgPort: number;
let postgres: EmbeddedPostgresHandle | undefined;
let db: Database | undefined;
let redis: Redis | undefined;
let mailer: Mailer | undefined;
let app: App | undefined;
let target: LoadTarget | undefined;
let baseUrl: string;
let token: string;
let email: string;
const unexpectedErrors: string[] = [];
/** The error of each "a dependency is unavailable" the app logged (each 503 it answered). */
const outageErrors: { code?: string; message?: string }[] = [];

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

function call(kind: Kind): Promise<Outcome<Kind>> {
  const { path: route, init } = requestFor(kind);
  return timedFetch(kind, `${baseUrl}${route}`, init);
}

/** The answer this kind of request gets while everything is up. */
function isHealthy(outcome: Outcome<Kind>): boolean {
  if (outcome.kind === 'login') return outcome.status === 401;
  if (outcome.status !== 200) return false;
  const body = JSON.parse(outcome.text) as Record<string, any>;
  if (outcome.kind === 'me') return typeof body.id === 'string' && body.email === email;
  return hasAllJobs(body);
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
  // Keeps what the app logs as an unexpected error (the masked 500s), to show it on failure, and
  // why it answered each 503.
  const logger = pino(
    { level: 'warn' },
    {
      write: (line: string) => {
        const entry = JSON.parse(line) as { msg?: string; err?: { message?: string; code?: string } };
        if (entry.msg === 'unexpected error') unexpectedErrors.push(entry.err?.message ?? line);
        if (entry.msg === 'a dependency is unavailable') outageErrors.push({ ...entry.err });
      },
    },
  );
  mailer = createMailer(config, logger);
  const built = createApp({ config, db, redis, mailer, logger });
  app = built;

  target = await serveLoadTarget(built, db, config.bcryptCost);
  ({ url: baseUrl, email, token } = target);
});

afterAll(async () => {
  try {
    await target?.close();
    await app?.yoga.dispose();
    await db?.$disconnect();
    if (redis) await closeRedis(redis);
    await mailer?.close();
  } finally {
    await postgres?.stop();
    if (dataParent) await rm(dataParent, { recursive: true, force: true });
  }
});

function expectOpaque(unavailable: readonly Outcome<Kind>[]): void {
  for (const outcome of unavailable) {
    const leaks = ['127.0.0.1', String(pgPort), os.hostname(), 'ECONNREFUSED', 'postgres', 'deadline', '    at '];
    expectOpaqueUnavailable(outcome, leaks, /stack|\.ts:\d+|node_modules|prisma/i);
  }
}

const postmasterPid = () => Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);

describe('when PostgreSQL stops under load', () => {
  it('answers 503 fast, never 500 or a hang, and recovers by itself once PostgreSQL is back', async () => {
    const kinds: Kind[] = ['jobs', 'jobs', 'me', 'login'];
    const load = startLoad(CONCURRENCY, kinds, call);
    try {
      // Healthy traffic first.
      await load.waitForAnswers(60);
      const warmUp = load.outcomes.slice();
      expect(warmUp.filter((outcome) => !isHealthy(outcome)).map(describeOutcome)).toEqual([]);

      // Stop PostgreSQL (fast shutdown: open sessions are terminated) with 20 requests in flight.
      const stopBegan = performance.now();
      await postgres!.stop();
      const down = performance.now();

      // Readiness names postgres, not redis.
      const notReady = await target!.readiness();
      expect(notReady.status).toBe(503);
      expect(notReady.body.checks.postgres?.status).toBe('unavailable');
      expect(notReady.body.checks.redis?.status).toBe('ok');

      // Keep the load on the stopped server for a while (past the pool's 2 s checkout deadline),
      // and until enough answers came, however slow the machine.
      await load.keepRunningFor(down, OUTAGE_LOAD_MS);
      await load.waitForAnswers(CONCURRENCY * 3, down);
      const restartBegan = performance.now();
      const duringOutage = load.outcomes.filter((outcome) => outcome.started >= down && outcome.ended <= restartBegan);
      // Every request answered while PostgreSQL was down is a 503 (REST /auth/login reads the user).
      expect(duringOutage.length).toBeGreaterThan(CONCURRENCY * 2);
      expect(duringOutage.filter((outcome) => outcome.status !== 503).map(describeOutcome)).toEqual([]);

      // The same cluster again, same port and data directory.
      postgres = await startPostgres();
      const up = performance.now();

      // Recovery without touching the app: poll readiness and the jobs query.
      const recovered = await target!.waitForRecovery(async () => isHealthy(await call('jobs')));

      // Traffic after the recovery is healthy again.
      await load.waitForAnswers(60, recovered);
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
      expectOpaque(unavailable);
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
    } finally {
      await load.stop();
    }
  }, 180_000);
});

describe('when PostgreSQL hangs under load', () => {
  it('answers 503 once the client-side deadline fires, never 500 or a hang, and recovers once it answers', async () => {
    const kinds: Kind[] = ['jobs', 'jobs', 'me', 'login'];
    const load = startLoad(CONCURRENCY, kinds, call);
    try {
      await load.waitForAnswers(60);
      const warmUp = load.outcomes.slice();
      expect(warmUp.filter((outcome) => !isHealthy(outcome)).map(describeOutcome)).toEqual([]);
      outageErrors.length = 0;

      // Freeze the whole cluster with 20 requests in flight: the server and every session's
      // process keep their sockets open and answer nothing.
      const thaw = freeze(processTree(postmasterPid()));
      const frozeAt = performance.now();
      let thawedAt: number;
      try {
        const notReady = await target!.readiness();
        expect(notReady.status).toBe(503);
        expect(notReady.body.checks.postgres?.status).toBe('unavailable');
        expect(notReady.body.checks.redis?.status).toBe('ok');
        // Through the statement deadline of the connections that were open, and the checkout
        // deadline of the new ones.
        await load.waitForAnswers(CONCURRENCY * 3, frozeAt);
      } finally {
        thaw();
        thawedAt = performance.now();
      }
      const duringHang = load.outcomes.filter((outcome) => outcome.started >= frozeAt && outcome.ended <= thawedAt);
      expect(duringHang.length).toBeGreaterThanOrEqual(CONCURRENCY * 3);
      expect(duringHang.filter((outcome) => outcome.status !== 503).map(describeOutcome)).toEqual([]);
      // PostgreSQL said nothing: each 503 came from the pool's own deadline, on a statement or on
      // a checkout (Prisma keeps the code of the error it wraps).
      const reasons = new Set(outageErrors.map((error) => error.code));
      expect([...reasons]).toEqual([POSTGRES_DEADLINE_CODE]);
      expect(
        outageErrors.some((error) =>
          /did not answer a statement within \d+ ms \(client-side deadline\)/.test(error.message ?? ''),
        ),
      ).toBe(true);
      expect(
        outageErrors.some((error) =>
          /no PostgreSQL connection within \d+ ms \(client-side deadline\)/.test(error.message ?? ''),
        ),
      ).toBe(true);

      // It answers again: the app recovers without a restart, and no connection the deadline
      // abandoned is handed out again (each would fail a request).
      const recovered = await target!.waitForRecovery(async () => isHealthy(await call('jobs')));
      await load.waitForAnswers(120, recovered);
      const outcomes = await load.stop();
      const afterRecovery = outcomes.filter((outcome) => outcome.started >= recovered);
      expect(afterRecovery.filter((outcome) => !isHealthy(outcome)).map(describeOutcome)).toEqual([]);

      expect(outcomes.filter((outcome) => outcome.failure !== undefined).map(describeOutcome)).toEqual([]);
      expect(outcomes.filter((outcome) => !isHealthy(outcome) && outcome.status !== 503).map(describeOutcome)).toEqual(
        [],
      );
      expect(unexpectedErrors).toEqual([]);
      expectOpaque(outcomes.filter((outcome) => outcome.status === 503));
      const hangMs = duringHang.map((outcome) => outcome.ms).sort((a, b) => a - b);
      console.info(
        `[postgres hang] ${duringHang.length} requests answered 503 while frozen: ` +
          `median ${Math.round(hangMs[Math.floor(hangMs.length / 2)]!)} ms, max ${Math.round(hangMs.at(-1)!)} ms; ` +
          `app recovered ${Math.round(recovered - thawedAt)} ms after the thaw`,
      );
    } finally {
      await load.stop();
    }
  }, 180_000);
});
