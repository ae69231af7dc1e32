// The error vocabulary (src/lib/errors.ts): every code that reaches the wire is declared once with
// its HTTP status, every declared code is sent, the SDK's codes are the declaration, and the
// field at fault travels as data. The wire itself is asserted by tests/graphql, tests/http,
// tests/auth/rest-flow.test.ts and tests/sdk.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GraphQLError, Kind, parse } from 'graphql';
import { snakeCase } from 'change-case';
import ts from 'typescript';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  AppGraphQLError,
  errorExtensions,
  graphqlError,
  innermostError,
  toGraphQLError,
} from '../../src/graphql/errors.ts';
import { FixedSetValueError } from '../../src/graphql/fixed-set.ts';
import { DocumentLimitError } from '../../src/graphql/limits.ts';
import {
  AppError,
  ERROR_CODES,
  errorBody,
  errorStatus,
  jsonErrorResponse,
  type ErrorCode,
} from '../../src/lib/errors.ts';
import { parseInput, text } from '../../src/lib/validation.ts';
import type { GraphQLErrorCode, KnownErrorCode } from '../../src/sdk/index.ts';
import { z } from 'zod';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function filesUnder(dir: string, keep: (file: string) => boolean): string[] {
  return readdirSync(path.join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .filter(keep);
}

/** The project's sources, minus what codegen writes (its types repeat the schema's enums). */
const SOURCES = filesUnder('src', (file) => file.endsWith('.ts') && !file.includes(`${path.sep}generated${path.sep}`));
const sourceText = SOURCES.map((file) => readFileSync(file, 'utf8')).join('\n');

/** yoga's own code, which sends BAD_REQUEST, GRAPHQL_VALIDATION_FAILED and INTERNAL_SERVER_ERROR itself. */
const yogaText = filesUnder('node_modules/graphql-yoga/esm', (file) => file.endsWith('.js'))
  .map((file) => readFileSync(file, 'utf8'))
  .join('\n');

const CODES = Object.keys(ERROR_CODES) as ErrorCode[];

describe('the declaration', () => {
  it('gives each code on the wire its HTTP status', () => {
    // The contract, written out: a status that moves is a change on the wire.
    const byStatus: Record<number, ErrorCode[]> = {};
    for (const code of CODES) (byStatus[ERROR_CODES[code]] ??= []).push(code);
    expect(byStatus).toEqual({
      400: ['BAD_USER_INPUT', 'BAD_REQUEST', 'GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED'],
      401: ['UNAUTHENTICATED', 'INVALID_CREDENTIALS', 'INVALID_OTP'],
      403: ['ACCOUNT_NOT_VERIFIED'],
      404: ['NOT_FOUND'],
      405: ['METHOD_NOT_ALLOWED'],
      408: ['REQUEST_TIMEOUT'],
      413: ['PAYLOAD_TOO_LARGE'],
      415: ['UNSUPPORTED_MEDIA_TYPE'],
      429: ['TOO_MANY_REQUESTS'],
      500: ['INTERNAL_SERVER_ERROR'],
      503: ['SERVICE_UNAVAILABLE'],
    });
    for (const code of CODES) expect(errorStatus(code)).toBe(ERROR_CODES[code]);
    for (const code of CODES) expect(new AppError(code, 'x').httpStatus).toBe(ERROR_CODES[code]);
  });

  it('declares no code that nothing sends: each is built in src or sent by yoga itself', () => {
    // The declaration's keys are unquoted, so a quoted code is a use: a builder, a typed literal.
    const unsent = CODES.filter((code) => !sourceText.includes(`'${code}'`) && !yogaText.includes(`'${code}'`));
    expect(unsent).toEqual([]);
    // The two that were declared and never sent are gone.
    expect(CODES).not.toContain('FORBIDDEN');
    expect(CODES).not.toContain('CONFLICT');
  });

  it('covers every code the sources write into a `code:` field', () => {
    // The typed builders make a misspelt code a compile error; this also covers the few places
    // that still write a literal (the REST shim's own refusals).
    const written = new Set([...sourceText.matchAll(/\bcode: '([A-Z][A-Z_]+)'/g)].map((match) => match[1]));
    expect([...written].filter((code) => !(code! in ERROR_CODES))).toEqual([]);
    expect(written.size).toBeGreaterThan(0);
  });

  it('refuses a misspelt code at compile time (the directives are checked by `npm run typecheck`)', () => {
    // @ts-expect-error not a declared code
    expect(() => errorStatus('NOT_FOUNDD')).not.toThrow();
    // @ts-expect-error FORBIDDEN is not declared: nothing sends it
    expect(new AppError('FORBIDDEN', 'x').httpStatus).toBeUndefined();
    // @ts-expect-error a document limit is a 400, never a 429
    expect(new DocumentLimitError('x', { code: 'TOO_MANY_REQUESTS' }).extensions.code).toBe('TOO_MANY_REQUESTS');
  });

  it('imports nothing, so the SDK that imports its types stays free of server code', () => {
    const source = ts.createSourceFile('errors.ts', readFileSync(path.join(ROOT, 'src/lib/errors.ts'), 'utf8'), 99);
    expect(source.statements.filter((statement) => ts.isImportDeclaration(statement))).toEqual([]);
  });
});

describe("the SDK's list of codes", () => {
  it('is the declaration (a type equality checked by `npm run typecheck`)', () => {
    expectTypeOf<KnownErrorCode>().toEqualTypeOf<ErrorCode>();
    expectTypeOf<ErrorCode>().toMatchTypeOf<GraphQLErrorCode>();
    expectTypeOf<'GRAPHQL_VALIDATION_FAILED'>().toMatchTypeOf<KnownErrorCode>();
    expectTypeOf<'CONFLICT'>().not.toMatchTypeOf<KnownErrorCode>();
  });

  it('compiles to JavaScript that loads nothing of the server (the type import is erased)', () => {
    const imports = filesUnder('src/sdk', (file) => file.endsWith('.ts')).flatMap((file) => {
      const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), {
        compilerOptions: {
          module: ts.ModuleKind.ESNext,
          verbatimModuleSyntax: true,
          rewriteRelativeImportExtensions: true,
        },
        fileName: file,
      });
      return [...outputText.matchAll(/(?:from|import\(|require\()\s*["']([^"']+)["']/g)].map((match) => [
        path.relative(ROOT, file),
        match[1],
      ]);
    });
    const outside = imports.filter(([, specifier]) => specifier!.startsWith('..'));
    expect(outside).toEqual([]);
    // What it does load: its own files and graphql's printer (for parsed documents only).
    expect(new Set(imports.map(([, specifier]) => specifier))).toEqual(
      new Set(['./client.js', './generated/graphql.js', 'graphql']),
    );
  });
});

describe('the plain JSON errors of the HTTP layer', () => {
  it('answer { code, message } with the code status and the headers given', async () => {
    expect(errorBody('PAYLOAD_TOO_LARGE', 'too big')).toEqual({ code: 'PAYLOAD_TOO_LARGE', message: 'too big' });
    const response = jsonErrorResponse(Response, 'METHOD_NOT_ALLOWED', 'Use GET /x', { allow: 'GET, HEAD' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
    expect(await response.text()).toBe('{"code":"METHOD_NOT_ALLOWED","message":"Use GET /x"}');
    expect(jsonErrorResponse(Response, 'NOT_FOUND', 'No /x').status).toBe(404);
  });
});

describe('the field at fault, as data', () => {
  it('AppError.invalid keeps the field and the problem; the message is both', () => {
    const error = AppError.invalid('newPassword', 'must be at least 8 characters');
    expect(error).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'newPassword',
      problem: 'must be at least 8 characters',
      message: 'newPassword must be at least 8 characters',
    });
  });

  it('messageFor names the field as a client spells it, from the data alone', () => {
    const error = AppError.invalid('jobData.companyName', 'must not be empty');
    expect(error.messageFor(snakeCase)).toBe('job_data_company_name must not be empty');
    // A message that merely starts like a field name is left alone: nothing is parsed.
    expect(new AppError('BAD_USER_INPUT', 'newPassword is wrong', { field: 'newPassword' }).messageFor(snakeCase)).toBe(
      'newPassword is wrong',
    );
    expect(AppError.notFound('Job').messageFor(snakeCase)).toBe('Job not found');
  });

  it('parseInput raises AppError.invalid with the path and the rule apart', () => {
    const schema = z.object({ jobData: z.object({ companyName: text(10) }) });
    let caught: unknown;
    try {
      parseInput(schema, { jobData: { companyName: ' ' } });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect(caught).toMatchObject({
      field: 'jobData.companyName',
      problem: 'must not be empty',
      message: 'jobData.companyName must not be empty',
    });
  });

  it('a named fixed-set refusal carries its AppError too', () => {
    const named = new FixedSetValueError(['register', 'login'], { field: 'otpModule' });
    expect(named.message).toBe('otpModule must be one of: register, login');
    expect(named.originalError.messageFor(snakeCase)).toBe('otp_module must be one of: register, login');
    const unnamed = new FixedSetValueError(['register', 'login']);
    expect(unnamed.message).toBe('Value must be one of: register, login');
    expect(unnamed.extensions).toEqual({ code: 'BAD_USER_INPUT', http: { status: 400 } });
  });
});

describe('GraphQL errors built from the declaration', () => {
  it('toGraphQLError writes the extensions in the wire order and keeps the AppError as originalError', () => {
    const otp = new AppError('INVALID_OTP', 'Invalid or expired code', { attemptsRemaining: 2 });
    const error = toGraphQLError(otp);
    expect(error).toBeInstanceOf(AppGraphQLError);
    expect(error.originalError).toBe(otp);
    expect(JSON.stringify(error)).toBe(
      '{"message":"Invalid or expired code","extensions":{"code":"INVALID_OTP","attemptsRemaining":2,"http":{"status":401}}}',
    );
    const blocked = toGraphQLError(AppError.tooManyRequests('Too many', 60));
    expect(JSON.stringify(blocked.extensions)).toBe(
      '{"code":"TOO_MANY_REQUESTS","retryAfterSeconds":60,"http":{"status":429,"headers":{"retry-after":"60"}}}',
    );
    const invalid = toGraphQLError(AppError.invalid('status', 'must be one of: a, b'));
    expect(JSON.stringify(invalid.extensions)).toBe('{"code":"BAD_USER_INPUT","field":"status","http":{"status":400}}');
    const outage = toGraphQLError(AppError.serviceUnavailable(), { headers: { 'retry-after': '5' } });
    expect(outage.extensions).toEqual({
      code: 'SERVICE_UNAVAILABLE',
      http: { status: 503, headers: { 'retry-after': '5' } },
    });
  });

  it('graphqlError and DocumentLimitError take their status from the code', () => {
    expect(graphqlError('BAD_REQUEST', 'bad').extensions).toEqual({ code: 'BAD_REQUEST', http: { status: 400 } });
    expect(new DocumentLimitError('deep', { code: 'GRAPHQL_VALIDATION_FAILED' }).extensions).toEqual({
      code: 'GRAPHQL_VALIDATION_FAILED',
      http: { status: 400 },
    });
    expect(errorExtensions('UNAUTHENTICATED')).toEqual({ code: 'UNAUTHENTICATED', http: { status: 401 } });
  });

  it('innermostError reaches a thrown AppError, and stops at a GraphQL error already built from one', () => {
    const thrown = AppError.notFound('Job');
    const node = parse('{ job }').definitions[0]!;
    expect(node.kind).toBe(Kind.OPERATION_DEFINITION);
    // graphql-js wraps what a resolver throws.
    expect(innermostError(new GraphQLError('Job not found', { originalError: thrown }))).toBe(thrown);
    // graphql-jit wraps a thrown GraphQLError once more: the built one (with its location) is the answer.
    const built = toGraphQLError(AppError.unauthenticated(), { nodes: [node], path: ['job'] });
    expect(innermostError(new GraphQLError(built.message, { originalError: built }))).toBe(built);
  });
});
