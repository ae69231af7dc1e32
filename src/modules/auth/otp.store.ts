// Redis state of the unified OTP system (register / login / forgetpassword): send limits, pending
// codes, the code just used, wrong-code counting and blocks. Every check-and-count is one atomic
// Lua script.
import { createHmac, randomInt } from 'node:crypto';
import type { Redis } from '../../infra/redis.ts';
import { untimedRedis, type RedisTimer } from '../../metrics/hooks.ts';
import type { NormalizedEmail } from './email.ts';
import { OTP_SEND_RULES, WRONG_CODE_RULE, otpKeys, type OtpModule } from './otp.rules.ts';

/** Refused while blocked; `blockStarted` when this very call set the block. */
export type BlockedOutcome = { status: 'blocked'; retryAfterSeconds: number; blockStarted?: true };

export type SendOutcome = { status: 'sent'; attemptsRemaining: number } | BlockedOutcome;

/**
 * `alreadyUsed`: the code that just succeeded, sent again within its validity (a double click, a
 * retry); not a wrong guess, so `attemptsRemaining` is the guesses left, unchanged.
 */
export type VerifyOutcome =
  | { status: 'verified' }
  | { status: 'invalid'; attemptsRemaining: number }
  | { status: 'alreadyUsed'; attemptsRemaining: number }
  | BlockedOutcome;

export interface OtpStoreOptions {
  /** Key of the HMAC that stands in for the code in Redis. */
  secretKey: string;
  /** How long a code stays valid (config OTP_EXPIRY_SECONDS). */
  codeTtlSeconds: number;
  /** Times each script call (metrics). */
  timeRedis?: RedisTimer;
}

// The scripts answer `{status, number}` with plain integers (no cjson, no bit ops: they must run on
// Redis 7's Lua 5.1 and on ioredis-mock's fengari Lua 5.3 alike). Key names only ever come in KEYS.
const BLOCKED = 0;
const OK = 1;
const INVALID = 2;
const BLOCK_STARTED = 3;
const ALREADY_USED = 4;

/** Lua: constant-time compare of two equal-length hex HMACs (no early exit); `a` may be false (no key). */
const SAME_HMAC_LUA = `
local function sameHmac(a, b)
  if not a or #a ~= #b then return false end
  local diff = 0
  for i = 1, #b do
    diff = diff + math.abs(a:byte(i) - b:byte(i))
  end
  return diff == 0
end
`;

/**
 * KEYS: blocked, sendLimit, code, used. ARGV: maxSends, windowSeconds, blockSeconds, codeHmac ('' =
 * count without storing a code), codeTtlSeconds. Returns {1, sends left}, {0, seconds blocked} or, for
 * the send that sets the block, {3, block seconds}.
 */
const RESERVE_SEND_LUA = `
local blockedMs = redis.call('PTTL', KEYS[1])
if blockedMs > 0 then
  -- SPEC: while blocked, sends are refused with the seconds left
  return {${BLOCKED}, math.ceil(blockedMs / 1000)}
end
local maxSends = tonumber(ARGV[1])
local sends = redis.call('INCR', KEYS[2])
if sends == 1 then
  -- SPEC: the window is 24 h from the first send in it
  redis.call('EXPIRE', KEYS[2], ARGV[2])
end
if sends > maxSends then
  -- SPEC: the send past the limit blocks the module for its block duration and is refused;
  -- the window starts afresh once the block lifts
  redis.call('SET', KEYS[1], '1', 'EX', ARGV[3])
  redis.call('DEL', KEYS[2])
  return {${BLOCK_STARTED}, tonumber(ARGV[3])}
end
if ARGV[4] ~= '' then
  -- SPEC: a new code replaces the old one, valid codeTtlSeconds; the code used before it is no
  -- longer the one a retry would resend, so sending it again counts as wrong from now on
  redis.call('SET', KEYS[3], ARGV[4], 'EX', ARGV[5])
  redis.call('DEL', KEYS[4])
end
-- SPEC: requests and resends count together; what is left of the sends
return {${OK}, maxSends - sends}
`;

/** KEYS: sendLimit, code. ARGV: codeHmac ('' = none). Gives one send back; drops the code if still stored. */
const REFUND_SEND_LUA = `
local sends = redis.call('GET', KEYS[1])
if sends then
  if tonumber(sends) > 1 then
    redis.call('DECR', KEYS[1])
  else
    -- nothing left in the window: the next send opens a new one
    redis.call('DEL', KEYS[1])
  end
end
if ARGV[1] ~= '' and redis.call('GET', KEYS[2]) == ARGV[1] then
  redis.call('DEL', KEYS[2])
end
return {${OK}, 0}
`;

/**
 * KEYS: blocked, code, wrongAttempts, sendLimit, used. ARGV: codeHmac, maxWrongCodes, windowSeconds,
 * blockSeconds. Returns {1, 0} verified, {2, guesses left} invalid, {4, guesses left} already used,
 * {0, seconds blocked} or, for the wrong code that sets the block, {3, block seconds}.
 */
const VERIFY_LUA = `${SAME_HMAC_LUA}
local blockedMs = redis.call('PTTL', KEYS[1])
if blockedMs > 0 then
  -- SPEC: while blocked, verifies are refused with the seconds left
  return {${BLOCKED}, math.ceil(blockedMs / 1000)}
end
local given = ARGV[1]
local maxWrong = tonumber(ARGV[2])
if sameHmac(redis.call('GET', KEYS[2]), given) then
  -- SPEC: single use; success clears the code, the wrong-code counter and the send counter, and
  -- keeps the code's HMAC as used for what was left of its validity
  local validMs = redis.call('PTTL', KEYS[2])
  redis.call('DEL', KEYS[2], KEYS[3], KEYS[4])
  if validMs > 0 then
    redis.call('SET', KEYS[5], given, 'PX', validMs)
  end
  return {${OK}, 0}
end
if sameHmac(redis.call('GET', KEYS[5]), given) then
  -- SPEC: the code that just succeeded, sent again (a double click, a retry), is "already used":
  -- not a wrong guess, so nothing is counted; the guesses left are told as they are
  local wrongSoFar = tonumber(redis.call('GET', KEYS[3]) or '0')
  return {${ALREADY_USED}, maxWrong - wrongSoFar}
end
-- SPEC: a wrong code, or no pending code at all, counts as a wrong code
local wrong = redis.call('INCR', KEYS[3])
if wrong == 1 then
  -- SPEC: wrong codes are counted within 1 hour of the first
  redis.call('EXPIRE', KEYS[3], ARGV[3])
end
if wrong >= maxWrong then
  -- SPEC: the 5th wrong code blocks for 30 minutes and is answered as blocked; the pending code and
  -- the counter go, so after the block there are fresh guesses and a new code must be requested
  redis.call('SET', KEYS[1], '1', 'EX', ARGV[4])
  redis.call('DEL', KEYS[2], KEYS[3])
  return {${BLOCK_STARTED}, tonumber(ARGV[4])}
end
return {${INVALID}, maxWrong - wrong}
`;

type Reply = Promise<unknown>;

/** The custom commands defineCommand adds to a client (KEYS first, then ARGV). */
interface OtpCommands {
  otpReserveSend(
    blockedKey: string,
    sendLimitKey: string,
    codeKey: string,
    usedKey: string,
    maxSends: number,
    windowSeconds: number,
    blockSeconds: number,
    codeHmac: string,
    codeTtlSeconds: number,
  ): Reply;
  otpRefundSend(sendLimitKey: string, codeKey: string, codeHmac: string): Reply;
  otpVerify(
    blockedKey: string,
    codeKey: string,
    wrongAttemptsKey: string,
    sendLimitKey: string,
    usedKey: string,
    codeHmac: string,
    maxWrongCodes: number,
    windowSeconds: number,
    blockSeconds: number,
  ): Reply;
}

/** defineCommand is per client; define the scripts once on each. */
const clientsWithScripts = new WeakSet<Redis>();

function withOtpCommands(redis: Redis): Redis & OtpCommands {
  if (!clientsWithScripts.has(redis)) {
    redis.defineCommand('otpReserveSend', { numberOfKeys: 4, lua: RESERVE_SEND_LUA });
    redis.defineCommand('otpRefundSend', { numberOfKeys: 2, lua: REFUND_SEND_LUA });
    redis.defineCommand('otpVerify', { numberOfKeys: 5, lua: VERIFY_LUA });
    clientsWithScripts.add(redis);
  }
  return redis as Redis & OtpCommands;
}

/** A script's `{status, number}` answer. */
function parseReply(reply: unknown): [status: number, value: number] {
  if (Array.isArray(reply)) {
    const status: unknown = reply[0];
    const value: unknown = reply[1];
    if (typeof status === 'number' && typeof value === 'number') return [status, value];
  }
  throw new Error(`Unexpected reply from an OTP script: ${JSON.stringify(reply)}`);
}

function blocked(status: number, retryAfterSeconds: number): BlockedOutcome {
  return status === BLOCK_STARTED
    ? { status: 'blocked', retryAfterSeconds, blockStarted: true }
    : { status: 'blocked', retryAfterSeconds };
}

export class OtpStore {
  private readonly redis: Redis & OtpCommands;
  private readonly secretKey: string;
  private readonly codeTtlSeconds: number;
  private readonly timed: RedisTimer;

  constructor(redis: Redis, options: OtpStoreOptions) {
    this.redis = withOtpCommands(redis);
    this.secretKey = options.secretKey;
    this.codeTtlSeconds = options.codeTtlSeconds;
    this.timed = options.timeRedis ?? untimedRedis;
  }

  /** SPEC: 6 random digits from a cryptographic source. */
  generateCode(): string {
    return randomInt(0, 1_000_000).toString().padStart(6, '0');
  }

  /** Counts a send against the module's limit; stores `code` (as HMAC) when given. `code: null` counts without storing (used so answers are identical for accounts that must get no code). */
  async reserveSend(module: OtpModule, email: NormalizedEmail, code: string | null): Promise<SendOutcome> {
    const keys = otpKeys(module, email);
    const rule = OTP_SEND_RULES[module];
    const codeHmac = code === null ? '' : this.hmac(module, email, code);
    const [status, value] = parseReply(
      await this.timed('otp_reserve_send', () =>
        this.redis.otpReserveSend(
          keys.blocked,
          keys.sendLimit,
          keys.code,
          keys.used,
          rule.maxSends,
          rule.windowSeconds,
          rule.blockSeconds,
          codeHmac,
          this.codeTtlSeconds,
        ),
      ),
    );
    return status === OK ? { status: 'sent', attemptsRemaining: value } : blocked(status, value);
  }

  /** Undoes a reservation whose mail could not be sent: gives the send back and removes `code` if it is still the stored one. */
  async refundSend(module: OtpModule, email: NormalizedEmail, code: string | null): Promise<void> {
    const keys = otpKeys(module, email);
    const codeHmac = code === null ? '' : this.hmac(module, email, code);
    parseReply(
      await this.timed('otp_refund_send', () => this.redis.otpRefundSend(keys.sendLimit, keys.code, codeHmac)),
    );
  }

  async verify(module: OtpModule, email: NormalizedEmail, code: string): Promise<VerifyOutcome> {
    const keys = otpKeys(module, email);
    const codeHmac = this.hmac(module, email, code);
    const [status, value] = parseReply(
      await this.timed('otp_verify', () =>
        this.redis.otpVerify(
          keys.blocked,
          keys.code,
          keys.wrongAttempts,
          keys.sendLimit,
          keys.used,
          codeHmac,
          WRONG_CODE_RULE.maxWrongCodes,
          WRONG_CODE_RULE.windowSeconds,
          WRONG_CODE_RULE.blockSeconds,
        ),
      ),
    );
    if (status === OK) return { status: 'verified' };
    if (status === INVALID) return { status: 'invalid', attemptsRemaining: value };
    if (status === ALREADY_USED) return { status: 'alreadyUsed', attemptsRemaining: value };
    return blocked(status, value);
  }

  async hasPendingCode(module: OtpModule, email: NormalizedEmail): Promise<boolean> {
    const { code } = otpKeys(module, email);
    return (await this.timed('otp_has_pending_code', () => this.redis.exists(code))) === 1;
  }

  /** Seconds left on a block of this module, or null. */
  async blockedFor(module: OtpModule, email: NormalizedEmail): Promise<number | null> {
    const { blocked: blockedKey } = otpKeys(module, email);
    const ms = await this.timed('otp_blocked_for', () => this.redis.pttl(blockedKey));
    return ms > 0 ? Math.ceil(ms / 1000) : null;
  }

  /** SPEC: codes are kept as HMAC-SHA256 over `${module}:${email}:${code}`, never in clear. */
  private hmac(module: OtpModule, email: NormalizedEmail, code: string): string {
    return createHmac('sha256', this.secretKey).update(`${module}:${email}:${code}`).digest('hex');
  }
}
