// A hung Redis (its process SIGSTOPped: connections stay open and nothing answers): the auth
// routes answer 503 SERVICE_UNAVAILABLE and never fail open, because the Redis client's own
// deadline fires (src/infra/redis.ts: a socket that gets no answer is closed and reconnected,
// and while it reconnects every command fails at once); jobs, which need no Redis, keep
// answering; once Redis answers again the same app recovers by itself. How long the 503 takes
// is a figure of `npm run bench`, not a bound here.
import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { missingBinary } from '../support/requirements.ts';
import { freePort, startRedisServer, type RedisServerHandle } from '../support/processes.ts';
import { type TestUser, useTestApp } from '../support/test-app.ts';
import { freeze } from './freeze.ts';

const PASSWORD = 'correct horse battery staple';

let redisServer: RedisServerHandle | undefined;
let owner: TestUser;
let thaw: (() => void) | undefined;
/** The errors the app's Redis client reported, and what the app logged at warn and above. */
const redisErrors: string[] = [];
const logged: { msg?: string; err?: { message?: string } }[] = [];

async function post(route: string, body: Record<string, unknown>) {
  const response = await t.fetch(`/auth/${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { route, status: response.status, body: JSON.parse(text) as Record<string, any> };
}

const register = (email: string) =>
  post('register', { email, password: PASSWORD, first_name: 'Ann', last_name: 'Example' });

async function forgetPassword(email: string) {
  const answer = await t.graphql('mutation ($email: String!) { forgetPassword(email: $email) { attemptsRemaining } }', {
    variables: { email },
  });
  return { route: 'forgetPassword', status: answer.status, body: { code: answer.errors?.[0]?.extensions?.code } };
}

const skipped = missingBinary('redis-server', 'apt-get install redis-server');

beforeAll(async () => {
  if (skipped) return;
  redisServer = await startRedisServer({ port: await freePort() });
});
// Registered before the app's hooks, so it runs after the app is closed.
afterAll(async () => {
  if (skipped) return;
  await redisServer?.kill();
});

const logger = pino(
  { level: 'warn' },
  { write: (line: string) => void logged.push(JSON.parse(line) as (typeof logged)[number]) },
);
const t = useTestApp(() => (skipped ? null : { smtp: true, logger, env: { REDIS_URL: redisServer!.url } }));
const { smtp } = t;

beforeAll(async () => {
  if (skipped) return;
  t.redis.on('error', (error: Error) => redisErrors.push(error.message));
  owner = await t.createUser();
});
// Registered after the app's hooks, so it runs before the app is closed: a frozen Redis would hold the close.
afterAll(() => {
  thaw?.();
});

describe.skipIf(skipped)('when Redis hangs', () => {
  it('answers auth with 503 by the client-side deadline, keeps jobs working, and recovers by itself', async () => {
    const healthy = await register(`before-${randomUUID()}@example.com`);
    expect(healthy.status).toBe(200);

    thaw = freeze([redisServer!.child.pid!]);
    const frozeAt = performance.now();
    const addresses = Array.from({ length: 3 }, () => `hung-${randomUUID()}@example.com`);
    const answers = await Promise.all([
      register(addresses[0]!),
      post('verify-otp', { email: addresses[1], code: '123456', module: 'register' }),
      forgetPassword(addresses[2]!),
    ]);
    const firstAnswersMs = performance.now() - frozeAt;
    // Later requests, while it still hangs, fail the same way.
    answers.push(await register(`later-${randomUUID()}@example.com`));
    for (const answer of answers) {
      expect(answer, answer.route).toMatchObject({ status: 503, body: { code: 'SERVICE_UNAVAILABLE' } });
    }
    // Jobs need no Redis.
    const jobs = await t.graphql('{ jobs { id } }', { token: owner.token });
    expect(jobs).toMatchObject({ status: 200, data: { jobs: [] } });
    // Never fails open: no code went out.
    for (const address of addresses) expect(smtp.mailsTo(address)).toEqual([]);

    // The client's own deadline fired (Redis itself never said anything), and the app took
    // what followed for an outage, not for an unexpected error.
    expect(redisErrors.some((message) => /Socket timeout/.test(message))).toBe(true);
    expect(logged.filter((entry) => entry.msg === 'unexpected error')).toEqual([]);
    expect(logged.some((entry) => entry.msg === 'a dependency is unavailable')).toBe(true);

    console.info(`[redis hang] the first three auth requests answered 503 within ${Math.round(firstAnswersMs)} ms`);

    thaw();
    await vi.waitFor(async () => expect((await register(`after-${randomUUID()}@example.com`)).status).toBe(200), {
      timeout: 15_000,
      interval: 100,
    });
  }, 60_000);
});
