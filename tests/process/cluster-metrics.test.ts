// With WEB_CONCURRENCY=2, whichever worker answers /metrics reports both workers' requests summed.
import { request as httpRequest } from 'node:http';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { startApiProcess, stopProcess, type ApiProcess } from '../support/processes.ts';
import { Scrape } from '../support/prometheus.ts';
import { TEST_ENV, useTestApp } from '../support/test-app.ts';

const HEALTH_CHECKS = 12;
const SCRAPES = 4;
/** Two workers compiling TypeScript on a busy 2-core machine take a while to listen. */
const START_TIMEOUT_MS = 90_000;

const t = useTestApp();
let server: ApiProcess | undefined;

afterAll(async () => {
  if (server) await stopProcess(server.child);
});

/** GET on a connection of its own, so that the primary hands each one to the next worker in turn. */
function getOnNewConnection(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { agent: false, headers: { connection: 'close' } }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.once('error', reject);
    request.end();
  });
}

/** The worker pids that logged a request line for `path`. */
function workersThatServed(output: string[], path: string): Set<number> {
  const pids = new Set<number>();
  for (const line of output) {
    if (!line.startsWith('{')) continue;
    const entry = JSON.parse(line) as { msg?: string; path?: string; pid?: number };
    if (entry.msg === 'request' && entry.path === path && entry.pid !== undefined) pids.add(entry.pid);
  }
  return pids;
}

// Worker processes need a shared Redis: without REDIS_URL the server refuses to start them.
describe.skipIf(!inject('redisUrl'))('metrics with two worker processes', () => {
  it(
    'every scrape, whichever worker answers it, shows the requests of both workers summed',
    async () => {
      server = await startApiProcess({
        env: { ...TEST_ENV, DATABASE_URL: t.config.databaseUrl, REDIS_URL: inject('redisUrl'), WEB_CONCURRENCY: '2' },
        listeners: 2,
        timeoutMs: START_TIMEOUT_MS,
      });
      for (let index = 0; index < HEALTH_CHECKS; index += 1) {
        expect((await getOnNewConnection(`${server.url}/healthz`)).status).toBe(200);
      }
      expect(workersThatServed(server.output, '/healthz').size).toBe(2);

      const healthChecks = [];
      for (let index = 0; index < SCRAPES; index += 1) {
        const { status, body } = await getOnNewConnection(`${server.url}/metrics`);
        expect(status).toBe(200);
        const metrics = new Scrape(body);
        healthChecks.push(metrics.value('http_requests_total', { route: '/healthz', method: 'GET', status: '200' }));
      }
      expect(healthChecks).toEqual(Array.from({ length: SCRAPES }, () => HEALTH_CHECKS));
      expect(workersThatServed(server.output, '/metrics').size).toBe(2);
    },
    START_TIMEOUT_MS + 30_000,
  );
});
