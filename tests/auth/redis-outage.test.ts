// Redis going down: the auth routes answer 503 at once (no command waits for a timeout or a
// reconnection) and never fail open (no code is sent, no session is issued), /readyz names
// Redis, and once Redis is back the app recovers by itself. Runs its own throwaway redis-server,
// whatever REDIS_URL the rest of the run uses. How long a 503 takes is a row of `npm run bench`.
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { missingBinary } from '../support/requirements.ts';
import { freePort, startRedisServer, type RedisServerHandle } from '../support/processes.ts';
import { type TestApp, useTestApp } from '../support/test-app.ts';

type Body = Record<string, any>;

const PASSWORD = 'correct horse battery staple';

let port: number;
let redisServer: RedisServerHandle | undefined;
/** Why the app answered each 503 ("a dependency is unavailable" logs). */
const outageReasons: string[] = [];

function app(): TestApp {
  if (!t) throw new Error('the test app was not built');
  return t;
}

async function post(route: string, body: Record<string, unknown>) {
  const response = await app().fetch(`/auth/${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, text, body: JSON.parse(text) as Body };
}

const register = (email: string) =>
  post('register', { email, password: PASSWORD, first_name: 'Ann', last_name: 'Example' });

/** A 503 SERVICE_UNAVAILABLE, telling nothing about the failure. */
function expectOutageAnswer(answer: Awaited<ReturnType<typeof post>>) {
  expect(answer.status).toBe(503);
  expect(answer.body.code).toBe('SERVICE_UNAVAILABLE');
  expect(Object.keys(answer.body).sort()).toEqual(['code', 'message']);
  for (const leak of ['127.0.0.1', String(port), os.hostname(), 'ECONNREFUSED', 'ioredis', 'Error', '    at ']) {
    expect(answer.text).not.toContain(leak);
  }
  expect(answer.text).not.toMatch(/stack|\.ts:\d+|node_modules/i);
}

const skipped = missingBinary('redis-server', 'apt-get install redis-server');

beforeAll(async () => {
  if (skipped) return;
  port = await freePort();
  redisServer = await startRedisServer({ port });
});
// Registered before the app's hooks, so it runs after the app is closed.
afterAll(async () => {
  if (skipped) return;
  await redisServer?.kill();
});

const logger = pino(
  { level: 'warn' },
  {
    write: (line: string) => {
      const entry = JSON.parse(line) as { msg?: string; err?: { message?: string } };
      if (entry.msg === 'a dependency is unavailable') outageReasons.push(entry.err?.message ?? '');
    },
  },
);
const t = useTestApp(() => (skipped ? null : { smtp: true, logger, env: { REDIS_URL: redisServer!.url } }));
const { smtp } = t;

describe.skipIf(skipped)('when Redis goes down', () => {
  it('answers 503 at once, never fails open, and recovers by itself once Redis is back', async () => {
    const mail = smtp;
    expect(app().config.redisUrl).toBe(`redis://127.0.0.1:${port}`);

    // Working: an active account (registered and verified) and a pending login code.
    const email = `${randomUUID()}@example.com`;
    expect(await register(email)).toMatchObject({ status: 200, body: { attempts_remaining: 2 } });
    expect((await post('verify-otp', { email, code: mail.lastCodeFor(email), module: 'register' })).status).toBe(200);
    expect((await post('login', { email, password: PASSWORD })).status).toBe(200);
    const loginCode = mail.lastCodeFor(email);
    // The keys live in this redis-server.
    expect(await app().redis.exists(`otp:login:{${email}}`)).toBe(1);

    await redisServer!.stop('SIGTERM');
    const mailsBefore = mail.mails.length;

    expectOutageAnswer(await register(`${randomUUID()}@example.com`));
    expectOutageAnswer(await post('login', { email, password: PASSWORD }));
    expectOutageAnswer(await post('verify-otp', { email, code: loginCode, module: 'login' }));
    expectOutageAnswer(await post('resend-otp', { email, module: 'login' }));
    expectOutageAnswer(await post('forget-password', { email }));
    // Still at once after the outage has lasted through several reconnect attempts (the
    // client's back-off grows; a queued command must not wait for the next attempt).
    await delay(3_000);
    expectOutageAnswer(await register(`${randomUUID()}@example.com`));
    expectOutageAnswer(await post('login', { email, password: PASSWORD }));
    expectOutageAnswer(await post('verify-otp', { email, code: loginCode, module: 'login' }));
    // Never fails open: no mail went out while Redis was down.
    expect(mail.mails.length).toBe(mailsBefore);
    // At once: every command was refused on the spot, none ran into a client-side timeout.
    expect(outageReasons.length).toBeGreaterThanOrEqual(8);
    expect(outageReasons.filter((reason) => /timed out|timeout/i.test(reason))).toEqual([]);

    const notReady = await app().fetch('/readyz');
    expect(notReady.status).toBe(503);
    const readiness = (await notReady.json()) as { checks: Record<string, { status: string }> };
    expect(readiness.checks.redis?.status).toBe('unavailable');
    expect(readiness.checks.postgres?.status).toBe('ok');

    redisServer = await startRedisServer({ port });
    await vi.waitFor(
      async () => {
        expect((await app().fetch('/readyz')).status).toBe(200);
      },
      { timeout: 10_000, interval: 100 },
    );

    expect(await register(`${randomUUID()}@example.com`)).toMatchObject({
      status: 200,
      body: { attempts_remaining: 2 },
    });
    // The server came back empty (no persistence): the old login code is gone, not accepted.
    expect((await post('verify-otp', { email, code: loginCode, module: 'login' })).status).toBe(401);
  });
});
