// What the services report for metrics, as plain callbacks: they need no prom-client, and
// without metrics (unit tests) the defaults below do nothing.
import type { OtpModule } from '../modules/auth/otp.rules.ts';

/** The Redis calls the app makes on behalf of a request (the readiness ping is not one). */
export type RedisOperation =
  | 'otp_reserve_send'
  | 'otp_refund_send'
  | 'otp_verify'
  | 'otp_has_pending_code'
  | 'otp_blocked_for'
  | 'rate_limit_consume';

/** Runs one Redis call, timing it. */
export type RedisTimer = <T>(operation: RedisOperation, call: () => Promise<T>) => Promise<T>;

export const untimedRedis: RedisTimer = (_operation, call) => call();

export type OtpBlockReason = 'sends' | 'wrong_codes';

/** What the OTP flow reports as it happens. */
export interface OtpEvents {
  /** A send was counted and answered as sent (whether or not a code could be mailed: see METRICS.md). */
  codeSent(module: OtpModule): void;
  wrongCode(module: OtpModule): void;
  blockStarted(module: OtpModule, reason: OtpBlockReason): void;
}

export const ignoredOtpEvents: OtpEvents = {
  codeSent: () => undefined,
  wrongCode: () => undefined,
  blockStarted: () => undefined,
};
