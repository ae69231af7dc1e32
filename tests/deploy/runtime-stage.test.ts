// The deployment artefacts, for real: scripts/check-runtime-stage.ts performs the Dockerfile's
// runtime stage in a temporary folder (production dependencies only) and starts it in
// production against real PostgreSQL and Redis. The same folder then runs the Procfile's release
// command twice at once on empty databases: each migration must be applied exactly once.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { productionNodeFlags } from '../../bench/lib/processes.ts';
import { MIGRATION_LOCK_KEY } from '../../src/db/migrations.ts';
import {
  createScratchDatabase,
  dockerignoreMatcher,
  readDockerfile,
  readProcfile,
  runRelease,
  runRuntimeStageCheck,
  runtimeFacts,
  ROOT,
  type PreparedStage,
  type ProcessResult,
} from '../../scripts/check-runtime-stage.ts';
import { freePort, startRedisServer, type RedisServerHandle } from '../support/processes.ts';
import { withDatabase } from '../support/postgres.ts';
import { missingBinary } from '../support/requirements.ts';

const SERVER_URL = inject('postgresAdminUrl');
const PREFIX = `jat_release_test_${randomBytes(3).toString('hex')}`;

// Production refuses to start without a real Redis: use REDIS_URL, or a redis-server of our own.
const skipped = inject('redisUrl') ? undefined : missingBinary('redis-server', 'apt-get install redis-server');
let redisUrl: string;
let redisServer: RedisServerHandle | undefined;
let stage: PreparedStage | undefined;
const databases: { drop(): Promise<void> }[] = [];

async function newDatabase(): Promise<string> {
  const database = await createScratchDatabase(SERVER_URL, PREFIX);
  databases.push(database);
  return database.url;
}

const query = async <R extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<R[]> =>
  (await withDatabase(url, (client) => client.query<R>(sql, params))).rows;

async function localMigrations(): Promise<string[]> {
  const entries = await fs.readdir(path.join(ROOT, 'prisma', 'migrations'), { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

function prepared(): PreparedStage {
  if (!stage) throw new Error('The runtime stage was not prepared: see the first test of this file');
  return stage;
}

/** Each committed migration appears exactly once in _prisma_migrations, finished. */
async function expectEachMigrationOnce(url: string): Promise<void> {
  const rows = await query<{ migration_name: string; n: number; finished: number }>(
    url,
    `SELECT migration_name, count(*)::int AS n, count(finished_at)::int AS finished
     FROM _prisma_migrations GROUP BY 1 ORDER BY 1`,
  );
  expect(rows).toEqual((await localMigrations()).map((name) => ({ migration_name: name, n: 1, finished: 1 })));
}

/** The release's last line: what it did. */
const summary = (result: ProcessResult) => result.output.trim().split('\n').at(-1);

beforeAll(async () => {
  if (skipped) return;
  const given = inject('redisUrl');
  if (given) redisUrl = given;
  else {
    redisServer = await startRedisServer({ port: await freePort() });
    redisUrl = redisServer.url;
  }
});

afterAll(async () => {
  await stage?.remove();
  await Promise.all(databases.map((database) => database.drop()));
  await redisServer?.stop();
});

describe('Dockerfile, .dockerignore and Procfile', () => {
  it('build on node 24 bookworm-slim and run node dist/main.js in production as a non-root user', async () => {
    const text = await fs.readFile(path.join(ROOT, 'Dockerfile'), 'utf8');
    expect(text).toMatch(/^ARG NODE_IMAGE=node:24-bookworm-slim$/m);
    const { runtime } = await readDockerfile();
    const facts = runtimeFacts(runtime);
    expect(facts.env.NODE_ENV).toBe('production');
    expect(['root', '0', '']).not.toContain(facts.user.split(':')[0]);
    expect(facts.exposed).toEqual([5000]);
    // The heap sizes of `npm start` (docs/PERFORMANCE.md): the image runs what the bench measures.
    expect(facts.cmd).toEqual(['node', ...productionNodeFlags(), 'dist/main.js']);
    expect(productionNodeFlags()).toEqual(['--max-old-space-size=128', '--max-semi-space-size=8']);
    expect(facts.healthcheck.command.join(' ')).toContain('/healthz');

    const procfile = await readProcfile();
    expect(procfile.web).toBe(facts.cmd.join(' '));
    // The release runs from the build output, without devDependencies.
    expect(procfile.release).toBe('node dist/cli/db.js migrate');
  });

  it('.dockerignore keeps secrets, local state and generated code out of the build context', async () => {
    const ignored = dockerignoreMatcher(await fs.readFile(path.join(ROOT, '.dockerignore'), 'utf8'));
    for (const excluded of [
      '.env',
      '.env.production',
      'node_modules/x',
      'dist/main.js',
      'src/generated/prisma/client.ts',
      '.data/postgres',
      'a/b.log',
    ]) {
      expect(ignored(excluded), excluded).toBe(true);
    }
    for (const kept of ['src/main.ts', 'prisma/migrations/migration_lock.toml', 'package-lock.json', 'env.example']) {
      expect(ignored(kept), kept).toBe(false);
    }
  });
});

describe.skipIf(skipped)('the runtime stage', () => {
  it('scripts/check-runtime-stage.ts: production-only install, release, start, /readyz, /healthz, SIGTERM → 0', async () => {
    const lines: string[] = [];
    const result = await runRuntimeStageCheck({
      databaseServerUrl: SERVER_URL,
      redisUrl,
      keep: true,
      log: (message) => lines.push(message),
    });
    stage = result.stage;
    expect(lines).toContain('  no devDependency, no optional package, no node_modules above the folder');
    expect(lines).toContainEqual(
      expect.stringMatching(/^release: node dist\/cli\/db\.js migrate → Applied \d+ migration\(s\)$/),
    );
    expect(lines).toContainEqual(expect.stringMatching(/SIGTERM → exit 0$/));
    console.info(`runtime stage check, seconds per step: ${JSON.stringify(result.timings)}`);
  }, 400_000);

  it('two release processes started at once on an empty database apply each migration once', async () => {
    const url = await newDatabase();
    const results = await Promise.all([runRelease(prepared(), url), runRelease(prepared(), url)]);
    expect(
      results.map((r) => r.code),
      results.map((r) => r.output).join('\n---\n'),
    ).toEqual([0, 0]);
    await expectEachMigrationOnce(url);
    // One of them applied everything; the other, once it had the lock, found nothing pending.
    const count = (await localMigrations()).length;
    expect(results.map(summary).sort()).toEqual([`Applied ${count} migration(s)`, 'Database is up to date']);
  }, 120_000);

  it('when both must wait for the lock (held here until both queue), one applies and the other finds nothing', async () => {
    const url = await newDatabase();
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    await holder.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const runs = [runRelease(prepared(), url), runRelease(prepared(), url)];
    try {
      const deadline = Date.now() + 60_000;
      for (;;) {
        const [row] = await query<{ waiting: number }>(
          url,
          `SELECT count(*)::int AS waiting FROM pg_locks
           WHERE locktype = 'advisory' AND classid = 0 AND objid = $1 AND NOT granted`,
          [MIGRATION_LOCK_KEY],
        );
        if (row?.waiting === 2) break;
        if (Date.now() > deadline)
          throw new Error('the two release processes did not both wait for the lock within 60 s');
        await delay(50);
      }
    } finally {
      await holder.end();
    }
    const results = await Promise.all(runs);
    expect(
      results.map((r) => r.code),
      results.map((r) => r.output).join('\n---\n'),
    ).toEqual([0, 0]);
    for (const result of results) expect(result.output).toMatch(/Another migration run holds the migration lock/);
    await expectEachMigrationOnce(url);
    const count = (await localMigrations()).length;
    expect(results.map(summary).sort()).toEqual([`Applied ${count} migration(s)`, 'Database is up to date']);

    // Every later release is a no-op.
    const before = await query(url, 'SELECT id, checksum, finished_at FROM _prisma_migrations ORDER BY id');
    const again = await runRelease(prepared(), url);
    expect(again.code, again.output).toBe(0);
    expect(summary(again)).toBe('Database is up to date');
    expect(await query(url, 'SELECT id, checksum, finished_at FROM _prisma_migrations ORDER BY id')).toEqual(before);
  }, 120_000);
});
