// The mails the auth module sends, as plain text and simple, self-contained HTML (no images,
// no external resources). Pure functions: no I/O, so they are easy to test and to preview.
import type { MailMessage } from '../../infra/mailer.ts';
import type { OtpModule } from './otp.rules.ts';

export const PRODUCT_NAME = 'Job Application Tracker';

interface OtpWording {
  /** What the code is called in the subject and the body. */
  name: string;
  /** What the code is for. */
  purpose: string;
}

const OTP_WORDING: Record<OtpModule, OtpWording> = {
  register: {
    name: 'verification code',
    purpose: `Use it to confirm your email address and finish creating your ${PRODUCT_NAME} account.`,
  },
  login: { name: 'login code', purpose: `Use it to finish logging in to ${PRODUCT_NAME}.` },
  forgetpassword: { name: 'password reset code', purpose: `Use it to reset your ${PRODUCT_NAME} password.` },
};

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

function minutes(count: number): string {
  return count === 1 ? '1 minute' : `${count} minutes`;
}

function greeting(firstName: string | undefined): string {
  const name = firstName?.trim();
  return name ? `Hello ${name},` : 'Hello,';
}

/** A minimal HTML document around the given (already escaped) body. */
function htmlDocument(title: string, body: string): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    '</head>',
    '<body style="font-family: Arial, Helvetica, sans-serif; font-size: 16px; line-height: 1.5; color: #1a1a1a; background-color: #ffffff; margin: 0; padding: 24px;">',
    '<div style="max-width: 560px; margin: 0 auto;">',
    body,
    '</div>',
    '</body>',
    '</html>',
  ].join('\n');
}

/** The mail with a one-time code for registration, login or password reset. */
export function otpEmail(
  module: OtpModule,
  to: string,
  code: string,
  options: { expiresInMinutes: number; firstName?: string | undefined },
): MailMessage {
  const { name, purpose } = OTP_WORDING[module];
  const validity = minutes(options.expiresInMinutes);
  const subject = `Your ${PRODUCT_NAME} ${name}: ${code}`;
  const ignore = `If this wasn't you, ignore this mail: nothing happens without the code. Never share this code with anyone.`;

  const text = [
    greeting(options.firstName),
    '',
    `Your ${name} is: ${code}`,
    '',
    purpose,
    `The code is valid for ${validity} and can be used once.`,
    '',
    ignore,
    '',
    `— ${PRODUCT_NAME}`,
  ].join('\n');

  const html = htmlDocument(
    subject,
    [
      `<p>${escapeHtml(greeting(options.firstName))}</p>`,
      `<p>Your ${escapeHtml(name)} is:</p>`,
      `<p style="font-size: 28px; font-weight: bold; letter-spacing: 4px; font-family: 'Courier New', Courier, monospace;">${escapeHtml(code)}</p>`,
      `<p>${escapeHtml(purpose)} The code is valid for <strong>${escapeHtml(validity)}</strong> and can be used once.</p>`,
      `<p>${escapeHtml(ignore)}</p>`,
      `<p>&mdash; ${escapeHtml(PRODUCT_NAME)}</p>`,
    ].join('\n'),
  );

  return { to, subject, text, html };
}

/**
 * Sent instead of a verification code when someone registers with an address that already has
 * an account: the registrant learns nothing, the owner learns what happened. Holds no code.
 */
export function registrationAttemptEmail(to: string): MailMessage {
  const subject = `Someone tried to register with your email address at ${PRODUCT_NAME}`;
  const lines = [
    `Someone tried to create a new ${PRODUCT_NAME} account with this email address.`,
    'You already have an account with this address, so no new account was created.',
    'If it was you, log in with your password, or reset your password if you have forgotten it.',
    "If it wasn't you, you can ignore this mail: your account has not been changed.",
  ];

  const text = ['Hello,', '', ...lines, '', `— ${PRODUCT_NAME}`].join('\n');
  const html = htmlDocument(
    subject,
    [
      '<p>Hello,</p>',
      ...lines.map((line) => `<p>${escapeHtml(line)}</p>`),
      `<p>&mdash; ${escapeHtml(PRODUCT_NAME)}</p>`,
    ].join('\n'),
  );

  return { to, subject, text, html };
}
