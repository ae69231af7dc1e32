// SIGTERM under load: the server stops accepting, finishes every request in flight, closes
// PostgreSQL and Redis, and exits 0, with one process and with worker processes.
import { once } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApiProcess, type ApiProcess } from '../support/processes.ts';
import { createTestApp, TEST_ENV, type TestApp, type TestUser } from '../support/test-app.ts';

let t: TestApp;
let ann: TestUser;

beforeAll(async () => {
  t = await createTestApp();
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
afterAll(() => t.close());

function startServer(workers: number): Promise<ApiProcess> {
  const redisUrl = inject('redisUrl');
  return startApiProcess({
    env: {
      ...TEST_ENV,
      DATABASE_URL: t.config.databaseUrl,
      WEB_CONCURRENCY: String(workers),
      REDIS_URL: redisUrl || undefined,
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
