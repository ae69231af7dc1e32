// The OpenAPI document at /openapi.json: valid, exactly the 10 REST auth routes, snake_case, and
// true to the live routes (every answer below has a status and a body the document declares).
// Then the /docs page and its assets, all served by the app itself.
import { validate, compileErrors } from '@readme/openapi-parser';
import type { OpenAPIV3 } from 'openapi-types';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { createDatabase } from '../../src/infra/database.ts';
import { createRedis } from '../../src/infra/redis.ts';
import { type TestApp, useTestApp } from '../support/test-app.ts';

const PASSWORD = 'correct horse battery staple';

const ROUTES = [
  'POST /auth/register',
  'POST /auth/verify-otp',
  'POST /auth/resend-otp',
  'POST /auth/login',
  'POST /auth/forget-password',
  'POST /auth/reset-password',
  'POST /auth/refresh',
  'POST /auth/logout',
  'POST /auth/logout-all',
  'GET /auth/me',
];
/** Portability's routes, documented by hand (src/modules/portability/portability.openapi.ts). */
const PORTABILITY_ROUTES = ['GET /export/data.json', 'GET /export/jobs.csv', 'POST /import'];

/** Not a GraphQL field: the calendar module describes it (src/modules/calendar/calendar.openapi.ts). */
const CALENDAR_ROUTE = 'GET /calendar/{token}.ics';

const t = useTestApp({ smtp: true });
const { smtp } = t;
let doc: OpenAPIV3.Document;
/** "METHOD path" → the statuses seen from the live route in this file. */
const seen = new Map<string, Set<number>>();

beforeAll(async () => {
  doc = (await (await t.fetch('/openapi.json')).json()) as OpenAPIV3.Document;
});

type Schema = OpenAPIV3.SchemaObject | OpenAPIV3.ReferenceObject;

function resolve(schema: Schema): OpenAPIV3.SchemaObject {
  if (!('$ref' in schema)) return schema;
  const name = schema.$ref.replace('#/components/schemas/', '');
  const found = doc.components?.schemas?.[name];
  if (!found) throw new Error(`No schema ${schema.$ref}`);
  return resolve(found);
}

/** A tiny JSON-schema check: types, required and declared properties (no others), enums. */
function schemaErrors(value: unknown, schema: Schema, at = 'body'): string[] {
  const s = resolve(schema);
  if (s.type === 'object') {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${at} is not an object`];
    const record = value as Record<string, unknown>;
    const properties = s.properties ?? {};
    return [
      ...(s.required ?? []).filter((name) => !(name in record)).map((name) => `${at}.${name} is missing`),
      ...Object.entries(record).flatMap(([name, item]) =>
        properties[name] ? schemaErrors(item, properties[name], `${at}.${name}`) : [`${at}.${name} is not declared`],
      ),
    ];
  }
  if (s.type === 'array') {
    if (!Array.isArray(value)) return [`${at} is not an array`];
    return value.flatMap((item, index) => schemaErrors(item, s.items, `${at}[${index}]`));
  }
  const types: Record<string, (v: unknown) => boolean> = {
    string: (v) => typeof v === 'string',
    integer: (v) => Number.isInteger(v),
    number: (v) => typeof v === 'number',
    boolean: (v) => typeof v === 'boolean',
  };
  if (s.type && !types[s.type]?.(value)) return [`${at} is not a ${s.type}: ${JSON.stringify(value)}`];
  if (s.enum && !s.enum.includes(value)) return [`${at} is not one of ${s.enum.join(', ')}`];
  return [];
}

function operation(path: string, method: string): OpenAPIV3.OperationObject {
  const found = doc.paths[path]?.[method.toLowerCase() as OpenAPIV3.HttpMethods];
  if (!found) throw new Error(`The document has no ${method} ${path}`);
  return found;
}

function bodySchema(path: string): OpenAPIV3.SchemaObject {
  const body = operation(path, 'POST').requestBody as OpenAPIV3.RequestBodyObject;
  return resolve(body.content['application/json']!.schema!);
}

/** Sends a request to a live route; checks its status and body against the document. */
async function call(
  method: 'GET' | 'POST',
  path: string,
  options: { body?: Record<string, unknown>; token?: string; app?: { fetch: TestApp['fetch'] } } = {},
) {
  const response = await (options.app ?? t).fetch(path, {
    method,
    headers: {
      ...(options.body ? { 'content-type': 'application/json' } : {}),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    },
    ...(options.body ? { body: JSON.stringify(options.body) } : {}),
  });
  const body = (await response.json()) as Record<string, any>;
  const documented = operation(path, method).responses[String(response.status)] as OpenAPIV3.ResponseObject | undefined;
  expect(
    documented,
    `${method} ${path} answered ${response.status}, not in the document: ${JSON.stringify(body)}`,
  ).toBeDefined();
  expect(response.headers.get('content-type')).toContain('application/json');
  const schema = documented!.content?.['application/json']?.schema;
  expect(schema, `${method} ${path} ${response.status} has no JSON schema`).toBeDefined();
  expect(schemaErrors(body, schema!), `${method} ${path} ${response.status}: ${JSON.stringify(body)}`).toEqual([]);
  for (const [name, header] of Object.entries(documented!.headers ?? {})) {
    if ((header as OpenAPIV3.HeaderObject).required) {
      expect(response.headers.get(name), `${method} ${path} ${response.status}: header ${name}`).toBeTruthy();
    }
  }
  const key = `${method} ${path}`;
  seen.set(key, (seen.get(key) ?? new Set()).add(response.status));
  return { status: response.status, body, headers: response.headers };
}

let emails = 0;
const freshEmail = () => `openapi-${Date.now()}-${(emails += 1)}@example.com`;

/** A request body from the document alone: its required properties, with a value for each name. */
function bodyFromDocument(path: string, values: Record<string, unknown> = {}): Record<string, unknown> {
  const schema = bodySchema(path);
  const examples: Record<string, (property: OpenAPIV3.SchemaObject) => unknown> = {
    email: () => freshEmail(),
    password: () => PASSWORD,
    new_password: () => `${PASSWORD} anew`,
    first_name: () => 'Ann',
    last_name: () => 'Example',
    code: () => '123456',
    refresh_token: () => 'x'.repeat(43),
    module: (property) => (property.default ?? property.enum?.[0]) as unknown,
  };
  return Object.fromEntries(
    (schema.required ?? []).map((name) => {
      const property = resolve(schema.properties![name]!);
      const example = examples[name];
      if (!example && !(name in values)) throw new Error(`No example value for ${path} ${name}`);
      return [name, name in values ? values[name] : example!(property)];
    }),
  );
}

/** Another 6-digit code than `code`. */
const wrongCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

describe('GET /openapi.json', () => {
  it('is a valid OpenAPI 3 document, served as JSON with a cache-control', async () => {
    const response = await t.fetch('/openapi.json');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(response.headers.get('cache-control')).toMatch(/max-age=\d+/);
    expect(doc.openapi).toMatch(/^3\.(0|1)\.\d+$/);
    const result = await validate(structuredClone(doc) as never);
    expect(result.valid, result.valid ? '' : compileErrors(result)).toBe(true);
  });

  it('lists exactly the 10 REST auth routes, the calendar feed and the 3 portability routes with their methods', () => {
    const listed = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.keys(item ?? {})
        .filter((key) => ['get', 'post', 'put', 'patch', 'delete'].includes(key))
        .map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(listed.sort()).toEqual([...ROUTES, CALENDAR_ROUTE, ...PORTABILITY_ROUTES].sort());
  });

  it('documents the portability routes with bearer security and the statuses they answer', async () => {
    const user = await t.createUser();
    for (const route of PORTABILITY_ROUTES) {
      const [method, path] = route.split(' ') as [string, string];
      const op = operation(path, method);
      expect(op.security, route).toEqual([{ bearerAuth: [] }]);
      expect(Object.keys(op.responses), route).toEqual(expect.arrayContaining(['200', '401', '405', '503']));
      for (const token of [undefined, user.token]) {
        const response = await t.fetch(path, {
          method,
          headers: token ? { authorization: `Bearer ${token}` } : {},
          ...(method === 'POST' ? { body: 'Company,Position\nAcme,Dev\n' } : {}),
        });
        expect(op.responses[String(response.status)], `${route} answered ${response.status}`).toBeDefined();
        // An export's body not read is cancelled, as a client going away does: it ends the export's snapshot.
        await response.body?.cancel();
      }
    }
    expect(Object.keys(operation('/import', 'POST').responses)).toEqual([
      '200',
      '400',
      '401',
      '405',
      '413',
      '429',
      '503',
    ]);
    const report = resolve({ $ref: '#/components/schemas/ImportReport' });
    const answer = await t.fetch('/import?format=csv', {
      method: 'POST',
      headers: { authorization: `Bearer ${user.token}` },
      body: 'Company,Position\nAcme,Dev\n',
    });
    expect(schemaErrors(await answer.json(), report)).toEqual([]);
  });

  it('leaves SOFA’s own document (/auth/openapi.json) a 404 for clients', async () => {
    expect((await t.fetch('/auth/openapi.json')).status).toBe(404);
  });

  it('gives POST routes a JSON body (optional where the route reads nothing from it) and no query parameters', () => {
    for (const route of ROUTES.filter((r) => r.startsWith('POST'))) {
      const op = operation(route.slice(5), 'POST');
      expect((op.parameters ?? []) as OpenAPIV3.ParameterObject[], route).toEqual([]);
      const readsNothing = ['POST /auth/logout', 'POST /auth/logout-all'].includes(route);
      expect((op.requestBody as OpenAPIV3.RequestBodyObject).required, route).toBe(!readsNothing);
    }
    expect(operation('/auth/me', 'GET').parameters ?? []).toEqual([]);
    expect(operation('/auth/me', 'GET').requestBody).toBeUndefined();
  });

  it('names every body and response property in snake_case, as the routes speak', () => {
    const names: string[] = [];
    const collect = (schema: Schema | undefined) => {
      if (!schema || '$ref' in schema) return;
      for (const [name, property] of Object.entries(schema.properties ?? {})) {
        names.push(name);
        collect(property);
      }
    };
    for (const route of ROUTES.filter((r) => r.startsWith('POST'))) collect(bodySchema(route.slice(5)));
    for (const schema of Object.values(doc.components?.schemas ?? {})) collect(schema);
    expect(names.length).toBeGreaterThan(20);
    for (const name of names) expect(name).toMatch(/^[a-z]+(_[a-z]+)*$/);

    const body = (path: string) => {
      const schema = bodySchema(path);
      return { properties: Object.keys(schema.properties ?? {}).sort(), required: [...(schema.required ?? [])].sort() };
    };
    expect(body('/auth/register')).toEqual({
      properties: ['email', 'first_name', 'last_name', 'password'],
      required: ['email', 'first_name', 'last_name', 'password'],
    });
    expect(body('/auth/verify-otp')).toEqual({ properties: ['code', 'email', 'module'], required: ['code', 'email'] });
    expect(bodySchema('/auth/verify-otp').properties!.module).toMatchObject({
      enum: ['register', 'login'],
      default: 'register',
    });
    expect(body('/auth/resend-otp')).toEqual({ properties: ['email', 'module'], required: ['email', 'module'] });
    expect(resolve(bodySchema('/auth/resend-otp').properties!.module!).enum).toEqual([
      'register',
      'login',
      'forgetpassword',
    ]);
    expect(body('/auth/login')).toEqual({ properties: ['email', 'password'], required: ['email', 'password'] });
    expect(body('/auth/forget-password')).toEqual({ properties: ['email'], required: ['email'] });
    expect(body('/auth/reset-password')).toEqual({
      properties: ['code', 'email', 'new_password'],
      required: ['code', 'email', 'new_password'],
    });

    const success = (route: string) => {
      const [method, path] = route.split(' ') as [string, string];
      const ok = operation(path, method).responses['200'] as OpenAPIV3.ResponseObject;
      return Object.keys(resolve(ok.content!['application/json']!.schema!).properties ?? {}).sort();
    };
    for (const route of [
      'POST /auth/register',
      'POST /auth/resend-otp',
      'POST /auth/login',
      'POST /auth/forget-password',
    ]) {
      expect(success(route), route).toEqual(['attempts_remaining', 'message']);
    }
    // A session may carry more (a refresh token, say); these are the seed's.
    expect(success('POST /auth/verify-otp')).toEqual(
      expect.arrayContaining(['access_token', 'expires_in', 'message', 'token_type', 'user']),
    );
    expect(success('POST /auth/reset-password')).toEqual(['message']);
    expect(success('GET /auth/me')).toEqual(['created_at', 'email', 'first_name', 'id', 'is_active', 'last_name']);
  });

  it('documents each route’s errors with the Error schema, and bearer security where a token is needed', () => {
    const statuses = (route: string) => {
      const [method, path] = route.split(' ') as [string, string];
      return Object.keys(operation(path, method).responses);
    };
    // 405: another method on the path; 413: the body cap (src/http/security.ts), on every POST.
    expect(statuses('POST /auth/register')).toEqual(['200', '400', '405', '413', '429', '503']);
    expect(statuses('POST /auth/verify-otp')).toEqual(['200', '400', '401', '405', '413', '429', '503']);
    expect(statuses('POST /auth/resend-otp')).toEqual(['200', '400', '405', '413', '429', '503']);
    expect(statuses('POST /auth/login')).toEqual(['200', '400', '401', '403', '405', '413', '429', '503']);
    expect(statuses('POST /auth/forget-password')).toEqual(['200', '400', '405', '413', '429', '503']);
    expect(statuses('POST /auth/reset-password')).toEqual(['200', '400', '401', '405', '413', '429', '503']);
    expect(statuses('POST /auth/refresh')).toEqual(['200', '400', '401', '405', '413', '503']);
    expect(statuses('POST /auth/logout')).toEqual(['200', '400', '401', '405', '413', '503']);
    expect(statuses('POST /auth/logout-all')).toEqual(['200', '400', '401', '405', '413', '503']);
    expect(statuses('GET /auth/me')).toEqual(['200', '401', '405', '503']);

    const error = resolve({ $ref: '#/components/schemas/Error' });
    expect(Object.keys(error.properties ?? {}).sort()).toEqual([
      'attempts_remaining',
      'code',
      'field',
      'message',
      'retry_after',
    ]);
    expect(error.required).toEqual(['code', 'message']);
    for (const route of ROUTES) {
      const [method, path] = route.split(' ') as [string, string];
      const op = operation(path, method);
      for (const [status, response] of Object.entries(op.responses)) {
        if (status === '200') continue;
        expect((response as OpenAPIV3.ResponseObject).content?.['application/json']?.schema, route).toEqual({
          $ref: '#/components/schemas/Error',
        });
      }
      const tooMany = op.responses['429'] as OpenAPIV3.ResponseObject | undefined;
      if (tooMany) expect(tooMany.headers?.['Retry-After'], route).toMatchObject({ required: true });
      const wrongMethod = op.responses['405'] as OpenAPIV3.ResponseObject;
      expect(wrongMethod.headers?.Allow, route).toMatchObject({ required: true });
      // `[]` on the public routes: no token needed, said explicitly.
      expect(op.security, route).toEqual(
        ['/auth/me', '/auth/logout', '/auth/logout-all'].includes(path) ? [{ bearerAuth: [] }] : [],
      );
    }
    expect(doc.security).toBeUndefined();
    expect(doc.components?.securitySchemes).toEqual({
      bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
    });
  });
});

describe('the live routes answer as the document says', () => {
  it('a whole flow from bodies built from the document: register, verify, resend, login, forget, reset, me', async () => {
    const registration = bodyFromDocument('/auth/register');
    const email = registration.email as string;
    expect(await call('POST', '/auth/register', { body: registration })).toMatchObject({ status: 200 });
    const code = smtp.lastCodeFor(email);

    const wrong = await call('POST', '/auth/verify-otp', {
      body: bodyFromDocument('/auth/verify-otp', { email, code: wrongCode(code) }),
    });
    expect(wrong).toMatchObject({ status: 401, body: { code: 'INVALID_OTP' } });
    // module is left out: the document's default (register) applies.
    const verified = await call('POST', '/auth/verify-otp', {
      body: bodyFromDocument('/auth/verify-otp', { email, code }),
    });
    expect(verified.status).toBe(200);
    expect(verified.body.user).toMatchObject({ email, first_name: 'Ann', is_active: true });

    const me = await call('GET', '/auth/me', { token: verified.body.access_token });
    expect(me).toMatchObject({ status: 200, body: { email } });

    expect(
      await call('POST', '/auth/resend-otp', { body: bodyFromDocument('/auth/resend-otp', { email }) }),
    ).toMatchObject({ status: 200 });
    const login = await call('POST', '/auth/login', { body: bodyFromDocument('/auth/login', { email }) });
    expect(login).toMatchObject({ status: 200, body: { message: 'Login OTP sent successfully' } });
    const loginCode = smtp.lastCodeFor(email);
    const session = await call('POST', '/auth/verify-otp', {
      body: { ...bodyFromDocument('/auth/verify-otp', { email, code: loginCode }), module: 'login' },
    });
    expect(session).toMatchObject({ status: 200, body: { message: 'Login successful', token_type: 'bearer' } });

    const refreshed = await call('POST', '/auth/refresh', {
      body: bodyFromDocument('/auth/refresh', { refresh_token: session.body.refresh_token }),
    });
    expect(refreshed).toMatchObject({ status: 200, body: { token_type: 'bearer', refresh_token: expect.any(String) } });
    expect(await call('POST', '/auth/logout', { token: refreshed.body.access_token })).toMatchObject({
      status: 200,
      body: { message: 'Logged out' },
    });
    expect(await call('POST', '/auth/logout', {})).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });
    expect(await call('POST', '/auth/logout-all', { token: verified.body.access_token })).toMatchObject({
      status: 200,
      body: { message: 'Logged out of every session' },
    });
    expect(
      await call('POST', '/auth/refresh', { body: { refresh_token: refreshed.body.refresh_token } }),
    ).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });
    const relogin = await call('POST', '/auth/login', { body: bodyFromDocument('/auth/login', { email }) });
    expect(relogin.status).toBe(200);
    await call('POST', '/auth/verify-otp', { body: { email, code: smtp.lastCodeFor(email), module: 'login' } });

    expect(
      await call('POST', '/auth/forget-password', { body: bodyFromDocument('/auth/forget-password', { email }) }),
    ).toMatchObject({ status: 200 });
    const resetCode = smtp.lastCodeFor(email);
    const badReset = await call('POST', '/auth/reset-password', {
      body: bodyFromDocument('/auth/reset-password', { email, code: wrongCode(resetCode) }),
    });
    expect(badReset).toMatchObject({
      status: 401,
      body: { code: 'INVALID_OTP', attempts_remaining: expect.any(Number) },
    });
    const reset = await call('POST', '/auth/reset-password', {
      body: bodyFromDocument('/auth/reset-password', { email, code: resetCode }),
    });
    expect(reset).toMatchObject({ status: 200, body: { message: 'Password reset successfully' } });
  });

  it('every documented body property is accepted by its name, and a missing required one is a 400 naming it', async () => {
    for (const route of ROUTES.filter((r) => r.startsWith('POST'))) {
      const path = route.slice(5);
      const complete = bodyFromDocument(path);
      for (const name of Object.keys(complete)) {
        const { [name]: _left, ...rest } = complete;
        const answer = await call('POST', path, { body: rest });
        expect(answer, `${route} without ${name}`).toMatchObject({
          status: 400,
          body: { code: 'BAD_USER_INPUT', field: name },
        });
      }
    }
    // verify-otp takes register or login only, as its enum says.
    const forget = await call('POST', '/auth/verify-otp', {
      body: { ...bodyFromDocument('/auth/verify-otp'), module: 'forgetpassword' },
    });
    expect(forget).toMatchObject({ status: 400, body: { field: 'module' } });
  });

  it('login: 401 for a wrong password, 403 for an account never verified', async () => {
    const registration = bodyFromDocument('/auth/register');
    expect(await call('POST', '/auth/register', { body: registration })).toMatchObject({ status: 200 });
    const unverified = await call('POST', '/auth/login', {
      body: bodyFromDocument('/auth/login', { email: registration.email }),
    });
    expect(unverified).toMatchObject({ status: 403, body: { code: 'ACCOUNT_NOT_VERIFIED' } });
    const wrong = await call('POST', '/auth/login', { body: bodyFromDocument('/auth/login') });
    expect(wrong).toMatchObject({ status: 401, body: { code: 'INVALID_CREDENTIALS' } });
  });

  it('429 with Retry-After once a purpose is blocked', async () => {
    const body = bodyFromDocument('/auth/forget-password');
    for (let send = 0; send < 3; send += 1) {
      expect(await call('POST', '/auth/forget-password', { body })).toMatchObject({ status: 200 });
    }
    const blocked = await call('POST', '/auth/forget-password', { body });
    expect(blocked).toMatchObject({ status: 429, body: { code: 'TOO_MANY_REQUESTS' } });
    expect(blocked.headers.get('retry-after')).toBe(String(blocked.body.retry_after));
    const resend = await call('POST', '/auth/resend-otp', {
      body: { ...bodyFromDocument('/auth/resend-otp', { email: body.email }), module: 'forgetpassword' },
    });
    expect(resend).toMatchObject({ status: 429 });
  });

  it('/auth/me: 401 without a token, 503 when PostgreSQL is down', async () => {
    expect(await call('GET', '/auth/me')).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });
    const user = await t.createUser();
    const deadDb = createDatabase({ url: 'postgresql://postgres@127.0.0.1:1/none' });
    const app = createApp({ ...t.deps, db: deadDb });
    const fetch = async (path: string, init?: RequestInit) =>
      app.yoga.fetch(new Request(`http://test.local${path}`, init));
    try {
      const down = await call('GET', '/auth/me', { token: user.token, app: { fetch } });
      expect(down).toMatchObject({ status: 503, body: { code: 'SERVICE_UNAVAILABLE' } });
    } finally {
      await app.yoga.dispose();
      await deadDb.$disconnect();
    }
  });

  it('503 when Redis is down', async () => {
    const deadRedis = createRedis({ url: 'redis://127.0.0.1:1' });
    deadRedis.on('error', () => undefined);
    const app = createApp({ ...t.deps, redis: deadRedis });
    const fetch = async (path: string, init?: RequestInit) =>
      app.yoga.fetch(new Request(`http://test.local${path}`, init));
    try {
      const down = await call('POST', '/auth/forget-password', {
        body: bodyFromDocument('/auth/forget-password'),
        app: { fetch },
      });
      expect(down).toMatchObject({ status: 503, body: { code: 'SERVICE_UNAVAILABLE' } });
    } finally {
      await app.yoga.dispose();
      deadRedis.disconnect();
    }
  });

  it('every route was called, and every status the document lists for it was seen at least once overall', () => {
    expect([...seen.keys()].sort()).toEqual([...ROUTES].sort());
    const all = new Set([...seen.values()].flatMap((statuses) => [...statuses]));
    expect([...all].sort()).toEqual([200, 400, 401, 403, 429, 503]);
    for (const route of ROUTES) expect(seen.get(route), route).toContain(200);
  });
});

describe('GET /calendar/{token}.ics as the document says', () => {
  it('needs no token, and answers 200 (text/calendar, ETag), 304, 404 and 405 as documented (429 and 503: tests/modules/calendar)', async () => {
    const op = operation('/calendar/{token}.ics', 'GET');
    expect(op.security).toEqual([]);
    expect(Object.keys(op.responses).sort()).toEqual(['200', '304', '404', '405', '429', '503']);
    const pattern = new RegExp(
      ((op.parameters as OpenAPIV3.ParameterObject[]).find((p) => p.name === 'token')!.schema as OpenAPIV3.SchemaObject)
        .pattern!,
    );
    const user = await t.createUser();
    const { url } = await t.app.services.calendar.rotate(user.id);
    const path = new URL(url).pathname;
    expect(path.slice('/calendar/'.length, -'.ics'.length)).toMatch(pattern);

    const ok = await t.fetch(path);
    expect(ok.status).toBe(200);
    expect(Object.keys((op.responses['200'] as OpenAPIV3.ResponseObject).content!)).toEqual(['text/calendar']);
    expect(ok.headers.get('content-type')).toContain('text/calendar');
    const etag = ok.headers.get('etag');
    expect(etag).toBeTruthy();
    const notModified = await t.fetch(path, { headers: { 'if-none-match': etag! } });
    expect(notModified.status).toBe(304);
    expect(notModified.headers.get('etag')).toBe(etag);

    for (const [init, status] of [
      [{ method: 'GET' }, 404],
      [{ method: 'POST' }, 405],
    ] as const) {
      const response = await t.fetch(status === 404 ? `/calendar/${'x'.repeat(43)}.ics` : path, init);
      expect(response.status).toBe(status);
      const documented = op.responses[String(status)] as OpenAPIV3.ResponseObject;
      const body = await response.json();
      expect(schemaErrors(body, documented.content!['application/json']!.schema!)).toEqual([]);
      for (const [name, header] of Object.entries(documented.headers ?? {})) {
        if ((header as OpenAPIV3.HeaderObject).required) expect(response.headers.get(name), name).toBeTruthy();
      }
    }
  });
});

describe('GET /docs', () => {
  it('is Swagger UI on /openapi.json, with every asset served by the app', async () => {
    const response = await t.fetch('/docs');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await response.text();
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
    expect(assets.length).toBeGreaterThanOrEqual(3);
    for (const asset of assets) expect(asset, 'a local asset').toMatch(/^\/docs\//);
    expect(html).not.toMatch(/https?:\/\//);

    const types: Record<string, string> = { '.css': 'text/css', '.js': 'text/javascript', '.png': 'image/png' };
    for (const asset of assets) {
      const answer = await t.fetch(asset);
      expect(answer.status, asset).toBe(200);
      expect(answer.headers.get('content-type'), asset).toContain(types[/\.\w+$/.exec(asset)![0]]!);
      expect((await answer.arrayBuffer()).byteLength, asset).toBeGreaterThan(100);
    }
    const initializer = await (await t.fetch('/docs/swagger-initializer.js')).text();
    expect(initializer).toContain('"/openapi.json"');
    expect((await t.fetch('/docs/swagger-ui-bundle.js')).headers.get('cache-control')).toMatch(/max-age/);
    expect((await t.fetch('/docs/package.json')).status).toBe(404);
  });
});
