// The "Finding" figures of issue 15, measured in process (the project's application on a bench
// database, its SQL recorded): the first filtered and searched page of jobsConnection with the
// jobs table at 1,000,000 rows against 10,000 rows, SQL statements per page, a deep page (50,
// reached by cursor) against the first, and the seed's `jobs` (all) at 5,000 jobs.
// Both databases are kept across runs (seeding the large one takes a while) and reseeded only
// when their row counts differ from what is asked here.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { createRecorder, inProcessGraphql, type Recorder } from './capture.ts';
import { createMigratedDatabase, databaseExists, withClient } from './postgres.ts';
import { fmt, fmtSpread, type Row } from './report.ts';
import { databaseUrl, RESULTS_DIR } from './settings.ts';
import { median, ratios, spread } from './stats.ts';

/** The searched user: 10,000 jobs with 3 notes each. */
const TARGET_JOBS = 10_000;
const NOTES_PER_JOB = 3;
/** Everyone else in the large database: 990 users with 1,000 jobs each (1,000,000 in all). */
const CROWD_USERS = 990;
const CROWD_JOBS = 1_000;
/** Users of the small database for the statement counts and the `jobs` (all) figure. */
const SIZED_USERS = [10, 1_000, 5_000] as const;

const PAGE_SIZE = 20;
const DEEP_PAGE = 50;
const SAMPLES_PER_ROUND = 15;

const COMPANIES = [
  'Acme',
  'Globex',
  'Initech',
  'Umbrella',
  'Hooli',
  'Stark Industries',
  'Wayne Enterprises',
  'Wonka',
  'Cyberdyne',
  'Soylent',
  'Tyrell',
  'Aperture',
  'Black Mesa',
  'Vandelay',
  'Pied Piper',
  'Dunder Mifflin',
  'Gringotts',
  'Monsters Inc',
  'Oscorp',
  'Nakatomi',
  'Massive Dynamic',
  'Prestige Worldwide',
  'Bluth',
  'Sterling Cooper',
  'Weyland',
  'Virtucon',
  'Gekko',
  'Krusty Krab',
  'Planet Express',
  'Rekall',
];
const POSITIONS = [
  'Software Engineer',
  'Data Engineer',
  'Backend Developer',
  'Frontend Developer',
  'Product Manager',
  'Site Reliability Engineer',
  'Data Scientist',
  'Engineering Manager',
  'QA Analyst',
  'Designer',
  'Platform Engineer',
  'Security Engineer',
  'Mobile Developer',
  'Technical Writer',
  'Solutions Architect',
  'Machine Learning Engineer',
  'DevOps Engineer',
  'Support Engineer',
  'Database Administrator',
  'Analyst',
];
const LOCATIONS = ['Berlin', 'Lisbon', 'Remote', 'London', 'Paris', 'Amsterdam', 'New York', 'Toronto'];

/** The measured request: a filter, a search of two prefixes, and the fields a list view shows. */
const SEARCHED_PAGE = `{
  jobsConnection(first: ${PAGE_SIZE}, filter: { status: [applied, interviewing, offer] }, search: "data eng") {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id companyName position status appliedOn tags notes { id content } } }
  }
}`;

const pageQuery = (after: string | null) => `{
  jobsConnection(first: ${PAGE_SIZE}${after ? `, after: ${JSON.stringify(after)}` : ''}) {
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id companyName position status appliedOn } }
  }
}`;

const ALL_JOBS =
  '{ jobs { id companyName position status appliedOn createdAt notes { id content reminderTime createdAt } } }';

export interface FindingReport {
  rows: Row[];
  notes: string[];
  details: Record<string, unknown>;
}

/**
 * Inserts `jobs` jobs (and `notesPerJob` notes each) for every user whose email starts with
 * `prefix`, with text varied enough that a search matches a share of them, not all.
 */
async function seedJobs(client: pg.Client, prefix: string, jobs: number, notesPerJob: number): Promise<void> {
  await client.query('SET synchronous_commit = off');
  await client.query(
    `INSERT INTO jobs (id, user_id, company_name, position, status, applied_on, location, source, priority,
                       created_at, updated_at, status_changed_at)
     SELECT gen_random_uuid(), u.id,
            ($3::text[])[1 + (g * 7 + u.n) % array_length($3::text[], 1)],
            ($4::text[])[1 + (g * 13 + u.n) % array_length($4::text[], 1)],
            (enum_range(NULL::"JobStatus"))[1 + g % 7],
            CASE WHEN g % 4 = 0 THEN NULL ELSE date '2024-01-01' + g % 700 END,
            ($5::text[])[1 + g % array_length($5::text[], 1)],
            CASE WHEN g % 3 = 0 THEN 'LinkedIn' WHEN g % 3 = 1 THEN 'referral' ELSE NULL END,
            CASE WHEN g % 6 = 0 THEN NULL ELSE 1 + g % 5 END,
            timestamptz '2024-01-01 00:00:00+00' + g * interval '1 hour' + u.n * interval '1 millisecond',
            timestamptz '2024-01-01 00:00:00+00' + g * interval '1 hour' + u.n * interval '1 millisecond',
            timestamptz '2024-01-01 00:00:00+00' + g * interval '1 hour' + u.n * interval '1 millisecond'
     FROM generate_series(1, $2::int) AS g
     CROSS JOIN (SELECT id, row_number() OVER () AS n FROM users WHERE email LIKE $1 || '-%') AS u`,
    [prefix, jobs, COMPANIES, POSITIONS, LOCATIONS],
  );
  // Every job has its creation event, as the API writes it.
  await client.query(
    `INSERT INTO job_status_events (id, job_id, from_status, to_status, occurred_at)
     SELECT gen_random_uuid(), j.id, NULL, j.status, j.created_at
     FROM jobs j JOIN users u ON u.id = j.user_id AND u.email LIKE $1 || '-%'`,
    [prefix],
  );
  if (notesPerJob === 0) return;
  await client.query(
    `INSERT INTO notes (id, job_id, content, created_at)
     SELECT gen_random_uuid(), j.id, 'Note ' || k || ': called the recruiter, next round on Tuesday',
            j.created_at + k * interval '1 minute'
     FROM jobs j JOIN users u ON u.id = j.user_id AND u.email LIKE $1 || '-%'
     CROSS JOIN generate_series(1, $2::int) AS k`,
    [prefix, notesPerJob],
  );
}

async function insertUsers(client: pg.Client, prefix: string, count: number): Promise<void> {
  await client.query(
    `INSERT INTO users (id, email, password_hash, first_name, last_name, is_active, token_version, created_at, updated_at)
     SELECT gen_random_uuid(), $1 || '-' || n || '@bench.local', 'not-a-password-hash', 'Bench', 'User ' || n,
            true, 0, now(), now()
     FROM generate_series(1, $2::int) AS n`,
    [prefix, count],
  );
}

/** The database, seeded by `seed` unless it already holds `expectedJobs` jobs. */
async function ensureDatabase(
  name: string,
  expectedJobs: number,
  seed: (client: pg.Client) => Promise<void>,
): Promise<{ url: string; seededMs: number | null }> {
  const url = databaseUrl(name);
  if (await databaseExists(name)) {
    const count = await withClient(url, async (client) => {
      const { applyMigrations } = await import('../../src/db/migrations.ts');
      await applyMigrations({ databaseUrl: url });
      const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM jobs');
      return Number(rows[0]!.n);
    }).catch(() => -1);
    if (count === expectedJobs) return { url, seededMs: null };
  }
  const started = performance.now();
  await createMigratedDatabase(name);
  await withClient(url, async (client) => {
    await seed(client);
    await client.query('VACUUM ANALYZE');
  });
  return { url, seededMs: performance.now() - started };
}

const seedTarget = async (client: pg.Client) => {
  await insertUsers(client, 'find', 1);
  await seedJobs(client, 'find', TARGET_JOBS, NOTES_PER_JOB);
};

async function tokenFor(recorder: Recorder, email: string): Promise<string> {
  const user = await recorder.db.user.findFirstOrThrow({ where: { email } });
  return (await recorder.app.services.sessions.start(user)).accessToken;
}

/** Runs a GraphQL request in process; throws on anything but a 200 without errors. */
async function ask(recorder: Recorder, query: string, token: string): Promise<{ text: string; body: unknown }> {
  const { status, text } = await inProcessGraphql(recorder.app, query, token);
  const body = JSON.parse(text) as { errors?: unknown; data?: unknown };
  if (status !== 200 || body.errors) throw new Error(`bench request answered ${status}: ${text.slice(0, 500)}`);
  return { text, body: body.data };
}

async function timeOnce(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

/** `rounds` rounds of SAMPLES_PER_ROUND sequential calls of a and b, alternating which goes first. */
async function alternateSamples(
  rounds: number,
  a: () => Promise<unknown>,
  b: () => Promise<unknown>,
): Promise<{ a: number[][]; b: number[][] }> {
  const result = { a: [] as number[][], b: [] as number[][] };
  const sample = async (fn: () => Promise<unknown>) => {
    const times: number[] = [];
    for (let index = 0; index < SAMPLES_PER_ROUND; index += 1) times.push(await timeOnce(fn));
    return times;
  };
  for (let round = 0; round < rounds; round += 1) {
    if (round % 2 === 0) {
      result.a.push(await sample(a));
      result.b.push(await sample(b));
    } else {
      result.b.push(await sample(b));
      result.a.push(await sample(a));
    }
  }
  return result;
}

/** Median of every sample, and the spread of the per-round ratios of medians. */
function compare(samples: { a: number[][]; b: number[][] }) {
  const a = median(samples.a.flat());
  const b = median(samples.b.flat());
  const perRound = ratios(samples.a.map(median), samples.b.map(median));
  return { a, b, ratio: a / b, spread: spread(perRound) };
}

interface JobsConnectionData {
  jobsConnection: {
    totalCount?: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: unknown[];
  };
}

export async function measureFinding(options: {
  rounds: number;
  say: (message: string) => void;
}): Promise<FindingReport> {
  const { rounds, say } = options;
  const rows: Row[] = [];
  const notes: string[] = [];
  const details: Record<string, unknown> = {};
  const row = (
    scenario: string,
    project: string,
    baseline: string,
    ratio: string,
    target: string,
    pass: boolean | null,
  ) => rows.push({ scenario, project, baseline, ratio, target, pass });

  say('finding: seeding (or reusing) 1,000,000 and 10,000-job databases');
  const big = await ensureDatabase('jat_bench_find_1m', TARGET_JOBS + CROWD_USERS * CROWD_JOBS, async (client) => {
    // The crowd first, round by round, then the searched user: their rows sit among the others'.
    await insertUsers(client, 'crowd', CROWD_USERS);
    await seedJobs(client, 'crowd', CROWD_JOBS, 0);
    await seedTarget(client);
  });
  const small = await ensureDatabase(
    'jat_bench_find_10k',
    TARGET_JOBS + SIZED_USERS.reduce((sum, jobs) => sum + jobs, 0),
    async (client) => {
      await seedTarget(client);
      for (const jobs of SIZED_USERS) {
        await insertUsers(client, `sized${jobs}`, 1);
        await seedJobs(client, `sized${jobs}`, jobs, NOTES_PER_JOB);
      }
    },
  );
  for (const [name, db] of [
    ['jat_bench_find_1m', big],
    ['jat_bench_find_10k', small],
  ] as const) {
    if (db.seededMs !== null) notes.push(`${name} seeded in ${fmt(db.seededMs / 1000, 1)} s (reused on later runs).`);
  }

  const bigApp = createRecorder(big.url);
  const smallApp = createRecorder(small.url);
  try {
    const bigToken = await tokenFor(bigApp, 'find-1@bench.local');
    const smallToken = await tokenFor(smallApp, 'find-1@bench.local');

    // ---------------------------------------------------------------- the searched page, 1M vs 10k
    const first = await ask(bigApp, SEARCHED_PAGE, bigToken);
    const again = await ask(smallApp, SEARCHED_PAGE, smallToken);
    const matches = (first.body as JobsConnectionData).jobsConnection;
    // The same user's data in both (ids differ: each database drew its own): the same number of
    // matches, and a full page (a figure measured on an empty page proves nothing).
    const inSmall = (again.body as JobsConnectionData).jobsConnection;
    const sameAnswer = matches.totalCount === inSmall.totalCount && matches.edges.length === inSmall.edges.length;
    if (!sameAnswer) notes.push('finding: the searched page differs between the 1M and 10k databases.');
    if (matches.edges.length === 0) notes.push('finding: the searched page came back empty.');
    details.searchedPageTotalCount = matches.totalCount;
    say(`finding: searched page p50, 1,000,000 vs 10,000 rows, ${rounds} rounds`);
    const searched = compare(
      await alternateSamples(
        rounds,
        () => ask(bigApp, SEARCHED_PAGE, bigToken),
        () => ask(smallApp, SEARCHED_PAGE, smallToken),
      ),
    );
    row(
      `jobsConnection first page, filter + search (ms p50): 1,000,000 rows vs 10,000 (${matches.totalCount} matches)`,
      fmt(searched.a, 2),
      fmt(searched.b, 2),
      fmtSpread(searched.spread),
      '≤ 1.5',
      sameAnswer && matches.edges.length === PAGE_SIZE && searched.ratio <= 1.5,
    );

    // The plans of the page and count statements, for docs/PERFORMANCE.md.
    const recorded = await bigApp.record(() => inProcessGraphql(bigApp.app, SEARCHED_PAGE, bigToken));
    const plans = await withClient(big.url, async (client) => {
      const out: string[] = [];
      // The first statement is the session check; the rest are the page's.
      for (const statement of recorded.sent.slice(1)) {
        const { rows: plan } = await client.query<{ 'QUERY PLAN': string }>(
          `EXPLAIN (ANALYZE, BUFFERS) ${statement.text}`,
          statement.values,
        );
        out.push(statement.text.trim(), '', ...plan.map((line) => line['QUERY PLAN']), '', '');
      }
      return out;
    });
    writeFileSync(path.join(RESULTS_DIR, 'explain-jobs-connection-1m.txt'), `${plans.join('\n')}\n`);
    notes.push(
      'finding: EXPLAIN (ANALYZE, BUFFERS) of the searched page on 1,000,000 rows: bench/results/explain-jobs-connection-1m.txt.',
    );

    // ---------------------------------------------------------------- statements per page
    const counts: Record<string, number> = {};
    for (const jobs of [10, 1_000, TARGET_JOBS]) {
      const email = jobs === TARGET_JOBS ? 'find-1@bench.local' : `sized${jobs}-1@bench.local`;
      const token = await tokenFor(smallApp, email);
      const { sql } = await smallApp.record(() => ask(smallApp, SEARCHED_PAGE, token));
      // SPEC: statement counts leave out the per-request session check.
      counts[jobs] = sql.length - 1;
    }
    details.findingStatementsPerPage = counts;
    const values = Object.values(counts);
    row(
      'SQL statements per jobsConnection page (10 / 1,000 / 10,000 jobs, session check left out)',
      values.join(' / '),
      '—',
      '—',
      'constant, ≤ 3',
      new Set(values).size === 1 && Math.min(...values) >= 1 && Math.max(...values) <= 3,
    );

    // ---------------------------------------------------------------- page 50 by cursor vs page 1
    let after: string | null = null;
    for (let page = 1; page < DEEP_PAGE; page += 1) {
      const data = (await ask(bigApp, pageQuery(after), bigToken)).body as JobsConnectionData;
      after = data.jobsConnection.pageInfo.endCursor;
      if (!after) throw new Error(`finding: no cursor after page ${page}`);
    }
    const deepQuery = pageQuery(after);
    const deepPage = (await ask(bigApp, deepQuery, bigToken)).body as JobsConnectionData;
    say(`finding: page ${DEEP_PAGE} vs page 1 p50, ${rounds} rounds`);
    const deep = compare(
      await alternateSamples(
        rounds,
        () => ask(bigApp, deepQuery, bigToken),
        () => ask(bigApp, pageQuery(null), bigToken),
      ),
    );
    row(
      `jobsConnection page ${DEEP_PAGE} by cursor vs page 1 (ms p50, 1,000,000 rows)`,
      fmt(deep.a, 2),
      fmt(deep.b, 2),
      fmtSpread(deep.spread),
      '≤ 1.5',
      deepPage.jobsConnection.edges.length === PAGE_SIZE && deep.ratio <= 1.5,
    );

    // ---------------------------------------------------------------- jobs (all) at 5,000 jobs
    const allToken = await tokenFor(smallApp, 'sized5000-1@bench.local');
    const all = await ask(smallApp, ALL_JOBS, allToken);
    const count = (all.body as { jobs: unknown[] }).jobs.length;
    const times: number[] = [];
    for (let index = 0; index < 5; index += 1) times.push(await timeOnce(() => ask(smallApp, ALL_JOBS, allToken)));
    row(
      `jobs (all, with notes) at 5,000 jobs: ms median of 5, ${fmt(Buffer.byteLength(all.text) / 1024 / 1024, 1)} MB`,
      fmt(median(times), 0),
      '—',
      '—',
      'every job, no error',
      count === 5_000,
    );
  } finally {
    // Each recorder wraps pg's query method over the previous one: unwrap in reverse order.
    await smallApp.close();
    await bigApp.close();
  }
  return { rows, notes, details };
}
