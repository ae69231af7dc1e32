// The HTTP status of GraphQL answers (src/graphql/response-status.ts), by the GraphQL-over-HTTP
// spec: under application/graphql-response+json an answer that carries data is 200 (a MUST), a
// request error is 400; under application/json field errors keep yoga's statuses as before. The
// API's own limits are 400 under both. graphql-http's audit finds no failed MUST.
import { buildSchema } from 'graphql';
import { auditServer } from 'graphql-http';
import { createYoga } from 'graphql-yoga';
import { beforeAll, describe, expect, it } from 'vitest';
import { GRAPHQL_LIMITS } from '../../src/graphql/limits.ts';
import { negotiatedMediaType } from '../../src/graphql/response-status.ts';
import { type TestUser, useTestApp } from '../support/test-app.ts';

const t = useTestApp();
let ann: TestUser;
beforeAll(async () => {
  ann = await t.createUser();
});

const GRAPHQL_RESPONSE = 'application/graphql-response+json';
const JSON_RESPONSE = 'application/json';

async function ask(query: string, accept: string, options: { token?: string; variables?: object } = {}) {
  const response = await t.fetch('/graphql', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept,
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    },
    body: JSON.stringify({ query, variables: options.variables }),
  });
  const body = (await response.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
  return { status: response.status, contentType: response.headers.get('content-type'), ...body };
}

describe('an answer that carries data', () => {
  it('is 200 under graphql-response+json, with its field error; application/json keeps the 400', async () => {
    const modern = await ask('{ job(id: "x") { id } }', GRAPHQL_RESPONSE, { token: ann.token });
    expect(modern).toMatchObject({
      status: 200,
      contentType: `${GRAPHQL_RESPONSE}; charset=utf-8`,
      data: { job: null },
      errors: [{ extensions: { code: 'BAD_USER_INPUT', field: 'id' } }],
    });
    const legacy = await ask('{ job(id: "x") { id } }', JSON_RESPONSE, { token: ann.token });
    expect(legacy).toMatchObject({ status: 400, contentType: `${JSON_RESPONSE}; charset=utf-8`, data: { job: null } });
  });

  it('is 200 for a nullable field refused for want of a token; 401 when data is null', async () => {
    const job = '{ job(id: "00000000-0000-4000-8000-000000000000") { id } }';
    expect(await ask(job, GRAPHQL_RESPONSE)).toMatchObject({ status: 200, data: { job: null } });
    expect(await ask(job, JSON_RESPONSE)).toMatchObject({ status: 401, data: { job: null } });
    for (const accept of [GRAPHQL_RESPONSE, JSON_RESPONSE]) {
      expect(await ask('{ me { email } }', accept)).toMatchObject({
        status: 401,
        data: null,
        errors: [{ extensions: { code: 'UNAUTHENTICATED' } }],
      });
    }
  });
});

describe('a request error', () => {
  it.each([
    ['a syntax error', '{ jobs {', {}],
    ['an unknown field', '{ jobz }', {}],
    ['a variable of the wrong type', 'query ($limit: Int) { jobs(limit: $limit) { id } }', { limit: 'ten' }],
  ])('is 400 without data under graphql-response+json: %s', async (_case, query, variables) => {
    const answer = await ask(query, GRAPHQL_RESPONSE, { token: ann.token, variables });
    expect(answer.status).toBe(400);
    expect(answer).not.toHaveProperty('data');
  });

  const aliases = Array.from({ length: 15 }, (_, index) => `a${index}: jobs { id }`).join(' ');
  let deep = 'id';
  for (let level = 0; level < 10; level += 1) deep = `notes { job { ${deep} } }`;
  it.each([
    ['aliases', `{ ${aliases} }`, 'GRAPHQL_VALIDATION_FAILED'],
    ['depth', `{ jobs { ${deep} } }`, 'GRAPHQL_VALIDATION_FAILED'],
    ['tokens', `{ jobs { ${Array(GRAPHQL_LIMITS.maxTokens).fill('id').join(' ')} } }`, 'GRAPHQL_PARSE_FAILED'],
    ['nesting', `{ __typename(a: ${'['.repeat(50)}${']'.repeat(50)}) }`, 'GRAPHQL_PARSE_FAILED'],
    [
      'one auth mutation',
      'mutation { a: login(email: "a@example.com", password: "x") { message } b: forgetPassword(email: "a@example.com") { message } }',
      'BAD_USER_INPUT',
    ],
  ])('of the API’s limit on %s is 400 under either Accept type', async (_limit, query, code) => {
    for (const accept of [GRAPHQL_RESPONSE, JSON_RESPONSE, '*/*']) {
      const answer = await ask(query, accept, { token: ann.token });
      expect(answer.status).toBe(400);
      expect(answer).not.toHaveProperty('data');
      expect(answer.errors?.[0]?.extensions?.code).toBe(code);
    }
  });
});

it('answers the media type yoga negotiates, for every kind of Accept header', async () => {
  // A plain yoga: its own negotiation, which response-status.ts repeats.
  const plain = createYoga({ schema: buildSchema('type Query { a: Int }'), logging: false });
  const accepts = [
    null,
    '*/*',
    'application/*',
    JSON_RESPONSE,
    GRAPHQL_RESPONSE,
    `${GRAPHQL_RESPONSE}, ${JSON_RESPONSE}`,
    `${JSON_RESPONSE}, ${GRAPHQL_RESPONSE}`,
    `${GRAPHQL_RESPONSE};charset=utf-8, ${JSON_RESPONSE};charset=utf-8`,
    `${GRAPHQL_RESPONSE}; charset=iso-8859-1, ${JSON_RESPONSE}`,
    'text/html, application/json;q=0.9, */*;q=0.8',
    'application/graphql+json, application/json, multipart/mixed',
  ];
  for (const accept of accepts) {
    const response = await plain.fetch('http://test.local/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(accept === null ? {} : { accept }) },
      body: JSON.stringify({ query: '{ a }' }),
    });
    const yogaType = response.headers.get('content-type')?.split(';')[0];
    expect(negotiatedMediaType(accept), `Accept: ${accept}`).toBe(yogaType);
    const ours = await t.fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(accept === null ? {} : { accept }) },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(ours.headers.get('content-type')?.split(';')[0], `Accept: ${accept}`).toBe(yogaType);
  }
});

it('passes every MUST of graphql-http’s audit', async () => {
  const results = await auditServer({
    url: 'http://test.local/graphql',
    fetchFn: (input: string, init?: RequestInit) => t.app.yoga.fetch(new Request(input, init)),
  });
  expect(results.length).toBeGreaterThan(30);
  const failed = results.filter((result) => result.status === 'error').map((result) => `${result.id} ${result.name}`);
  expect(failed).toEqual([]);
});
