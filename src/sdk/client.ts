// A small GraphQL client for the generated documents: POSTs JSON, adds the bearer token, and
// types variables and results from the document. Needs only `fetch` (no GraphQL parser for the
// generated TypedDocumentString documents).
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
// The server's declaration of its codes, as a type only: erased from the SDK's JavaScript, and
// src/lib/errors.ts imports nothing, so the SDK stays free of server code.
import type { ErrorCode } from '../lib/errors.ts';
import type { TypedDocumentString } from './generated/graphql.ts';

/** Every code the API sends (src/lib/errors.ts ERROR_CODES), e.g. in `extensions.code`. */
export type KnownErrorCode = ErrorCode;

/** The error codes the API puts in `extensions.code`; other strings may appear. */
export type GraphQLErrorCode = KnownErrorCode | (string & Record<never, never>);

export interface GraphQLErrorExtensions {
  code?: GraphQLErrorCode;
  /** The argument or input field at fault, e.g. `jobData.status`. */
  field?: string;
  /** Wrong codes left before the one-time code is blocked (INVALID_OTP). */
  attemptsRemaining?: number;
  /** Seconds until a blocked action may be tried again (TOO_MANY_REQUESTS). */
  retryAfterSeconds?: number;
  [key: string]: unknown;
}

export interface GraphQLResponseError {
  message: string;
  path?: (string | number)[];
  locations?: { line: number; column: number }[];
  extensions?: GraphQLErrorExtensions;
}

/** A response as the server sent it, with the HTTP status. */
export interface GraphQLResponse<TResult> {
  status: number;
  data?: TResult | null;
  errors?: GraphQLResponseError[];
}

/** The request answered errors (or no data): `errors[0].extensions.code` says why. */
export class GraphQLRequestError<TResult = unknown> extends Error {
  override readonly name = 'GraphQLRequestError';
  readonly errors: GraphQLResponseError[];
  /** The HTTP status: 200 for errors during execution, 400 for bad input, 401 when not signed in… */
  readonly status: number;
  /** Partial data, when the server answered some. */
  readonly data: TResult | null | undefined;

  constructor(errors: GraphQLResponseError[], status: number, data?: TResult | null) {
    super(errors.map((error) => error.message).join('; ') || `GraphQL request failed with HTTP ${status}`);
    this.errors = errors;
    this.status = status;
    this.data = data;
  }

  /** The code of the first error, e.g. UNAUTHENTICATED or BAD_USER_INPUT. */
  get code(): GraphQLErrorCode | undefined {
    return this.errors[0]?.extensions?.code;
  }
}

/** A generated document: `XxxDocument` from `./generated/graphql.ts` (or a parsed TypedDocumentNode). */
export type TypedDocument<TResult, TVariables> =
  TypedDocumentString<TResult, TVariables> | TypedDocumentNode<TResult, TVariables>;

/** Variables are an argument only when the operation has any, and required only when one of them is. */
export type VariablesArgument<TVariables> = [TVariables] extends [Record<string, never>]
  ? []
  : Record<string, never> extends TVariables
    ? [variables?: TVariables]
    : [variables: TVariables];

/** The subset of `fetch` the client uses; pass your own to route requests elsewhere (tests, SSR). */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface ClientOptions {
  /** The GraphQL endpoint, e.g. https://api.example.com/graphql. */
  endpoint: string;
  /** Sent as `Authorization: Bearer <token>`; change it later with setToken. */
  token?: string | null;
  /** Defaults to the global fetch. */
  fetch?: FetchLike;
  /** Extra headers for every request. */
  headers?: Record<string, string>;
}

export interface GraphQLClient {
  /** Runs the operation and answers its data; throws GraphQLRequestError when the answer has errors. */
  request<TResult, TVariables>(
    document: TypedDocument<TResult, TVariables>,
    ...variables: VariablesArgument<TVariables>
  ): Promise<TResult>;
  /** Runs the operation and answers the whole response (status, data, errors) without throwing on errors. */
  execute<TResult, TVariables>(
    document: TypedDocument<TResult, TVariables>,
    ...variables: VariablesArgument<TVariables>
  ): Promise<GraphQLResponse<TResult>>;
  /** Signs requests with this bearer token from now on; null signs out. */
  setToken(token: string | null): void;
  readonly token: string | null;
}

async function documentText(document: TypedDocument<unknown, unknown>): Promise<string> {
  if (typeof document === 'string' || document instanceof String) return document.toString();
  // A parsed DocumentNode: print it with graphql-js, loaded only for this case.
  const { print } = await import('graphql');
  return print(document);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function responseErrors(value: unknown): GraphQLResponseError[] | undefined {
  if (!Array.isArray(value)) return undefined;
  // Keeps what the server sent (path, locations, extensions…), making sure of a string message.
  return value.map((error: unknown): GraphQLResponseError => {
    if (!isRecord(error)) return { message: String(error) };
    const { message, extensions } = error;
    return {
      ...error,
      message: typeof message === 'string' ? message : 'Unknown error',
      ...(isRecord(extensions) ? { extensions } : {}),
    };
  });
}

export function createClient({
  endpoint,
  token = null,
  fetch = globalThis.fetch,
  headers = {},
}: ClientOptions): GraphQLClient {
  let bearer = token;

  async function execute<TResult, TVariables>(
    document: TypedDocument<TResult, TVariables>,
    ...[variables]: VariablesArgument<TVariables>
  ): Promise<GraphQLResponse<TResult>> {
    const query = await documentText(document as TypedDocument<unknown, unknown>);
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: {
        ...headers,
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
      },
      body: JSON.stringify(variables === undefined ? { query } : { query, variables }),
    });
    const text = await response.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (!isRecord(body)) {
      throw new GraphQLRequestError(
        [{ message: `Expected a JSON GraphQL response, got HTTP ${response.status}: ${text.slice(0, 200)}` }],
        response.status,
      );
    }
    const errors = responseErrors(body.errors);
    return {
      status: response.status,
      ...('data' in body ? { data: body.data as TResult | null } : {}),
      ...(errors ? { errors } : {}),
    };
  }

  const client: GraphQLClient = {
    execute,
    async request<TResult, TVariables>(
      document: TypedDocument<TResult, TVariables>,
      ...variables: VariablesArgument<TVariables>
    ): Promise<TResult> {
      const { status, data, errors } = await execute(document, ...variables);
      if ((errors && errors.length > 0) || data === null || data === undefined || status < 200 || status >= 300) {
        throw new GraphQLRequestError(errors ?? [], status, data);
      }
      return data;
    },
    setToken(next: string | null) {
      bearer = next;
    },
    get token() {
      return bearer;
    },
  };
  return client;
}
