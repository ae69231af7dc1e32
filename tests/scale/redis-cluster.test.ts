// Scale-out: a 3-master Redis Cluster on loopback, two app processes on it and on one
// PostgreSQL, and the whole OTP flow and its rules with requests alternating between them.
import { execFile, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedis, waitUntilReady, type Redis } from '../../src/infra/redis.ts';
import {
  freePort,
  startApiProcess,
  startRedisServer,
  stopProcess,
  type RedisServerHandle,
} from '../support/processes.ts';
import { missingBinary } from '../support/requirements.ts';
import { TEST_ENV, useTestApp } from '../support/test-app.ts';

const run = promisify(execFile);
const PASSWORD = 'correct horse battery staple';

let clusterDir: string;
const redisServers: RedisServerHandle[] = [];
const apps: ChildProcess[] = [];
let nodes: { host: string; port: number }[] = [];
let cluster: Redis;
const skipped = missingBinary('redis-server', 'apt-get install redis-server');
// Only for its database (a migrated copy of its own) and the helpers: the apps under test are
// the two processes started below.
const t = useTestApp(() => (skipped ? null : { smtp: true }));
const { smtp } = t;
const urls: string[] = [];

async function startClusterNode(port: number): Promise<void> {
  const args = ['--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`, '--dir', clusterDir];
  redisServers.push(await startRedisServer({ port, args }));
  const pong = await run('redis-cli', ['-p', String(port), 'ping']);
  if (pong.stdout.trim() !== 'PONG') throw new Error(`redis-server on ${port} did not answer: ${pong.stdout}`);
}

async function startApp(): Promise<string> {
  const app = await startApiProcess({
    env: {
      ...TEST_ENV,
      DATABASE_URL: t.config.databaseUrl,
      REDIS_CLUSTER_NODES: nodes.map((node) => `${node.host}:${node.port}`).join(','),
      SMTP_URL: smtp.url,
      REDIS_URL: undefined,
    },
  });
  apps.push(app.child);
  return app.url;
}

beforeAll(async () => {
  if (skipped) return;
  clusterDir = await mkdtemp(path.join(os.tmpdir(), 'jat-redis-cluster-'));
  nodes = await Promise.all([freePort(), freePort(), freePort()]).then((ports) =>
    ports.map((port) => ({ host: '127.0.0.1', port })),
  );
  await Promise.all(nodes.map((node) => startClusterNode(node.port)));
  await run('redis-cli', [
    '--cluster',
    'create',
    ...nodes.map((node) => `${node.host}:${node.port}`),
    '--cluster-replicas',
    '0',
    '--cluster-yes',
  ]);
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const { stdout } = await run('redis-cli', ['-p', String(nodes[0]!.port), 'cluster', 'info']);
    if (stdout.includes('cluster_state:ok')) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  cluster = createRedis({ url: undefined, clusterNodes: nodes });
  await waitUntilReady(cluster, 10_000);

  urls.push(...(await Promise.all([startApp(), startApp()])));
}, 120_000);

afterAll(async () => {
  if (skipped) return;
  await Promise.all(apps.map((child) => stopProcess(child, 'SIGTERM')));
  cluster?.disconnect();
  await Promise.all(redisServers.map((node) => node.kill()));
  await rm(clusterDir, { recursive: true, force: true });
});

let turn = 0;
/** Each call goes to the other process. */
async function post(route: string, body: unknown, token?: string) {
  const url = urls[turn++ % urls.length]!;
  const response = await fetch(`${url}${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, any> };
}

describe.skipIf(skipped)('two processes on a Redis Cluster', () => {
  it('run the whole flow with requests alternating between them', async () => {
    const email = `${randomUUID()}@example.com`;
    expect(
      await post('/auth/register', { email, password: PASSWORD, first_name: 'Ada', last_name: 'Node' }),
    ).toMatchObject({
      status: 200,
      body: { attempts_remaining: 2 },
    });
    const verified = await post('/auth/verify-otp', { email, code: smtp.lastCodeFor(email) });
    expect(verified.status).toBe(200);
    expect(await post('/auth/login', { email, password: PASSWORD })).toMatchObject({ status: 200 });
    const session = await post('/auth/verify-otp', { email, code: smtp.lastCodeFor(email), module: 'login' });
    expect(session.status).toBe(200);
    const refreshed = await post('/auth/refresh', { refresh_token: session.body.refresh_token });
    expect(refreshed.status).toBe(200);
    for (const url of urls) {
      const me = await fetch(`${url}/auth/me`, { headers: { authorization: `Bearer ${refreshed.body.access_token}` } });
      expect(me.status).toBe(200);
    }
    // The keys live in the cluster, all of one email in one slot.
    const keys = [`otp_limit:login:{${email}}`, `otp:login:{${email}}`, `blocked_user:login:{${email}}`];
    const slots = await Promise.all(keys.map((key) => cluster.call('CLUSTER', 'KEYSLOT', key)));
    expect(new Set(slots).size).toBe(1);
  });

  it('share the send limit: 3 sends across both, the 4th blocked on either', async () => {
    const email = `${randomUUID()}@example.com`;
    await post('/auth/register', { email, password: PASSWORD, first_name: 'A', last_name: 'B' });
    await post('/auth/verify-otp', { email, code: smtp.lastCodeFor(email) });
    const answers: Awaited<ReturnType<typeof post>>[] = [];
    for (let send = 0; send < 4; send += 1) answers.push(await post('/auth/forget-password', { email }));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 429]);
    expect(answers.slice(0, 3).map((answer) => answer.body.attempts_remaining)).toEqual([2, 1, 0]);
    expect(answers[3]!.headers.get('retry-after')).toBe('86400');
    expect(await cluster.pttl(`blocked_user:forgetpassword:{${email}}`)).toBeGreaterThan(86_000_000);
    expect((await post('/auth/forget-password', { email })).status).toBe(429);
  });

  it('share the wrong-code count: the 5th wrong code blocks, whichever process gets it', async () => {
    const email = `${randomUUID()}@example.com`;
    await post('/auth/register', { email, password: PASSWORD, first_name: 'A', last_name: 'B' });
    const code = smtp.lastCodeFor(email);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    const answers: Awaited<ReturnType<typeof post>>[] = [];
    for (let guess = 0; guess < 5; guess += 1) answers.push(await post('/auth/verify-otp', { email, code: wrong }));
    expect(answers.map((answer) => answer.status)).toEqual([401, 401, 401, 401, 429]);
    expect(answers.slice(0, 4).map((answer) => answer.body.attempts_remaining)).toEqual([4, 3, 2, 1]);
    expect((await post('/auth/verify-otp', { email, code })).status).toBe(429);
  });

  it('count concurrent sends exactly across both: 30 at once give 3', async () => {
    const email = `${randomUUID()}@example.com`;
    await post('/auth/register', { email, password: PASSWORD, first_name: 'A', last_name: 'B' });
    await post('/auth/verify-otp', { email, code: smtp.lastCodeFor(email) });
    const answers = await Promise.all(Array.from({ length: 30 }, () => post('/auth/forget-password', { email })));
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(3);
    expect(answers.filter((answer) => answer.status === 429)).toHaveLength(27);
  });
});
