// Redis killed under load: while 20 requests stay in flight (REST register / login / verify-otp,
// GraphQL forgetPassword, and GraphQL jobs { notes }), a throwaway redis-server is killed. Auth
// must answer 503 SERVICE_UNAVAILABLE in JSON and never succeed without Redis (a verify-otp with
// the right code is no 200, no code is mailed); job queries, which do not need Redis, keep
// answering 200; /readyz names redis. Then redis-server starts again on the same port and the
// same app (not restarted) must recover by itself. The outcomes are asserted, not the latencies
// (printed for reference; a busy machine is slow): time to a 503 is a row of `npm run bench`.
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeOutcome, errorCodes, expectOpaqueUnavailable, startLoad, timedFetch } from '../support/load.ts';
import type { Outcome as LoadOutcome } from '../support/load.ts';
import { hasAllJobs, OWNER_PASSWORD, serveLoadTarget, unexpectedErrorLogger } from '../support/load-target.ts';
import type { LoadTarget } from '../support/load-target.ts';
import { missingBinary } from '../support/requirements.ts';
import { freePort, startRedisServer, type RedisServerHandle } from '../support/processes.ts';
import { useTestApp } from '../support/test-app.ts';

const CONCURRENCY = 20;
/** How long the load keeps running against the dead Redis (past several reconnect attempts). */
const OUTAGE_LOAD_MS = 3_000;

type Kind = 'jobs' | 'register' | 'login' | 'verifyOtp' | 'forgetPassword';
const AUTH_KINDS: readonly Kind[] = ['register', 'login', 'verifyOtp', 'forgetPassword'];

interface Outcome extends LoadOutcome<Kind> {
  /** The address a register / verify-otp / forgetPassword request was about. */
  email: string;
}

let redisPort: number;
let redisServer: RedisServerHandle | undefined;
let target: LoadTarget | undefined;
let baseUrl: string;
let token: string;
let email: string;
const unexpectedErrors: string[] = [];

const json = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' },
  body: JSON.stringify(body),
});

function requestFor(kind: Kind, address: string): { path: string; init: RequestInit } {
  switch (kind) {
    case 'jobs': {
      const init = json({ query: '{ jobs { id notes { id } } }' });
      return { path: '/graphql', init: { ...init, headers: { ...init.headers, authorization: `Bearer ${token}` } } };
    }
    case 'register':
      return {
        path: '/auth/register',
        init: json({ email: address, password: OWNER_PASSWORD, first_name: 'Ann', last_name: 'Example' }),
      };
    case 'login':
      // A wrong password: 401 while healthy, and no one-time code is sent (no per-email limit).
      return { path: '/auth/login', init: json({ email, password: 'not the right password' }) };
    case 'verifyOtp':
      // A new address each time: 401 while healthy, and no address runs out of attempts.
      return { path: '/auth/verify-otp', init: json({ email: address, code: '123456', module: 'register' }) };
    case 'forgetPassword':
      return {
        path: '/graphql',
        init: json({
          query: 'mutation ($email: String!) { forgetPassword(email: $email) { attemptsRemaining } }',
          variables: { email: address },
        }),
      };
  }
}

async function send(kind: Kind, route: string, init: RequestInit, address = ''): Promise<Outcome> {
  return { ...(await timedFetch(kind, `${baseUrl}${route}`, init)), email: address };
}

async function call(kind: Kind): Promise<Outcome> {
  const address = `load-${randomUUID()}@example.com`;
  const { path, init } = requestFor(kind, address);
  return send(kind, path, init, address);
}

/** The answer this kind of request gets while everything is up. */
function isHealthy(outcome: Outcome): boolean {
  if (outcome.kind === 'login' || outcome.kind === 'verifyOtp') return outcome.status === 401;
  if (outcome.status !== 200) return false;
  const body = JSON.parse(outcome.text) as Record<string, any>;
  switch (outcome.kind) {
    case 'register':
      return typeof body.attempts_remaining === 'number';
    case 'forgetPassword':
      return body.errors === undefined && typeof body.data?.forgetPassword?.attemptsRemaining === 'number';
    default:
      return hasAllJobs(body);
  }
}

const skipped = missingBinary('redis-server', 'apt-get install redis-server');

beforeAll(async () => {
  if (skipped) return;
  redisPort = await freePort();
  redisServer = await startRedisServer({ port: redisPort });
});
// Registered before the app's hooks, so it runs after the app is closed.
afterAll(async () => {
  if (skipped) return;
  await redisServer?.kill();
});

// Keeps what the app logs as an unexpected error (the masked 500s), to show it on failure.
const logger = unexpectedErrorLogger(unexpectedErrors);
// The run's own PostgreSQL, this file's throwaway Redis.
const t = useTestApp(() => (skipped ? null : { smtp: true, logger, env: { REDIS_URL: redisServer!.url } }));
const { smtp } = t;

beforeAll(async () => {
  if (skipped) return;
  target = await serveLoadTarget(t.app, t.db, t.config.bcryptCost);
  ({ url: baseUrl, email, token } = target);
});
// Registered after the app's hooks, so it runs before the app is closed.
afterAll(async () => {
  await target?.close();
});

describe.skipIf(skipped)('when Redis is killed under load', () => {
  it('answers auth with 503 fast and never fails open, keeps jobs working, and recovers by itself', async () => {
    const mail = smtp;
    expect(t.config.redisUrl).toBe(`redis://127.0.0.1:${redisPort}`);

    // A pending login code for the owner: the right code, to try while Redis is down.
    const login = await send('login', '/auth/login', json({ email, password: OWNER_PASSWORD }));
    expect(login.status, describeOutcome(login)).toBe(200);
    const loginCode = mail.lastCodeFor(email);

    const kinds: Kind[] = ['jobs', 'register', 'jobs', 'login', 'jobs', 'verifyOtp', 'jobs', 'forgetPassword'];
    const load = startLoad(CONCURRENCY, kinds, call);
    try {
      // Healthy traffic first.
      await load.waitForAnswers(80);
      expect(load.outcomes.filter((outcome) => !isHealthy(outcome)).map(describeOutcome)).toEqual([]);

      // Kill Redis with 20 requests in flight.
      await redisServer!.kill();
      const down = performance.now();

      // The right code does not sign in while Redis is down, by REST or by GraphQL.
      const verify = await send('verifyOtp', '/auth/verify-otp', json({ email, code: loginCode, module: 'login' }));
      expect(verify.status, describeOutcome(verify)).toBe(503);
      const verifyByGraphQL = await send(
        'verifyOtp',
        '/graphql',
        json({
          query:
            'mutation ($email: String!, $code: String!) { verifyOtp(email: $email, code: $code, module: login) { accessToken } }',
          variables: { email, code: loginCode },
        }),
      );
      expect(verifyByGraphQL.status, describeOutcome(verifyByGraphQL)).toBe(503);
      expect(errorCodes(verifyByGraphQL.text)).toEqual(['SERVICE_UNAVAILABLE']);

      // Readiness names redis, not postgres.
      const notReady = await target!.readiness();
      expect(notReady.status).toBe(503);
      expect(notReady.body.checks.redis?.status).toBe('unavailable');
      expect(notReady.body.checks.postgres?.status).toBe('ok');

      // Keep the load on the dead Redis for a while (through several reconnect attempts), and
      // until enough answers came, however slow the machine.
      await load.keepRunningFor(down, OUTAGE_LOAD_MS);
      await load.waitForAnswers(CONCURRENCY * 4, down);
      const restartBegan = performance.now();
      const duringOutage = load.outcomes.filter((outcome) => outcome.started >= down && outcome.ended <= restartBegan);
      const authDuringOutage = duringOutage.filter((outcome) => AUTH_KINDS.includes(outcome.kind));
      const jobsDuringOutage = duringOutage.filter((outcome) => outcome.kind === 'jobs');
      expect(authDuringOutage.length).toBeGreaterThan(CONCURRENCY);
      expect(jobsDuringOutage.length).toBeGreaterThan(CONCURRENCY);
      // Auth: a 503, every time. Jobs: unaffected.
      expect(authDuringOutage.filter((outcome) => outcome.status !== 503).map(describeOutcome)).toEqual([]);
      const authOutageLatency = Math.max(...authDuringOutage.map((outcome) => outcome.ms));
      expect(jobsDuringOutage.filter((outcome) => !isHealthy(outcome)).map(describeOutcome)).toEqual([]);
      // Never fails open: no code went to an address registered or reset while Redis was down.
      const outageAddresses = authDuringOutage.map((outcome) => outcome.email).filter(Boolean);
      expect(outageAddresses.filter((address) => mail.mailsTo(address).length > 0)).toEqual([]);

      // The same port again; the server comes back empty (no persistence).
      redisServer = await startRedisServer({ port: redisPort });
      const up = performance.now();

      // Recovery without touching the app: poll readiness and a registration.
      const recovered = await target!.waitForRecovery(async () => isHealthy(await call('register')));

      // Traffic after the recovery is healthy again.
      await load.waitForAnswers(80, recovered);
      const outcomes = await load.stop();
      const afterRecovery = outcomes.filter((outcome) => outcome.started >= recovered);
      expect(afterRecovery.filter((outcome) => !isHealthy(outcome)).map(describeOutcome)).toEqual([]);
      // The code from before the outage died with Redis: refused, not accepted.
      const stale = await send('verifyOtp', '/auth/verify-otp', json({ email, code: loginCode, module: 'login' }));
      expect(stale.status, describeOutcome(stale)).toBe(401);

      // Over the whole run: no client timeout or connection failure; jobs always worked; auth gave
      // its normal answer or a 503; nothing was masked as an unexpected error.
      expect(outcomes.filter((outcome) => outcome.failure !== undefined).map(describeOutcome)).toEqual([]);
      const jobs = outcomes.filter((outcome) => outcome.kind === 'jobs');
      expect(jobs.filter((outcome) => !isHealthy(outcome)).map(describeOutcome)).toEqual([]);
      const unexpected = outcomes.filter((outcome) => !isHealthy(outcome) && outcome.status !== 503);
      expect(unexpected.map(describeOutcome)).toEqual([]);
      expect(unexpectedErrors).toEqual([]);
      // Every 503 is a JSON SERVICE_UNAVAILABLE that tells nothing about the failure.
      const unavailable = [...outcomes, verify, verifyByGraphQL].filter((outcome) => outcome.status === 503);
      for (const outcome of unavailable) {
        const leaks = ['127.0.0.1', String(redisPort), os.hostname(), 'ECONNREFUSED', 'ioredis', '    at '];
        expectOpaqueUnavailable(outcome, leaks, /stack|\.ts:\d+|node_modules|redis/i);
      }
      const maxLatency = Math.max(...outcomes.map((outcome) => outcome.ms));
      const slowest = outcomes.reduce((a, b) => (b.ms > a.ms ? b : a));
      const jobsLatency = Math.max(...jobsDuringOutage.map((outcome) => outcome.ms));
      console.info(
        `[redis outage] ${outcomes.length} requests (${unavailable.length} answered 503; while down: ` +
          `${authDuringOutage.length} auth, all 503, max ${Math.round(authOutageLatency)} ms; ` +
          `${jobsDuringOutage.length} jobs, all 200, max ${Math.round(jobsLatency)} ms); ` +
          `max latency overall ${Math.round(maxLatency)} ms (${slowest.kind}, ${slowest.status}); ` +
          `restart took ${Math.round(up - restartBegan)} ms; app recovered ${Math.round(recovered - up)} ms ` +
          `after Redis was up`,
      );
    } finally {
      await load.stop();
    }
  }, 180_000);
});
