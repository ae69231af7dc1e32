// SIGTERM under load: the server stops accepting, finishes every request in flight, closes
// PostgreSQL and Redis, and exits 0, with one process and with worker processes.
import { once } from 'node:events';
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

async function sigtermUnderLoad(workers: number): Promise<void> {
  const server = await startServer(workers);
  const exited = once(server.child, 'exit');
  const requests = Array.from({ length: 60 }, () => jobsRequest(server.url));
  // Signal as soon as the server is visibly busy with the load.
  await Promise.race(requests);
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
  it.skipIf(!inject('redisUrl'))('with two worker processes', () => sigtermUnderLoad(2));
});
