// The mailer against a real (in-process) SMTP server, the development mailer, and the auth mails.
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer, type Mailer } from '../../src/infra/mailer.ts';
import { AppError } from '../../src/lib/errors.ts';
import { otpEmail, registrationAttemptEmail } from '../../src/modules/auth/emails.ts';
import type { OtpModule } from '../../src/modules/auth/otp.rules.ts';
import { startTestSmtpServer, type TestSmtpServer } from '../support/smtp-server.ts';

const silent = pino({ level: 'silent' });
const FROM = 'Job Application Tracker <no-reply@tracker.test>';

/** A logger whose JSON lines land in `lines`. */
function capturingLogger() {
  const lines: Record<string, any>[] = [];
  const logger = pino({ level: 'info' }, { write: (chunk: string) => void lines.push(JSON.parse(chunk)) });
  return { logger, lines };
}

async function sendError(mailer: Mailer, to: string): Promise<AppError> {
  try {
    await mailer.send({ to, subject: 'Hello', text: 'secret body 123456', html: '<p>secret body 123456</p>' });
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('the send succeeded');
}

describe('SMTP mailer', () => {
  let smtp: TestSmtpServer;
  let mailer: Mailer;

  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    mailer = createMailer({ smtpUrl: smtp.url, mailFrom: FROM, isProduction: false }, silent);
  });

  afterAll(async () => {
    await mailer?.close();
    await smtp?.close();
  });

  it('delivers a mail with subject, text and html', async () => {
    await mailer.send({
      to: 'ann@example.com',
      subject: 'Your code: 123456',
      text: 'Your code is 123456.',
      html: '<p>Your code is <strong>123456</strong>.</p>',
    });
    const mail = await smtp.nextMailTo('ann@example.com');
    expect(mail).toMatchObject({ to: 'ann@example.com', subject: 'Your code: 123456' });
    expect(mail.text.trim()).toBe('Your code is 123456.');
    expect(mail.html).toContain('<strong>123456</strong>');
    expect(smtp.lastCodeFor('ann@example.com')).toBe('123456');
  });

  it('waits for a mail that has not arrived yet', async () => {
    const next = smtp.nextMailTo('bob@example.com');
    await mailer.send({ to: 'bob@example.com', subject: 'Later', text: 'code 654321', html: '<p>code 654321</p>' });
    await expect(next).resolves.toMatchObject({ subject: 'Later' });
    await expect(smtp.nextMailTo('bob@example.com', { timeoutMs: 50 })).rejects.toThrow(/No mail to bob@example.com/);
  });

  it('throws SERVICE_UNAVAILABLE when the server refuses the mail, and logs without the body', async () => {
    const { logger, lines } = capturingLogger();
    const logged = createMailer({ smtpUrl: smtp.url, mailFrom: FROM, isProduction: false }, logger);
    try {
      smtp.failNext();
      const error = await sendError(logged, 'refused@example.com');
      expect(error.code).toBe('SERVICE_UNAVAILABLE');
      expect(error.message).toBe('Email could not be sent; try again shortly');
      expect(error.cause).toBeInstanceOf(Error);
      expect(smtp.mailsTo('refused@example.com')).toEqual([]);
      expect(lines).toEqual([expect.objectContaining({ level: 40, to: 'refused@example.com', subject: 'Hello' })]);
      expect(JSON.stringify(lines)).not.toContain('secret body');

      // The next mail goes through again.
      await logged.send({ to: 'refused@example.com', subject: 'Again', text: 'ok', html: '<p>ok</p>' });
      expect(smtp.mailsTo('refused@example.com')).toHaveLength(1);
    } finally {
      await logged.close();
    }
  });

  it('fails fast with SERVICE_UNAVAILABLE when nothing listens', async () => {
    const dead = createMailer({ smtpUrl: 'smtp://127.0.0.1:1', mailFrom: FROM, isProduction: false }, silent);
    try {
      const error = await sendError(dead, 'nobody@example.com');
      expect(error.code).toBe('SERVICE_UNAVAILABLE');
      // Failed on the refused connection itself, not by waiting for the send deadline.
      expect(String(error.cause)).toMatch(/ECONNREFUSED/);
      expect(String(error.cause)).not.toMatch(/did not finish within/);
    } finally {
      await dead.close();
    }
  });
});

describe('development mailer', () => {
  it('writes the mail to the log, marked as a development mail', async () => {
    const { logger, lines } = capturingLogger();
    const mailer = createMailer({ smtpUrl: undefined, mailFrom: FROM, isProduction: false }, logger);
    await mailer.send({ to: 'dev@example.com', subject: 'Your code', text: 'Your code is 246810.', html: '<p>x</p>' });
    await mailer.close();

    const mail = lines.find((line) => String(line.msg).startsWith('DEVELOPMENT MAIL'));
    expect(mail).toMatchObject({ level: 40, to: 'dev@example.com', subject: 'Your code' });
    expect(mail?.msg).toContain('DEVELOPMENT MAIL (SMTP_URL is not set): to=dev@example.com, subject=Your code');
    expect(mail?.msg).toContain('Your code is 246810.');
  });

  it('is refused in production', () => {
    expect(() => createMailer({ smtpUrl: undefined, mailFrom: FROM, isProduction: true }, silent)).toThrow(/SMTP_URL/);
  });
});

describe('auth emails', () => {
  const cases: [OtpModule, RegExp][] = [
    ['register', /^Your Job Application Tracker verification code: 123456$/],
    ['login', /^Your Job Application Tracker login code: 123456$/],
    ['forgetpassword', /^Your Job Application Tracker password reset code: 123456$/],
  ];

  it.each(cases)('%s: the subject names the code, both bodies hold it and its validity', (module, subject) => {
    const mail = otpEmail(module, 'ann@example.com', '123456', { expiresInMinutes: 5, firstName: 'Ann' });
    expect(mail.to).toBe('ann@example.com');
    expect(mail.subject).toMatch(subject);
    for (const body of [mail.text, mail.html]) {
      expect(body).toContain('123456');
      expect(body).toContain('5 minutes');
      expect(body).toContain('Ann');
    }
    expect(mail.text).toContain("If this wasn't you, ignore this mail");
    expect(mail.html).toMatch(/^<!DOCTYPE html>/);
    expect(mail.html).not.toMatch(/<img|https?:\/\//);
  });

  it('HTML-escapes the first name', () => {
    const mail = otpEmail('login', 'x@example.com', '123456', {
      expiresInMinutes: 1,
      firstName: '<script>alert("x")</script>&',
    });
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;');
    expect(mail.text).toContain('1 minute');
  });

  it('the registration-attempt mail explains what happened and holds no code', () => {
    const mail = registrationAttemptEmail('ann@example.com');
    expect(mail.to).toBe('ann@example.com');
    expect(mail.subject).toMatch(/tried to register/);
    for (const body of [mail.text, mail.html]) {
      expect(body).toMatch(/already have an account/);
      expect(body).toMatch(/log in/);
      expect(body).toMatch(/reset your password/);
    }
    expect(`${mail.subject} ${mail.text} ${mail.html}`).not.toMatch(/\d{6}/);
  });

  it('an OTP mail sent through SMTP yields its code to lastCodeFor', async () => {
    const smtp = await startTestSmtpServer();
    const mailer = createMailer({ smtpUrl: smtp.url, mailFrom: FROM, isProduction: false }, silent);
    try {
      await mailer.send(otpEmail('register', 'new@example.com', '987654', { expiresInMinutes: 5 }));
      const mail = await smtp.nextMailTo('new@example.com');
      expect(mail.subject).toBe('Your Job Application Tracker verification code: 987654');
      expect(smtp.lastCodeFor('new@example.com')).toBe('987654');
    } finally {
      await mailer.close();
      await smtp.close();
    }
  });
});
