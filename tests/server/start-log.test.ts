// The start log names only what the server serves: in production GraphiQL is off by default,
// so the log must not point at /graphql/playground, which answers 404 there.
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config/env.ts';
import { startServer } from '../../src/server.ts';
import { useTestApp } from '../support/test-app.ts';

const t = useTestApp();

const PRODUCTION_ENV = {
  NODE_ENV: 'production',
  HOST: '127.0.0.1',
  PORT: '0',
  LOG_LEVEL: 'info',
  JWT_SECRET_KEY: 'start-log-test-jwt-secret-0123456789abcdef',
  SECRET_KEY: 'start-log-test-secret-key-0123456789abcdef',
  BCRYPT_COST: '10',
  // Never connected to: the test sends no mail.
  SMTP_URL: 'smtp://127.0.0.1:9',
};

/** Starts the server with `env`, returns its "API listening" message and what each URL in it answers. */
async function startLine(env: Record<string, string>) {
  const lines: string[] = [];
  const capture = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  const config = loadConfig({
    ...PRODUCTION_ENV,
    DATABASE_URL: t.config.databaseUrl,
    REDIS_URL: inject('redisUrl') ?? 'redis://127.0.0.1:9',
    ...env,
  });
  const server = await startServer(config, pino({ level: 'info' }, capture));
  try {
    const message = lines
      .map((line) => (JSON.parse(line) as { msg: string }).msg)
      .find((msg) => msg.startsWith('API listening on'));
    expect(message, lines.join('\n')).toBeDefined();
    const statuses: Record<string, number> = {};
    for (const [, name, url] of message!.matchAll(/(\w+) at (http:\/\/\S+?)(?=,|$)/g)) {
      const response = await fetch(url!, { headers: { accept: 'text/html' } });
      await response.arrayBuffer();
      statuses[name!] = response.status;
    }
    return { message: message!, statuses };
  } finally {
    await server.stop();
  }
}

describe('the start log', () => {
  it('in production (GraphiQL off) names GraphQL only, not the playground', async () => {
    const { message, statuses } = await startLine({});
    expect(message).toMatch(
      /^API listening on http:\/\/127\.0\.0\.1:\d+: GraphQL at http:\/\/127\.0\.0\.1:\d+\/graphql$/,
    );
    expect(message).not.toContain('GraphiQL');
    expect(message).not.toContain('playground');
    expect(Object.keys(statuses)).toEqual(['GraphQL']);
    expect(statuses.GraphQL).not.toBe(404);
  });

  it('names GraphiQL where it is served, and it answers there', async () => {
    const { message, statuses } = await startLine({ GRAPHIQL_ENABLED: 'true' });
    expect(message).toMatch(/, GraphiQL at http:\/\/127\.0\.0\.1:\d+\/graphql\/playground$/);
    expect(statuses).toEqual({ GraphQL: expect.any(Number), GraphiQL: 200 });
    expect(statuses.GraphQL).not.toBe(404);
  });
});
