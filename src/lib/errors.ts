// One error vocabulary from service to wire: services throw AppError, the GraphQL and REST
// layers translate its code to an `extensions.code`, a payload `code` or an HTTP status.

export const ERROR_CODES = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  INVALID_OTP: 401,
  ACCOUNT_NOT_VERIFIED: 403,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  TOO_MANY_REQUESTS: 429,
  SERVICE_UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class AppError extends Error {
  /** The input field at fault, for BAD_USER_INPUT. */
  readonly field: string | undefined;
  /** Seconds until a blocked action is allowed again, for TOO_MANY_REQUESTS. */
  readonly retryAfterSeconds: number | undefined;
  /** What is left of a limit (sends or guesses), where the client should show it. */
  readonly attemptsRemaining: number | undefined;

  constructor(
    readonly code: ErrorCode,
    message: string,
    options: { field?: string; retryAfterSeconds?: number; attemptsRemaining?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.field = options.field;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.attemptsRemaining = options.attemptsRemaining;
  }

  get httpStatus(): number {
    return ERROR_CODES[this.code];
  }

  static invalid(field: string, message: string): AppError {
    return new AppError('BAD_USER_INPUT', message, { field });
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
