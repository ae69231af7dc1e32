// Hostile input and abuse: document limits, body cap, per-address limits, headers, CORS,
// introspection and GraphiQL switches, request ids.
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../../src/http/security.ts';
import { GRAPHQL_LIMITS } from '../../src/graphql/limits.ts';
import { type TestApp, type TestUser, useTestApp } from '../support/test-app.ts';

const t = useTestApp({ env: { CORS_ORIGINS: 'https://app.example.com' } });
let ann: TestUser;

beforeAll(async () => {
  ann = await t.createUser();
});

const postJson = (app: TestApp, path: string, body: unknown, headers: Record<string, string> = {}) =>
  app.fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

describe('GraphQL document limits', () => {
  it('refuses 15 aliases with 400 before running anything', async () => {
    const aliases = Array.from({ length: 15 }, (_, index) => `a${index}: jobs { id }`).join(' ');
    const { status, data, errors } = await t.graphql(`{ ${aliases} }`, { token: ann.token });
    expect(status).toBe(400);
    expect(data).toBeUndefined();
    expect(errors?.[0]).toMatchObject({
      message: `Aliases limit of ${GRAPHQL_LIMITS.maxAliases} exceeded, found 15.`,
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
  });

  it('refuses a query 20 levels deep', async () => {
    let selection = 'id';
    for (let level = 0; level < 10; level += 1) selection = `notes { job { ${selection} } }`;
    const { status, errors } = await t.graphql(`{ jobs { ${selection} } }`, { token: ann.token });
    expect(status).toBe(400);
    expect(errors?.[0]?.message).toMatch(/Query depth limit of 8 exceeded/);
  });

  it('refuses a document of too many tokens', async () => {
    const fields = Array.from({ length: GRAPHQL_LIMITS.maxTokens }, () => 'id').join(' ');
    const { status, errors } = await t.graphql(`{ jobs { ${fields} } }`, { token: ann.token });
    expect(status).toBe(400);
    expect(errors?.[0]?.message).toMatch(/Token limit of 2000 exceeded/);
  });

  it('lets 10 aliases and GraphiQL’s introspection query through', async () => {
    const aliases = Array.from({ length: 10 }, (_, index) => `a${index}: jobs { id }`).join(' ');
    expect((await t.graphql(`{ ${aliases} }`, { token: ann.token })).errors).toBeUndefined();
    const introspection = await t.graphql(
      '{ __schema { types { name fields { name type { name ofType { name } } } } } }',
    );
    expect(introspection.errors).toBeUndefined();
  });
});

describe('production switches', () => {
  const closed = useTestApp({
    env: { GRAPHQL_INTROSPECTION: 'false', GRAPHQL_FIELD_SUGGESTIONS: 'false', GRAPHIQL_ENABLED: 'false' },
  });

  it('introspection can be turned off', async () => {
    const { errors } = await closed.graphql('{ __schema { types { name } } }');
    expect(errors?.[0]?.message).toMatch(/introspection/i);
  });

  it('field suggestions can be hidden', async () => {
    const open = await t.graphql('{ jobz { id } }');
    expect(open.errors?.[0]?.message).toMatch(/Did you mean "job" or "jobs"\?/);
    const hidden = await closed.graphql('{ jobz { id } }');
    expect(hidden.errors?.[0]?.message).not.toMatch(/Did you mean/);
  });

  it('GraphiQL can be turned off', async () => {
    expect((await closed.fetch('/graphql/playground', { headers: { accept: 'text/html' } })).status).toBe(404);
    const page = await closed.fetch('/graphql', { headers: { accept: 'text/html' } });
    expect(await page.text()).not.toContain('<title>Job Application Tracker API</title>');
  });
});

describe('request bodies', () => {
  it(`refuses a body over ${MAX_BODY_BYTES} bytes with 413, declared length or not`, async () => {
    const big = JSON.stringify({ query: `{ jobs { id } } #${'x'.repeat(MAX_BODY_BYTES)}` });
    const declared = await t.fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: big,
    });
    expect(declared.status).toBe(413);
    expect(await declared.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });

    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let index = 0; index < 4; index += 1) controller.enqueue(new TextEncoder().encode(big.slice(0, 40_000)));
        controller.close();
      },
    });
    const streamed = await t.fetch('/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: chunks,
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
  });

  it('holds the cap over real HTTP, for declared and chunked bodies alike', async () => {
    const url = new URL('/graphql', await t.listen());
    /** POSTs `parts` over a socket; chunked (no Content-Length) unless `declare` is set. */
    const post = (parts: string[], declare: boolean) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const total = parts.reduce((sum, part) => sum + Buffer.byteLength(part), 0);
        const request = httpRequest(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${ann.token}`,
            ...(declare ? { 'content-length': String(total) } : {}),
          },
        });
        request.on('response', (response) => {
          let body = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (body += chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
        });
        // The server may answer 413 and close before every chunk is out.
        request.on('error', (error: NodeJS.ErrnoException) =>
          ['EPIPE', 'ECONNRESET'].includes(error.code ?? '') ? undefined : reject(error),
        );
        for (const part of parts) request.write(part);
        request.end();
      });
    const small = JSON.stringify({ query: '{ me { email } }' });
    const big = JSON.stringify({ query: `{ me { email } } #${'x'.repeat(MAX_BODY_BYTES)}` });
    const split = (text: string) => text.match(/[^]{1,30000}/g)!;

    for (const declare of [true, false]) {
      const accepted = await post(split(small), declare);
      expect(accepted.status).toBe(200);
      expect(JSON.parse(accepted.body)).toEqual({ data: { me: { email: ann.email } } });
      const refused = await post(split(big), declare);
      expect(refused.status).toBe(413);
      expect(JSON.parse(refused.body)).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    }
  });

  it('leaves no way around the cap in the headers: Node refuses what the cap would have to trust', async () => {
    const { hostname, port } = new URL(await t.listen());
    /** The status line of the answer to a raw request. */
    const statusOf = (head: string, body: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = connect(Number(port), hostname, () => socket.end(`${head}\r\n\r\n${body}`));
        let answer = '';
        socket.setEncoding('utf8');
        socket.on('data', (chunk: string) => (answer += chunk));
        socket.on('error', reject);
        socket.on('close', () => resolve(answer.split('\r\n')[0] ?? ''));
      });
    const post = 'POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nConnection: close';
    const small = JSON.stringify({ query: '{ __typename }' });
    // Both framings at once (request smuggling), a malformed length, two different lengths.
    expect(await statusOf(`${post}\r\nContent-Length: 5\r\nTransfer-Encoding: chunked`, '0\r\n\r\n')).toBe(
      'HTTP/1.1 400 Bad Request',
    );
    expect(await statusOf(`${post}\r\nContent-Length: abc`, small)).toBe('HTTP/1.1 400 Bad Request');
    expect(await statusOf(`${post}\r\nContent-Length: 5\r\nContent-Length: 6`, small)).toBe('HTTP/1.1 400 Bad Request');
    // The same request, well framed, is answered.
    expect(await statusOf(`${post}\r\nContent-Length: ${small.length}`, small)).toBe('HTTP/1.1 200 OK');
  });
});

describe('per-address limits', () => {
  const limited = useTestApp({
    env: { AUTH_RATE_LIMIT_PER_MINUTE: '3', MUTATION_RATE_LIMIT_PER_MINUTE: '5', TRUST_PROXY: '1' },
  });

  it('answer 429 with Retry-After once an address spends its auth budget, over REST and GraphQL', async () => {
    const from = (address: string) => ({ 'x-forwarded-for': address });
    const login = { email: 'nobody@example.com', password: 'correct horse battery staple' };
    for (let attempt = 0; attempt < 3; attempt += 1) {
      expect((await postJson(limited, '/auth/login', login, from('203.0.113.7'))).status).toBe(401);
    }
    const refused = await postJson(limited, '/auth/login', login, from('203.0.113.7'));
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await refused.json()).toMatchObject({ code: 'TOO_MANY_REQUESTS', retry_after: retryAfter });

    const graphql = await postJson(
      limited,
      '/graphql',
      { query: 'mutation { forgetPassword(email: "x@example.com") { message } }' },
      from('203.0.113.7'),
    );
    expect(graphql.status).toBe(429);
    // Another address is not affected.
    expect((await postJson(limited, '/auth/login', login, from('198.51.100.1'))).status).toBe(401);
  });

  it('count other mutations separately', async () => {
    const user = await limited.createUser();
    const create = () =>
      postJson(
        limited,
        '/graphql',
        { query: 'mutation { createJob(jobData: { companyName: "A", position: "B" }) { success } }' },
        { authorization: `Bearer ${user.token}`, 'x-forwarded-for': '192.0.2.44' },
      );
    const statuses = [];
    for (let attempt = 0; attempt < 6; attempt += 1) statuses.push((await create()).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    // Queries are not limited.
    const query = await postJson(
      limited,
      '/graphql',
      { query: '{ jobs { id } }' },
      {
        authorization: `Bearer ${user.token}`,
        'x-forwarded-for': '192.0.2.44',
      },
    );
    expect(query.status).toBe(200);
  });
});

describe('response headers', () => {
  it('carry the security headers on JSON and pages, with a CSP for each', async () => {
    const json = await postJson(t, '/graphql', { query: '{ __typename }' });
    const page = await t.fetch('/graphql/playground', { headers: { accept: 'text/html' } });
    for (const response of [json, page]) {
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    }
    expect(json.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(page.headers.get('content-security-policy')).toMatch(/^default-src 'self'/);
  });

  it('give every answer a request id, keeping a well-formed incoming one', async () => {
    const fresh = await t.fetch('/healthz');
    expect(fresh.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const kept = await t.fetch('/healthz', { headers: { 'x-request-id': 'lb-1234567890' } });
    expect(kept.headers.get('x-request-id')).toBe('lb-1234567890');
    const replaced = await t.fetch('/healthz', { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(replaced.headers.get('x-request-id')).not.toBe('bad id with spaces');
  });
});

describe('CORS', () => {
  it('allows the listed origin and no other', async () => {
    const preflight = (origin: string) =>
      t.fetch('/graphql', {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization, content-type',
        },
      });
    const allowed = await preflight('https://app.example.com');
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(allowed.headers.get('access-control-allow-headers')).toMatch(/authorization/);
    const other = await preflight('https://evil.example.net');
    expect(other.headers.get('access-control-allow-origin')).not.toBe('https://evil.example.net');
  });
});
