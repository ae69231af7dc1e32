// /readyz shows the reminder worker's health in its body and never fails for it: a worker that
// cannot reach its queue shows as failing, with the error, while the API stays ready.
import { afterAll, expect, it } from 'vitest';
import { createApp } from '../../../src/app.ts';
import { freePort } from '../../support/processes.ts';
import { useTestApp } from '../../support/test-app.ts';
import { testWorker } from './support.ts';

const t = useTestApp();
const workers: ReturnType<typeof testWorker>[] = [];
// Registered after useTestApp's hooks, so it runs before them (afterAll hooks run in reverse
// order): the workers, and their queue pools, are closed before the test database is dropped.
afterAll(() => Promise.all(workers.map((worker) => worker.stop())));

async function readyz(worker: ReturnType<typeof testWorker>) {
  const app = createApp({ ...t.deps, readiness: { background: [worker] } });
  const response = await app.yoga.fetch(new Request('http://test.local/readyz'));
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

it('a running worker shows as running, with its last heartbeat', async () => {
  const worker = testWorker(t);
  workers.push(worker);
  await worker.start();
  const { status, body } = await readyz(worker);
  expect(status).toBe(200);
  expect(body.workers.reminders).toMatchObject({ status: 'running', concurrency: 4 });
  expect(Date.parse(body.workers.reminders.lastHeartbeatAt as string)).not.toBeNaN();
});

it('a worker that cannot start shows as failing, and readiness still answers 200', async () => {
  const worker = testWorker(t, { connectionString: `postgresql://postgres@127.0.0.1:${await freePort()}/nowhere` });
  await expect(worker.start()).rejects.toThrow();
  const { status, body } = await readyz(worker);
  expect(status).toBe(200);
  expect(body.status).toBe('ok');
  expect(body.workers.reminders).toMatchObject({ status: 'failing', error: expect.any(String) });
});
