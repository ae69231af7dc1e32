// Redis killed under load: while 20 requests stay in flight (REST register / login / verify-otp,
// GraphQL forgetPassword, and GraphQL jobs { notes }), a throwaway redis-server is killed. Auth
// must answer 503 SERVICE_UNAVAILABLE in JSON within a second and never succeed without Redis (a
// verify-otp with the right code is no 200, no code is mailed); job queries, which do not need
// Redis, keep answering 200; /readyz names redis. Then redis-server starts again on the same port
// and the same app (not restarted) must recover by itself.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import os from 'node:os';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PasswordService } from '../../src/modules/auth/passwords.ts';
import { startTestSmtpServer, type TestSmtpServer } from '../support/smtp-server.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

const CONCURRENCY = 20;
/** The client gives up on a request after this long: it must never happen. */
const CLIENT_TIMEOUT_MS = 5_000;
/** Any answer, including those in flight when Redis dies. */
const MAX_LATENCY_MS = 2_500;
/** An auth request made while Redis is down. */
const MAX_OUTAGE_AUTH_LATENCY_MS = 1_000;
/** How long the load keeps running against the dead Redis (past several reconnect attempts). */
const OUTAGE_LOAD_MS = 3_000;
const JOB_COUNT = 5;
const NOTES_PER_JOB = 2;
const PASSWORD = 'correct horse battery staple';

type Kind = 'jobs' | 'register' | 'login' | 'verifyOtp' | 'forgetPassword';
const AUTH_KINDS: readonly Kind[] = ['register', 'login', 'verifyOtp', 'forgetPassword'];

interface Outcome {
  kind: Kind;
  /** The address a register / verify-otp / forgetPassword request was about. */
  email: string;
  started: number;
  ended: number;
  ms: number;
  status: number | null;
  contentType: string;
  text: string;
  /** The client gave up (timeout) or the connection failed. */
  failure?: string;
}

let redisPort: number;
let redisServer: ChildProcess | undefined;
let smtp: TestSmtpServer | undefined;
let t: TestApp | undefined;
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

/** Starts redis-server on `redisPort` (no persistence) and resolves once it accepts connections. */
async function startRedisServer(): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server did not start within 10 s:\n${output}`)), 10_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/ready to accept connections/i.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with ${code} before it was ready:\n${output}`));
    });
  });
  child.stdout?.removeAllListeners('data');
  child.stderr?.removeAllListeners('data');
  child.stdout?.resume();
  child.stderr?.resume();
  return child;
}

async function killRedisServer(): Promise<void> {
  const child = redisServer;
  redisServer = undefined;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
}

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
        init: json({ email: address, password: PASSWORD, first_name: 'Ann', last_name: 'Example' }),
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
  const started = performance.now();
  try {
    const response = await fetch(`${baseUrl}${route}`, { ...init, signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS) });
    const text = await response.text();
    const ended = performance.now();
    const contentType = response.headers.get('content-type') ?? '';
    return { kind, email: address, started, ended, ms: ended - started, status: response.status, contentType, text };
  } catch (error) {
    const ended = performance.now();
    const failure = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return {
      kind,
      email: address,
      started,
      ended,
      ms: ended - started,
      status: null,
      contentType: '',
      text: '',
      failure,
    };
  }
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
    default: {
      const jobs = body.data?.jobs as { notes: unknown[] }[] | undefined;
      return (
        body.errors === undefined &&
        jobs?.length === JOB_COUNT &&
        jobs.every((job) => job.notes.length === NOTES_PER_JOB)
      );
    }
  }
}

/** The code of a REST body ({ code }) or of a GraphQL body ({ errors: [{ extensions: { code } }] }). */
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
  if (spawnSync('redis-server', ['--version']).error) {
    throw new Error(
      'redis-server is not on PATH: this test needs the redis-server binary (apt-get install redis-server)',
    );
  }
  redisPort = await freePort();
  redisServer = await startRedisServer();
  smtp = await startTestSmtpServer();
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
  // The run's own PostgreSQL, this file's throwaway Redis.
  t = await createTestApp({ smtpUrl: smtp.url, logger, env: { REDIS_URL: `redis://127.0.0.1:${redisPort}` } });
  const built = t.app;

  http = createServer((request, response) => void built.yoga.requestListener(request, response));
  await new Promise<void>((resolve) => http!.listen(0, '127.0.0.1', () => resolve()));
  baseUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;

  email = `owner-${randomUUID()}@example.com`;
  const user = await t.db.user.create({
    data: {
      email,
      passwordHash: await new PasswordService({ cost: t.config.bcryptCost }).hash(PASSWORD),
      firstName: 'Ann',
      lastName: 'Example',
      isActive: true,
    },
  });
  for (let index = 0; index < JOB_COUNT; index += 1) {
    await t.db.job.create({
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
    await t?.close();
  } finally {
    await killRedisServer();
    await smtp?.close();
  }
});

describe('when Redis is killed under load', () => {
  it('answers auth with 503 fast and never fails open, keeps jobs working, and recovers by itself', async () => {
    const mail = smtp!;
    expect(t!.config.redisUrl).toBe(`redis://127.0.0.1:${redisPort}`);

    // A pending login code for the owner: the right code, to try while Redis is down.
    const login = await send('login', '/auth/login', json({ email, password: PASSWORD }));
    expect(login.status, describeOutcome(login)).toBe(200);
    const loginCode = mail.lastCodeFor(email);

    const kinds: Kind[] = ['jobs', 'register', 'jobs', 'login', 'jobs', 'verifyOtp', 'jobs', 'forgetPassword'];
    const load = startLoad(kinds);
    try {
      // Healthy traffic first.
      await vi.waitFor(() => expect(load.outcomes.length).toBeGreaterThanOrEqual(80), {
        timeout: 15_000,
        interval: 50,
      });
      expect(load.outcomes.filter((outcome) => !isHealthy(outcome)).map(describeOutcome)).toEqual([]);

      // Kill Redis with 20 requests in flight.
      await killRedisServer();
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
      const notReady = await readiness();
      expect(notReady.status).toBe(503);
      expect(notReady.body.checks.redis?.status).toBe('unavailable');
      expect(notReady.body.checks.postgres?.status).toBe('ok');

      // Keep the load on the dead Redis for a while (through several reconnect attempts).
      await vi.waitFor(
        () => {
          const last = load.outcomes.at(-1);
          expect(last && last.started - down).toBeGreaterThanOrEqual(OUTAGE_LOAD_MS);
        },
        { timeout: OUTAGE_LOAD_MS + 10_000, interval: 50 },
      );
      const restartBegan = performance.now();
      const duringOutage = load.outcomes.filter((outcome) => outcome.started >= down && outcome.ended <= restartBegan);
      const authDuringOutage = duringOutage.filter((outcome) => AUTH_KINDS.includes(outcome.kind));
      const jobsDuringOutage = duringOutage.filter((outcome) => outcome.kind === 'jobs');
      expect(authDuringOutage.length).toBeGreaterThan(CONCURRENCY);
      expect(jobsDuringOutage.length).toBeGreaterThan(CONCURRENCY);
      // Auth: a 503 within a second, every time. Jobs: unaffected.
      expect(authDuringOutage.filter((outcome) => outcome.status !== 503).map(describeOutcome)).toEqual([]);
      const authOutageLatency = Math.max(...authDuringOutage.map((outcome) => outcome.ms));
      expect(jobsDuringOutage.filter((outcome) => !isHealthy(outcome)).map(describeOutcome)).toEqual([]);
      // Never fails open: no code went to an address registered or reset while Redis was down.
      const outageAddresses = authDuringOutage.map((outcome) => outcome.email).filter(Boolean);
      expect(outageAddresses.filter((address) => mail.mailsTo(address).length > 0)).toEqual([]);

      // The same port again; the server comes back empty (no persistence).
      redisServer = await startRedisServer();
      const up = performance.now();

      // Recovery without touching the app: poll readiness and a registration.
      let recovered = 0;
      await vi.waitFor(
        async () => {
          expect((await readiness()).status).toBe(200);
          expect(isHealthy(await call('register'))).toBe(true);
          recovered = performance.now();
        },
        { timeout: 15_000, interval: 100 },
      );

      // Traffic after the recovery is healthy again.
      await vi.waitFor(
        () => expect(load.outcomes.filter((outcome) => outcome.started >= recovered).length).toBeGreaterThanOrEqual(80),
        { timeout: 15_000, interval: 50 },
      );
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
        expect(outcome.contentType, describeOutcome(outcome)).toMatch(/json/);
        expect(errorCodes(outcome.text), describeOutcome(outcome)).toEqual(['SERVICE_UNAVAILABLE']);
        for (const leak of ['127.0.0.1', String(redisPort), os.hostname(), 'ECONNREFUSED', 'ioredis', '    at ']) {
          expect(outcome.text, describeOutcome(outcome)).not.toContain(leak);
        }
        expect(outcome.text).not.toMatch(/stack|\.ts:\d+|node_modules|redis/i);
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
      expect(authOutageLatency).toBeLessThanOrEqual(MAX_OUTAGE_AUTH_LATENCY_MS);
      expect(maxLatency).toBeLessThanOrEqual(MAX_LATENCY_MS);
    } finally {
      await load.stop();
    }
  }, 60_000);
});
