// One error vocabulary from service to wire: services throw AppError, the GraphQL and REST
// layers translate its code to an `extensions.code`, a payload `code` or an HTTP status.

export const ERROR_CODES = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
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

  constructor(
    readonly code: ErrorCode,
    message: string,
    options: { field?: string; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.field = options.field;
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

  static unauthenticated(message = 'Authentication required: send a valid bearer token'): AppError {
    return new AppError('UNAUTHENTICATED', message);
  }
}
