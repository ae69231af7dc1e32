// Outgoing mail. With SMTP_URL: a pooled nodemailer SMTP transport that fails fast when the
// server is down. Without it (never in production): a development mailer that writes each mail
// to the log, so that a developer can read the one-time codes.
import nodemailer from 'nodemailer';
import { parseConnectionUrl } from 'nodemailer/lib/shared/index.js';
import type SMTPPool from 'nodemailer/lib/smtp-pool/index.js';
import type { Config } from '../config/env.ts';
import { AppError } from '../lib/errors.ts';
import { withTimeout } from '../lib/timeout.ts';
import type { Logger } from './logger.ts';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
  close(): Promise<void>;
}

/** Defaults for the SMTP connection; options given as query parameters of SMTP_URL override them. */
const SMTP_DEFAULTS = {
  /** Reuse connections between mails instead of a TCP (and TLS) handshake per mail. */
  pool: true,
  maxConnections: 3,
  /** Time to establish the TCP connection. */
  connectionTimeout: 5_000,
  /** Time for the server's greeting once connected. */
  greetingTimeout: 5_000,
  /** Inactivity allowed on an open connection. */
  socketTimeout: 10_000,
} as const;

/** An upper bound for one send, whatever the server does (a trickle of bytes resets socketTimeout). */
const SEND_DEADLINE_MS = 20_000;

const SEND_FAILED_MESSAGE = 'Email could not be sent; try again shortly';

export function createMailer(config: Pick<Config, 'smtpUrl' | 'mailFrom' | 'isProduction'>, logger: Logger): Mailer {
  if (config.smtpUrl) return createSmtpMailer(config.smtpUrl, config.mailFrom, logger);
  if (config.isProduction) {
    throw new Error('SMTP_URL is required in production: the development mailer only writes mails to the log');
  }
  return createDevelopmentMailer(logger);
}

function createSmtpMailer(smtpUrl: string, from: string, logger: Logger): Mailer {
  const options: SMTPPool.Options = { ...SMTP_DEFAULTS, ...parseConnectionUrl(smtpUrl), pool: true };
  const transport = nodemailer.createTransport(options, { from });
  return {
    async send(message) {
      try {
        await withTimeout(
          transport.sendMail({ to: message.to, subject: message.subject, text: message.text, html: message.html }),
          SEND_DEADLINE_MS,
          `SMTP send did not finish within ${SEND_DEADLINE_MS} ms`,
        );
      } catch (error) {
        // Never the body: it holds one-time codes.
        logger.warn({ err: error, to: message.to, subject: message.subject }, 'email could not be sent');
        throw new AppError('SERVICE_UNAVAILABLE', SEND_FAILED_MESSAGE, { cause: error });
      }
    },
    close() {
      transport.close();
      return Promise.resolve();
    },
  };
}

function createDevelopmentMailer(logger: Logger): Mailer {
  logger.warn('SMTP_URL is not set: emails are written to this log instead of being sent (development only)');
  return {
    send(message) {
      logger.warn(
        { to: message.to, subject: message.subject, developmentMail: true },
        `DEVELOPMENT MAIL (SMTP_URL is not set): to=${message.to}, subject=${message.subject}\n\n${message.text}`,
      );
      return Promise.resolve();
    },
    close() {
      return Promise.resolve();
    },
  };
}
