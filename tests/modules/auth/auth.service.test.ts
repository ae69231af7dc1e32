// AuthService's own rules, called directly over this file's database, Redis key prefix and SMTP
// sink: what each step stores and mails, the answers that must not tell whether an email has an
// account, and the field named by bad input. The OTP counters and blocks themselves are proven
// at store level (tests/auth/otp-store.test.ts) and over REST (tests/auth/otp-rules.test.ts).
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { appError, expectInvalidInput, useTestServices } from '../../support/services.ts';

const { t, services } = useTestServices({ smtp: true });
const PASSWORD = 'correct horse battery staple';
const NEW_PASSWORD = 'a brand new passphrase for me';

const newEmail = () => `auth-${randomUUID()}@example.com`;
const register = (email: string, firstName = 'Ann') =>
  services.auth.register({ email, password: PASSWORD, firstName, lastName: 'Example' });

/** Registered and verified through the service: an active account with PASSWORD. */
async function activeAccount(email = newEmail()) {
  await register(email);
  const { user } = await services.auth.verifyOtp({ email, code: t.smtp.lastCodeFor(email), module: 'register' });
  return user;
}

/** How many mails `email` was sent so far. */
const mailsTo = (email: string) => t.smtp.mailsTo(email).length;

describe('register', () => {
  it('stores the email lower-cased and trimmed, the account inactive, the password hashed; mails the code there', async () => {
    const email = newEmail();
    const answer = await register(`  ${email.toUpperCase()} `);
    expect(answer).toEqual({ message: 'OTP sent successfully', attemptsRemaining: 2 });
    const user = await t.db.user.findUniqueOrThrow({ where: { email } });
    expect(user).toMatchObject({ isActive: false, firstName: 'Ann', lastName: 'Example' });
    expect(user.passwordHash).not.toContain(PASSWORD);
    expect(user.passwordHash).toMatch(/^\$2[aby]\$/);
    expect(t.smtp.lastCodeFor(email)).toMatch(/^\d{6}$/);
  });

  it('a second register of a pending account replaces its details: still one account', async () => {
    const email = newEmail();
    await register(email, 'Ann');
    const first = await t.db.user.findUniqueOrThrow({ where: { email } });
    await register(email, 'Annie');
    const second = await t.db.user.findUniqueOrThrow({ where: { email } });
    expect(second).toMatchObject({ id: first.id, firstName: 'Annie', isActive: false });
    expect(second.passwordHash).not.toBe(first.passwordHash);
    expect(await t.db.user.count({ where: { email } })).toBe(1);
  });

  it('on an active account answers and counts alike, mails the owner no code, and changes nothing', async () => {
    const user = await activeAccount();
    const mailsBefore = mailsTo(user.email);
    expect(await register(user.email, 'Mallory')).toEqual({ message: 'OTP sent successfully', attemptsRemaining: 2 });
    expect(await register(user.email, 'Mallory')).toEqual({ message: 'OTP sent successfully', attemptsRemaining: 1 });
    const told = t.smtp.mailsTo(user.email).slice(mailsBefore);
    expect(told).toHaveLength(2);
    for (const mail of told) {
      expect(mail.subject).toContain('Someone tried to register with your email address');
      expect(mail.text).not.toMatch(/\b\d{6}\b/);
    }
    expect(await t.db.user.findUniqueOrThrow({ where: { id: user.id } })).toEqual(user);
  });

  it('bad input names the field and stores nothing', async () => {
    const email = newEmail();
    const input = { email, password: PASSWORD, firstName: 'Ann', lastName: 'Example' };
    await expectInvalidInput(
      services.auth.register({ ...input, email: 'not-an-email' }),
      'email',
      'must be a valid email address',
    );
    await expectInvalidInput(services.auth.register({ ...input, firstName: ' ' }), 'firstName', 'must not be empty');
    await expectInvalidInput(
      services.auth.register({ ...input, password: 'short' }),
      'password',
      'must be at least 8 characters',
    );
    expect(await t.db.user.count({ where: { email } })).toBe(0);
    expect(mailsTo(email)).toBe(0);
  });
});

describe('login', () => {
  it('an unknown email and a wrong password fail alike: INVALID_CREDENTIALS, and no mail', async () => {
    const user = await activeAccount();
    const mailsBefore = mailsTo(user.email);
    const wrong = await appError(services.auth.login({ email: user.email, password: NEW_PASSWORD }));
    const unknown = await appError(services.auth.login({ email: newEmail(), password: PASSWORD }));
    expect({ code: wrong.code, message: wrong.message }).toEqual({
      code: 'INVALID_CREDENTIALS',
      message: 'Invalid email or password',
    });
    expect({ code: unknown.code, message: unknown.message }).toEqual({ code: wrong.code, message: wrong.message });
    expect(mailsTo(user.email)).toBe(mailsBefore);
  });

  it('a pending account with the right password is ACCOUNT_NOT_VERIFIED, and gets no login code', async () => {
    const email = newEmail();
    await register(email);
    const error = await appError(services.auth.login({ email, password: PASSWORD }));
    expect(error.code).toBe('ACCOUNT_NOT_VERIFIED');
    expect(mailsTo(email)).toBe(1);
  });

  it('the login code verifies into a session for the active user', async () => {
    const user = await activeAccount();
    expect(await services.auth.login({ email: user.email, password: PASSWORD })).toEqual({
      message: 'Login OTP sent successfully',
      attemptsRemaining: 2,
    });
    const session = await services.auth.verifyOtp({
      email: user.email,
      code: t.smtp.lastCodeFor(user.email),
      module: 'login',
    });
    expect(session).toMatchObject({ message: 'Login successful', user: { id: user.id }, tokenType: 'bearer' });
    expect(services.tokens.verifyAccessToken(session.accessToken)).toMatchObject({ userId: user.id });
  });
});

describe('verifyOtp', () => {
  it('a register code activates the account and starts a session', async () => {
    const email = newEmail();
    await register(email);
    const session = await services.auth.verifyOtp({ email, code: t.smtp.lastCodeFor(email), module: 'register' });
    expect(session).toMatchObject({ message: 'Account verified successfully', user: { email, isActive: true } });
    expect(await t.db.session.count({ where: { userId: session.user.id, revokedAt: null } })).toBe(1);
  });

  it('a right code for an account deleted meanwhile is INVALID_OTP with no attempts left, and no session', async () => {
    const user = await activeAccount();
    await services.auth.login({ email: user.email, password: PASSWORD });
    const code = t.smtp.lastCodeFor(user.email);
    await t.db.user.delete({ where: { id: user.id } });
    const error = await appError(services.auth.verifyOtp({ email: user.email, code, module: 'login' }));
    expect({ code: error.code, attemptsRemaining: error.attemptsRemaining }).toEqual({
      code: 'INVALID_OTP',
      attemptsRemaining: 0,
    });
    expect(await t.db.session.count({ where: { userId: user.id } })).toBe(0);
  });

  it('bad input names the field: the code, and a forgetpassword module (its code goes to resetPassword)', async () => {
    const email = newEmail();
    await expectInvalidInput(
      services.auth.verifyOtp({ email, code: '12345', module: 'register' }),
      'code',
      'must be the 6 digits sent by email',
    );
    await expectInvalidInput(
      services.auth.verifyOtp({ email, code: '123456', module: 'forgetpassword' }),
      'module',
      'must be register or login (a forgetpassword code is used with resetPassword)',
    );
    await expectInvalidInput(
      services.auth.resendOtp({ email, module: 'signup' }),
      'module',
      'must be one of: register, login, forgetpassword',
    );
  });
});

describe('resendOtp and forgetPassword', () => {
  it('a login resend without a pending login code counts, answers alike, and sends nothing', async () => {
    const user = await activeAccount();
    const mailsBefore = mailsTo(user.email);
    expect(await services.auth.resendOtp({ email: user.email, module: 'login' })).toEqual({
      message: 'OTP resent successfully',
      attemptsRemaining: 2,
    });
    expect(mailsTo(user.email)).toBe(mailsBefore);
    // Once the password step has passed, a resend sends a new code, counted with the request.
    await services.auth.login({ email: user.email, password: PASSWORD });
    expect(await services.auth.resendOtp({ email: user.email, module: 'login' })).toEqual({
      message: 'OTP resent successfully',
      attemptsRemaining: 0,
    });
    expect(mailsTo(user.email)).toBe(mailsBefore + 2);
    const resent = t.smtp.lastCodeFor(user.email);
    await services.auth.verifyOtp({ email: user.email, code: resent, module: 'login' });
  });

  it('forgetPassword answers an unknown email as it answers a known one, and mails nothing there', async () => {
    const user = await activeAccount();
    const unknown = newEmail();
    const forKnown = await services.auth.forgetPassword({ email: user.email });
    const forUnknown = await services.auth.forgetPassword({ email: unknown });
    expect(forKnown).toEqual({ message: 'Password reset OTP sent successfully', attemptsRemaining: 2 });
    expect(forUnknown).toEqual(forKnown);
    expect(t.smtp.lastCodeFor(user.email)).toMatch(/^\d{6}$/);
    expect(mailsTo(unknown)).toBe(0);
  });
});

describe('resetPassword', () => {
  it('a new password that fails the policy names newPassword and leaves the code usable', async () => {
    const user = await activeAccount();
    await services.auth.forgetPassword({ email: user.email });
    const code = t.smtp.lastCodeFor(user.email);
    await expectInvalidInput(
      services.auth.resetPassword({ email: user.email, code, newPassword: 'short' }),
      'newPassword',
      'must be at least 8 characters',
    );
    expect(await services.auth.resetPassword({ email: user.email, code, newPassword: NEW_PASSWORD })).toEqual({
      message: 'Password reset successfully',
    });
  });

  it('changes the password and ends every session of the account', async () => {
    const user = await activeAccount();
    const before = await t.db.user.findUniqueOrThrow({ where: { id: user.id } });
    await services.auth.forgetPassword({ email: user.email });
    await services.auth.resetPassword({
      email: user.email,
      code: t.smtp.lastCodeFor(user.email),
      newPassword: NEW_PASSWORD,
    });

    const after = await t.db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after.tokenVersion).toBe(before.tokenVersion + 1);
    expect(await t.db.session.count({ where: { userId: user.id, revokedAt: null } })).toBe(0);
    expect((await appError(services.auth.login({ email: user.email, password: PASSWORD }))).code).toBe(
      'INVALID_CREDENTIALS',
    );
    expect(await services.auth.login({ email: user.email, password: NEW_PASSWORD })).toMatchObject({
      message: 'Login OTP sent successfully',
    });
  });
});
