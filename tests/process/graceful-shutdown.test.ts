// SIGTERM under load: the server stops accepting, finishes every request in flight, closes
// PostgreSQL and Redis, and exits 0, with one process and with worker processes. Behind a load
// balancer that polls /readyz: /readyz answers 503 at once, and the server keeps accepting new
// connections until the balancer has seen it, so that no request the balancer sent fails.
import { once } from 'node:events';
import { Agent, request as httpRequest } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { startApiProcess, type ApiProcess } from '../support/processes.ts';
import { TEST_ENV, type TestUser, useTestApp } from '../support/test-app.ts';

const t = useTestApp();
let ann: TestUser;

beforeAll(async () => {
  ann = await t.createUser();
  for (let index = 0; index < 50; index += 1) {
    await t.db.job.create({
      data: {
        userId: ann.id,
        companyName: `Company ${index}`,
        position: 'Engineer',
        notes: { create: [{ content: 'a' }] },
      },
    });
  }
});

function startServer(workers: number, env: Record<string, string> = {}): Promise<ApiProcess> {
  const redisUrl = inject('redisUrl');
  return startApiProcess({
    env: {
      ...TEST_ENV,
      DATABASE_URL: t.config.databaseUrl,
      WEB_CONCURRENCY: String(workers),
      REDIS_URL: redisUrl || undefined,
      ...env,
    },
    listeners: workers,
  });
}

async function jobsRequest(url: string): Promise<number> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ann.token}` },
    body: JSON.stringify({ query: '{ jobs { id companyName notes { id content } } }' }),
  });
  const body = (await response.json()) as { data?: { jobs: unknown[] } };
  return response.status === 200 && body.data?.jobs.length === 50 ? 200 : response.status;
}

/** The pids of the worker processes, from their "API listening on" log lines. */
function workerPids(server: ApiProcess): number[] {
  return server.output
    .filter((line) => line.includes('API listening on'))
    .map((line) => (JSON.parse(line) as { pid: number }).pid)
    .filter((pid) => pid !== server.child.pid);
}

async function sigtermUnderLoad(workers: number, { everyProcess = false } = {}): Promise<void> {
  const server = await startServer(workers);
  const exited = once(server.child, 'exit');
  const requests = Array.from({ length: 60 }, () => jobsRequest(server.url));
  // Signal as soon as the server is visibly busy with the load.
  await Promise.race(requests);
  if (everyProcess) {
    // Like Heroku and systemd (KillMode=control-group): every process of the group gets SIGTERM,
    // so each worker gets it twice, from there and from the primary. Here the workers' own comes
    // first, and the primary's once they are draining: a second signal must not end them.
    const pids = workerPids(server);
    expect(pids).toHaveLength(workers);
    for (const pid of pids) process.kill(pid, 'SIGTERM');
    // Only a worker that never logs it reaches this (a busy machine can be slow).
    const deadline = Date.now() + 60_000;
    while (server.output.filter((line) => line.includes('SIGTERM received')).length < workers) {
      if (Date.now() > deadline)
        throw new Error(`the workers did not log "SIGTERM received":\n${server.output.join('\n')}`);
      await delay(10);
    }
  }
  server.child.kill('SIGTERM');
  const statuses = await Promise.all(
    requests.map((request) =>
      request.catch((error: Error) => `${error.message}: ${String((error.cause as Error | undefined)?.message)}`),
    ),
  );
  expect(statuses.filter((status) => status !== 200)).toEqual([]);
  const [code] = (await exited) as [number | null];
  expect(code).toBe(0);
  expect(server.output.join('\n')).toMatch(/SIGTERM received: shutting down/);
}

describe('SIGTERM under load: every request in flight succeeds and the process exits 0', () => {
  it('with one process', () => sigtermUnderLoad(1));

  // Worker processes need a shared Redis: without REDIS_URL the server refuses to start them.
  it.skipIf(!inject('redisUrl'))('with two worker processes', () => sigtermUnderLoad(2), 60_000);

  it.skipIf(!inject('redisUrl'))(
    'with two worker processes, when every process gets SIGTERM at once',
    () => sigtermUnderLoad(2, { everyProcess: true }),
    60_000,
  );
});

interface Answer {
  status: number | null;
  body: string;
  /** Why there was no answer (connection refused or reset). */
  failure?: string;
}

/** One request over node:http: on a keep-alive agent's pooled connection, or on a new connection. */
function send(url: string, path: string, agent: Agent | false, body?: string): Promise<Answer> {
  return new Promise((resolve) => {
    const request = httpRequest(
      `${url}${path}`,
      {
        method: body === undefined ? 'GET' : 'POST',
        agent,
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          authorization: `Bearer ${ann.token}`,
        },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? null, body: text }));
        response.on('error', (error) => resolve({ status: null, body: text, failure: error.message }));
      },
    );
    request.on('error', (error: NodeJS.ErrnoException) =>
      resolve({ status: null, body: '', failure: `${error.code ?? ''} ${error.message}` }),
    );
    request.end(body);
  });
}

const JOBS_QUERY = JSON.stringify({ query: '{ jobs { id companyName notes { id content } } }' });
const served = (answer: Answer) =>
  answer.status === 200 && (JSON.parse(answer.body) as { data?: { jobs: unknown[] } }).data?.jobs.length === 50;

/** Lines of the process's output (every process of a cluster) that contain `text`. */
const linesWith = (server: ApiProcess, text: string) => server.output.filter((line) => line.includes(text));

/** Waits until `count` lines of the output contain `text`. */
async function waitForLines(server: ApiProcess, text: string, count: number): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (linesWith(server, text).length < count) {
    if (Date.now() > deadline) throw new Error(`no ${count} lines with "${text}":\n${server.output.join('\n')}`);
    await delay(10);
  }
}

/**
 * A load balancer: probes /readyz on a connection of its own, and sends the load until it has
 * seen the 503 twice in a row (a failure threshold of 2). Half the load goes over pooled
 * keep-alive connections, half over a new connection per request.
 */
async function sigtermBehindBalancer(workers: number): Promise<void> {
  // The grace only has to outlast this balancer's reaction: two probes after the signal.
  const server = await startServer(workers, { SHUTDOWN_READINESS_GRACE_SECONDS: '5' });
  // 'close', not 'exit': the output is read to its end by then.
  const exited = once(server.child, 'close');
  const probes: Answer[] = [];
  let seen503 = false;
  let removed = false;
  const sent: { answer: Answer; afterFirst503: boolean; newConnection: boolean }[] = [];

  const loadWorker = async (newConnection: boolean) => {
    const agent = newConnection ? false : new Agent({ keepAlive: true, maxSockets: 1 });
    while (!removed) {
      const afterFirst503 = seen503;
      sent.push({ answer: await send(server.url, '/graphql', agent, JOBS_QUERY), afterFirst503, newConnection });
    }
    if (agent) agent.destroy();
  };
  const load = [true, true, true, false, false, false].map((newConnection) => loadWorker(newConnection));
  const answeredSince = (index: number) => sent.slice(index).filter((entry) => entry.afterFirst503).length;

  const balancer = (async () => {
    let failuresInARow = 0;
    while (failuresInARow < 2) {
      const probe = await send(server.url, '/readyz', false);
      probes.push(probe);
      if (probe.status === 503) {
        failuresInARow += 1;
        // Between its probes the balancer keeps sending: new connections after the 503 was served.
        if (!seen503) {
          seen503 = true;
          const from = sent.length;
          while (answeredSince(from) < 6) await delay(10);
        }
      } else failuresInARow = 0;
      await delay(50);
    }
    removed = true;
  })();

  // Signal once the balancer has seen the server ready and the load is being served.
  while (probes.filter((probe) => probe.status === 200).length < 3 || sent.filter((e) => served(e.answer)).length < 6) {
    await delay(10);
  }
  server.child.kill('SIGTERM');
  // Every process (the primary and each worker) logs the signal; then /readyz says 503 at once.
  await waitForLines(server, 'SIGTERM received', workers > 1 ? workers + 1 : 1);
  for (let probe = 0; probe < 2 * workers; probe += 1) {
    const readiness = await send(server.url, '/readyz', false);
    expect(readiness.status).toBe(503);
    expect(JSON.parse(readiness.body)).toMatchObject({ status: 'shutting_down' });
  }

  await balancer;
  await Promise.all(load);
  const failed = sent.filter((entry) => !served(entry.answer)).map((entry) => entry.answer);
  expect(failed).toEqual([]);
  // Some of the load came on new connections after /readyz had answered 503: still accepted.
  expect(sent.filter((entry) => entry.afterFirst503 && entry.newConnection).length).toBeGreaterThan(0);
  // Once 503, /readyz stays 503.
  const first503 = probes.findIndex((probe) => probe.status === 503);
  expect(probes.slice(first503).map((probe) => probe.status)).toEqual(probes.slice(first503).map(() => 503));

  const [code] = (await exited) as [number | null];
  expect(code).toBe(0);
  // A process the balancer's probes reached keeps accepting for the whole grace.
  expect(linesWith(server, 'still accepting connections for 5 s (SHUTDOWN_READINESS_GRACE_SECONDS)')).not.toEqual([]);
  // In order, in each process: the signal, readiness 503 while accepting, stop accepting, stopped.
  const order = [
    /^SIGTERM received/,
    // A worker no probe reached waits only for quiet; the primary hands connections to the others.
    /^shutting down: \/readyz answers 503; still accepting connections/,
    /^stopped accepting connections/,
    /^stopped$/,
  ];
  const pids = workers > 1 ? workerPids(server) : [server.child.pid];
  for (const pid of pids) {
    const messages = server.output
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { pid: number; msg: string })
      .filter((entry) => entry.pid === pid)
      .map((entry) => entry.msg);
    const positions = order.map((pattern) => messages.findIndex((message) => pattern.test(message)));
    expect(
      positions.every((position) => position >= 0),
      messages.join('\n'),
    ).toBe(true);
    expect(
      [...positions].sort((a, b) => a - b),
      messages.join('\n'),
    ).toEqual(positions);
  }
}

describe('SIGTERM behind a load balancer that polls /readyz', () => {
  it(
    'with one process: /readyz 503 at once, new connections accepted until the balancer saw it, none failed',
    () => sigtermBehindBalancer(1),
    60_000,
  );

  it.skipIf(!inject('redisUrl'))(
    'with two worker processes: each worker answers /readyz 503, none of the load failed',
    () => sigtermBehindBalancer(2),
    60_000,
  );
});
