// Registration, login and password reset with emailed one-time codes (SPEC "REST auth" and
// "The unified OTP system"). Answers never tell whether an email has an account: the same
// counters run, the same message comes back, and the time taken is alike.
import { setTimeout as delay } from 'node:timers/promises';
import type { IssuedSession, SessionService } from './sessions.ts';
import type { User } from '../../generated/prisma/client.ts';
import type { Database } from '../../infra/database.ts';
import type { Mailer, MailMessage } from '../../infra/mailer.ts';
import { ignoredOtpEvents, type OtpEvents } from '../../metrics/hooks.ts';
import { AppError } from '../../lib/errors.ts';
import { isUniqueViolation } from '../../lib/prisma-errors.ts';
import { parseInput } from '../../lib/validation.ts';
import {
  forgetPasswordSchema,
  loginSchema,
  refreshSchema,
  registerSchema,
  resendOtpSchema,
  resetPasswordSchema,
  verifyOtpSchema,
  type ForgetPasswordInput,
  type LoginInput,
  type RefreshInput,
  type RegisterInput,
  type ResendOtpInput,
  type ResetPasswordInput,
  type VerifyOtpInput,
} from './auth.validation.ts';
import type { NormalizedEmail } from './email.ts';
import { otpEmail, registrationAttemptEmail } from './emails.ts';
import type { OtpModule } from './otp.rules.ts';
import type { OtpStore, SendOutcome } from './otp.store.ts';
import type { PasswordService } from './passwords.ts';

export interface CodeSent {
  message: string;
  /** Sends left for this module in the current 24 h window. */
  attemptsRemaining: number;
}

export interface Session extends IssuedSession {
  message: string;
  user: User;
}

export interface AuthDependencies {
  db: Database;
  otp: OtpStore;
  passwords: PasswordService;
  sessions: SessionService;
  mailer: Mailer;
  codeTtlSeconds: number;
  /** Sends, wrong codes and blocks, for metrics. */
  otpEvents?: OtpEvents;
}

const MODULE_LABEL: Record<OtpModule, string> = {
  register: 'registration',
  login: 'login',
  forgetpassword: 'password reset',
};

const INVALID_CREDENTIALS = 'Invalid email or password';
const ALREADY_USED = 'This code has already been used';

function blockedError(module: OtpModule, retryAfterSeconds: number): AppError {
  const minutes = Math.ceil(retryAfterSeconds / 60);
  return AppError.tooManyRequests(
    `Too many ${MODULE_LABEL[module]} attempts for this email; try again in ${minutes} minute${minutes === 1 ? '' : 's'}`,
    retryAfterSeconds,
  );
}

/**
 * Remembers how long a mail takes to send, so that a request that sends none (an unknown email)
 * can take about as long as one that does.
 */
class SendDurationAverage {
  private averageMs = 0;

  record(ms: number): void {
    this.averageMs = this.averageMs === 0 ? ms : this.averageMs * 0.8 + ms * 0.2;
  }

  get ms(): number {
    return this.averageMs;
  }
}

export class AuthService {
  private readonly sendDuration = new SendDurationAverage();
  private readonly otpEvents: OtpEvents;

  constructor(private readonly deps: AuthDependencies) {
    this.otpEvents = deps.otpEvents ?? ignoredOtpEvents;
  }

  /** SPEC: register sends a code; a second register of a pending account replaces its details. */
  async register(input: RegisterInput): Promise<CodeSent> {
    const { email, password, firstName, lastName } = parseInput(registerSchema, input);
    this.deps.passwords.checkPolicy(password, 'password');
    // Hashed whatever the account's state, so that an existing account answers as fast as a new one.
    const passwordHash = await this.deps.passwords.hash(password);
    const existing = await this.findByEmail(email);

    if (existing?.isActive) {
      // No enumeration: the same counters and answer; the owner is told instead of sent a code.
      const outcome = await this.deliver('register', email, null, registrationAttemptEmail(email));
      return { message: 'OTP sent successfully', attemptsRemaining: outcome };
    }

    const code = this.deps.otp.generateCode();
    const reserved = await this.reserve('register', email, code);
    try {
      await this.savePendingAccount({ email, passwordHash, firstName, lastName });
    } catch (error) {
      await this.deps.otp.refundSend('register', email, code);
      throw error;
    }
    await this.send('register', email, code, this.codeEmail('register', email, code, firstName));
    this.otpEvents.codeSent('register');
    return { message: 'OTP sent successfully', attemptsRemaining: reserved };
  }

  /** SPEC: login checks the password, then sends a login code; the token comes from verifyOtp. */
  async login(input: LoginInput): Promise<CodeSent> {
    const { email, password } = parseInput(loginSchema, input);
    // While blocked, no password is checked: a block also stops guessing passwords.
    await this.refuseIfBlocked('login', email);
    const user = await this.findByEmail(email);
    const passwordMatches = user
      ? await this.deps.passwords.verify(password, user.passwordHash)
      : await this.deps.passwords.verifyAgainstDummy(password);
    if (!user || !passwordMatches) throw new AppError('INVALID_CREDENTIALS', INVALID_CREDENTIALS);
    if (!user.isActive) {
      throw new AppError(
        'ACCOUNT_NOT_VERIFIED',
        'This account is not verified yet: enter the code sent at registration',
      );
    }
    const code = this.deps.otp.generateCode();
    const attemptsRemaining = await this.deliver(
      'login',
      email,
      code,
      this.codeEmail('login', email, code, user.firstName),
    );
    return { message: 'Login OTP sent successfully', attemptsRemaining };
  }

  /** SPEC: verify a register code (activates the account) or a login code; both return a token. */
  async verifyOtp(input: VerifyOtpInput): Promise<Session> {
    const { email, code, module } = parseInput(verifyOtpSchema, input);
    await this.checkCode(module, email, code);
    const user =
      module === 'register'
        ? await this.activate(email)
        : await this.deps.db.user.findUnique({ where: { email, isActive: true } });
    // A code is only ever stored for an account in the right state; one deleted meanwhile is gone.
    if (!user) throw new AppError('INVALID_OTP', 'Invalid or expired code', { attemptsRemaining: 0 });
    return {
      message: module === 'register' ? 'Account verified successfully' : 'Login successful',
      ...(await this.deps.sessions.start(user)),
      user,
    };
  }

  /** Rotates a refresh token: a new access token and a new refresh token. */
  async refresh(input: RefreshInput): Promise<Session> {
    const { refreshToken } = parseInput(refreshSchema, input);
    const { userId, ...session } = await this.deps.sessions.refresh(refreshToken);
    const user = await this.deps.db.user.findUniqueOrThrow({ where: { id: userId } });
    return { message: 'Session refreshed', ...session, user };
  }

  /** SPEC: a resend counts with the requests against the module's 3 sends. */
  async resendOtp(input: ResendOtpInput): Promise<CodeSent> {
    const { email, module } = parseInput(resendOtpSchema, input);
    const user = await this.findByEmail(email);
    // Who gets a new code: a pending registration, an active account resetting its password,
    // and a login whose password step passed (its code is still pending). Everyone else is
    // counted and answered alike, and sent nothing.
    const eligible =
      module === 'register'
        ? user !== null && !user.isActive
        : user !== null &&
          user.isActive &&
          (module === 'forgetpassword' || (await this.deps.otp.hasPendingCode('login', email)));
    const code = eligible ? this.deps.otp.generateCode() : null;
    const mail = code && user ? this.codeEmail(module, email, code, user.firstName) : null;
    const attemptsRemaining = await this.deliver(module, email, code, mail);
    return { message: 'OTP resent successfully', attemptsRemaining };
  }

  /** SPEC: forget-password answers alike for known and unknown emails, with the same counters. */
  async forgetPassword(input: ForgetPasswordInput): Promise<CodeSent> {
    const { email } = parseInput(forgetPasswordSchema, input);
    const user = await this.findByEmail(email);
    const eligible = user?.isActive === true;
    const code = eligible ? this.deps.otp.generateCode() : null;
    const mail = code && user ? this.codeEmail('forgetpassword', email, code, user.firstName) : null;
    const attemptsRemaining = await this.deliver('forgetpassword', email, code, mail);
    return { message: 'Password reset OTP sent successfully', attemptsRemaining };
  }

  /** SPEC: reset with the emailed code; every token issued before is revoked. */
  async resetPassword(input: ResetPasswordInput): Promise<{ message: string }> {
    const { email, code, newPassword } = parseInput(resetPasswordSchema, input);
    this.deps.passwords.checkPolicy(newPassword, 'newPassword');
    await this.checkCode('forgetpassword', email, code);
    const passwordHash = await this.deps.passwords.hash(newPassword);
    const user = await this.deps.db.user.findUnique({ where: { email, isActive: true }, select: { id: true } });
    if (!user) throw new AppError('INVALID_OTP', 'Invalid or expired code', { attemptsRemaining: 0 });
    await this.deps.db.user.update({ where: { id: user.id }, data: { passwordHash } });
    // Whoever knew the old password may hold sessions: end them all.
    await this.deps.sessions.logoutAll(user.id);
    return { message: 'Password reset successfully' };
  }

  private findByEmail(email: string): Promise<User | null> {
    return this.deps.db.user.findUnique({ where: { email } });
  }

  private async refuseIfBlocked(module: OtpModule, email: NormalizedEmail): Promise<void> {
    const retryAfterSeconds = await this.deps.otp.blockedFor(module, email);
    if (retryAfterSeconds !== null) throw blockedError(module, retryAfterSeconds);
  }

  private async checkCode(module: OtpModule, email: NormalizedEmail, code: string): Promise<void> {
    const outcome = await this.deps.otp.verify(module, email, code);
    if (outcome.status === 'blocked') {
      if (outcome.blockStarted) {
        // The wrong code that sets the block is a wrong code too.
        this.otpEvents.wrongCode(module);
        this.otpEvents.blockStarted(module, 'wrong_codes');
      }
      throw blockedError(module, outcome.retryAfterSeconds);
    }
    if (outcome.status === 'invalid') {
      this.otpEvents.wrongCode(module);
      throw new AppError('INVALID_OTP', 'Invalid or expired code', { attemptsRemaining: outcome.attemptsRemaining });
    }
    if (outcome.status === 'alreadyUsed') {
      // Issue 12 item 13: a retried correct code is not a wrong guess (no metric, nothing counted). The
      // seed's 401 INVALID_OTP, so every client already handles it; the message tells the two apart.
      throw new AppError('INVALID_OTP', ALREADY_USED, { attemptsRemaining: outcome.attemptsRemaining });
    }
  }

  private async reserve(module: OtpModule, email: NormalizedEmail, code: string | null): Promise<number> {
    const outcome: SendOutcome = await this.deps.otp.reserveSend(module, email, code);
    if (outcome.status === 'blocked') {
      if (outcome.blockStarted) this.otpEvents.blockStarted(module, 'sends');
      throw blockedError(module, outcome.retryAfterSeconds);
    }
    return outcome.attemptsRemaining;
  }

  /** Counts the send, then mails `mail` (or, with none, waits about as long as a mail takes). */
  private async deliver(
    module: OtpModule,
    email: NormalizedEmail,
    code: string | null,
    mail: MailMessage | null,
  ): Promise<number> {
    const attemptsRemaining = await this.reserve(module, email, code);
    if (mail) await this.send(module, email, code, mail);
    else await delay(this.sendDuration.ms);
    // Counted whether or not a code went out: the answer is the same, and so must the metric be.
    this.otpEvents.codeSent(module);
    return attemptsRemaining;
  }

  /** SPEC: a send that fails does not use up an attempt (and answers 503). */
  private async send(module: OtpModule, email: NormalizedEmail, code: string | null, mail: MailMessage): Promise<void> {
    const started = performance.now();
    try {
      await this.deps.mailer.send(mail);
    } catch (error) {
      await this.deps.otp.refundSend(module, email, code);
      throw error;
    }
    this.sendDuration.record(performance.now() - started);
  }

  private codeEmail(module: OtpModule, email: string, code: string, firstName: string): MailMessage {
    return otpEmail(module, email, code, {
      expiresInMinutes: Math.ceil(this.deps.codeTtlSeconds / 60),
      firstName,
    });
  }

  /** Creates the inactive account, or replaces the details of one still pending. */
  private async savePendingAccount(data: {
    email: string;
    passwordHash: string;
    firstName: string;
    lastName: string;
  }): Promise<void> {
    const { count } = await this.deps.db.user.updateMany({ where: { email: data.email, isActive: false }, data });
    if (count > 0) return;
    try {
      await this.deps.db.user.create({ data: { ...data, isActive: false } });
    } catch (error) {
      // Registered at the same moment by another request: theirs stands, this one's code still counts.
      if (!isUniqueViolation(error)) throw error;
    }
  }

  private async activate(email: string): Promise<User | null> {
    await this.deps.db.user.updateMany({ where: { email, isActive: false }, data: { isActive: true } });
    return this.deps.db.user.findUnique({ where: { email, isActive: true } });
  }
}
