// Error bodies in production carry a message and a code, nothing else of the request or the
// server: no originalError (yoga's JSON parser quoted the body back), no stack, no path. Bad
// request parameters are a 400, never a 500.
import { describe, expect, it, vi } from 'vitest';
import { useTestApp } from '../support/test-app.ts';

const MARKER = 'ECHO-MARKER-7f3a';
const t = useTestApp({ env: { NODE_ENV: 'production', SMTP_URL: 'smtp://127.0.0.1:1', BCRYPT_COST: '10' } });

const form = (operations: string) =>
  `--x\r\nContent-Disposition: form-data; name="operations"\r\n\r\n${operations}\r\n--x--\r\n`;

const GRAPHQL_CASES: [string, string, RequestInit, number, string][] = [
  [
    'a malformed JSON body',
    '/graphql',
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"query": "${MARKER}" oops` },
    400,
    'BAD_REQUEST',
  ],
  [
    'a malformed JSON body, asking graphql-response+json',
    '/graphql',
    {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: `{"query": "${MARKER}" oops`,
    },
    400,
    'BAD_REQUEST',
  ],
  [
    'a JSON body that is not an object',
    '/graphql',
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'null' },
    400,
    'BAD_REQUEST',
  ],
  [
    'GET variables that are not JSON',
    `/graphql?query=%7B__typename%7D&variables=${MARKER}`,
    { headers: { accept: 'application/json' } },
    400,
    'BAD_REQUEST',
  ],
  [
    'form-encoded variables that are not JSON',
    '/graphql',
    {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `query=%7B__typename%7D&variables=${MARKER}`,
    },
    400,
    'BAD_REQUEST',
  ],
  [
    'a multipart body whose operations are not JSON',
    '/graphql',
    { method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=x' }, body: form(MARKER) },
    400,
    'BAD_REQUEST',
  ],
  [
    'a mutation over GET',
    '/graphql?query=mutation%7Blogout%7Bmessage%7D%7D',
    { headers: { accept: 'application/json' } },
    405,
    'BAD_REQUEST',
  ],
  [
    'a PUT',
    '/graphql',
    { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' },
    405,
    'BAD_REQUEST',
  ],
];

describe('GraphQL request errors in production', () => {
  it.each(GRAPHQL_CASES)(
    '%s (%s) answers %i with a message and a code only',
    async (_case, path, init, status, code) => {
      vi.stubEnv('NODE_ENV', 'production');
      const response = await t.fetch(path, init);
      const text = await response.text();
      expect(response.status).toBe(status);
      const body = JSON.parse(text) as { errors: Record<string, unknown>[] };
      expect(body).toEqual({ errors: [{ message: expect.any(String), extensions: { code } }] });
      expect(text).not.toContain(MARKER);
      expect(text).not.toMatch(/originalError|stack|\.ts\b|node_modules/);
      vi.unstubAllEnvs();
    },
  );

  it('answers an unsupported content type 415 with a code and a message', async () => {
    const response = await t.fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: MARKER,
    });
    expect(response.status).toBe(415);
    expect(await response.json()).toEqual({ code: 'UNSUPPORTED_MEDIA_TYPE', message: expect.any(String) });
  });
});

describe('REST request errors in production', () => {
  it.each([
    ['a malformed JSON body', 'application/json', `{"email": "${MARKER}" oops`],
    ['a text body', 'text/plain', MARKER],
    ['a JSON array', 'application/json', `["${MARKER}"]`],
  ])('%s answers 400 with a code and a message only', async (_case, contentType, body) => {
    const response = await t.fetch('/auth/login', { method: 'POST', headers: { 'content-type': contentType }, body });
    const text = await response.text();
    expect(response.status).toBe(400);
    expect(JSON.parse(text)).toEqual({ code: 'BAD_USER_INPUT', message: 'The body must be a JSON object' });
    expect(text).not.toContain(MARKER);
  });
});
