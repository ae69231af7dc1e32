// The same auth flow as GraphQL mutations (camelCase), and the one-auth-mutation-per-request rule.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSmtpServer, type TestSmtpServer } from '../support/smtp-server.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

const PASSWORD = 'correct horse battery staple';

let t: TestApp;
let smtp: TestSmtpServer;

beforeAll(async () => {
  smtp = await startTestSmtpServer();
  t = await createTestApp({ smtpUrl: smtp.url });
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

const REGISTER = `mutation ($email: String!, $password: String!) {
  register(email: $email, password: $password, firstName: "Ann", lastName: "Lee") { message attemptsRemaining }
}`;
const VERIFY = `mutation ($email: String!, $code: String!, $module: OtpModule) {
  verifyOtp(email: $email, code: $code, module: $module) {
    message accessToken tokenType expiresIn user { id email firstName lastName isActive }
  }
}`;

describe('the auth flow over GraphQL', () => {
  it('register → verifyOtp → login → verifyOtp → me → forgetPassword → resetPassword', async () => {
    const email = 'ann.lee@example.com';
    const registered = await t.graphql(REGISTER, { variables: { email: ' Ann.Lee@Example.com ', password: PASSWORD } });
    expect(registered.data?.register).toEqual({ message: 'OTP sent successfully', attemptsRemaining: 2 });

    const activated = await t.graphql(VERIFY, { variables: { email, code: smtp.lastCodeFor(email) } });
    expect(activated.errors).toBeUndefined();
    expect(activated.data?.verifyOtp).toMatchObject({
      message: 'Account verified successfully',
      tokenType: 'bearer',
      expiresIn: 1800,
      user: { email, firstName: 'Ann', lastName: 'Lee', isActive: true },
    });

    const login = await t.graphql(
      `mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { message attemptsRemaining } }`,
      { variables: { email, password: PASSWORD } },
    );
    expect(login.data?.login).toEqual({ message: 'Login OTP sent successfully', attemptsRemaining: 2 });
    const session = await t.graphql(VERIFY, { variables: { email, code: smtp.lastCodeFor(email), module: 'login' } });
    const token = session.data?.verifyOtp.accessToken as string;

    const me = await t.graphql('{ me { email isActive } }', { token });
    expect(me.data?.me).toEqual({ email, isActive: true });

    const forgot = await t.graphql(`mutation { forgetPassword(email: "${email}") { message attemptsRemaining } }`);
    expect(forgot.data?.forgetPassword).toEqual({
      message: 'Password reset OTP sent successfully',
      attemptsRemaining: 2,
    });
    const reset = await t.graphql(
      `mutation ($email: String!, $code: String!) { resetPassword(email: $email, code: $code, newPassword: "another long passphrase") { message } }`,
      { variables: { email, code: smtp.lastCodeFor(email) } },
    );
    expect(reset.data?.resetPassword).toEqual({ message: 'Password reset successfully' });

    const stale = await t.graphql('{ me { email } }', { token });
    expect(stale.status).toBe(401);
    expect(stale.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('answers errors with a code and the field', async () => {
    const weak = await t.graphql(REGISTER, { variables: { email: 'weak@example.com', password: 'password123' } });
    expect(weak.status).toBe(400);
    expect(weak.errors?.[0]).toMatchObject({
      message: 'password is one of the most common passwords; choose another',
      extensions: { code: 'BAD_USER_INPUT', field: 'password' },
    });
    const wrong = await t.graphql(VERIFY, { variables: { email: 'nobody@example.com', code: '123456' } });
    expect(wrong.status).toBe(401);
    expect(wrong.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_OTP', attemptsRemaining: 4 });
  });
});

describe('one auth mutation per request', () => {
  it('refuses 100 aliased verifyOtp before any runs', async () => {
    const email = 'batch@example.com';
    const aliases = Array.from(
      { length: 100 },
      (_, index) =>
        `a${index}: verifyOtp(email: "${email}", code: "${String(index).padStart(6, '0')}") { accessToken }`,
    );
    const { status, data, errors } = await t.graphql(`mutation { ${aliases.join('\n')} }`);
    expect(status).toBe(400);
    expect(data).toBeUndefined();
    expect(errors?.[0]?.message).toMatch(/at most one of: register, verifyOtp/);
    // Nothing ran: not one wrong guess was counted.
    expect(await t.redis.exists(`wrong_otp_attempts:{${email}}:register`)).toBe(0);
  });

  it('counts auth mutations hidden in fragments', async () => {
    const document = `
      mutation { ...One ... on Mutation { forgetPassword(email: "f@example.com") { message } } }
      fragment One on Mutation { login(email: "f@example.com", password: "x") { message } }`;
    const { status, errors } = await t.graphql(document);
    expect(status).toBe(400);
    expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await t.redis.exists('otp_limit:forgetpassword:{f@example.com}')).toBe(0);
  });

  it('allows a request with a single auth mutation', async () => {
    const { errors } = await t.graphql(`mutation { forgetPassword(email: "solo@example.com") { attemptsRemaining } }`);
    expect(errors).toBeUndefined();
  });
});
