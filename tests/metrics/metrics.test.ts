// GET /metrics: Prometheus text (read with a real parser) whose counters follow what the app did,
// against real PostgreSQL and Redis. Each test compares a scrape before and after its requests.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MAX_OPERATION_NAMES } from '../../src/metrics/metrics.ts';
import { Scrape } from '../support/prometheus.ts';
import { createTestApp, type TestApp, useTestApp } from '../support/test-app.ts';

const t = useTestApp({ smtp: true });
const { smtp } = t;

async function scrape(app: TestApp = t, headers: Record<string, string> = {}): Promise<Scrape> {
  const response = await app.fetch('/metrics', { headers });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
  return new Scrape(await response.text());
}

async function post(path: string, body: unknown): Promise<number> {
  const response = await t.fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  await response.body?.cancel();
  return response.status;
}

const newEmail = () => `metrics-${randomUUID()}@example.com`;
const register = (email: string) =>
  post('/auth/register', { email, password: 'correct horse battery staple', first_name: 'Mo', last_name: 'Nitor' });

/** How much each listed sample grew between two scrapes. */
function growth(before: Scrape, after: Scrape, read: (scrape: Scrape) => Record<string, number>) {
  const [then, now] = [read(before), read(after)];
  return Object.fromEntries(Object.entries(now).map(([key, value]) => [key, value - (then[key] ?? 0)]));
}

describe('GET /metrics', () => {
  it('answers Prometheus text: process metrics, and every metric of the app with its type', async () => {
    const metrics = await scrape();
    expect(metrics.family('process_cpu_user_seconds_total').type).toBe('COUNTER');
    expect(metrics.family('nodejs_heap_size_used_bytes').type).toBe('GAUGE');
    const types = {
      http_requests_total: 'COUNTER',
      http_request_duration_seconds: 'HISTOGRAM',
      graphql_operations_total: 'COUNTER',
      graphql_operation_duration_seconds: 'HISTOGRAM',
      graphql_operation_errors_total: 'COUNTER',
      db_query_duration_seconds: 'HISTOGRAM',
      redis_command_duration_seconds: 'HISTOGRAM',
      otp_codes_sent_total: 'COUNTER',
      otp_wrong_codes_total: 'COUNTER',
      otp_blocks_total: 'COUNTER',
    };
    // Written with HELP and TYPE even before their first sample.
    for (const [name, type] of Object.entries(types)) expect(metrics.family(name).type).toBe(type);
    // The OTP counters are there from the start, at zero, for every module.
    expect(metrics.labelValues('otp_codes_sent_total', 'module')).toEqual(
      new Set(['register', 'login', 'forgetpassword']),
    );
    expect(metrics.samples('otp_blocks_total')).toHaveLength(6);
  });

  it('refuses other methods', async () => {
    expect((await t.fetch('/metrics', { method: 'POST' })).status).toBe(405);
  });
});

describe('OTP counters, by module', () => {
  const otp = (metrics: Scrape) => ({
    registerSent: metrics.value('otp_codes_sent_total', { module: 'register' }),
    loginSent: metrics.value('otp_codes_sent_total', { module: 'login' }),
    resetSent: metrics.value('otp_codes_sent_total', { module: 'forgetpassword' }),
    registerWrong: metrics.value('otp_wrong_codes_total', { module: 'register' }),
    registerBlocks: metrics.value('otp_blocks_total', { module: 'register', reason: 'wrong_codes' }),
    resetBlocks: metrics.value('otp_blocks_total', { module: 'forgetpassword', reason: 'sends' }),
    reserveCalls: metrics.count('redis_command_duration_seconds', { operation: 'otp_reserve_send' }),
  });

  it('one register send adds exactly 1 to codes sent for register, and times its Redis script', async () => {
    const before = await scrape();
    expect(await register(newEmail())).toBe(200);
    expect(growth(before, await scrape(), otp)).toEqual({
      registerSent: 1,
      loginSent: 0,
      resetSent: 0,
      registerWrong: 0,
      registerBlocks: 0,
      resetBlocks: 0,
      reserveCalls: 1,
    });
  });

  it('a wrong code adds 1 to wrong codes; the fifth one starts a block, which adds 1 to blocks', async () => {
    const email = newEmail();
    await register(email);
    const wrongCode = smtp.lastCodeFor(email) === '000000' ? '000001' : '000000';
    const verifyWrong = () => post('/auth/verify-otp', { email, code: wrongCode });

    const before = await scrape();
    expect(await verifyWrong()).toBe(401);
    const afterOne = await scrape();
    expect(growth(before, afterOne, otp)).toMatchObject({ registerWrong: 1, registerBlocks: 0 });

    for (let attempt = 2; attempt <= 4; attempt += 1) expect(await verifyWrong()).toBe(401);
    expect(await verifyWrong()).toBe(429);
    expect(growth(before, await scrape(), otp)).toMatchObject({ registerWrong: 5, registerBlocks: 1 });
    // While blocked, a code is not even checked: nothing more is counted.
    const blocked = await scrape();
    expect(await verifyWrong()).toBe(429);
    expect(growth(blocked, await scrape(), otp)).toMatchObject({ registerWrong: 0, registerBlocks: 0 });
  });

  it('the send past the limit starts a block for sends (an unknown email counts like a known one)', async () => {
    const email = newEmail();
    const before = await scrape();
    const statuses = [];
    for (let attempt = 0; attempt < 4; attempt += 1) statuses.push(await post('/auth/forget-password', { email }));
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(growth(before, await scrape(), otp)).toMatchObject({ resetSent: 3, resetBlocks: 1, registerSent: 0 });
  });
});

describe('GraphQL operations', () => {
  const operations = (metrics: Scrape) => ({
    probes: metrics.value('graphql_operations_total', { operation_name: 'MetricsProbe', operation_type: 'query' }),
    probesTimed: metrics.count('graphql_operation_duration_seconds', { operation_name: 'MetricsProbe' }),
    probeErrors: metrics.value('graphql_operation_errors_total', { operation_name: 'MetricsProbe' }),
    meErrors: metrics.value('graphql_operation_errors_total', { operation_name: 'MeWithoutToken' }),
    anonymous: metrics.value('graphql_operations_total', { operation_name: 'anonymous', operation_type: 'query' }),
    mutations: metrics.value('graphql_operations_total', { operation_type: 'mutation' }),
  });

  it('are counted and timed by name and type, with failed ones counted as errors', async () => {
    const before = await scrape();
    await t.graphql('query MetricsProbe { __typename }');
    await t.graphql('query MetricsProbe { __typename }');
    const unauthenticated = await t.graphql('query MeWithoutToken { me { id } }');
    expect(unauthenticated.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    await t.graphql('{ __typename }');
    // A REST auth route runs its GraphQL mutation.
    expect(await post('/auth/login', { email: newEmail(), password: 'correct horse battery staple' })).toBe(401);
    expect(growth(before, await scrape(), operations)).toEqual({
      probes: 2,
      probesTimed: 2,
      probeErrors: 0,
      meErrors: 1,
      anonymous: 1,
      mutations: 1,
    });
  });

  it(`keep at most ${MAX_OPERATION_NAMES} names; later ones count as other`, async () => {
    const capped = await createTestApp();
    try {
      for (let index = 0; index < MAX_OPERATION_NAMES + 5; index += 1) {
        await capped.graphql(`query Generated${index} { __typename }`);
      }
      await capped.graphql('query Generated0 { __typename }');
      const metrics = await scrape(capped);
      const names = metrics.labelValues('graphql_operations_total', 'operation_name');
      expect(names.size).toBe(MAX_OPERATION_NAMES + 1);
      expect(names.has(`Generated${MAX_OPERATION_NAMES}`)).toBe(false);
      expect(metrics.value('graphql_operations_total', { operation_name: 'other' })).toBe(5);
      expect(metrics.value('graphql_operations_total', { operation_name: 'Generated0' })).toBe(2);
    } finally {
      await capped.close();
    }
  });
});

describe('HTTP requests', () => {
  it('are counted by route, method and status, timed, and unknown paths collapse into other', async () => {
    const requests = (metrics: Scrape) => ({
      health: metrics.value('http_requests_total', { route: '/healthz', method: 'GET', status: '200' }),
      login: metrics.value('http_requests_total', { route: '/auth/login', method: 'POST', status: '401' }),
      unknown: metrics.value('http_requests_total', { route: 'other', status: '404' }),
      graphqlTimed: metrics.count('http_request_duration_seconds', {
        route: '/graphql',
        method: 'POST',
        status: '200',
      }),
      docsAsset: metrics.value('http_requests_total', { route: '/docs', status: '200' }),
    });
    const before = await scrape();
    expect((await t.fetch('/healthz')).status).toBe(200);
    expect(await post('/auth/login', { email: newEmail(), password: 'correct horse battery staple' })).toBe(401);
    expect((await t.fetch('/no/such/path/7f3a')).status).toBe(404);
    await t.graphql('{ __typename }');
    expect((await t.fetch('/docs/swagger-initializer.js')).status).toBe(200);
    const after = await scrape();
    expect(growth(before, after, requests)).toEqual({ health: 1, login: 1, unknown: 1, graphqlTimed: 1, docsAsset: 1 });
    const routes = after.labelValues('http_requests_total', 'route');
    expect([...routes].filter((route) => route.includes('7f3a') || route.includes('swagger'))).toEqual([]);
  });
});

describe('PostgreSQL statements', () => {
  it('are each timed, by kind', async () => {
    const ann = await t.createUser();
    const job = await t.db.job.create({ data: { userId: ann.id, companyName: 'Acme', position: 'Engineer' } });
    await t.db.note.create({ data: { jobId: job.id, content: 'call back' } });
    const before = await scrape();
    const sent = t.sqlStatements.length;
    const { data } = await t.graphql('{ jobs { id notes { id } } }', { token: ann.token });
    expect(data?.jobs).toHaveLength(1);
    const selects = t.sqlStatements.slice(sent).filter((sql) => /^\s*SELECT/i.test(sql)).length;
    expect(selects).toBeGreaterThanOrEqual(2);
    const after = await scrape();
    const timed = (metrics: Scrape) => ({
      selects: metrics.count('db_query_duration_seconds', { statement: 'select' }),
    });
    expect(growth(before, after, timed)).toEqual({ selects });
    expect(after.sum('db_query_duration_seconds', { statement: 'select' })).toBeGreaterThan(0);
  });
  it('leave out the readiness probes, which are no work done for a client', async () => {
    const selects = (metrics: Scrape) => ({
      selects: metrics.count('db_query_duration_seconds', { statement: 'select' }),
    });
    const before = await scrape();
    for (let probe = 0; probe < 3; probe += 1) expect((await t.fetch('/readyz')).status).toBe(200);
    expect(growth(before, await scrape(), selects)).toEqual({ selects: 0 });
    // The same histogram does count a client's statements (the session check of `me`, at least).
    const ann = await t.createUser();
    const between = await scrape();
    expect((await t.graphql('{ me { id } }', { token: ann.token })).errors).toBeUndefined();
    expect(growth(between, await scrape(), selects).selects).toBeGreaterThanOrEqual(1);
  });
});

describe('METRICS_TOKEN', () => {
  const TOKEN = 'scrape-token-0123456789abcdef';
  const locked = useTestApp({ env: { METRICS_TOKEN: TOKEN } });

  it('when set, a scrape needs the bearer token: 401 without it or with another', async () => {
    for (const authorization of [undefined, `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, `Basic ${TOKEN}`]) {
      const response = await locked.fetch('/metrics', authorization ? { headers: { authorization } } : {});
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
      expect(await response.text()).not.toContain('http_requests_total');
    }
    expect((await scrape(locked, { authorization: `Bearer ${TOKEN}` })).families.size).toBeGreaterThan(10);
    expect((await scrape(locked, { authorization: `bearer ${TOKEN}` })).families.size).toBeGreaterThan(10);
  });

  it('when unset, /metrics is open', async () => {
    expect((await scrape(t)).families.size).toBeGreaterThan(10);
  });
});

describe('a scrape that cannot be collected', () => {
  it('answers 503', async () => {
    const broken = await createTestApp({
      metrics: { makeScrape: () => () => Promise.reject(new Error('the primary is gone')) },
    });
    try {
      const response = await broken.fetch('/metrics');
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    } finally {
      await broken.close();
    }
  });
});
