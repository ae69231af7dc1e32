// Documents the parser cannot take (src/graphql/limits.ts): graphql-js parses nesting by recursion
// and runs out of stack at about 2,000 levels, which answered 500 (with a stack trace in
// development). Tokens and nesting are now counted by the lexer first: 400 GRAPHQL_PARSE_FAILED in
// every mode and for either Accept type, before the parser recurses.
import { getIntrospectionQuery } from 'graphql';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { GRAPHQL_LIMITS } from '../../src/graphql/limits.ts';
import { type TestApp, useTestApp } from '../support/test-app.ts';

const PRODUCTION_ENV = { NODE_ENV: 'production', SMTP_URL: 'smtp://127.0.0.1:1', BCRYPT_COST: '10' };
const apps = {
  development: useTestApp({ env: { NODE_ENV: 'development' } }),
  production: useTestApp({ env: PRODUCTION_ENV }),
};
afterEach(() => vi.unstubAllEnvs());

/** `open` repeated `levels` times inside a document, closed again when `closed`. */
function nested(open: '[' | '{', levels: number, closed: boolean): string {
  const close = open === '[' ? ']' : '}';
  const inner = open === '[' ? `{ __typename(a: ${open.repeat(levels)}` : `{ ${'a '.concat(open).repeat(levels)} b`;
  if (!closed) return inner;
  return open === '[' ? `${inner}${close.repeat(levels)}) }` : `${inner}${' '.concat(close).repeat(levels)} }`;
}

async function post(app: TestApp, query: string, accept: string) {
  const response = await app.fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, text: await response.text() };
}

describe.each(['development', 'production'] as const)('in %s', (mode) => {
  // yoga adds stack traces to masked errors when the process runs with NODE_ENV=development.
  const app = () => {
    vi.stubEnv('NODE_ENV', mode);
    return apps[mode];
  };

  it.each([
    ['[', 2_000, true],
    ['[', 100_000, false],
    ['{', 2_000, true],
    // Selection sets of a field each, as deep as the body cap allows (3 bytes a level) ...
    ['{', 30_000, false],
  ] as const)('refuses %s nested %i deep with 400 before parsing', async (open, levels, closed) => {
    await expectRefused(nested(open, levels, closed));
  });

  // ... and bare braces, 100,000 of them.
  it('refuses { repeated 100000 times with 400 before parsing', async () => {
    await expectRefused(`{${'{'.repeat(100_000)}`);
  });

  async function expectRefused(query: string) {
    for (const accept of ['application/graphql-response+json', 'application/json']) {
      const { status, text } = await post(app(), query, accept);
      expect(status).toBe(400);
      expect(JSON.parse(text)).toEqual({
        errors: [
          {
            message: `Syntax Error: Nesting limit of ${GRAPHQL_LIMITS.maxNesting} exceeded: brackets, braces and parentheses may nest at most ${GRAPHQL_LIMITS.maxNesting} deep.`,
            extensions: { code: 'GRAPHQL_PARSE_FAILED' },
          },
        ],
      });
      expect(text).not.toMatch(/stack|\.ts\b|node_modules|RangeError/);
    }
  }

  it('takes nesting up to the limit: the parser answers, then validation', async () => {
    // `{` and `(` are two levels; the list brackets make up the rest.
    const atLimit = nested('[', GRAPHQL_LIMITS.maxNesting - 2, true);
    const atLimitAnswer = JSON.parse((await post(app(), atLimit, 'application/json')).text);
    expect(atLimitAnswer.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const overLimit = nested('[', GRAPHQL_LIMITS.maxNesting - 1, true);
    const overLimitAnswer = JSON.parse((await post(app(), overLimit, 'application/json')).text);
    expect(overLimitAnswer.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
  });
});

it('lets the full introspection query of GraphiQL and codegen through', async () => {
  const query = getIntrospectionQuery({
    descriptions: true,
    specifiedByUrl: true,
    directiveIsRepeatable: true,
    schemaDescription: true,
    inputValueDeprecation: true,
  });
  const { status, text } = await post(apps.development, query, 'application/graphql-response+json');
  expect(status).toBe(200);
  expect(JSON.parse(text).errors).toBeUndefined();
});

it('counts what is in strings and comments as text, not nesting', async () => {
  const comments = await post(
    apps.development,
    `# ${'['.repeat(100)}\n{ __typename @skip(if: false) } # ${'{'.repeat(100)}`,
    'application/json',
  );
  expect(comments.status).toBe(200);
  expect(JSON.parse(comments.text)).toEqual({ data: { __typename: 'Query' } });
  // Parsed, then refused by validation (no such argument), not by the nesting limit.
  const strings = await post(
    apps.development,
    `{ __typename(a: "${'['.repeat(100)}", b: """${'{'.repeat(100)}""") }`,
    'application/json',
  );
  expect(JSON.parse(strings.text).errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
});
