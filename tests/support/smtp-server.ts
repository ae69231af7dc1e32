// An in-process SMTP server for tests: it accepts every mail (no auth, no TLS), parses it, and
// lets a test wait for the mail to an address and read the one-time code in it.
import { type AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface CapturedMail {
  /** The envelope recipients, comma separated (usually just one address). */
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface TestSmtpServer {
  /** smtp://127.0.0.1:<port>, for SMTP_URL. */
  url: string;
  /** Every accepted mail, oldest first. */
  mails: CapturedMail[];
  mailsTo(address: string): CapturedMail[];
  /**
   * The oldest mail to `address` that no earlier `nextMailTo` call returned, waiting for it to
   * arrive if there is none yet. So it works whether called before or after the send finished.
   * Rejects after `timeoutMs` (default 30000: only a mail that never comes reaches it).
   */
  nextMailTo(address: string, options?: { timeoutMs?: number }): Promise<CapturedMail>;
  /** The 6-digit code in the latest mail to `address`; throws when there is none. */
  lastCodeFor(address: string): string;
  /** The next `count` (default 1) messages are refused at DATA with a 451. */
  failNext(count?: number): void;
  /** Drops the failures `failNext` asked for and no message used up (between tests). */
  clearFailures(): void;
  close(): Promise<void>;
}

const normalize = (address: string) => address.trim().toLowerCase();

function recipientsOf(mail: CapturedMail): string[] {
  return mail.to.split(',').map(normalize);
}

/** `port`: a fixed one (a test that starts the sink where a mailer already points); 0 picks a free one. */
export async function startTestSmtpServer({ port: wanted = 0 }: { port?: number } = {}): Promise<TestSmtpServer> {
  const mails: CapturedMail[] = [];
  /** Per address: how many of its mails `nextMailTo` has handed out. */
  const consumed = new Map<string, number>();
  const waiters = new Set<() => void>();
  let failures = 0;

  const mailsTo = (address: string) => mails.filter((mail) => recipientsOf(mail).includes(normalize(address)));

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    closeTimeout: 500,
    onData(stream, session, callback) {
      if (failures > 0) {
        failures -= 1;
        stream.resume();
        stream.on('end', () =>
          callback(Object.assign(new Error('Test server refuses this message'), { responseCode: 451 })),
        );
        return;
      }
      simpleParser(stream)
        .then((parsed) => {
          mails.push({
            to: session.envelope.rcptTo.map((recipient) => recipient.address).join(', '),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: parsed.html || '',
          });
          for (const wake of [...waiters]) wake();
          // Recorded before the client hears 250: once a send resolves, the mail is in `mails`.
          callback();
        })
        .catch((error: unknown) => callback(error instanceof Error ? error : new Error(String(error))));
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(wanted, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  // Connection errors (a client hanging up) are no failure of the server.
  server.on('error', () => {});
  const { port } = server.server.address() as AddressInfo;

  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    mailsTo,
    nextMailTo(address, { timeoutMs = 30_000 } = {}) {
      const key = normalize(address);
      const take = (): CapturedMail | undefined => {
        const index = consumed.get(key) ?? 0;
        const mail = mailsTo(key)[index];
        if (mail) consumed.set(key, index + 1);
        return mail;
      };
      const ready = take();
      if (ready) return Promise.resolve(ready);
      return new Promise<CapturedMail>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`No mail to ${address} arrived within ${timeoutMs} ms`));
        }, timeoutMs);
        function check() {
          const mail = take();
          if (!mail) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(mail);
        }
        waiters.add(check);
      });
    },
    lastCodeFor(address) {
      const latest = mailsTo(address).at(-1);
      if (!latest) throw new Error(`No mail to ${address} has arrived`);
      const code = /\b(\d{6})\b/.exec(latest.text)?.[1];
      if (!code) throw new Error(`The latest mail to ${address} ("${latest.subject}") holds no 6-digit code`);
      return code;
    },
    failNext(count = 1) {
      failures += count;
    },
    clearFailures() {
      failures = 0;
    },
    close() {
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
