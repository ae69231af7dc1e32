// Fixed-set inputs (SPEC Part 2, "Decisions"; src/graphql/fixed-set.ts): OtpModule takes a quoted
// or a bare value, and a variable declared `$module: OtpModule!`; an unknown value is
// BAD_USER_INPUT naming the field and listing the values, in GraphQL and over REST.
import { readFileSync } from 'node:fs';
import { isEnumType, isScalarType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../../src/schema.ts';
import { OTP_MODULES } from '../../src/modules/auth/otp.rules.ts';
import { useTestApp } from '../support/test-app.ts';

const t = useTestApp();

const email = 'nobody@example.com';
const ALLOWED = `must be one of: ${OTP_MODULES.join(', ')}`;

describe('OtpModule', () => {
  it.each([
    ['quoted', 'module: "login"'],
    ['bare', 'module: login'],
  ])('takes a %s value', async (_spelling, argument) => {
    // A wrong code for an unknown email: the argument was taken, the service answered.
    const verify = await t.graphql(
      `mutation { verifyOtp(email: "${email}", code: "123456", ${argument}) { message } }`,
    );
    expect(verify.errors?.[0]?.extensions?.code).toBe('INVALID_OTP');
    const resend = await t.graphql(
      `mutation { resendOtp(email: "${email}", ${argument.replace('login', 'forgetpassword')}) { message } }`,
    );
    expect(resend.errors).toBeUndefined();
    expect(resend.data?.resendOtp).toMatchObject({ message: expect.any(String) });
  });

  it('takes a variable declared OtpModule!, and the default when it is left out', async () => {
    const withVariable = await t.graphql(
      'mutation ($module: OtpModule!) { verifyOtp(email: "nobody@example.com", code: "123456", module: $module) { message } }',
      { variables: { module: 'login' } },
    );
    expect(withVariable.errors?.[0]?.extensions?.code).toBe('INVALID_OTP');
    const withDefault = await t.graphql(`mutation { verifyOtp(email: "${email}", code: "123456") { message } }`);
    expect(withDefault.errors?.[0]?.extensions?.code).toBe('INVALID_OTP');
  });

  it.each([
    ['a quoted unknown value', 'module: "signup"'],
    ['a bare unknown value', 'module: signup'],
    ['a number', 'module: 3'],
  ])('answers 400 BAD_USER_INPUT naming the field for %s', async (_case, argument) => {
    const { status, data, errors } = await t.graphql(
      `mutation { resendOtp(email: "${email}", ${argument}) { message } }`,
    );
    expect(status).toBe(400);
    expect(data).toBeUndefined();
    expect(errors).toEqual([
      {
        message: `module ${ALLOWED}`,
        locations: [{ line: 1, column: expect.any(Number) }],
        extensions: { code: 'BAD_USER_INPUT', field: 'module' },
      },
    ]);
  });

  it('answers 400 BAD_USER_INPUT naming the variable for an unknown value in variables', async () => {
    const { status, errors } = await t.graphql(
      'mutation ($module: OtpModule!) { resendOtp(email: "nobody@example.com", module: $module) { message } }',
      { variables: { module: 'signup' } },
    );
    expect(status).toBe(400);
    expect(errors).toMatchObject([
      { message: `module ${ALLOWED}`, extensions: { code: 'BAD_USER_INPUT', field: 'module' } },
    ]);
  });

  it('answers the same over REST, in the route’s names', async () => {
    const response = await t.fetch('/auth/resend-otp', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, module: 'signup' }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ code: 'BAD_USER_INPUT', message: `module ${ALLOWED}`, field: 'module' });
  });
});

describe('the schema and the SDK', () => {
  it('print OtpModule as a scalar listing its values; output fields stay enums', () => {
    const type = schema.getType('OtpModule');
    expect(isScalarType(type)).toBe(true);
    expect(type?.description).toContain(`One of: ${OTP_MODULES.join(', ')}`);
    expect(isEnumType(schema.getType('JobStatus'))).toBe(true);
  });

  it('codegen.yml types each fixed-set scalar as the union of its values', () => {
    const line = /^\s*OtpModule:\s*"(.*)"\s*$/m.exec(readFileSync('codegen.yml', 'utf8'))?.[1];
    expect(line?.split('|').map((value) => value.trim().replace(/^'|'$/g, ''))).toEqual([...OTP_MODULES]);
  });
});
