// Runs once per test run. Given DATABASE_URL / REDIS_URL, uses those servers and fails the run
// if they do not answer; otherwise starts an embedded PostgreSQL and uses in-memory Redis.
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { Redis } from 'ioredis';
import { applyMigrations } from '../../src/db/migrations.ts';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../../src/infra/embedded-postgres.ts';
import { databaseUrl, withDatabase } from './postgres.ts';
import { freePort } from './processes.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresAdminUrl: string;
    templateDatabase: string;
    redisUrl: string | undefined;
  }
}

async function checkRedis(url: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 3_000 });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    throw new Error(`REDIS_URL is set but Redis does not answer: ${(error as Error).message}`);
  } finally {
    redis.disconnect();
  }
}

export default async function setup(project: TestProject) {
  let embedded: EmbeddedPostgresHandle | undefined;
  let adminUrl: string;
  if (process.env.DATABASE_URL) {
    adminUrl = databaseUrl(process.env.DATABASE_URL, 'postgres');
    try {
      await withDatabase(adminUrl, (client) => client.query('SELECT 1'));
    } catch (error) {
      throw new Error(`DATABASE_URL is set but PostgreSQL does not answer: ${(error as Error).message}`);
    }
  } else {
    const parent = await mkdtemp(path.join(os.tmpdir(), 'jat-test-pg-'));
    // mkdtemp makes a 0700 folder; as root, PostgreSQL runs as the OS user "postgres" and must enter it.
    await chmod(parent, 0o755);
    const dataDir = path.join(parent, 'data');
    embedded = await startEmbeddedPostgres({ dataDir, port: await freePort(), persistent: false });
    adminUrl = embedded.adminUrl;
  }
  const redisUrl = process.env.REDIS_URL || undefined;
  if (redisUrl) await checkRedis(redisUrl);

  // One migrated template per run; each test file copies it (CREATE DATABASE ... TEMPLATE).
  const templateDatabase = `jat_template_${randomBytes(4).toString('hex')}`;
  await withDatabase(adminUrl, (client) => client.query(`CREATE DATABASE "${templateDatabase}"`));
  await applyMigrations({ databaseUrl: databaseUrl(adminUrl, templateDatabase) });

  project.provide('postgresAdminUrl', adminUrl);
  project.provide('templateDatabase', templateDatabase);
  project.provide('redisUrl', redisUrl);

  return async () => {
    await withDatabase(adminUrl, (client) =>
      client.query(`DROP DATABASE IF EXISTS "${templateDatabase}" WITH (FORCE)`),
    ).catch(() => undefined);
    await embedded?.stop();
  };
}
