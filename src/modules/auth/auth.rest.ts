// The auth feature's REST face: the seed's routes under /auth (each one a GraphQL field, answered
// by the REST shim of src/http/rest-shim.ts), and what the OpenAPI document says about them.
import { toRestName, type Json, type RestApi, type RestOpenApiDocs } from '../../http/rest-shim.ts';
import {
  forgetPasswordSchema,
  loginSchema,
  refreshSchema,
  registerSchema,
  resendOtpSchema,
  resetPasswordSchema,
  verifyOtpSchema,
} from './auth.validation.ts';
import { OTP_MODULES } from './otp.rules.ts';

export const AUTH_BASE_PATH = '/auth';

/** Route of each GraphQL field: exactly the seed's REST endpoints. */
export const AUTH_ROUTES = {
  'Mutation.register': { method: 'POST', path: '/register' },
  'Mutation.verifyOtp': { method: 'POST', path: '/verify-otp' },
  'Mutation.resendOtp': { method: 'POST', path: '/resend-otp' },
  'Mutation.login': { method: 'POST', path: '/login' },
  'Mutation.forgetPassword': { method: 'POST', path: '/forget-password' },
  'Mutation.resetPassword': { method: 'POST', path: '/reset-password' },
  'Mutation.refresh': { method: 'POST', path: '/refresh' },
  'Mutation.logout': { method: 'POST', path: '/logout' },
  'Mutation.logoutAll': { method: 'POST', path: '/logout-all' },
  'Query.me': { method: 'GET', path: '/me' },
} as const;

type AuthRoute = keyof typeof AUTH_ROUTES;

/** GraphQL's own messages about variables, rewritten to name the REST field. */
function variableError(message: string): Record<string, Json> | null {
  const match = /^Variable "\$(\w+)"/.exec(message);
  if (!match?.[1]) return null;
  const field = toRestName(match[1]);
  let text = `${field} is invalid`;
  if (/was not provided|must not be null/.test(message)) text = `${field} is required`;
  else if (/cannot represent a non string value/.test(message)) text = `${field} must be a string`;
  else if (/does not exist in "OtpModule" enum/.test(message))
    text = `${field} must be one of: ${OTP_MODULES.join(', ')}`;
  return { code: 'BAD_USER_INPUT', message: text, field };
}

const BAD_INPUT = 'BAD_USER_INPUT: a field is missing or invalid; `field` names it.';
const TOO_MANY =
  'TOO_MANY_REQUESTS: this email is blocked for this purpose (too many sends or wrong codes); ' +
  '`retry_after` and the Retry-After header give the seconds to wait.';
const UNAVAILABLE = 'SERVICE_UNAVAILABLE: PostgreSQL or Redis does not answer; try again shortly.';
const SEND_UNAVAILABLE =
  'SERVICE_UNAVAILABLE: PostgreSQL or Redis does not answer, or the code could not be mailed ' +
  '(that send is not counted); try again shortly.';
const NEEDS_TOKEN = 'UNAUTHENTICATED: no bearer token, or one that is malformed, expired or revoked.';
const NOT_AN_OBJECT = 'BAD_USER_INPUT: a body was sent and it is not a JSON object.';
const INVALID_OTP =
  'INVALID_OTP: the code is wrong or expired, or already used ("This code has already been used", which counts no guess); `attempts_remaining` is the wrong codes left before a block.';

/** The errors each route answers (see src/lib/errors.ts and the auth service), and who needs a token;
 * src/http/openapi.ts adds the body cap's 413 and another method's 405 to every route. */
const ROUTE_DOCS: RestOpenApiDocs<AuthRoute>['routes'] = {
  'Mutation.register': { errors: { 400: BAD_INPUT, 429: TOO_MANY, 503: SEND_UNAVAILABLE } },
  'Mutation.verifyOtp': { errors: { 400: BAD_INPUT, 401: INVALID_OTP, 429: TOO_MANY, 503: UNAVAILABLE } },
  'Mutation.resendOtp': { errors: { 400: BAD_INPUT, 429: TOO_MANY, 503: SEND_UNAVAILABLE } },
  'Mutation.login': {
    errors: {
      400: BAD_INPUT,
      401: 'INVALID_CREDENTIALS: wrong email or password.',
      403: 'ACCOUNT_NOT_VERIFIED: the registration code of this account was never verified.',
      429: TOO_MANY,
      503: SEND_UNAVAILABLE,
    },
  },
  'Mutation.forgetPassword': { errors: { 400: BAD_INPUT, 429: TOO_MANY, 503: SEND_UNAVAILABLE } },
  'Mutation.resetPassword': { errors: { 400: BAD_INPUT, 401: INVALID_OTP, 429: TOO_MANY, 503: UNAVAILABLE } },
  'Mutation.refresh': {
    errors: {
      400: BAD_INPUT,
      401:
        'UNAUTHENTICATED: the refresh token is unknown, expired or revoked; or it was already used, ' +
        'and every session of that sign-in is now revoked.',
      503: UNAVAILABLE,
    },
  },
  'Mutation.logout': { errors: { 400: NOT_AN_OBJECT, 401: NEEDS_TOKEN, 503: UNAVAILABLE }, bearer: true },
  'Mutation.logoutAll': { errors: { 400: NOT_AN_OBJECT, 401: NEEDS_TOKEN, 503: UNAVAILABLE }, bearer: true },
  'Query.me': { errors: { 401: NEEDS_TOKEN, 503: UNAVAILABLE }, bearer: true },
};

/** The REST auth routes and their documentation, for the shim and the OpenAPI corrector. */
export const AUTH_REST_API: RestApi<AuthRoute> = {
  basePath: AUTH_BASE_PATH,
  routes: AUTH_ROUTES,
  // A session's user is answered whole, not as SOFA's { id } reference to a "model".
  ignore: ['Session.user'],
  // The seed's answers carry the user as it was; settings are read over GraphQL (`me { settings }`).
  leaveOut: ['User.settings'],
  variableError,
  openApi: {
    info: {
      title: 'Job Application Tracker: REST auth routes',
      version: '0.1.0',
      license: { name: 'MIT', url: 'https://opensource.org/licenses/MIT' },
      description:
        'The REST routes under /auth, generated by SOFA from the GraphQL auth mutations and `me`, with ' +
        'snake_case names. Everything else (jobs, notes) is GraphQL at /graphql.',
    },
    tag: { name: 'auth', description: 'Registration, login and password reset with emailed one-time codes.' },
    errorCodes:
      'BAD_USER_INPUT, UNAUTHENTICATED, INVALID_CREDENTIALS, INVALID_OTP, ACCOUNT_NOT_VERIFIED, ' +
      'METHOD_NOT_ALLOWED, PAYLOAD_TOO_LARGE, TOO_MANY_REQUESTS, SERVICE_UNAVAILABLE (and NOT_FOUND off ' +
      'the routes).',
    routes: ROUTE_DOCS,
    /** The zod rules each route's input goes through: their enums, patterns and lengths are documented. */
    inputRules: {
      'Mutation.register': registerSchema,
      'Mutation.verifyOtp': verifyOtpSchema,
      'Mutation.resendOtp': resendOtpSchema,
      'Mutation.login': loginSchema,
      'Mutation.forgetPassword': forgetPasswordSchema,
      'Mutation.resetPassword': resetPasswordSchema,
      'Mutation.refresh': refreshSchema,
    },
  },
};
