// Health, readiness, GraphiQL and the printed schema.
import { readFile } from 'node:fs/promises';
import {
  buildClientSchema,
  buildSchema,
  getIntrospectionQuery,
  lexicographicSortSchema,
  printSchema,
  type IntrospectionQuery,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { createDatabase } from '../../src/infra/database.ts';
import { createRedis } from '../../src/infra/redis.ts';
import { printedSchema, SCHEMA_FILE } from '../../scripts/print-schema.ts';
import { useTestApp } from '../support/test-app.ts';

const t = useTestApp();

describe('GET /healthz', () => {
  it('answers 200 while the process is up', async () => {
    const response = await t.fetch('/healthz');
    expect(response.status).toBe(200);
  });
});

describe('GET /readyz', () => {
  it('answers 200 with each dependency when PostgreSQL and Redis answer and the migrations are applied', async () => {
    const response = await t.fetch('/readyz');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: 'ok',
      checks: {
        postgres: { status: 'ok', latencyMs: expect.any(Number) },
        redis: { status: 'ok', latencyMs: expect.any(Number) },
        migrations: { status: 'ok' },
      },
    });
  });

  it('answers 503 naming Redis when Redis does not answer', async () => {
    // Port 1 on loopback: nothing listens, so every connection is refused.
    const deadRedis = createRedis({ url: 'redis://127.0.0.1:1' });
    deadRedis.on('error', () => undefined);
    const app = createApp({ ...t.deps, redis: deadRedis });
    try {
      const response = await app.yoga.fetch(new Request('http://test.local/readyz'));
      expect(response.status).toBe(503);
      const body = (await response.json()) as { status: string; checks: Record<string, { status: string }> };
      expect(body.status).toBe('unavailable');
      expect(body.checks.postgres?.status).toBe('ok');
      expect(body.checks.redis?.status).toBe('unavailable');
    } finally {
      deadRedis.disconnect();
    }
  });
});

describe('when PostgreSQL cannot be reached', () => {
  it('GraphQL answers 503 SERVICE_UNAVAILABLE, and /readyz names PostgreSQL', async () => {
    // Port 1 on loopback: nothing listens, so every connection is refused.
    const deadDb = createDatabase({ url: 'postgresql://postgres@127.0.0.1:1/none' });
    const app = createApp({ ...t.deps, db: deadDb });
    const token = t.app.services.tokens.issueAccessToken(
      { id: '00000000-0000-4000-8000-000000000000', tokenVersion: 0 },
      '00000000-0000-4000-8000-000000000001',
    ).accessToken;
    try {
      const response = await app.yoga.fetch(
        new Request('http://test.local/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query: '{ jobs { id } }' }),
        }),
      );
      expect(response.status).toBe(503);
      const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
      expect(body.errors[0]?.extensions.code).toBe('SERVICE_UNAVAILABLE');
      expect(JSON.stringify(body)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|at .*\.ts/);

      const ready = await app.yoga.fetch(new Request('http://test.local/readyz'));
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({
        checks: { postgres: { status: 'unavailable' }, redis: { status: 'ok' } },
      });
    } finally {
      await deadDb.$disconnect();
    }
  });
});

describe('GraphiQL', () => {
  it.each(['/graphql/playground', '/graphql'])(
    'GET %s serves GraphiQL with every asset served by the app',
    async (path) => {
      const response = await t.fetch(path, { headers: { accept: 'text/html' } });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/text\/html/);
      const html = await response.text();
      expect(html).toContain('<title>Job Application Tracker API</title>');
      // Every asset is a file of this app (tests/http/page-assets.test.ts checks them).
      const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
      expect(assets).toHaveLength(3);
      for (const asset of assets) expect(asset).toMatch(/^\/graphql\/playground\/assets\//);
      // Nothing fetched from elsewhere: no external script, stylesheet or module.
      expect(html).not.toMatch(/<(script|link)[^>]+(src|href)=["']?https?:/i);
      expect(html).not.toMatch(/import\s*\(?\s*["']https?:/);
      expect(html).not.toMatch(/unpkg\.com|jsdelivr|esm\.sh/);
    },
  );
});

describe('schema/schema.graphql', () => {
  it('is what the running schema prints (run `npm run schema:print` when this fails)', async () => {
    expect(await readFile(SCHEMA_FILE, 'utf8')).toBe(printedSchema());
  });

  it('is the schema the server answers to introspection', async () => {
    const { data, errors } = await t.graphql(getIntrospectionQuery({ descriptions: true }));
    expect(errors).toBeUndefined();
    const served = printSchema(lexicographicSortSchema(buildClientSchema(data as unknown as IntrospectionQuery)));
    const committed = printSchema(lexicographicSortSchema(buildSchema(await readFile(SCHEMA_FILE, 'utf8'))));
    expect(committed).toBe(served);
  });
});
