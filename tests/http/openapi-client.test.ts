// The REST routes as a third-party client sees them: the document at /openapi.json passes
// Redocly's recommended rules; a client generated from it (openapi-typescript types, committed in
// tests/http/generated/ and checked for drift, with openapi-fetch) drives the routes over HTTP
// through a whole flow; and every answer, errors included, is checked against the document's
// schema for its route and status with ajv.
import { dereference } from '@readme/openapi-parser';
import { Ajv, type ValidateFunction } from 'ajv';
import ajvFormats from 'ajv-formats';
import createClient, { type Middleware } from 'openapi-fetch';
import type { OpenAPIV3 } from 'openapi-types';
import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { lintOpenApi, REST_TYPES_FILE, restApiTypes } from '../../scripts/openapi.ts';
import { MAX_BODY_BYTES } from '../../src/http/security.ts';
import { useTestApp } from '../support/test-app.ts';
import type { paths } from './generated/rest-api.ts';

const PASSWORD = 'correct horse battery staple';

const t = useTestApp({ smtp: true });
const { smtp } = t;
let baseUrl: string;
/** The document as served. */
let served: Record<string, unknown>;
/** The same, every $ref resolved. */
let doc: OpenAPIV3.Document;
let client: ReturnType<typeof createClient<paths>>;

/** "METHOD path" → the statuses checked against the document. */
const seen = new Map<string, Set<number>>();

beforeAll(async () => {
  baseUrl = await t.listen();
  served = (await (await fetch(`${baseUrl}/openapi.json`)).json()) as Record<string, unknown>;
  doc = await dereference(structuredClone(served) as unknown as OpenAPIV3.Document);
  client = createClient<paths>({ baseUrl });
  client.use(checkedAgainstDocument);
});

// ajv 8 with the formats the document uses; OpenAPI 3.0's int32 is not one of JSON Schema's.
const ajv = new Ajv({ allErrors: true, strict: true });
ajvFormats.default(ajv, ['date-time']);
ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && Math.abs(n) < 2 ** 31 });

/**
 * An OpenAPI 3.0 schema as JSON Schema: `nullable` as a null type. Objects also refuse
 * properties the document does not declare: an answer must carry nothing undocumented.
 */
function toJsonSchema(schema: OpenAPIV3.SchemaObject): Record<string, unknown> {
  const { nullable, properties, items, ...rest } = schema as OpenAPIV3.SchemaObject & {
    items?: OpenAPIV3.SchemaObject;
  };
  const converted: Record<string, unknown> = { ...rest };
  if (nullable && rest.type) converted.type = [rest.type, 'null'];
  if (items) converted.items = toJsonSchema(items);
  if (rest.type === 'object') {
    converted.properties = Object.fromEntries(
      Object.entries(properties ?? {}).map(([name, property]) => [
        name,
        toJsonSchema(property as OpenAPIV3.SchemaObject),
      ]),
    );
    converted.additionalProperties ??= false;
  }
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    const list = rest[key];
    if (list) converted[key] = list.map((item) => toJsonSchema(item as OpenAPIV3.SchemaObject));
  }
  return converted;
}

const validators = new Map<string, ValidateFunction>();

/** The documented answer of `method path` with `status`; fails the test when there is none. */
function documentedAnswer(path: string, method: string, status: number): OpenAPIV3.ResponseObject {
  const operation = doc.paths[path]?.[method.toLowerCase() as OpenAPIV3.HttpMethods];
  expect(operation, `the document has no ${method} ${path}`).toBeDefined();
  const answer = operation!.responses[String(status)] as OpenAPIV3.ResponseObject | undefined;
  expect(answer, `${method} ${path} answered ${status}, which the document does not list`).toBeDefined();
  return answer!;
}

/** Checks one answer (status, JSON body, required headers) against the document, and records it. */
function expectDocumented(path: string, method: string, response: Response, body: unknown): void {
  const answer = documentedAnswer(path, method, response.status);
  const key = `${method} ${path} ${response.status}`;
  // The calendar feed's text (the only body that is not JSON) and a 304 without a body: the media
  // type and the headers only.
  const media = Object.keys(answer.content ?? {});
  if (media.includes('application/json')) {
    expect(response.headers.get('content-type'), key).toContain('application/json');
    let validate = validators.get(key);
    if (!validate) {
      const schema = answer.content?.['application/json']?.schema as OpenAPIV3.SchemaObject | undefined;
      expect(schema, `${key} has no JSON schema`).toBeDefined();
      validate = ajv.compile(toJsonSchema(schema!));
      validators.set(key, validate);
    }
    expect(validate(body) ? [] : validate.errors, `${key}: ${JSON.stringify(body)}`).toEqual([]);
  } else if (media.length > 0) {
    expect(response.headers.get('content-type'), key).toContain(media[0]!);
  } else {
    expect(body, key).toBeUndefined();
  }
  for (const [name, header] of Object.entries(answer.headers ?? {})) {
    if ((header as OpenAPIV3.HeaderObject).required) {
      expect(response.headers.get(name), `${key}: header ${name}`).toBeTruthy();
    }
  }
  const route = `${method} ${path}`;
  seen.set(route, (seen.get(route) ?? new Set()).add(response.status));
}

/** Every answer the generated client receives goes through expectDocumented. */
const checkedAgainstDocument: Middleware = {
  async onResponse({ request, response, schemaPath }) {
    const type = response.headers.get('content-type') ?? '';
    const body: unknown = type.includes('json') ? await response.clone().json() : undefined;
    expectDocumented(schemaPath, request.method, response, body);
  },
};

/** A request the generated client cannot make (another method, a path not in the document). */
async function raw(path: string, init: RequestInit = {}) {
  const response = await fetch(`${baseUrl}${path}`, init);
  return { response, body: (await response.json()) as Record<string, unknown> };
}

let emails = 0;
const freshEmail = () => `openapi-client-${Date.now()}-${(emails += 1)}@example.com`;
const wrongCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

describe('the document', () => {
  it('passes Redocly’s recommended rules with no error and no warning', async () => {
    const { status, stdout, stderr } = await lintOpenApi(served, { json: true });
    const report = JSON.parse(stdout || '{}') as { totals?: object; problems?: { ruleId: string; message: string }[] };
    expect(report.problems, stderr).toEqual([]);
    expect(report.totals).toEqual({ errors: 0, warnings: 0, ignored: 0 });
    expect(status).toBe(0);
  });

  it('matches the committed client types (tests/http/generated/rest-api.ts; `npm run openapi:types`)', async () => {
    expect(await readFile(REST_TYPES_FILE, 'utf8')).toBe(await restApiTypes(served));
  });

  it('names its server, says which operations are public, and needs no body where none is read', () => {
    expect(doc.servers).toEqual([{ url: '/', description: expect.any(String) }]);
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const method of ['get', 'post'] as const) {
        const operation = item?.[method];
        if (!operation) continue;
        const needsToken = [
          '/auth/me',
          '/auth/logout',
          '/auth/logout-all',
          '/export/data.json',
          '/export/jobs.csv',
          '/import',
        ].includes(path);
        expect(operation.security, `${method} ${path}`).toEqual(needsToken ? [{ bearerAuth: [] }] : []);
        expect(operation.summary, `${method} ${path}`).toMatch(/\.$/);
        expect(Object.keys(operation.responses), `${method} ${path}`).toContain('405');
        if (method === 'post') expect(Object.keys(operation.responses), `${method} ${path}`).toContain('413');
      }
    }
    for (const path of ['/auth/logout', '/auth/logout-all']) {
      const body = doc.paths[path]?.post?.requestBody as OpenAPIV3.RequestBodyObject | undefined;
      expect(body?.required, path).not.toBe(true);
    }
    expect(doc.paths['/auth/refresh']?.post?.summary).toBe(
      'Rotates a refresh token: a new access token and a new refresh token.',
    );
    expect(doc.paths['/auth/logout']?.post?.summary).toBe(
      'Signs out this session: its access and refresh tokens stop working.',
    );
  });

  it('speaks REST names in its prose: access_token, POST /auth/verify-otp', () => {
    const prose: string[] = [];
    const collect = (value: unknown) => {
      if (Array.isArray(value)) value.forEach(collect);
      else if (value && typeof value === 'object') {
        for (const [key, item] of Object.entries(value)) {
          if ((key === 'description' || key === 'summary') && typeof item === 'string') prose.push(item);
          else collect(item);
        }
      }
    };
    collect(served.paths);
    collect(served.components);
    expect((doc.components?.schemas?.Session as OpenAPIV3.SchemaObject).description).toContain(
      'Authorization: Bearer <access_token>',
    );
    for (const text of prose) expect(text, 'a camelCase GraphQL name').not.toMatch(/\b[a-z]+[A-Z]\w*/);
  });
});

describe('a generated client (openapi-fetch) through the whole flow', () => {
  it('register → verify → me → login → verify login → refresh → logout → logout-all, with the errors on the way', async () => {
    const email = freshEmail();
    const registration = { email, password: PASSWORD, first_name: 'Ann', last_name: 'Example' };

    const badInput = await client.POST('/auth/register', { body: { ...registration, email: 'not-an-email' } });
    expect(badInput.response.status).toBe(400);
    expect(badInput.error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'email' });

    const registered = await client.POST('/auth/register', { body: registration });
    expect(registered.response.status).toBe(200);
    expect(registered.data).toEqual({ message: 'OTP sent successfully', attempts_remaining: 2 });
    const code = smtp.lastCodeFor(email);

    const wrong = await client.POST('/auth/verify-otp', { body: { email, code: wrongCode(code) } });
    expect(wrong.response.status).toBe(401);
    expect(wrong.error).toMatchObject({ code: 'INVALID_OTP', attempts_remaining: expect.any(Number) });

    const verified = await client.POST('/auth/verify-otp', { body: { email, code } });
    expect(verified.response.status).toBe(200);
    expect(verified.data).toMatchObject({ message: 'Account verified successfully', token_type: 'bearer' });
    expect(verified.data?.user).toMatchObject({ email, first_name: 'Ann', is_active: true });
    const firstToken = verified.data!.access_token;

    const me = await client.GET('/auth/me', { headers: bearer(firstToken) });
    expect(me.response.status).toBe(200);
    expect(me.data).toMatchObject({ email, first_name: 'Ann', last_name: 'Example', is_active: true });
    const anonymous = await client.GET('/auth/me');
    expect(anonymous.response.status).toBe(401);
    expect(anonymous.error).toMatchObject({ code: 'UNAUTHENTICATED' });

    const badLogin = await client.POST('/auth/login', { body: { email, password: `${PASSWORD}!` } });
    expect(badLogin.response.status).toBe(401);
    expect(badLogin.error).toMatchObject({ code: 'INVALID_CREDENTIALS' });
    const login = await client.POST('/auth/login', { body: { email, password: PASSWORD } });
    expect(login.data).toMatchObject({ message: 'Login OTP sent successfully' });
    const session = await client.POST('/auth/verify-otp', {
      body: { email, code: smtp.lastCodeFor(email), module: 'login' },
    });
    expect(session.data).toMatchObject({ message: 'Login successful', token_type: 'bearer' });

    const refreshed = await client.POST('/auth/refresh', { body: { refresh_token: session.data!.refresh_token } });
    expect(refreshed.response.status).toBe(200);
    const reused = await client.POST('/auth/refresh', { body: { refresh_token: session.data!.refresh_token } });
    expect(reused.response.status).toBe(401);

    // No body at all: what a generated client sends for an operation without a required body.
    const loggedOut = await client.POST('/auth/logout', { headers: bearer(firstToken) });
    expect(loggedOut.response.status).toBe(200);
    expect(loggedOut.data).toEqual({ message: 'Logged out' });
    expect((await client.GET('/auth/me', { headers: bearer(firstToken) })).response.status).toBe(401);
    expect((await client.POST('/auth/logout', { headers: bearer(firstToken) })).response.status).toBe(401);

    const relogin = await client.POST('/auth/login', { body: { email, password: PASSWORD } });
    expect(relogin.response.status).toBe(200);
    const second = await client.POST('/auth/verify-otp', {
      body: { email, code: smtp.lastCodeFor(email), module: 'login' },
    });
    expect((await client.POST('/auth/logout-all')).response.status).toBe(401);
    const everywhere = await client.POST('/auth/logout-all', { headers: bearer(second.data!.access_token) });
    expect(everywhere.data).toEqual({ message: 'Logged out of every session' });
    expect((await client.GET('/auth/me', { headers: bearer(second.data!.access_token) })).response.status).toBe(401);

    const notAnEmail = await client.POST('/auth/forget-password', { body: { email: 'nobody' } });
    expect(notAnEmail.error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'email' });
    const forgot = await client.POST('/auth/forget-password', { body: { email } });
    expect(forgot.data).toMatchObject({ message: 'Password reset OTP sent successfully' });
    const resetCode = smtp.lastCodeFor(email);
    const new_password = `${PASSWORD} anew`;
    const badReset = await client.POST('/auth/reset-password', {
      body: { email, code: wrongCode(resetCode), new_password },
    });
    expect(badReset.response.status).toBe(401);
    expect(badReset.error).toMatchObject({ code: 'INVALID_OTP' });
    const reset = await client.POST('/auth/reset-password', { body: { email, code: resetCode, new_password } });
    expect(reset.data).toEqual({ message: 'Password reset successfully' });
  });

  it('answers 403 to a login before the registration code was verified', async () => {
    const email = freshEmail();
    await client.POST('/auth/register', { body: { email, password: PASSWORD, first_name: 'Ann', last_name: 'Ex' } });
    const unverified = await client.POST('/auth/login', { body: { email, password: PASSWORD } });
    expect(unverified.response.status).toBe(403);
    expect(unverified.error).toMatchObject({ code: 'ACCOUNT_NOT_VERIFIED' });
  });

  it('answers 429 with Retry-After once a purpose is blocked', async () => {
    const email = freshEmail();
    await client.POST('/auth/register', { body: { email, password: PASSWORD, first_name: 'Ann', last_name: 'Ex' } });
    for (let send = 0; send < 2; send += 1) {
      expect((await client.POST('/auth/resend-otp', { body: { email, module: 'register' } })).response.status).toBe(
        200,
      );
    }
    const blocked = await client.POST('/auth/resend-otp', { body: { email, module: 'register' } });
    expect(blocked.response.status).toBe(429);
    expect(blocked.error).toMatchObject({ code: 'TOO_MANY_REQUESTS', retry_after: expect.any(Number) });
    expect(blocked.response.headers.get('retry-after')).toBe(String(blocked.error!.retry_after));
  });

  it('answers 413 to a body over the cap, before reading it', async () => {
    const huge = 'x'.repeat(MAX_BODY_BYTES + 1);
    const tooLarge = await client.POST('/auth/register', {
      body: { email: freshEmail(), password: PASSWORD, first_name: huge, last_name: 'Ex' },
    });
    expect(tooLarge.response.status).toBe(413);
    expect(tooLarge.error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
  });
});

describe('logout and logout-all take no body', () => {
  const cases: [string, RequestInit][] = [
    ['no body and no Content-Type', {}],
    ['an empty body', { headers: { 'content-type': 'application/json' }, body: '' }],
    ['an empty body and no Content-Type', { body: '' }],
    ['{}', { headers: { 'content-type': 'application/json' }, body: '{}' }],
  ];
  it.each(cases)('answer 200 to %s', async (_label, init) => {
    for (const path of ['/auth/logout', '/auth/logout-all'] as const) {
      const user = await t.createUser();
      const { response, body } = await raw(path, {
        ...init,
        method: 'POST',
        headers: { ...(init.headers as Record<string, string>), ...bearer(user.token) },
      });
      expectDocumented(path, 'POST', response, body);
      expect(response.status, path).toBe(200);
      expect((await client.GET('/auth/me', { headers: bearer(user.token) })).response.status, path).toBe(401);
    }
  });

  it('answer 400 to a body that is not a JSON object, as documented', async () => {
    const user = await t.createUser();
    const { response, body } = await raw('/auth/logout', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(user.token) },
      body: '[]',
    });
    expectDocumented('/auth/logout', 'POST', response, body);
    expect(body).toEqual({ code: 'BAD_USER_INPUT', message: 'The body must be a JSON object' });
  });
});

describe('answers off the documented operations', () => {
  it('405 with Allow for another method, as each operation documents', async () => {
    for (const [path, documented, other] of [
      ['/auth/register', 'POST', 'GET'],
      ['/auth/logout', 'POST', 'PUT'],
      ['/auth/me', 'GET', 'POST'],
    ] as const) {
      const { response, body } = await raw(path, { method: other });
      expect(response.status, `${other} ${path}`).toBe(405);
      expect(response.headers.get('allow')).toBe(documented);
      expectDocumented(path, documented, response, body);
    }
  });

  it('the calendar feed (no token needed): 200 as text/calendar with an ETag, 304 to it, 404, 405', async () => {
    const user = await t.createUser();
    const { url } = await t.app.services.calendar.rotate(user.id);
    const token = /\/calendar\/(.+)\.ics$/.exec(url)![1]!;
    const path = '/calendar/{token}.ics' as const;
    const ok = await client.GET(path, { params: { path: { token } }, parseAs: 'text' });
    expect(ok.response.status).toBe(200);
    expect(ok.data).toContain('BEGIN:VCALENDAR');
    const etag = ok.response.headers.get('etag')!;
    const cached = await client.GET(path, {
      params: { path: { token }, header: { 'If-None-Match': etag } },
      parseAs: 'text',
    });
    expect(cached.response.status).toBe(304);
    const unknown = await client.GET(path, { params: { path: { token: 'x'.repeat(43) } } });
    expect(unknown.response.status).toBe(404);
    const { response, body } = await raw(`/calendar/${token}.ics`, { method: 'POST' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
    expectDocumented(path, 'GET', response, body);
  });

  it('404 in the Error schema for a path the document does not list', async () => {
    const { response, body } = await raw('/auth/nowhere');
    expect(response.status).toBe(404);
    expect(doc.paths['/auth/nowhere']).toBeUndefined();
    const validate = ajv.compile(toJsonSchema(doc.components!.schemas!.Error as OpenAPIV3.SchemaObject));
    expect(validate(body) ? [] : validate.errors).toEqual([]);
    expect(body).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('exports and imports (src/modules/portability) answer as documented', async () => {
    const user = await t.createUser();
    const csv = 'Company,Position\nAcme,Dev\n';
    for (const [path, method, body] of [
      ['/import?format=csv&dryRun=false', 'POST', csv],
      ['/import?format=csv', 'POST', 'Company\nAcme\n'],
      ['/import?format=xlsx', 'POST', csv],
      ['/import', 'POST', undefined],
      ['/export/data.json', 'GET', undefined],
    ] as const) {
      for (const token of [user.token, null]) {
        const { response, body: answer } = await raw(path, {
          method,
          headers: token ? bearer(token) : {},
          ...(body === undefined ? {} : { body }),
        });
        expectDocumented(path.replace(/\?.*$/, ''), method, response, answer);
      }
    }
    // The CSV's 200 is text/csv: its header is the documented columns.
    const response = await fetch(`${baseUrl}/export/jobs.csv`, { headers: bearer(user.token) });
    documentedAnswer('/export/jobs.csv', 'GET', response.status);
    expect(response.headers.get('content-type')).toContain('text/csv');
    expect((await response.text()).split('\n')[0]).toMatch(/^id,company,position,status,/);
    seen.set('GET /export/jobs.csv', new Set([response.status]));
    const { response: refused, body: error } = await raw('/export/jobs.csv');
    expectDocumented('/export/jobs.csv', 'GET', refused, error);
    const big = await raw('/import?format=csv', {
      method: 'POST',
      headers: bearer(user.token),
      body: 'x'.repeat(10 * 1024 * 1024 + 1),
    });
    expectDocumented('/import', 'POST', big.response, big.body);
    expect(big.response.status).toBe(413);
  });

  it('every route was checked, with a 200 and at least one error each', () => {
    const routes = Object.entries(doc.paths).flatMap(([path, item]) =>
      (['get', 'post'] as const).filter((method) => item?.[method]).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect([...seen.keys()].sort()).toEqual(routes.sort());
    for (const route of routes) {
      expect(seen.get(route), route).toContain(200);
      expect(
        [...seen.get(route)!].some((status) => status >= 400),
        route,
      ).toBe(true);
    }
    const all = new Set([...seen.values()].flatMap((statuses) => [...statuses]));
    expect([...all].sort()).toEqual([200, 304, 400, 401, 403, 404, 405, 413, 429]);
  });
});
