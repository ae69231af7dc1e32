// The same auth flow as GraphQL mutations (camelCase), and the one-auth-mutation-per-request rule.
// The flow goes through the SDK client; the rule's tests send raw documents (see there why).
import { describe, expect, it } from 'vitest';
import {
  ForgetPasswordDocument,
  LoginDocument,
  LogoutAllDocument,
  LogoutDocument,
  MeDocument,
  RefreshDocument,
  RegisterDocument,
  ResetPasswordDocument,
  VerifyOtpDocument,
} from '../../src/sdk/index.ts';
import { requestError, useSdkTestApp } from '../support/sdk.ts';

const PASSWORD = 'correct horse battery staple';

const t = useSdkTestApp({ smtp: true });
const { smtp } = t;

describe('the auth flow over GraphQL', () => {
  it('register → verifyOtp → login → verifyOtp → me → forgetPassword → resetPassword', async () => {
    const email = 'ann.lee@example.com';
    const api = t.sdk();
    const registered = await api.request(RegisterDocument, {
      email: ' Ann.Lee@Example.com ',
      password: PASSWORD,
      firstName: 'Ann',
      lastName: 'Lee',
    });
    expect(registered.register).toEqual({ message: 'OTP sent successfully', attemptsRemaining: 2 });

    // request() resolves only for an answer without errors.
    const activated = await api.request(VerifyOtpDocument, { email, code: smtp.lastCodeFor(email) });
    expect(activated.verifyOtp).toMatchObject({
      message: 'Account verified successfully',
      tokenType: 'bearer',
      expiresIn: 1800,
      user: { email, firstName: 'Ann', lastName: 'Lee', isActive: true },
    });

    const login = await api.request(LoginDocument, { email, password: PASSWORD });
    expect(login.login).toEqual({ message: 'Login OTP sent successfully', attemptsRemaining: 2 });
    const session = await api.request(VerifyOtpDocument, { email, code: smtp.lastCodeFor(email), module: 'login' });
    const token = session.verifyOtp.accessToken;
    expect(token).toEqual(expect.any(String));

    api.setToken(token);
    const me = await api.request(MeDocument);
    expect(me.me).toEqual({
      id: activated.verifyOtp.user.id,
      email,
      firstName: 'Ann',
      lastName: 'Lee',
      isActive: true,
      createdAt: expect.any(String),
    });

    api.setToken(null);
    const forgot = await api.request(ForgetPasswordDocument, { email });
    expect(forgot.forgetPassword).toEqual({
      message: 'Password reset OTP sent successfully',
      attemptsRemaining: 2,
    });
    const reset = await api.request(ResetPasswordDocument, {
      email,
      code: smtp.lastCodeFor(email),
      newPassword: 'another long passphrase',
    });
    expect(reset.resetPassword).toEqual({ message: 'Password reset successfully' });

    api.setToken(token);
    const stale = await requestError(api.request(MeDocument));
    expect(stale.status).toBe(401);
    expect(stale.errors[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refresh rotates the session; logout and logoutAll end sessions', async () => {
    const email = 'sessions@example.com';
    const api = t.sdk();
    await api.request(RegisterDocument, { email, password: PASSWORD, firstName: 'Ses', lastName: 'Sion' });
    const { verifyOtp } = await api.request(VerifyOtpDocument, { email, code: smtp.lastCodeFor(email) });
    expect(verifyOtp.refreshToken).toEqual(expect.any(String));
    expect(verifyOtp.refreshExpiresIn).toBeGreaterThan(0);

    const { refresh } = await api.request(RefreshDocument, { refreshToken: verifyOtp.refreshToken });
    expect(refresh).toMatchObject({ tokenType: 'bearer', user: { id: verifyOtp.user.id, email } });
    expect(refresh.refreshToken).not.toBe(verifyOtp.refreshToken);

    api.setToken(refresh.accessToken);
    expect((await api.request(LogoutDocument)).logout).toEqual({ message: 'Logged out' });
    const loggedOut = await requestError(api.request(MeDocument));
    expect(loggedOut.status).toBe(401);
    expect(loggedOut.code).toBe('UNAUTHENTICATED');

    api.setToken(null);
    await api.request(LoginDocument, { email, password: PASSWORD });
    const second = await api.request(VerifyOtpDocument, { email, code: smtp.lastCodeFor(email), module: 'login' });
    api.setToken(second.verifyOtp.accessToken);
    expect((await api.request(LogoutAllDocument)).logoutAll).toEqual({ message: 'Logged out of every session' });
    expect((await requestError(api.request(MeDocument))).code).toBe('UNAUTHENTICATED');
  });

  it('answers errors with a code and the field', async () => {
    const api = t.sdk();
    const weak = await requestError(
      api.request(RegisterDocument, {
        email: 'weak@example.com',
        password: 'password123',
        firstName: 'Ann',
        lastName: 'Lee',
      }),
    );
    expect(weak.status).toBe(400);
    expect(weak.errors[0]).toMatchObject({
      message: 'password is one of the most common passwords; choose another',
      extensions: { code: 'BAD_USER_INPUT', field: 'password' },
    });
    const wrong = await requestError(api.request(VerifyOtpDocument, { email: 'nobody@example.com', code: '123456' }));
    expect(wrong.status).toBe(401);
    expect(wrong.errors[0]?.extensions).toMatchObject({ code: 'INVALID_OTP', attemptsRemaining: 4 });
  });
});

describe('a code sent again after its success', () => {
  it('answers INVALID_OTP "This code has already been used", counts no wrong guess, and never blocks', async () => {
    const email = 'double.submit@example.com';
    const api = t.sdk();
    await api.request(RegisterDocument, { email, password: PASSWORD, firstName: 'Dou', lastName: 'Ble' });
    const code = smtp.lastCodeFor(email);
    await api.request(VerifyOtpDocument, { email, code });
    for (let i = 0; i < 6; i++) {
      const again = await requestError(api.request(VerifyOtpDocument, { email, code }));
      expect(again.status).toBe(401);
      expect(again.errors[0]).toMatchObject({
        message: 'This code has already been used',
        extensions: { code: 'INVALID_OTP', attemptsRemaining: 5 },
      });
    }
    expect(await t.redis.exists(`wrong_otp_attempts:{${email}}:register`)).toBe(0);
    // Not blocked: login goes on.
    expect((await api.request(LoginDocument, { email, password: PASSWORD })).login.attemptsRemaining).toBe(2);
  });
});

describe('one auth mutation per request', () => {
  it('refuses 100 aliased verifyOtp before any runs', async () => {
    // Raw document on purpose: the SDK has exactly one operation, with one root field, per
    // document, so it cannot express the 100-alias batch this rule exists to refuse.
    const email = 'batch@example.com';
    const aliases = Array.from(
      { length: 100 },
      (_, index) =>
        `a${index}: verifyOtp(email: "${email}", code: "${String(index).padStart(6, '0')}") { accessToken }`,
    );
    const { status, data, errors } = await t.graphql(`mutation { ${aliases.join('\n')} }`);
    expect(status).toBe(400);
    expect(data).toBeUndefined();
    // The alias limit refuses it too; the auth rule must be among the reasons either way.
    expect(errors?.map((error) => error.message)).toContainEqual(
      expect.stringMatching(/at most one of: register, verifyOtp/),
    );
    // Nothing ran: not one wrong guess was counted.
    expect(await t.redis.exists(`wrong_otp_attempts:{${email}}:register`)).toBe(0);
  });

  it('counts auth mutations hidden in fragments', async () => {
    // Raw document on purpose: two auth mutations hidden in a fragment and an inline fragment is
    // a hand-crafted attack shape, not an operation of the SDK.
    const document = `
      mutation { ...One ... on Mutation { forgetPassword(email: "f@example.com") { message } } }
      fragment One on Mutation { login(email: "f@example.com", password: "x") { message } }`;
    const { status, errors } = await t.graphql(document);
    expect(status).toBe(400);
    expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await t.redis.exists('otp_limit:forgetpassword:{f@example.com}')).toBe(0);
  });

  it('allows a request with a single auth mutation', async () => {
    // request() resolves only for an answer without errors.
    const { forgetPassword } = await t.sdk().request(ForgetPasswordDocument, { email: 'solo@example.com' });
    expect(forgetPassword.attemptsRemaining).toEqual(expect.any(Number));
  });
});
