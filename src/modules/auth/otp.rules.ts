// The unified OTP system's rules (SPEC), as data: the store reads its limits from here only.
import type { NormalizedEmail } from './email.ts';

/** SPEC: OTP modules are `register`, `login` and `forgetpassword`; each has its own limits and keys. */
export const OTP_MODULES = ['register', 'login', 'forgetpassword'] as const;

export type OtpModule = (typeof OTP_MODULES)[number];

export interface OtpSendRule {
  /** Sends (requests and resends together) allowed per window. */
  readonly maxSends: number;
  /** Length of the window, counted from the first send in it. */
  readonly windowSeconds: number;
  /** How long the module is blocked for the email once a send goes past `maxSends`. */
  readonly blockSeconds: number;
}

const MINUTE = 60;
const HOUR = 60 * MINUTE;

/** SPEC table: sends allowed / window / block when exceeded, per module. */
export const OTP_SEND_RULES: Readonly<Record<OtpModule, OtpSendRule>> = {
  // SPEC: register — 3 sends per 24 h; the 4th blocks register for 20 minutes.
  register: { maxSends: 3, windowSeconds: 24 * HOUR, blockSeconds: 20 * MINUTE },
  // SPEC: login — 3 sends per 24 h; the 4th blocks login for 24 hours.
  login: { maxSends: 3, windowSeconds: 24 * HOUR, blockSeconds: 24 * HOUR },
  // SPEC: forgetpassword — 3 sends per 24 h; the 4th blocks forgetpassword for 24 hours.
  forgetpassword: { maxSends: 3, windowSeconds: 24 * HOUR, blockSeconds: 24 * HOUR },
};

/** SPEC: 5 wrong codes within 1 hour block the email for that module for 30 minutes. */
export const WRONG_CODE_RULE = {
  // SPEC: the 5th wrong code sets the block (so 4 wrong codes are answered as invalid).
  maxWrongCodes: 5,
  // SPEC: "within 1 hour" — counted from the first wrong code.
  windowSeconds: 1 * HOUR,
  // SPEC: the block lasts 30 minutes.
  blockSeconds: 30 * MINUTE,
} as const;

export interface OtpKeys {
  /** The pending code's HMAC; TTL codeTtlSeconds. */
  readonly code: string;
  /** Wrong codes in the current hour; TTL 1 h from the first wrong code. */
  readonly wrongAttempts: string;
  /** Present while the module is blocked for the email; TTL = block duration. */
  readonly blocked: string;
  /** Sends in the current window; TTL 24 h from the first send. */
  readonly sendLimit: string;
  /** The HMAC of the code that just succeeded; TTL = what was left of that code's validity. */
  readonly used: string;
}

/**
 * SPEC key names. The email is normalised (the type says so: one email, one set of counters). It
 * sits inside literal braces, a Redis Cluster hash tag, so all keys of one email land in the same
 * slot (a script may touch several of them).
 */
export function otpKeys(module: OtpModule, email: NormalizedEmail): OtpKeys {
  const tag = `{${email}}`;
  return {
    code: `otp:${module}:${tag}`,
    wrongAttempts: `wrong_otp_attempts:${tag}:${module}`,
    blocked: `blocked_user:${module}:${tag}`,
    sendLimit: `otp_limit:${module}:${tag}`,
    used: `otp_used:${module}:${tag}`,
  };
}
