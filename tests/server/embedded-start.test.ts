// With no DATABASE_URL and no REDIS_URL, the server starts an embedded PostgreSQL and an
// in-memory Redis, says so loudly, keeps the data across restarts, recovers from an orphaned
// PostgreSQL left by a killed process, and stops everything on SIGTERM.
import { once } from 'node:events';
import { randomUUID } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createConnection } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import jwt from 'jsonwebtoken';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startApiProcess, stopProcess, type ApiProcess } from '../support/processes.ts';

const JWT_SECRET = 'embedded-test-secret-0123456789abcdef';

async function isListening(port: number): Promise<boolean> {
  const socket = createConnection({ port, host: '127.0.0.1' });
  try {
    await once(socket, 'connect');
    return true;
  } catch {
    return false;
  } finally {
    socket.destroy();
  }
}

let dataParent: string;
let postgresPort: number;

function startServer(): Promise<ApiProcess> {
  return startApiProcess({
    env: {
      JWT_SECRET_KEY: JWT_SECRET,
      EMBEDDED_POSTGRES_DIR: path.join(dataParent, 'postgres'),
      EMBEDDED_POSTGRES_PORT: String(postgresPort),
      DATABASE_URL: undefined,
      REDIS_URL: undefined,
    },
  });
}

function meQuery(url: string, token: string) {
  return fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: '{ me { email isActive } jobs { companyName } }' }),
  }).then((response) => response.json());
}

beforeAll(async () => {
  dataParent = await mkdtemp(path.join(os.tmpdir(), 'jat-embedded-'));
  // As root, PostgreSQL runs as the OS user "postgres", which must be able to enter the folder.
  await chmod(dataParent, 0o755);
  postgresPort = await freePort();
});
afterAll(async () => {
  await rm(dataParent, { recursive: true, force: true });
});

describe('embedded start', () => {
  let userId: string;
  const sessionId = randomUUID();
  const token = () =>
    jwt.sign({ type: 'access', ver: 0, sid: sessionId }, JWT_SECRET, { subject: userId, expiresIn: 600 });

  it('starts on embedded defaults, migrates, says so, and answers', async () => {
    const server = await startServer();
    try {
      const output = server.output.join('\n');
      expect(output).toMatch(/DATABASE_URL is not set: starting an EMBEDDED PostgreSQL/);
      expect(output).toMatch(/REDIS_URL is not set: using an IN-MEMORY Redis stand-in/);
      expect(output).toMatch(/[1-9]\d* migration\(s\) applied/);

      const ready = await fetch(`${server.url}/readyz`);
      expect(ready.status).toBe(200);
      const playground = await fetch(`${server.url}/graphql/playground`);
      expect(playground.status).toBe(200);

      const db = new pg.Client({
        connectionString: `postgresql://postgres:embedded@127.0.0.1:${postgresPort}/job_tracker`,
      });
      await db.connect();
      const { rows } = await db.query<{ id: string }>(
        `INSERT INTO users (id, email, password_hash, first_name, last_name, is_active, updated_at)
         VALUES (gen_random_uuid(), 'emb@example.com', 'x', 'Em', 'Bedded', true, now()) RETURNING id`,
      );
      userId = rows[0]!.id;
      await db.query(
        `INSERT INTO sessions (id, user_id, family_id, refresh_token_hash, expires_at)
         VALUES (gen_random_uuid(), $1, $2, repeat('0', 64), now() + interval '1 day')`,
        [userId, sessionId],
      );
      await db.query(
        `INSERT INTO jobs (id, user_id, company_name, position, updated_at)
                      VALUES (gen_random_uuid(), $1, 'Kept Inc', 'Engineer', now())`,
        [userId],
      );
      await db.end();

      expect(await meQuery(server.url, token())).toEqual({
        data: { me: { email: 'emb@example.com', isActive: true }, jobs: [{ companyName: 'Kept Inc' }] },
      });
    } finally {
      // SIGKILL: the server cannot stop its PostgreSQL, which is left running, orphaned.
      await stopProcess(server.child, 'SIGKILL');
    }
    expect(await isListening(postgresPort)).toBe(true);
  });

  it('after a SIGKILL, restarts over the orphaned PostgreSQL with the data kept', async () => {
    const server = await startServer();
    try {
      expect(server.output.join('\n')).toMatch(/stopping an orphaned server/);
      expect(server.output.join('\n')).toMatch(/0 migration\(s\) applied/);
      expect(await meQuery(server.url, token())).toEqual({
        data: { me: { email: 'emb@example.com', isActive: true }, jobs: [{ companyName: 'Kept Inc' }] },
      });
    } finally {
      expect(await stopProcess(server.child, 'SIGTERM')).toBe(0);
    }
    // SIGTERM stops the embedded PostgreSQL too.
    expect(await isListening(postgresPort)).toBe(false);
  });
});
