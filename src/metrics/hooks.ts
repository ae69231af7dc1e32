// What the services report for metrics, as plain callbacks: they need no prom-client, and
// without metrics (unit tests) the defaults below do nothing. The modules bring their own label
// values: the Redis operations they time (merged into RedisOperations) and their OTP modules
// (handed to `Metrics.otpEvents`).

/**
 * The Redis calls the app makes on behalf of a request (the readiness ping is not one), as the
 * keys of this interface: a bounded label set. A module that times its own calls merges them in
 * (`declare module` on this file; the auth module's OTP store adds its `otp_*` calls).
 */
export interface RedisOperations {
  rate_limit_consume: true;
}

export type RedisOperation = keyof RedisOperations;

/** Runs one Redis call, timing it. */
export type RedisTimer = <T>(operation: RedisOperation, call: () => Promise<T>) => Promise<T>;

export const untimedRedis: RedisTimer = (_operation, call) => call();

export type OtpBlockReason = 'sends' | 'wrong_codes';

/** What the OTP flow reports as it happens, by module (the auth module's OTP purposes). */
export interface OtpEvents<Module extends string = string> {
  /** A send was counted and answered as sent (whether or not a code could be mailed: see METRICS.md). */
  codeSent(module: Module): void;
  wrongCode(module: Module): void;
  blockStarted(module: Module, reason: OtpBlockReason): void;
}

export const ignoredOtpEvents: OtpEvents = {
  codeSent: () => undefined,
  wrongCode: () => undefined,
  blockStarted: () => undefined,
};

/** What a background job queue reports as it works (a feature's worker calls these). */
export interface QueueEvents {
  sent(): void;
  failed(): void;
  retried(): void;
  /** `reason` is a bounded label: the feature's own short reasons. */
  skipped(reason: string): void;
}

/** A queue's figures, read at scrape time (from PostgreSQL: they cover every worker process). */
export interface QueueFigures {
  /** Deliveries scheduled and not yet sent, skipped or cancelled. */
  depth: number;
  /** Age in seconds of the oldest one already due but not sent; 0 when none. */
  oldestDueSeconds: number;
}
