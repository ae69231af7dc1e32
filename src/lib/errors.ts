// One error vocabulary from service to wire: every code a response can carry is declared here,
// once, with its HTTP status. Services throw AppError; the GraphQL layer (src/graphql/errors.ts),
// the REST shim and the HTTP plugins build their answers from these codes, so a code that is not
// declared does not compile. The SDK's list of codes (src/sdk/client.ts) is this declaration.
//
// No imports, on purpose: the SDK's types import this file, and must stay free of server code.

export const ERROR_CODES = {
  // What services refuse (AppError), on GraphQL and on REST.
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  INVALID_OTP: 401,
  ACCOUNT_NOT_VERIFIED: 403,
  NOT_FOUND: 404,
  TOO_MANY_REQUESTS: 429,
  SERVICE_UNAVAILABLE: 503,
  // The request around a document or a REST body, before any service runs. yoga sends
  // BAD_REQUEST and GRAPHQL_VALIDATION_FAILED of its own too (its 405 on /graphql is a
  // BAD_REQUEST), and INTERNAL_SERVER_ERROR for an error it masks.
  BAD_REQUEST: 400,
  GRAPHQL_PARSE_FAILED: 400,
  GRAPHQL_VALIDATION_FAILED: 400,
  METHOD_NOT_ALLOWED: 405,
  REQUEST_TIMEOUT: 408,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  INTERNAL_SERVER_ERROR: 500,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** The HTTP status of an answer carrying `code`. */
export function errorStatus(code: ErrorCode): number {
  return ERROR_CODES[code];
}

/** The JSON body of a plain (not GraphQL) error answer: `{ code, message }`. */
export function errorBody(code: ErrorCode, message: string): { code: ErrorCode; message: string } {
  return { code, message };
}

/**
 * A plain JSON error answer with the code's status. `ResponseClass` is the caller's (yoga's
 * fetchAPI.Response in a plugin), whose `json` sets the content type the tests expect.
 */
export function jsonErrorResponse(
  ResponseClass: Pick<typeof Response, 'json'>,
  code: ErrorCode,
  message: string,
  headers?: Record<string, string>,
): Response {
  return ResponseClass.json(errorBody(code, message), {
    status: errorStatus(code),
    ...(headers ? { headers } : {}),
  });
}

export class AppError extends Error {
  /** The input field at fault, for BAD_USER_INPUT. */
  readonly field: string | undefined;
  /** What is wrong with `field`: the message is `${field} ${problem}`. */
  readonly problem: string | undefined;
  /** Seconds until a blocked action is allowed again, for TOO_MANY_REQUESTS. */
  readonly retryAfterSeconds: number | undefined;
  /** What is left of a limit (sends or guesses), where the client should show it. */
  readonly attemptsRemaining: number | undefined;

  constructor(
    readonly code: ErrorCode,
    message: string,
    options: {
      field?: string;
      problem?: string;
      retryAfterSeconds?: number;
      attemptsRemaining?: number;
      cause?: unknown;
    } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.field = options.field;
    this.problem = options.problem;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.attemptsRemaining = options.attemptsRemaining;
  }

  get httpStatus(): number {
    return errorStatus(this.code);
  }

  /**
   * The message with the field named as a client spells it (the REST shim's snake_case), built
   * from `field` and `problem`: the message is never parsed.
   */
  messageFor(renameField: (field: string) => string): string {
    if (this.field === undefined || this.problem === undefined) return this.message;
    return `${renameField(this.field)} ${this.problem}`;
  }

  /** `field` is at fault: the message is `${field} ${problem}`, e.g. "password must be at least 8 characters". */
  static invalid(field: string, problem: string): AppError {
    return new AppError('BAD_USER_INPUT', `${field} ${problem}`, { field, problem });
  }

  static notFound(what: string): AppError {
    return new AppError('NOT_FOUND', `${what} not found`);
  }

  static tooManyRequests(message: string, retryAfterSeconds: number): AppError {
    return new AppError('TOO_MANY_REQUESTS', message, { retryAfterSeconds });
  }

  static serviceUnavailable(message = 'The service is temporarily unavailable; try again shortly'): AppError {
    return new AppError('SERVICE_UNAVAILABLE', message);
  }

  static unauthenticated(message = 'Authentication required: send a valid bearer token'): AppError {
    return new AppError('UNAUTHENTICATED', message);
  }
}
