// GraphQL for the auth flow. These mutations need no token; the REST routes under /auth are
// generated from them (auth.rest.ts, served by src/http/rest-shim.ts). Failures are GraphQL errors with a code:
// BAD_USER_INPUT, INVALID_CREDENTIALS, INVALID_OTP, ACCOUNT_NOT_VERIFIED, TOO_MANY_REQUESTS.
import { builder } from '../../graphql/builder.ts';
import { fixedSetScalar } from '../../graphql/fixed-set.ts';
import { UserObject } from '../users/index.ts';
import type { CodeSent, Session } from './auth.service.ts';
import { OTP_MODULES, type OtpModule } from './otp.rules.ts';

// The builder's type of the OtpModule scalar (src/graphql/builder.ts merges every fixed set).
declare module '../../graphql/builder.ts' {
  interface FixedSetScalars {
    OtpModule: OtpModule;
  }
}

// A fixed-set input (src/graphql/fixed-set.ts): `module: login` and `module: "login"` alike.
export const OtpModuleScalar = builder.addScalarType(
  'OtpModule',
  fixedSetScalar('OtpModule', OTP_MODULES, 'What a one-time code is for.'),
);

const CodeSentObject = builder.objectRef<CodeSent>('CodeSent').implement({
  description: 'A one-time code was sent by email (or, to keep accounts private, answered as if it was).',
  fields: (t) => ({
    message: t.exposeString('message'),
    attemptsRemaining: t.exposeInt('attemptsRemaining', {
      description: 'Sends left for this purpose in the current 24 hours (requests and resends together).',
    }),
  }),
});

const SessionObject = builder.objectRef<Session>('Session').implement({
  description: 'A signed-in session: send `Authorization: Bearer <accessToken>`.',
  fields: (t) => ({
    message: t.exposeString('message'),
    accessToken: t.exposeString('accessToken'),
    tokenType: t.exposeString('tokenType', { description: 'Always "bearer".' }),
    expiresIn: t.exposeInt('expiresIn', { description: 'Seconds until the access token expires.' }),
    refreshToken: t.exposeString('refreshToken', {
      description: 'Exchange it with `refresh` for a new pair before the access token expires. Single use.',
    }),
    refreshExpiresIn: t.exposeInt('refreshExpiresIn', { description: 'Seconds until the refresh token expires.' }),
    user: t.field({ type: UserObject, resolve: (session) => session.user }),
  }),
});

const MessageObject = builder.objectRef<{ message: string }>('Message').implement({
  fields: (t) => ({ message: t.exposeString('message') }),
});

const EMAIL = 'The account’s email; compared case-insensitively.';

builder.mutationFields((t) => ({
  register: t.field({
    type: CodeSentObject,
    description: 'Creates an account (inactive until verifyOtp) and emails a registration code.',
    args: {
      email: t.arg.string({ required: true, description: EMAIL }),
      password: t.arg.string({ required: true, description: '8 to 128 characters, not a common password.' }),
      firstName: t.arg.string({ required: true }),
      lastName: t.arg.string({ required: true }),
    },
    resolve: (_root, args, context) => context.services.auth.register(args),
  }),
  verifyOtp: t.field({
    type: SessionObject,
    description: 'Checks a register code (activating the account) or a login code, and signs in.',
    args: {
      email: t.arg.string({ required: true, description: EMAIL }),
      code: t.arg.string({ required: true, description: 'The 6 digits from the email.' }),
      module: t.arg({ type: OtpModuleScalar, defaultValue: 'register' }),
    },
    resolve: (_root, args, context) => context.services.auth.verifyOtp({ ...args, module: args.module ?? undefined }),
  }),
  resendOtp: t.field({
    type: CodeSentObject,
    description: 'Sends a new code for a pending registration, login or password reset.',
    args: {
      email: t.arg.string({ required: true, description: EMAIL }),
      module: t.arg({ type: OtpModuleScalar, required: true }),
    },
    resolve: (_root, args, context) => context.services.auth.resendOtp(args),
  }),
  login: t.field({
    type: CodeSentObject,
    description: 'Checks the password and emails a login code; verifyOtp with module login returns the token.',
    args: {
      email: t.arg.string({ required: true, description: EMAIL }),
      password: t.arg.string({ required: true }),
    },
    resolve: (_root, args, context) => context.services.auth.login(args),
  }),
  forgetPassword: t.field({
    type: CodeSentObject,
    description: 'Emails a password reset code to an active account.',
    args: { email: t.arg.string({ required: true, description: EMAIL }) },
    resolve: (_root, args, context) => context.services.auth.forgetPassword(args),
  }),
  resetPassword: t.field({
    type: MessageObject,
    description: 'Sets a new password with the emailed reset code, and signs out every session.',
    args: {
      email: t.arg.string({ required: true, description: EMAIL }),
      code: t.arg.string({ required: true, description: 'The 6 digits from the email.' }),
      newPassword: t.arg.string({ required: true, description: '8 to 128 characters, not a common password.' }),
    },
    resolve: (_root, args, context) => context.services.auth.resetPassword(args),
  }),
  refresh: t.field({
    type: SessionObject,
    description:
      'Rotates a refresh token: a new access token and a new refresh token. A refresh token used twice revokes its whole sign-in.',
    args: { refreshToken: t.arg.string({ required: true }) },
    resolve: (_root, args, context) => context.services.auth.refresh(args),
  }),
  logout: t.withAuth({ authenticated: true }).field({
    type: MessageObject,
    description: 'Signs out this session: its access and refresh tokens stop working.',
    resolve: async (_root, _args, context) => {
      await context.services.sessions.logout(context.viewer);
      return { message: 'Logged out' };
    },
  }),
  logoutAll: t.withAuth({ authenticated: true }).field({
    type: MessageObject,
    description: 'Signs out every session of this account, everywhere.',
    resolve: async (_root, _args, context) => {
      await context.services.sessions.logoutAll(context.viewer.userId);
      return { message: 'Logged out of every session' };
    },
  }),
}));

/** The mutations that send or check codes or tokens: at most one of them per request. */
export const AUTH_MUTATIONS = [
  'register',
  'verifyOtp',
  'resendOtp',
  'login',
  'forgetPassword',
  'resetPassword',
  'refresh',
] as const;
