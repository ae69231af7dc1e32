// The benchmark's own databases: created, migrated and seeded with set-based SQL
// (generate_series), and dropped at the end, except the big one, which is kept for reruns.
import pg from 'pg';
import { applyMigrations } from '../../src/db/migrations.ts';
import { ADMIN_URL, databaseUrl } from './settings.ts';

export async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function databaseExists(name: string): Promise<boolean> {
  return withClient(ADMIN_URL, async (client) => {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    return (rowCount ?? 0) > 0;
  });
}

export async function createMigratedDatabase(name: string): Promise<string> {
  await dropDatabase(name);
  await withClient(ADMIN_URL, (client) => client.query(`CREATE DATABASE "${name}"`));
  const url = databaseUrl(name);
  await applyMigrations({ databaseUrl: url });
  return url;
}

export async function dropDatabase(name: string): Promise<void> {
  await withClient(ADMIN_URL, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

/**
 * `users` active accounts named `${prefix}-<n>@bench.local` with `jobsPerUser` jobs each and
 * `notesPerJob` notes per job. Jobs are inserted round by round (job 1 of every user, then
 * job 2, ...), so one user's jobs are spread over the table as they would be in real life.
 */
export async function seedUsers(
  client: pg.Client,
  options: { prefix: string; users: number; jobsPerUser: number; notesPerJob: number; passwordHash?: string },
): Promise<void> {
  const { prefix, users, jobsPerUser, notesPerJob, passwordHash = 'not-a-password-hash' } = options;
  await client.query('SET synchronous_commit = off');
  await client.query(
    `INSERT INTO users (id, email, password_hash, first_name, last_name, is_active, token_version, created_at, updated_at)
     SELECT gen_random_uuid(), $1 || '-' || n || '@bench.local', $2, 'Bench', 'User ' || n, true, 0, now(), now()
     FROM generate_series(1, $3::int) AS n`,
    [prefix, passwordHash, users],
  );
  if (jobsPerUser === 0) return;
  await client.query(
    `INSERT INTO jobs (id, user_id, company_name, position, status, applied_on, created_at, updated_at)
     SELECT gen_random_uuid(), u.id, 'Company ' || g, 'Software Engineer ' || g,
            (enum_range(NULL::"JobStatus"))[1 + g % 7],
            CASE WHEN g % 4 = 0 THEN NULL ELSE date '2024-01-01' + g END,
            timestamptz '2024-01-01 00:00:00+00' + g * interval '1 hour' + u.n * interval '1 millisecond', now()
     FROM generate_series(1, $2::int) AS g
     CROSS JOIN (SELECT id, row_number() OVER () AS n FROM users WHERE email LIKE $1 || '-%') AS u`,
    [prefix, jobsPerUser],
  );
  if (notesPerJob === 0) return;
  await client.query(
    `INSERT INTO notes (id, job_id, content, reminder_time, created_at)
     SELECT gen_random_uuid(), j.id, 'Note ' || k || ': called the recruiter, next round on Tuesday',
            CASE WHEN k = 1 THEN j.created_at + interval '3 days' ELSE NULL END,
            j.created_at + k * interval '1 minute'
     FROM jobs j JOIN users u ON u.id = j.user_id AND u.email LIKE $1 || '-%'
     CROSS JOIN generate_series(1, $2::int) AS k`,
    [prefix, notesPerJob],
  );
}

/** Users of a prefix, in email order. */
export async function userIds(client: pg.Client, prefix: string, limit: number): Promise<string[]> {
  const { rows } = await client.query<{ id: string }>(
    `SELECT id FROM users WHERE email LIKE $1 || '-%' ORDER BY id LIMIT $2`,
    [prefix, limit],
  );
  return rows.map((row) => row.id);
}

/** A session row (a sign-in) for each user; returns the family ids, for the tokens' `sid`. */
export async function createSessions(client: pg.Client, users: string[]): Promise<string[]> {
  const { rows } = await client.query<{ family_id: string }>(
    `INSERT INTO sessions (id, user_id, family_id, refresh_token_hash, expires_at, created_at)
     SELECT gen_random_uuid(), u, gen_random_uuid(), encode(sha256(gen_random_uuid()::text::bytea), 'hex'),
            now() + interval '1 day', now()
     FROM unnest($1::uuid[]) WITH ORDINALITY AS t(u, i) ORDER BY i
     RETURNING family_id`,
    [users],
  );
  return rows.map((row) => row.family_id);
}

/**
 * A database of `users` × `jobsPerUser` jobs, kept across runs: reused when it already holds
 * that many rows. Returns its URL and whether it was seeded now.
 */
export async function ensureBigDatabase(
  name: string,
  users: number,
  jobsPerUser: number,
): Promise<{ url: string; seededMs: number | null }> {
  const url = databaseUrl(name);
  if (await databaseExists(name)) {
    const count = await withClient(url, async (client) => {
      await applyMigrations({ databaseUrl: url });
      const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM jobs`);
      return Number(rows[0]!.n);
    }).catch(() => -1);
    if (count === users * jobsPerUser) return { url, seededMs: null };
  }
  const started = performance.now();
  await createMigratedDatabase(name);
  await withClient(url, async (client) => {
    await seedUsers(client, { prefix: 'big', users, jobsPerUser, notesPerJob: 0 });
    await client.query('ANALYZE');
  });
  return { url, seededMs: performance.now() - started };
}
