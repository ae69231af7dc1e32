// The app the outage tests put under load: served over real HTTP on loopback, with an owner who
// has jobs with notes to read and a session to read them with.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino, type Logger } from 'pino';
import { expect, vi } from 'vitest';
import type { App } from '../../src/app.ts';
import type { Database } from '../../src/infra/database.ts';
import { PasswordService } from '../../src/modules/auth/passwords.ts';
import { CLIENT_TIMEOUT_MS } from './load.ts';

/** How many jobs the owner has. */
export const JOB_COUNT = 5;
/** How many notes each of the owner's jobs has. */
export const NOTES_PER_JOB = 2;
export const OWNER_PASSWORD = 'correct horse battery staple';

export interface Readiness {
  status: number;
  body: { checks: Record<string, { status: string }> };
}

export interface LoadTarget {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** The owner's address; the password is OWNER_PASSWORD. */
  email: string;
  /** An access token of a session of the owner. */
  token: string;
  /** GET /readyz: its status and the status of each check. */
  readiness(): Promise<Readiness>;
  /** Polls until /readyz says 200 and `healthy()` holds, and resolves with when that was. */
  waitForRecovery(healthy: () => Promise<boolean>): Promise<number>;
  /** Closes every connection and stops listening (the app itself is the caller's to dispose of). */
  close(): Promise<void>;
}

/** A logger that keeps the message of every error the app logs as unexpected (the masked 500s). */
export function unexpectedErrorLogger(into: string[]): Logger {
  return pino(
    { level: 'error' },
    {
      write: (line: string) => {
        const entry = JSON.parse(line) as { msg?: string; err?: { message?: string } };
        if (entry.msg === 'unexpected error') into.push(entry.err?.message ?? line);
      },
    },
  );
}

/** Serves `app` on 127.0.0.1 and gives it an active owner with JOB_COUNT jobs and a session. */
export async function serveLoadTarget(app: App, db: Database, bcryptCost: number): Promise<LoadTarget> {
  const server = createServer((request, response) => void app.yoga.requestListener(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  try {
    const email = `owner-${randomUUID()}@example.com`;
    const user = await db.user.create({
      data: {
        email,
        passwordHash: await new PasswordService({ cost: bcryptCost }).hash(OWNER_PASSWORD),
        firstName: 'Ann',
        lastName: 'Example',
        isActive: true,
      },
    });
    for (let index = 0; index < JOB_COUNT; index += 1) {
      await db.job.create({
        data: {
          userId: user.id,
          companyName: `Company ${index}`,
          position: 'Engineer',
          notes: { create: Array.from({ length: NOTES_PER_JOB }, (_, note) => ({ content: `Note ${note}` })) },
        },
      });
    }
    const token = (await app.services.sessions.start(user)).accessToken;
    const readiness = async (): Promise<Readiness> => {
      const response = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS) });
      return { status: response.status, body: (await response.json()) as Readiness['body'] };
    };
    const waitForRecovery = async (healthy: () => Promise<boolean>): Promise<number> => {
      let recovered = 0;
      await vi.waitFor(
        async () => {
          expect((await readiness()).status).toBe(200);
          expect(await healthy()).toBe(true);
          recovered = performance.now();
        },
        { timeout: 45_000, interval: 100 },
      );
      return recovered;
    };
    return { url, email, token, readiness, waitForRecovery, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Whether a GraphQL `{ jobs { notes } }` body has no errors and every job of the owner with every note. */
export function hasAllJobs(body: Record<string, any>): boolean {
  const jobs = body.data?.jobs as { notes: unknown[] }[] | undefined;
  return (
    body.errors === undefined && jobs?.length === JOB_COUNT && jobs.every((job) => job.notes.length === NOTES_PER_JOB)
  );
}
