// The email rule (SPEC "Data": stored lower-cased and trimmed) and its brand: the schema's output is
// the NormalizedEmail the OTP keys take, and the checks run on the normalised form.
import { describe, expect, it } from 'vitest';
import { normalizeEmail, type NormalizedEmail } from '../../src/modules/auth/email.ts';
import { emailSchema } from '../../src/modules/auth/auth.validation.ts';
import { otpKeys } from '../../src/modules/auth/otp.rules.ts';
import { parseInput } from '../../src/lib/validation.ts';

const parseEmail = (input: unknown): NormalizedEmail => parseInput(emailSchema, input, 'email');

describe('emailSchema', () => {
  it('answers the normalised email, which the OTP keys take as it is', () => {
    const email = parseEmail('  Ann.Lee@Example.COM ');
    expect(email).toBe('ann.lee@example.com');
    expect(email).toBe(normalizeEmail('Ann.Lee@example.com'));
    expect(otpKeys('register', email).code).toBe('otp:register:{ann.lee@example.com}');
  });

  it('names the field: missing, not a string, too long (counted once trimmed), not an email', () => {
    expect(() => parseEmail(undefined)).toThrow('email is required');
    expect(() => parseEmail(42)).toThrow('email is required');
    const local = 'a'.repeat(64);
    const longest = `${local}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(58)}.io`;
    expect(longest).toHaveLength(254);
    expect(parseEmail(`  ${longest}  `)).toBe(longest);
    expect(() => parseEmail(`${longest}x`)).toThrow('email must be at most 254 characters');
    expect(() => parseEmail('not-an-email')).toThrow('email must be a valid email address');
  });
});
