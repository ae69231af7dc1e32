// Fixed-set inputs (SPEC Part 2, "Decisions"; src/graphql/fixed-set.ts): OtpModule takes a quoted
// or a bare value, and a variable declared `$module: OtpModule!`; an unknown value is
// BAD_USER_INPUT naming the field and listing the values, in GraphQL and over REST. Inside an
// input object the field is named by its full path from the argument (or the variable), list
// positions included: `taskData.kind`, `filter.statuses.1`.
import { readFileSync } from 'node:fs';
import {
  GraphQLInputObjectType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  isEnumType,
  isScalarType,
  parse,
  type GraphQLInputType,
} from 'graphql';
import { createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import {
  fixedSetScalar,
  literalPath,
  refusedFixedSetPaths,
  useFixedSetFieldNames,
} from '../../src/graphql/fixed-set.ts';
import { schema } from '../../src/schema.ts';
import { OTP_MODULES } from '../../src/modules/auth/otp.rules.ts';
import { TASK_KINDS } from '../../src/modules/tasks/index.ts';
import { useTestApp } from '../support/test-app.ts';

const t = useTestApp();

const email = 'nobody@example.com';
const ALLOWED = `must be one of: ${OTP_MODULES.join(', ')}`;

describe('OtpModule', () => {
  it.each([
    ['quoted', 'module: "login"'],
    ['bare', 'module: login'],
  ])('takes a %s value', async (_spelling, argument) => {
    // A wrong code for an unknown email: the argument was taken, the service answered.
    const verify = await t.graphql(
      `mutation { verifyOtp(email: "${email}", code: "123456", ${argument}) { message } }`,
    );
    expect(verify.errors?.[0]?.extensions?.code).toBe('INVALID_OTP');
    const resend = await t.graphql(
      `mutation { resendOtp(email: "${email}", ${argument.replace('login', 'forgetpassword')}) { message } }`,
    );
    expect(resend.errors).toBeUndefined();
    expect(resend.data?.resendOtp).toMatchObject({ message: expect.any(String) });
  });

  it('takes a variable declared OtpModule!, and the default when it is left out', async () => {
    const withVariable = await t.graphql(
      'mutation ($module: OtpModule!) { verifyOtp(email: "nobody@example.com", code: "123456", module: $module) { message } }',
      { variables: { module: 'login' } },
    );
    expect(withVariable.errors?.[0]?.extensions?.code).toBe('INVALID_OTP');
    const withDefault = await t.graphql(`mutation { verifyOtp(email: "${email}", code: "123456") { message } }`);
    expect(withDefault.errors?.[0]?.extensions?.code).toBe('INVALID_OTP');
  });

  it.each([
    ['a quoted unknown value', 'module: "signup"'],
    ['a bare unknown value', 'module: signup'],
    ['a number', 'module: 3'],
  ])('answers 400 BAD_USER_INPUT naming the field for %s', async (_case, argument) => {
    const { status, data, errors } = await t.graphql(
      `mutation { resendOtp(email: "${email}", ${argument}) { message } }`,
    );
    expect(status).toBe(400);
    expect(data).toBeUndefined();
    expect(errors).toEqual([
      {
        message: `module ${ALLOWED}`,
        locations: [{ line: 1, column: expect.any(Number) }],
        extensions: { code: 'BAD_USER_INPUT', field: 'module' },
      },
    ]);
  });

  it('answers 400 BAD_USER_INPUT naming the variable for an unknown value in variables', async () => {
    const { status, errors } = await t.graphql(
      'mutation ($module: OtpModule!) { resendOtp(email: "nobody@example.com", module: $module) { message } }',
      { variables: { module: 'signup' } },
    );
    expect(status).toBe(400);
    expect(errors).toMatchObject([
      { message: `module ${ALLOWED}`, extensions: { code: 'BAD_USER_INPUT', field: 'module' } },
    ]);
  });

  it('answers the same over REST, in the route’s names', async () => {
    const response = await t.fetch('/auth/resend-otp', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, module: 'signup' }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ code: 'BAD_USER_INPUT', message: `module ${ALLOWED}`, field: 'module' });
  });
});

describe('the schema and the SDK', () => {
  it('print OtpModule as a scalar listing its values; output fields stay enums', () => {
    const type = schema.getType('OtpModule');
    expect(isScalarType(type)).toBe(true);
    expect(type?.description).toContain(`One of: ${OTP_MODULES.join(', ')}`);
    expect(isEnumType(schema.getType('JobStatus'))).toBe(true);
  });

  it('codegen.yml types each fixed-set scalar as the union of its values', () => {
    const line = /^\s*OtpModule:\s*"(.*)"\s*$/m.exec(readFileSync('codegen.yml', 'utf8'))?.[1];
    expect(line?.split('|').map((value) => value.trim().replace(/^'|'$/g, ''))).toEqual([...OTP_MODULES]);
  });
});

// A small schema with fixed sets nested in input objects and lists: main's own inputs hold
// TaskKindValue one level down only.
const StatusValue = fixedSetScalar('StatusValue', ['open', 'closed'], 'A status.');
const STATUS_RULE = 'must be one of: open, closed';
const Inner = new GraphQLInputObjectType({
  name: 'Inner',
  fields: { status: { type: StatusValue }, statuses: { type: new GraphQLList(new GraphQLNonNull(StatusValue)) } },
});
const Filter: GraphQLInputObjectType = new GraphQLInputObjectType({
  name: 'Filter',
  fields: () => ({
    title: { type: new GraphQLNonNull(GraphQLString) },
    status: { type: StatusValue },
    statuses: { type: new GraphQLList(new GraphQLNonNull(StatusValue)) },
    inner: { type: Inner },
    inners: { type: new GraphQLList(new GraphQLNonNull(Inner)) },
  }),
});
const testSchema = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: 'Query',
    fields: {
      find: {
        type: GraphQLString,
        args: {
          filter: { type: Filter },
          filters: { type: new GraphQLList(new GraphQLNonNull(Filter)) },
          status: { type: StatusValue },
        },
        resolve: (_source, args) => JSON.stringify(args),
      },
    },
  }),
});
// Without the app's error mask: the plugin alone names the field.
const testYoga = createYoga({
  schema: testSchema,
  plugins: [useFixedSetFieldNames()],
  maskedErrors: false,
  logging: false,
});

async function run(query: string, variables?: Record<string, unknown>) {
  const response = await testYoga.fetch('http://test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as {
    data?: unknown;
    errors?: { message: string; extensions?: { code?: string; field?: string } }[];
  };
}
const refusal = (field: string) => ({
  message: `${field} ${STATUS_RULE}`,
  extensions: { code: 'BAD_USER_INPUT', field },
});

describe('the full path of a refused literal', () => {
  it.each([
    ['a top-level argument', 'find(status: shut)', 'status'],
    ['an input field, bare', 'find(filter: { title: "x", status: shut })', 'filter.status'],
    ['an input field, quoted', 'find(filter: { title: "x", status: "shut" })', 'filter.status'],
    ['an input field, a number', 'find(filter: { title: "x", status: 3 })', 'filter.status'],
    ['a list position', 'find(filter: { title: "x", statuses: [open, shut] })', 'filter.statuses.1'],
    ['a single value for a list', 'find(filter: { title: "x", statuses: shut })', 'filter.statuses'],
    ['a nested object', 'find(filter: { title: "x", inner: { status: shut } })', 'filter.inner.status'],
    [
      'objects in lists',
      'find(filters: [{ title: "a" }, { title: "b", inners: [{ status: open }, { statuses: [closed, "shut"] }] }])',
      'filters.1.inners.1.statuses.1',
    ],
  ])('%s: %s names %s', async (_case, field, path) => {
    const { data, errors } = await run(`{ ${field} }`);
    expect(data).toBeUndefined();
    expect(errors).toMatchObject([refusal(path)]);
  });

  it('in a variable’s default value, from the variable', async () => {
    const { errors } = await run('query ($f: Filter = { title: "x", inner: { status: shut } }) { find(filter: $f) }');
    expect(errors).toMatchObject([refusal('f.inner.status')]);
  });

  it('names each of several refusals', async () => {
    const { errors } = await run('{ find(filter: { title: "x", status: shut, statuses: [open, gone] }) }');
    expect(errors).toMatchObject([refusal('filter.status'), refusal('filter.statuses.1')]);
  });

  it('literalPath finds the node in the document', () => {
    const document = parse('{ find(filters: [{ title: "a", inner: { status: shut } }]) }');
    let target: unknown;
    JSON.stringify(document, (_key, value: unknown) => {
      if ((value as { kind?: string; value?: string } | null)?.value === 'shut') target = value;
      return value;
    });
    expect(literalPath(document, target as Parameters<typeof literalPath>[1])).toBe('filters.0.inner.status');
  });
});

describe('the full path of a refused value in variables', () => {
  const query = 'query ($f: Filter, $fs: [Filter!], $s: StatusValue) { find(filter: $f, filters: $fs, status: $s) }';

  it.each([
    ['an input field', { f: { title: 'x', status: 'shut' } }, ['f.status']],
    ['a list position', { f: { title: 'x', statuses: ['open', 'shut'] } }, ['f.statuses.1']],
    ['a single value for a list', { f: { title: 'x', statuses: 'shut' } }, ['f.statuses']],
    ['a number', { f: { title: 'x', inner: { status: 3 } } }, ['f.inner.status']],
    [
      'objects in lists',
      { fs: [{ title: 'a' }, { title: 'b', inners: [{ status: 'open' }, { statuses: ['closed', 'shut'] }] }] },
      ['fs.1.inners.1.statuses.1'],
    ],
    [
      'several refusals, in several variables',
      { f: { title: 'x', status: 'a', statuses: ['b'] }, fs: [{ title: 'y', inner: { status: 'c' } }], s: 'd' },
      ['f.status', 'f.statuses.0', 'fs.0.inner.status', 's'],
    ],
    ['a variable of the scalar itself', { s: 'shut' }, ['s']],
  ])('%s', async (_case, variables, paths) => {
    const { data, errors } = await run(query, variables);
    expect(data).toBeUndefined();
    expect(errors).toMatchObject(paths.map(refusal));
  });

  it('leaves graphql-js’s other errors about the same variable as they are', async () => {
    const { errors } = await run(query, { f: { status: 'shut' } });
    expect(errors).toHaveLength(2);
    expect(errors).toContainEqual(expect.objectContaining(refusal('f.status')));
    expect(errors?.find((error) => error.extensions?.field !== 'f.status')?.message).toContain('"title"');
  });

  it('a scalar variable inside a literal object is named after the variable', async () => {
    const { errors } = await run('query ($s: StatusValue) { find(filter: { title: "x", status: $s }) }', { s: 'shut' });
    expect(errors).toMatchObject([refusal('s')]);
  });

  it('good values pass in both spellings', async () => {
    const literal = await run('{ find(filter: { title: "x", status: open, statuses: ["closed"] }) }');
    expect(literal.errors).toBeUndefined();
    const variable = await run(query, { f: { title: 'x', inners: [{ statuses: ['open'] }] } });
    expect(variable.errors).toBeUndefined();
  });

  it('refusedFixedSetPaths walks the value along its type in graphql-js’s order', () => {
    const type: GraphQLInputType = new GraphQLList(new GraphQLNonNull(Filter));
    const value = [
      { inner: { status: 'x' }, status: 'y', title: 'z' },
      null,
      { statuses: ['open', 'q'], inners: [{ statuses: 'r' }] },
      'not an object',
      [{ status: 'an array is not an object either' }],
    ];
    expect(refusedFixedSetPaths(value, type, ['fs'])).toEqual([
      ['fs', 0, 'status'],
      ['fs', 0, 'inner', 'status'],
      ['fs', 2, 'statuses', 1],
      ['fs', 2, 'inners', 0, 'statuses'],
    ]);
    expect(refusedFixedSetPaths('open', StatusValue, ['s'])).toEqual([]);
    expect(refusedFixedSetPaths(undefined, Filter, ['f'])).toEqual([]);
  });
});

describe('through the app: createTask and updateTask name taskData.kind', () => {
  const KIND_RULE = `must be one of: ${TASK_KINDS.join(', ')}`;
  const named = {
    message: `taskData.kind ${KIND_RULE}`,
    extensions: { code: 'BAD_USER_INPUT', field: 'taskData.kind' },
  };

  it.each([
    ['a bare literal', 'mutation { createTask(taskData: { title: "x", kind: chore }) { success } }'],
    ['a quoted literal', 'mutation { createTask(taskData: { title: "x", kind: "chore" }) { success } }'],
    [
      'an update',
      'mutation { updateTask(id: "00000000-0000-4000-8000-000000000000", taskData: { kind: chore }) { success } }',
    ],
  ])('%s', async (_case, query) => {
    const user = await t.createUser();
    const { status, data, errors } = await t.graphql(query, { token: user.token });
    expect(status).toBe(400);
    expect(data).toBeUndefined();
    expect(errors).toEqual([{ ...named, locations: [{ line: 1, column: expect.any(Number) }] }]);
    expect(await t.db.task.count({ where: { userId: user.id } })).toBe(0);
  });

  it('an object variable', async () => {
    const user = await t.createUser();
    const { status, errors } = await t.graphql(
      'mutation ($taskData: CreateTaskInput!) { createTask(taskData: $taskData) { success } }',
      { token: user.token, variables: { taskData: { title: 'x', kind: 'chore' } } },
    );
    expect(status).toBe(400);
    expect(errors).toEqual([{ ...named, locations: [{ line: 1, column: expect.any(Number) }] }]);
    expect(await t.db.task.count({ where: { userId: user.id } })).toBe(0);
  });

  it('a variable of the scalar inside the literal keeps the variable’s name', async () => {
    const user = await t.createUser();
    const { status, errors } = await t.graphql(
      'mutation ($kind: TaskKindValue) { createTask(taskData: { title: "x", kind: $kind }) { success } }',
      { token: user.token, variables: { kind: 'chore' } },
    );
    expect(status).toBe(400);
    expect(errors).toMatchObject([
      { message: `kind ${KIND_RULE}`, extensions: { code: 'BAD_USER_INPUT', field: 'kind' } },
    ]);
  });
});
