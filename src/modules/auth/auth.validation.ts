// Input rules of the auth flow. Field names are the GraphQL argument names; the REST layer
// renames them to the seed's snake_case in its one translation step.
import { z } from 'zod';
import { text, type Untrusted } from '../../lib/validation.ts';
import { normalizeEmail } from './email.ts';
import { OTP_MODULES } from './otp.rules.ts';

const emailFormat = z.email();

/** Stored lower-cased and trimmed (SPEC "Data"), so one person is one account; checked once normalised. */
export const emailSchema = z
  .string({ error: 'is required' })
  .transform(normalizeEmail)
  // Refinements keep the NormalizedEmail type; the first failure is the one reported.
  .refine((email) => email.length <= 254, { error: 'must be at most 254 characters', abort: true })
  .refine((email) => emailFormat.safeParse(email).success, { error: 'must be a valid email address' });

export const codeSchema = z
  .string({ error: 'is required' })
  .trim()
  .regex(/^\d{6}$/, { error: 'must be the 6 digits sent by email' });

/** Checked in full by PasswordService.checkPolicy; here only its presence. */
const passwordInput = z.string({ error: 'is required' }).min(1, { error: 'is required' });

const moduleSchema = z.enum(OTP_MODULES, { error: `must be one of: ${OTP_MODULES.join(', ')}` });

export const NAME_MAX = 100;

export const registerSchema = z.object({
  email: emailSchema,
  password: passwordInput,
  firstName: text(NAME_MAX),
  lastName: text(NAME_MAX),
});

export const loginSchema = z.object({ email: emailSchema, password: passwordInput });

export const verifyOtpSchema = z.object({
  email: emailSchema,
  code: codeSchema,
  // A reset code is spent by resetPassword, together with the new password.
  module: z.enum(['register', 'login'], {
    error: 'must be register or login (a forgetpassword code is used with resetPassword)',
  }),
});

export const resendOtpSchema = z.object({ email: emailSchema, module: moduleSchema });

export const forgetPasswordSchema = z.object({ email: emailSchema });

export const resetPasswordSchema = z.object({ email: emailSchema, code: codeSchema, newPassword: passwordInput });

export const refreshSchema = z.object({
  refreshToken: z.string({ error: 'is required' }).trim().min(1, { error: 'is required' }),
});

export type RefreshInput = Untrusted<z.input<typeof refreshSchema>>;
export type RegisterInput = Untrusted<z.input<typeof registerSchema>>;
export type LoginInput = Untrusted<z.input<typeof loginSchema>>;
export type VerifyOtpInput = Untrusted<z.input<typeof verifyOtpSchema>>;
export type ResendOtpInput = Untrusted<z.input<typeof resendOtpSchema>>;
export type ForgetPasswordInput = Untrusted<z.input<typeof forgetPasswordSchema>>;
export type ResetPasswordInput = Untrusted<z.input<typeof resetPasswordSchema>>;
