// /readyz checks that every migration the build ships is applied: 503 naming the missing ones on
// an unmigrated database, 200 once they are applied (seen on a later probe, cached in between),
// and 200 on a database that also has a newer release's migration. A production start on an
// unmigrated database logs an error naming the command to run, and serves with /readyz 503.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { applyMigrations, shippedMigrations } from '../../src/db/migrations.ts';
import { MIGRATION_RECHECK_MS } from '../../src/http/readiness.ts';
import { createDatabase, type Database } from '../../src/infra/database.ts';
import { databaseUrl, withDatabase } from '../support/postgres.ts';
import { freePort, stopProcess } from '../support/processes.ts';
import { TEST_ENV, useTestApp } from '../support/test-app.ts';

interface ReadinessBody {
  status: string;
  checks: { migrations: { status: string; missing?: string[]; message?: string } } & Record<string, unknown>;
}

const t = useTestApp();
let shipped: string[];
const adminUrl = inject('postgresAdminUrl');
const created: string[] = [];
const opened: Database[] = [];

/** An empty database of this test file (no tables, no _prisma_migrations). */
async function emptyDatabase(): Promise<string> {
  const name = `jat_ready_${randomBytes(5).toString('hex')}`;
  await withDatabase(adminUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  created.push(name);
  return databaseUrl(adminUrl, name);
}

beforeAll(async () => {
  shipped = await shippedMigrations();
  expect(shipped.length).toBeGreaterThan(0);
});
afterAll(async () => {
  for (const db of opened) await db.$disconnect();
  for (const name of created) {
    await withDatabase(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  }
});

/** The app on another database, with a clock the test moves. */
function appOn(url: string) {
  const clock = { now: 0 };
  const db = createDatabase({ url, poolSize: 2 });
  opened.push(db);
  const app = createApp({ ...t.deps, db, readiness: { now: () => clock.now } });
  const readiness = async () => {
    const response = await app.yoga.fetch(new Request('http://test.local/readyz'));
    return { status: response.status, body: (await response.json()) as ReadinessBody };
  };
  return { app, db, clock, readiness };
}

describe('/readyz and migrations', () => {
  it('answers 503 listing every shipped migration on an empty database, then 200 once they are applied', async () => {
    const url = await emptyDatabase();
    const { clock, readiness, db } = appOn(url);

    const before = await readiness();
    expect(before.status).toBe(503);
    expect(before.body.status).toBe('unavailable');
    expect(before.body.checks.postgres).toMatchObject({ status: 'ok' });
    expect(before.body.checks.migrations).toEqual({
      status: 'missing',
      missing: shipped,
      message: expect.stringContaining('npm run db:migrate'),
    });

    await applyMigrations({ databaseUrl: url });
    // Within the re-check interval the cached answer stands (no query per probe)...
    clock.now += MIGRATION_RECHECK_MS - 1;
    expect((await readiness()).body.checks.migrations.status).toBe('missing');
    // ...after it, the database is asked again.
    clock.now += 1;
    const after = await readiness();
    expect(after.status).toBe(200);
    expect(after.body).toMatchObject({ status: 'ok', checks: { migrations: { status: 'ok' } } });

    // Once every migration was seen applied, it is not asked again.
    await db.$executeRawUnsafe('DELETE FROM _prisma_migrations');
    clock.now += 10 * MIGRATION_RECHECK_MS;
    expect((await readiness()).status).toBe(200);
  });

  it('names only the missing one when the database lacks the newest shipped migration', async () => {
    const url = await emptyDatabase();
    await applyMigrations({ databaseUrl: url });
    const newest = shipped.at(-1)!;
    await withDatabase(url, (client) =>
      client.query('UPDATE _prisma_migrations SET rolled_back_at = now() WHERE migration_name = $1', [newest]),
    );
    const { status, body } = await appOn(url).readiness();
    expect(status).toBe(503);
    expect(body.checks.migrations.missing).toEqual([newest]);
  });

  it('answers 200 on a database that also has a newer release’s migration (a rolling deploy)', async () => {
    await t.db.$executeRawUnsafe(
      `INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
       VALUES ($1, 'newer-release', '29991231235959_from_a_newer_release', now(), now(), 1)`,
      randomBytes(16).toString('hex'),
    );
    const { status, body } = await appOn(t.config.databaseUrl!).readiness();
    expect(status).toBe(200);
    expect(body.checks.migrations).toEqual({ status: 'ok' });
  });
});

describe('a production start on an unmigrated database', () => {
  // Production requires a real Redis.
  it.skipIf(!inject('redisUrl'))(
    'logs an error naming the command to run, and serves with /readyz 503',
    async () => {
      const url = await emptyDatabase();
      const port = await freePort();
      const redisUrl = inject('redisUrl');
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
        cwd: fileURLToPath(new URL('../..', import.meta.url)),
        env: {
          ...process.env,
          ...TEST_ENV,
          NODE_ENV: 'production',
          LOG_LEVEL: 'info',
          BCRYPT_COST: '10',
          HOST: '127.0.0.1',
          PORT: String(port),
          DATABASE_URL: url,
          REDIS_URL: redisUrl,
          // Not contacted: nothing here sends mail.
          SMTP_URL: 'smtp://127.0.0.1:1',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const lines: string[] = [];
      child.stderr.on('data', (chunk: Buffer) => lines.push(chunk.toString()));
      try {
        await new Promise<void>((resolve, reject) => {
          createInterface({ input: child.stdout }).on('line', (line) => {
            lines.push(line);
            if (line.includes('API listening on')) resolve();
          });
          child.once('exit', (code) => reject(new Error(`exited with ${code}:\n${lines.join('\n')}`)));
        });
        const error = lines
          .filter((line) => line.startsWith('{'))
          .map((line) => JSON.parse(line) as { level: number; msg: string; missing?: string[] })
          .find((entry) => entry.missing);
        expect(error?.level).toBe(50);
        expect(error?.missing).toEqual(shipped);
        expect(error?.msg).toContain('npm run db:migrate');
        expect(error?.msg).toContain('node dist/cli/db.js migrate');
        const readiness = await fetch(`http://127.0.0.1:${port}/readyz`);
        expect(readiness.status).toBe(503);
        expect(((await readiness.json()) as ReadinessBody).checks.migrations.missing).toEqual(shipped);
      } finally {
        if (child.exitCode === null) await stopProcess(child);
      }
      expect(child.exitCode).toBe(0);
    },
    60_000,
  );
});
