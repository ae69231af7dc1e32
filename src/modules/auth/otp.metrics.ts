// The auth module's metric labels. The OTP store times these Redis calls: they are merged into the
// plumbing's bounded label set of redis_command_duration_seconds (src/metrics/hooks.ts). The OTP
// modules themselves reach the OTP counters through `Metrics.otpEvents(OTP_MODULES)` (src/app.ts).
declare module '../../metrics/hooks.ts' {
  interface RedisOperations {
    otp_reserve_send: true;
    otp_refund_send: true;
    otp_verify: true;
    otp_has_pending_code: true;
    otp_blocked_for: true;
  }
}

export type OtpRedisOperation =
  'otp_reserve_send' | 'otp_refund_send' | 'otp_verify' | 'otp_has_pending_code' | 'otp_blocked_for';
