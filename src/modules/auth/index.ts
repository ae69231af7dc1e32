// The auth feature's public face: other modules and the composition root import only this file.
// Importing it registers the auth types and mutations on the schema builder.
export { AUTH_MUTATIONS } from './auth.graphql.ts';
export { AUTH_BASE_PATH, AUTH_REST_API, AUTH_ROUTES } from './auth.rest.ts';
export { AuthService } from './auth.service.ts';
export { OTP_MODULES, type OtpModule } from './otp.rules.ts';
export { OtpStore } from './otp.store.ts';
export { PasswordService } from './passwords.ts';
export { SessionService } from './sessions.ts';
export { TokenService, type TokenSubject } from './tokens.ts';
export type { OtpRedisOperation } from './otp.metrics.ts';
