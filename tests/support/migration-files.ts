// What the migration tests share: the project's migrations folder and schema, and the cleanup of
// the databases a test file created under its own prefix.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import type pg from 'pg';
import { inject } from 'vitest';

import { databaseUrl, withDatabase } from './postgres.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const MIGRATIONS_DIR = path.join(ROOT, 'prisma', 'migrations');
export const SCHEMA_PATH = path.join(ROOT, 'prisma', 'schema.prisma');

/** The committed migrations' folder names, in the order they apply. */
export async function migrationNames(): Promise<string[]> {
  return (await fs.readdir(MIGRATIONS_DIR, { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

/** Drops every database of the server whose name starts with `prefix`. */
export async function dropDatabasesWithPrefix(serverUrl: string, prefix: string): Promise<void> {
  await withDatabase(databaseUrl(serverUrl, 'postgres'), async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE starts_with(datname, $1)',
      [prefix],
    );
    for (const { datname } of rows) {
      await client.query(`DROP DATABASE IF EXISTS "${datname.replaceAll('"', '""')}" WITH (FORCE)`);
    }
  });
}

/**
 * A database of this test file's own (`<label>_<random>_db`, created by the caller, e.g. with
 * ensureDatabase), a query helper over it, and the cleanup of every database under its prefix.
 */
export function scratchDatabase(label: string) {
  const server = inject('postgresAdminUrl');
  const prefix = `${label}_${randomBytes(4).toString('hex')}`;
  const url = databaseUrl(server, `${prefix}_db`);
  return {
    server,
    url,
    query: <R extends pg.QueryResultRow>(sql: string, params: unknown[] = []) =>
      withDatabase(url, async (client) => (await client.query<R>(sql, params)).rows),
    dropAll: () => dropDatabasesWithPrefix(server, prefix),
  };
}
