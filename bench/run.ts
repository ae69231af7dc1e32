// `npm run bench`: every performance figure of the project in one run, side by side with its
// target and, where there is one, a baseline measured in the same run, alternating rounds.
// Options: --strict (exit 1 when a target is missed), --jobs-only (only the SQL count and the
// jobs scenario), --me-only (the SQL count, `me` under logins and the Redis round trips),
// --finding-only (only the jobsConnection, search and `jobs` (all) figures of bench/lib/finding.ts),
// --profile (the SQL count and the jobs scenario with the project's server under
// `node --cpu-prof`; prints the top self-time functions), --outage-only (only the time to a 503
// while PostgreSQL or Redis hangs), --stats-only (only stats at 10,000 vs 100 jobs),
// --reminders-only (10,000 reminders due within a minute, two worker processes), --portability-only
// (only the export and import figures of bench/lib/portability.ts), --no-build.
// Environment: BENCH_DATABASE_URL, BENCH_REDIS_URL, BENCH_ROUNDS (5), BENCH_ROUND_SECONDS (5),
// BENCH_NODE_FLAGS (extra node flags for the project's server).
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, chmodSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { setTimeout as delay } from 'node:timers/promises';
import { Redis as IORedis } from 'ioredis';
import { loadConfig } from '../src/config/env.ts';
import { PasswordService } from '../src/modules/auth/passwords.ts';
import { TokenService } from '../src/modules/auth/tokens.ts';
import { startTestSmtpServer } from '../tests/support/smtp-server.ts';
import { createRecorder, inProcessGraphql } from './lib/capture.ts';
import { graphqlRequest, postGraphql, runLoad, withServerCpu, type LoadResult } from './lib/load.ts';
import { measureFinding } from './lib/finding.ts';
import { measureReminders } from './lib/reminders.ts';
import { measureOutages, type OutageRound } from './lib/outage.ts';
import { measurePortability } from './lib/portability.ts';
import {
  createMigratedDatabase,
  createSessions,
  dropDatabase,
  ensureBigDatabase,
  seedUsers,
  userIds,
  withClient,
} from './lib/postgres.ts';
import { baselineServer, exited, projectServer, waitFor200, type Child } from './lib/processes.ts';
import { fmt, fmtSpread, textTable, writeReport, type Row } from './lib/report.ts';
import {
  freePort,
  JWT_ALGORITHM,
  JWT_SECRET,
  POOL_SIZE,
  projectEnv,
  REDIS_URL,
  RESULTS_DIR,
  ROOT,
  SECRET_KEY,
} from './lib/settings.ts';
import { median, ratios, spread } from './lib/stats.ts';
import { seedStatsUser, STATS_WINDOW } from './lib/stats-seed.ts';
import { REDIS_DEADLINE_MS } from '../src/infra/redis.ts';
import { DATABASE_TIMEOUTS } from '../src/infra/database.ts';
import type { BaselineStatements } from './baseline-server.ts';
import { formatSummary, summarise } from './profile-summary.ts';

const flags = new Set(process.argv.slice(2));
const STRICT = flags.has('--strict');
const PROFILE = flags.has('--profile');
const JOBS_ONLY = PROFILE || flags.has('--jobs-only');
const ME_ONLY = !JOBS_ONLY && flags.has('--me-only');
const OUTAGE_ONLY = !JOBS_ONLY && !ME_ONLY && flags.has('--outage-only');
const FINDING_ONLY = !JOBS_ONLY && !ME_ONLY && !OUTAGE_ONLY && flags.has('--finding-only');
const STATS_ONLY = !JOBS_ONLY && !ME_ONLY && !OUTAGE_ONLY && flags.has('--stats-only');
const REMINDERS_ONLY = flags.has('--reminders-only');
const PORTABILITY_ONLY = !JOBS_ONLY && !ME_ONLY && !OUTAGE_ONLY && !STATS_ONLY && flags.has('--portability-only');
/** Extra node flags for the project's server (experiments, e.g. --max-semi-space-size=4). */
const NODE_FLAGS = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const ROUND_SECONDS = Number(process.env.BENCH_ROUND_SECONDS ?? 5);
const PASSWORD = 'bench password, long enough and uncommon';
const LOGIN_ACCOUNTS = 400;
const CONCURRENT_LOGINS = 20;
/** Requests per second of `me` in the login scenario. */
const ME_RATE = 200;

const JOBS_QUERY =
  '{ jobs(limit: 50) { id companyName position status appliedOn createdAt notes { id content reminderTime createdAt } } }';
const FIRST_PAGE_QUERY = '{ jobs(limit: 20) { id companyName position status appliedOn createdAt } }';
const ME_QUERY = '{ me { id email firstName lastName isActive } }';
const LOGIN_MUTATION =
  'mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { message } }';
const VERIFY_MUTATION =
  'mutation ($email: String!, $code: String!) { verifyOtp(email: $email, code: $code, module: login) { accessToken } }';

const startedAt = new Date();
const rows: Row[] = [];
const details: Record<string, unknown> = {};
const notes: string[] = [];
const say = (message: string) =>
  console.log(`[bench ${((Date.now() - startedAt.getTime()) / 1000).toFixed(0).padStart(3)} s] ${message}`);

function row(scenario: string, project: string, baseline: string, ratio: string, target: string, pass: boolean | null) {
  rows.push({ scenario, project, baseline, ratio, target, pass });
}

const tokens = new TokenService(loadConfig({ JWT_SECRET_KEY: JWT_SECRET, JWT_ALGORITHM }).jwt);

/** Alternates a and b, `rounds` times, swapping which goes first each round. */
async function alternate(
  rounds: number,
  a: () => Promise<LoadResult>,
  b: () => Promise<LoadResult>,
): Promise<{ a: LoadResult[]; b: LoadResult[] }> {
  const results = { a: [] as LoadResult[], b: [] as LoadResult[] };
  for (let round = 0; round < rounds; round += 1) {
    if (round % 2 === 0) {
      results.a.push(await a());
      results.b.push(await b());
    } else {
      results.b.push(await b());
      results.a.push(await a());
    }
    const last = (list: LoadResult[]) => list.at(-1)!;
    say(
      `  round ${round + 1}/${rounds}: ${fmt(last(results.a).rps, 0)} vs ${fmt(last(results.b).rps, 0)} req/s, ` +
        `p99 ${fmt(last(results.a).p99, 2)} vs ${fmt(last(results.b).p99, 2)} ms`,
    );
  }
  return results;
}

/**
 * Whether every round saw answers and only 2xx ones: a figure measured on no traffic, or on
 * errors, proves nothing, so its row fails.
 */
function checkClean(name: string, results: LoadResult[]): boolean {
  const bad = results.reduce((sum, result) => sum + result.errors + result.non2xx, 0);
  if (bad > 0) notes.push(`${name}: ${bad} responses were errors or not 2xx.`);
  const empty = results.filter((result) => result.responses === 0).length;
  if (empty > 0 || results.length === 0) notes.push(`${name}: ${empty} of ${results.length} rounds saw no answer.`);
  return bad === 0 && empty === 0 && results.length > 0;
}

function build(): void {
  say('building (npm run build)');
  const result = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('npm run build failed');
}

function machine() {
  const cpus = os.cpus();
  const version = (command: string, args: string[]) =>
    spawnSync(command, args, { encoding: 'utf8' }).stdout?.trim().split('\n')[0] ?? 'unknown';
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    node: process.version,
    postgres: version('psql', ['--version']).replace(/^psql \(PostgreSQL\) /, ''),
    redis: version('redis-server', ['--version']).replace(/^Redis server v=(\S+).*/, '$1'),
  };
}

async function main(): Promise<number> {
  rmSync(path.join(RESULTS_DIR, 'logs'), { recursive: true, force: true });
  mkdirSync(path.join(RESULTS_DIR, 'logs'), { recursive: true });
  if (!flags.has('--no-build')) build();
  if (REMINDERS_ONLY) {
    const reminders = await measureReminders(say);
    rows.push(...reminders.rows);
    notes.push(...reminders.notes);
    return finish();
  }
  if (STATS_ONLY) {
    const smtp = await startTestSmtpServer();
    try {
      await statsRows(smtp.url);
    } finally {
      await smtp.close();
    }
    return finish();
  }
  if (PORTABILITY_ONLY) {
    const smtp = await startTestSmtpServer();
    try {
      await portabilityRows(smtp.url);
    } finally {
      await smtp.close();
    }
    return finish();
  }
  if (OUTAGE_ONLY) {
    const smtp = await startTestSmtpServer();
    try {
      await outageRows(smtp.url);
    } finally {
      await smtp.close();
    }
    return finish();
  }
  if (FINDING_ONLY) {
    await findingRows();

    return finish();
  }

  const redis = new IORedis(REDIS_URL, { lazyConnect: true });
  await redis.connect();
  await redis.flushdb();

  // ---------------------------------------------------------------- data
  const mainDb = `jat_bench_run_${process.pid}`;
  say(`seeding ${mainDb}`);
  const mainUrl = await createMigratedDatabase(mainDb);
  const passwordHash = await new PasswordService({ cost: 12 }).hash(PASSWORD);
  await withClient(mainUrl, async (client) => {
    await seedUsers(client, { prefix: 'jobs50', users: 1, jobsPerUser: 50, notesPerJob: 3 });
    for (const count of [10, 100, 1000]) {
      await seedUsers(client, { prefix: `n${count}`, users: 1, jobsPerUser: count, notesPerJob: 3 });
    }
    await seedUsers(client, { prefix: 'login', users: LOGIN_ACCOUNTS, jobsPerUser: 0, notesPerJob: 0, passwordHash });
    await seedUsers(client, { prefix: 'otp', users: 2, jobsPerUser: 0, notesPerJob: 0, passwordHash });
    await client.query('ANALYZE');
  });

  const children: Child[] = [];
  const smtp = await startTestSmtpServer();
  try {
    // ------------------------------------------------------------ SQL statements, captured in process
    say('recording the SQL of jobs { notes }');
    const recorder = createRecorder(mainUrl);
    const tokenFor = async (prefix: string) => {
      const user = await recorder.db.user.findFirstOrThrow({ where: { email: `${prefix}-1@bench.local` } });
      return (await recorder.app.services.sessions.start(user)).accessToken;
    };
    const jobsToken = await tokenFor('jobs50');
    const counts: Record<string, number> = {};
    for (const count of [10, 100, 1000]) {
      const token = await tokenFor(`n${count}`);
      const query = JOBS_QUERY.replace('limit: 50', 'limit: 500');
      const { result, sql } = await recorder.record(() => inProcessGraphql(recorder.app, query, token));
      if (result.status !== 200) throw new Error(`jobs { notes } answered ${result.status}: ${result.text}`);
      counts[count] = sql.length;
    }
    const captured = await recorder.record(() => inProcessGraphql(recorder.app, JOBS_QUERY, jobsToken));
    await recorder.close();
    const [session, jobs] = captured.sent;
    if (
      captured.sent.length !== 2 ||
      !isDeepStrictEqual(
        captured.sql.map((sql) => sql.trim()),
        captured.sent.map((sent) => sent.text.trim()),
      ) ||
      !session ||
      !jobs ||
      String(jobs.values[1]) !== '50'
    ) {
      throw new Error(`unexpected SQL for jobs { notes }: ${JSON.stringify(captured.sent, null, 2)}`);
    }
    const statements: BaselineStatements = { session: session.text, jobs: jobs.text };
    details.sql = { statementsPerRequest: counts, captured: captured.sent };
    const constant = new Set(Object.values(counts)).size === 1;
    row(
      'SQL statements per jobs { notes } request (10 / 100 / 1000 jobs)',
      Object.values(counts).join(' / '),
      '—',
      '—',
      'constant, ≤ 3',
      // At least the session check and the page: zero statements means the recorder saw nothing.
      constant && Math.min(...Object.values(counts)) >= 1 && Math.max(...Object.values(counts)) <= 3,
    );

    // ------------------------------------------------------------ jobs: project vs baseline
    const [projectPort, baselinePort] = [await freePort(), await freePort()];
    const profileDir = path.join(RESULTS_DIR, 'profile');
    if (PROFILE) rmSync(profileDir, { recursive: true, force: true });
    const project = await projectServer(
      'project',
      projectEnv({ databaseUrl: mainUrl, port: projectPort, smtpUrl: smtp.url }),
      [...NODE_FLAGS, ...(PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [])],
    );
    children.push(project);
    const baseline = await baselineServer('baseline', {
      PORT: String(baselinePort),
      DATABASE_URL: mainUrl,
      DATABASE_POOL_SIZE: String(POOL_SIZE),
      JWT_SECRET_KEY: JWT_SECRET,
      JWT_ALGORITHM,
      BASELINE_STATEMENTS: JSON.stringify(statements),
    });
    children.push(baseline);
    const [fromProject, fromBaseline] = await Promise.all(
      [project, baseline].map((child) => postGraphql(child.url, JOBS_QUERY, { token: jobsToken })),
    );
    if (!isDeepStrictEqual(fromProject!.body, fromBaseline!.body) || fromProject!.status !== 200) {
      throw new Error(`the baseline does not answer like the project:\n${fromProject!.text}\n${fromBaseline!.text}`);
    }
    details.jobsResponseBytes = { project: fromProject!.text.length, baseline: fromBaseline!.text.length };

    if (!ME_ONLY) {
      say(`jobs { notes } (50 jobs × 3 notes): project vs baseline, ${ROUNDS} rounds × ${ROUND_SECONDS} s each`);
      const jobsLoad = (child: Child, duration = ROUND_SECONDS) =>
        withServerCpu(child, () =>
          runLoad({ url: child.url, connections: 10, duration, requests: [graphqlRequest(JOBS_QUERY, jobsToken)] }),
        );
      await jobsLoad(project, 2);
      await jobsLoad(baseline, 2);
      const jobsRounds = await alternate(
        ROUNDS,
        () => jobsLoad(project),
        () => jobsLoad(baseline),
      );
      const jobsClean = checkClean('jobs', [...jobsRounds.a, ...jobsRounds.b]);
      details.jobs = jobsRounds;
      type Figure = 'rps' | 'p50' | 'p99' | 'serverCpuMs';
      const med = (list: LoadResult[], key: Figure) => median(list.map((r) => r[key] ?? Number.NaN));
      const figureRow = (
        scenario: string,
        key: Figure,
        digits: number,
        target = '—',
        pass?: (ratio: number) => boolean,
      ) => {
        const ratio = spread(
          ratios(
            jobsRounds.a.map((r) => r[key] ?? Number.NaN),
            jobsRounds.b.map((r) => r[key] ?? Number.NaN),
          ),
        );
        row(
          scenario,
          fmt(med(jobsRounds.a, key), digits),
          fmt(med(jobsRounds.b, key), digits),
          fmtSpread(ratio),
          target,
          pass ? jobsClean && pass(ratio.median) : null,
        );
      };
      figureRow('jobs { notes }, 50 jobs × 3 notes: req/s', 'rps', 0, '≥ 0.6', (ratio) => ratio >= 0.6);
      figureRow('jobs { notes }: p50 latency (ms)', 'p50', 2);
      figureRow('jobs { notes }: p99 latency (ms)', 'p99', 2);
      figureRow('jobs { notes }: server CPU per request (ms)', 'serverCpuMs', 3);
      const rss = { project: project.peakRssMb(), baseline: baseline.peakRssMb() };
      details.peakRssMb = rss;
      row(
        'peak RSS per process under the jobs load (MB)',
        fmt(rss.project, 0),
        fmt(rss.baseline, 0),
        '—',
        '≤ 200',
        jobsClean && rss.project <= 200,
      );
    }
    await baseline.stop();

    if (JOBS_ONLY) {
      await project.stop();
      if (!PROFILE) return finish(redis, mainDb);
      const [file] = readdirSync(profileDir).filter((name) => name.endsWith('.cpuprofile'));
      if (!file) throw new Error('no CPU profile was written');
      const summary = formatSummary(summarise(path.join(profileDir, file), 25));
      writeFileSync(path.join(RESULTS_DIR, 'profile.txt'), `${summary}\n`);
      console.log(`\n${summary}\n`);
      return finish(redis, mainDb);
    }

    // ------------------------------------------------------------ me while 20 logins run
    say(`me p99: idle vs while ${CONCURRENT_LOGINS} logins (bcrypt cost 12) run, ${ROUNDS} rounds`);
    // A fixed arrival rate (open loop), well below what the server can answer: p99 then shows how
    // long a request waits for the event loop, not how long the queue of a saturated server is.
    const meLoad = () =>
      runLoad({
        url: project.url,
        connections: 4,
        overallRate: ME_RATE,
        duration: ROUND_SECONDS,
        requests: [graphqlRequest(ME_QUERY, jobsToken)],
      });
    let nextAccount = 0;
    const loginOutcomes = { ok: 0, failed: 0, statuses: {} as Record<string, number> };
    const underLogins = async (): Promise<LoadResult> => {
      let stopped = false;
      const loop = async () => {
        while (!stopped && nextAccount < LOGIN_ACCOUNTS * 3) {
          const email = `login-${(nextAccount++ % LOGIN_ACCOUNTS) + 1}@bench.local`;
          const { status, text } = await postGraphql(project.url, LOGIN_MUTATION, {
            variables: { email, password: PASSWORD },
          });
          if (status === 200 && text.includes('Login OTP sent')) loginOutcomes.ok += 1;
          else {
            loginOutcomes.failed += 1;
            loginOutcomes.statuses[status] = (loginOutcomes.statuses[status] ?? 0) + 1;
          }
        }
      };
      const loops = Array.from({ length: CONCURRENT_LOGINS }, loop);
      await delay(500); // every login in flight before measuring
      const result = await meLoad();
      stopped = true;
      await Promise.all(loops);
      return result;
    };
    await runLoad({ url: project.url, connections: 4, duration: 1, requests: [graphqlRequest(ME_QUERY, jobsToken)] });
    const loginStarted = performance.now();
    const meRounds = await alternate(ROUNDS, underLogins, meLoad);
    const meClean = checkClean('me', [...meRounds.a, ...meRounds.b]);
    const meRatio = spread(
      ratios(
        meRounds.a.map((r) => r.p99),
        meRounds.b.map((r) => r.p99),
      ),
    );
    details.me = { ...meRounds, logins: loginOutcomes, loginSeconds: (performance.now() - loginStarted) / 1000 };
    if (loginOutcomes.failed > 0)
      notes.push(`logins: ${loginOutcomes.failed} failed (${JSON.stringify(loginOutcomes.statuses)}).`);
    const loginSeconds = ROUNDS * (ROUND_SECONDS + 0.5);
    notes.push(
      `me under logins: ${loginOutcomes.ok} logins answered in the loaded rounds (about ${fmt(loginOutcomes.ok / loginSeconds, 1)} per second; bcrypt cost 12).`,
    );
    row(
      `me p99 (ms) at ${ME_RATE} req/s with ${CONCURRENT_LOGINS} concurrent logins vs idle`,
      fmt(median(meRounds.a.map((r) => r.p99)), 2),
      `${fmt(median(meRounds.b.map((r) => r.p99)), 2)} (idle)`,
      fmtSpread(meRatio),
      '≤ 2',
      // "Under logins" means nothing if no login went through.
      meClean && loginOutcomes.ok > 0 && loginOutcomes.failed === 0 && meRatio.median <= 2,
    );

    // ------------------------------------------------------------ Redis round trips of one OTP verify
    say('Redis round trips per OTP verify (MONITOR)');
    const codeFor = async (email: string) => {
      const { status, text } = await postGraphql(project.url, LOGIN_MUTATION, {
        variables: { email, password: PASSWORD },
      });
      if (status !== 200) throw new Error(`login answered ${status}: ${text}`);
      return /\b(\d{6})\b/.exec((await smtp.nextMailTo(email)).text)![1]!;
    };
    const verify = async (email: string, code: string) => {
      const { status, text } = await postGraphql(project.url, VERIFY_MUTATION, { variables: { email, code } });
      if (status !== 200 || !text.includes('accessToken')) throw new Error(`verifyOtp answered ${status}: ${text}`);
    };
    await verify('otp-2@bench.local', await codeFor('otp-2@bench.local')); // loads the scripts into Redis
    const code = await codeFor('otp-1@bench.local');
    const monitor = await redis.monitor();
    const commands: string[] = [];
    // MONITOR shows every database of the server: keep the one the project's server uses, read
    // from the URL it was given, not assumed.
    const database = redisDatabase(REDIS_URL);
    monitor.on('monitor', (_time: string, args: string[], source: string, commandDatabase: string) => {
      if (commandDatabase === database && source !== 'lua') commands.push(args.slice(0, 2).join(' '));
    });
    await delay(100);
    await verify('otp-1@bench.local', code);
    await delay(200);
    monitor.disconnect();
    // Commands of one MULTI ... EXEC go out together: one round trip.
    let roundTrips = 0;
    let inMulti = false;
    for (const command of commands) {
      const name = command.split(' ')[0]!.toUpperCase();
      if (name === 'MULTI') inMulti = true;
      if (!inMulti) roundTrips += 1;
      if (name === 'EXEC') {
        inMulti = false;
        roundTrips += 1;
      }
    }
    details.otpVerifyRedisCommands = commands;
    // A verify that reached Redis makes at least one round trip: none seen means the check saw
    // nothing (another database, a broken filter), which must not pass.
    if (commands.length === 0) notes.push(`Redis round trips: MONITOR saw no command on database ${database}.`);
    row('Redis round trips per OTP verify', String(roundTrips), '—', '—', '1 to 2', roundTrips >= 1 && roundTrips <= 2);
    notes.push(`Redis commands of one verifyOtp: ${commands.join('; ')}.`);
    await project.stop();
    if (ME_ONLY) return finish(redis, mainDb);

    // ------------------------------------------------------------ first page with 1,000,000 jobs vs 10,000
    say('first page of jobs: 1,000,000 rows vs 10,000 rows');
    const big = await ensureBigDatabase('jat_bench_1m', 10_000, 100);
    const small = await ensureBigDatabase('jat_bench_10k', 100, 100);
    if (big.seededMs !== null)
      notes.push(`jat_bench_1m seeded in ${fmt(big.seededMs / 1000, 1)} s (reused on later runs).`);
    const pageTokens = async (url: string) =>
      withClient(url, async (client) => {
        const users = await userIds(client, 'big', 50);
        const families = await createSessions(client, users);
        return users.map((id, index) => tokens.issueAccessToken({ id, tokenVersion: 0 }, families[index]!).accessToken);
      });
    const [bigTokens, smallTokens] = [await pageTokens(big.url), await pageTokens(small.url)];
    const explain = await withClient(big.url, async (client) => {
      const { rows: plan } = await client.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN (ANALYZE, BUFFERS) ${statements.jobs}`,
        [(await userIds(client, 'big', 1))[0], '20', '0'],
      );
      return plan.map((line) => line['QUERY PLAN']);
    });
    details.firstPageExplain = explain;
    const usesIndex = explain.some((line) => line.includes('jobs_user_id_created_at_id_idx'));
    writeFileSync(path.join(RESULTS_DIR, 'explain-first-page-1m.txt'), `${explain.join('\n')}\n`);
    const bigServer = await projectServer(
      'project-1m',
      projectEnv({ databaseUrl: big.url, port: await freePort(), smtpUrl: smtp.url }),
    );
    children.push(bigServer);
    const smallServer = await projectServer(
      'project-10k',
      projectEnv({ databaseUrl: small.url, port: await freePort(), smtpUrl: smtp.url }),
    );
    children.push(smallServer);
    const pageLoad = (child: Child, list: string[], duration = Math.min(ROUND_SECONDS, 3)) =>
      runLoad({
        url: child.url,
        connections: 4,
        duration,
        requests: list.map((token) => graphqlRequest(FIRST_PAGE_QUERY, token)),
      });
    await pageLoad(bigServer, bigTokens, 1);
    await pageLoad(smallServer, smallTokens, 1);
    const pageRounds = await alternate(
      ROUNDS,
      () => pageLoad(bigServer, bigTokens),
      () => pageLoad(smallServer, smallTokens),
    );
    const pageClean = checkClean('first page', [...pageRounds.a, ...pageRounds.b]);
    details.firstPage = pageRounds;
    const pageRatio = spread(
      ratios(
        pageRounds.a.map((r) => r.p50),
        pageRounds.b.map((r) => r.p50),
      ),
    );
    row(
      'first page jobs(limit: 20), p50 (ms): 1,000,000 vs 10,000 jobs',
      fmt(median(pageRounds.a.map((r) => r.p50)), 2),
      `${fmt(median(pageRounds.b.map((r) => r.p50)), 2)} (10k)`,
      fmtSpread(pageRatio),
      '≤ 1.5',
      pageClean && pageRatio.median <= 1.5,
    );
    notes.push(
      usesIndex
        ? 'EXPLAIN of the first page on 1,000,000 jobs: an Index Scan on jobs_user_id_created_at_id_idx (bench/results/explain-first-page-1m.txt).'
        : `EXPLAIN of the first page does NOT use jobs_user_id_created_at_id_idx: ${explain.join(' / ')}`,
    );
    await bigServer.stop();
    await smallServer.stop();

    // ------------------------------------------------------------ cold start
    say('cold start to ready: real PostgreSQL, then embedded');
    const coldStart = async (name: string, env: Record<string, string>, timeoutMs: number) => {
      const started = performance.now();
      const child = spawn(process.execPath, ['dist/main.js'], {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
        stdio: 'ignore',
      });
      try {
        await waitFor200(`http://127.0.0.1:${env.PORT}/readyz`, child, timeoutMs);
        return (performance.now() - started) / 1000;
      } finally {
        child.kill('SIGTERM');
        await exited(child);
        say(`  ${name}: stopped`);
      }
    };
    const realStarts: number[] = [];
    for (let run = 0; run < 3; run += 1) {
      realStarts.push(
        await coldStart(
          'real PostgreSQL',
          projectEnv({ databaseUrl: mainUrl, port: await freePort(), smtpUrl: smtp.url }),
          15_000,
        ),
      );
    }
    row(
      'cold start to /readyz 200, real PostgreSQL (s)',
      fmt(median(realStarts), 2),
      '—',
      '—',
      '≤ 1.5',
      median(realStarts) <= 1.5,
    );
    const parent = mkdtempSync(path.join(os.tmpdir(), 'jat-bench-'));
    chmodSync(parent, 0o755);
    try {
      const embeddedEnv = {
        NODE_ENV: 'development',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        EMBEDDED_POSTGRES_DIR: path.join(parent, 'postgres'),
        EMBEDDED_POSTGRES_PORT: String(await freePort()),
        JWT_SECRET_KEY: JWT_SECRET,
        SECRET_KEY,
      };
      const first = await coldStart('embedded, first', { ...embeddedEnv, PORT: String(await freePort()) }, 60_000);
      const later: number[] = [];
      for (let run = 0; run < 2; run += 1) {
        later.push(await coldStart('embedded, later', { ...embeddedEnv, PORT: String(await freePort()) }, 30_000));
      }
      details.coldStart = { realPostgres: realStarts, embeddedFirst: first, embeddedLater: later };
      row('cold start, embedded PostgreSQL, first start (s)', fmt(first, 2), '—', '—', '≤ 5', first <= 5);
      row(
        'cold start, embedded PostgreSQL, later starts (s)',
        fmt(median(later), 2),
        '—',
        '—',
        '≤ 2',
        median(later) <= 2,
      );
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }

    // ------------------------------------------------------------ finding: jobsConnection, search, jobs (all)
    await findingRows();

    // ------------------------------------------------------------ stats: 10,000 vs 100 jobs
    await statsRows(smtp.url);

    // ------------------------------------------------------------ portability: export 50,000 vs 5,000 jobs, import 20,000 rows
    await portabilityRows(smtp.url);

    // ------------------------------------------------------------ time to a 503 while a dependency hangs
    await outageRows(smtp.url);
  } finally {
    await Promise.all(children.map((child) => child.stop().catch(() => undefined)));
    await smtp.close();
  }
  return finish(redis, mainDb);
}

/** The Finding figures (bench/lib/finding.ts), added to the one table. */
async function findingRows(): Promise<void> {
  const finding = await measureFinding({ rounds: ROUNDS, say });
  rows.push(...finding.rows);
  notes.push(...finding.notes);
  Object.assign(details, finding.details);
}

const STATS_QUERY = `query ($from: String, $to: String) { stats(from: $from, to: $to) {
  applications byStatus { status count } funnel { stage count } responseRate medianDaysToFirstResponse
  timeInStage { stage samples medianDays p90Days } perWeek { weekStart applications }
  bySource { source applications responseRate } ghosted } }`;

/**
 * stats over the longest window for a user with 10,000 jobs and one with 100 (each job with its
 * history, seeded by bench/lib/stats-seed.ts), on one server and database, alternating rounds:
 * the issue asks p50(10,000) / p50(100) <= 10.
 */
async function statsRows(smtpUrl: string): Promise<void> {
  const name = `jat_bench_stats_${process.pid}`;
  say('stats: seeding a user with 10,000 jobs and one with 100, with their histories');
  const started = performance.now();
  const url = await createMigratedDatabase(name);
  try {
    const users = await withClient(url, async (client) => {
      await seedStatsUser(client, 'stats10k', 10_000);
      await seedStatsUser(client, 'stats100', 100);
      await client.query('ANALYZE');
      const ids = [(await userIds(client, 'stats10k', 1))[0]!, (await userIds(client, 'stats100', 1))[0]!];
      const families = await createSessions(client, ids);
      return ids.map((id, index) => tokens.issueAccessToken({ id, tokenVersion: 0 }, families[index]!).accessToken);
    });
    notes.push(`stats data seeded in ${fmt((performance.now() - started) / 1000, 1)} s (generate_series).`);
    const [bigToken, smallToken] = users as [string, string];
    const server = await projectServer(
      'project-stats',
      projectEnv({ databaseUrl: url, port: await freePort(), smtpUrl }),
    );
    try {
      for (const [token, expected] of [
        [bigToken, 10_000],
        [smallToken, 100],
      ] as const) {
        const answer = await postGraphql(server.url, STATS_QUERY, { token, variables: STATS_WINDOW });
        const applications = (JSON.parse(answer.text) as { data?: { stats?: { applications?: number } } }).data?.stats
          ?.applications;
        if (applications !== expected) throw new Error(`stats answered ${answer.text.slice(0, 300)}`);
      }
      const statsLoad = (token: string, duration = ROUND_SECONDS) =>
        runLoad({
          url: server.url,
          connections: 2,
          duration,
          requests: [graphqlRequest(STATS_QUERY, token, STATS_WINDOW)],
        });
      await statsLoad(bigToken, 1);
      await statsLoad(smallToken, 1);
      say(`stats p50: 10,000 vs 100 jobs, ${ROUNDS} rounds`);
      const rounds = await alternate(
        ROUNDS,
        () => statsLoad(bigToken),
        () => statsLoad(smallToken),
      );
      const clean = checkClean('stats', [...rounds.a, ...rounds.b]);
      details.stats = rounds;
      const ratio = spread(
        ratios(
          rounds.a.map((r) => r.p50),
          rounds.b.map((r) => r.p50),
        ),
      );
      row(
        'stats (2-year window) p50 (ms): 10,000 vs 100 jobs',
        fmt(median(rounds.a.map((r) => r.p50)), 2),
        `${fmt(median(rounds.b.map((r) => r.p50)), 2)} (100)`,
        fmtSpread(ratio),
        '≤ 10',
        clean && ratio.median <= 10,
      );
    } finally {
      await server.stop();
    }
  } finally {
    await dropDatabase(name);
  }
}

/** The Portability figures (bench/lib/portability.ts), added to the one table. */
async function portabilityRows(smtpUrl: string): Promise<void> {
  const portability = await measurePortability({ smtpUrl, rounds: ROUNDS, say });
  rows.push(...portability.rows);
  notes.push(...portability.notes);
  Object.assign(details, portability.details);
}

/** The database number of a redis:// URL (its path; 0 when it has none). */
function redisDatabase(url: string): string {
  return String(Number(new URL(url).pathname.slice(1) || '0'));
}

const OUTAGE_ROUNDS = 3;

async function outageRows(smtpUrl: string): Promise<void> {
  say(`time to a 503 while Redis or PostgreSQL hangs (private servers, SIGSTOP), ${OUTAGE_ROUNDS} rounds`);
  const result = await measureOutages({ smtpUrl, rounds: OUTAGE_ROUNDS, say });
  details.outage = result;
  const outageRow = (scenario: string, rounds: OutageRound[], boundMs: number) => {
    // Per round: the slowest answer of the requests sent at once right after the freeze.
    const slowest = rounds.map((round) => Math.max(...round.hungMs));
    const healthy = rounds.map((round) => round.healthyMs);
    const wrong = rounds.flatMap((round) => round.wrong);
    if (wrong.length > 0)
      notes.push(`${scenario}: ${wrong.length} answers were not 503: ${wrong.slice(0, 3).join(' | ')}`);
    // No round, or a round without answers, measured nothing.
    const sawTraffic = rounds.length > 0 && rounds.every((round) => round.hungMs.length > 0);
    row(
      scenario,
      fmt(median(slowest), 0),
      `${fmt(median(healthy), 1)} (healthy)`,
      fmtSpread(spread(ratios(slowest, healthy)), 0),
      `≤ ${boundMs}`,
      sawTraffic && wrong.length === 0 && Math.max(...slowest) <= boundMs,
    );
  };
  outageRow('time to 503 (ms), Redis hung: slowest of 5 verifyOtp sent at once', result.redis, 1_000);
  const { checkoutMs, statementDeadlineMs } = DATABASE_TIMEOUTS;
  outageRow(
    'time to 503 (ms), PostgreSQL hung: slowest of 5 jobs queries sent at once',
    result.postgres,
    checkoutMs + statementDeadlineMs,
  );
  notes.push(
    `time to 503: client-side deadlines of ${REDIS_DEADLINE_MS} ms (Redis socket) and ${statementDeadlineMs} ms ` +
      `(PostgreSQL statement; ${checkoutMs} ms to get a connection); ratio = hung / healthy answer time of the same request.`,
  );
}

async function finish(redis?: IORedis, mainDb?: string): Promise<number> {
  if (mainDb) await dropDatabase(mainDb);
  if (redis) {
    await redis.flushdb();
    redis.disconnect();
  }
  const durationSeconds = (Date.now() - startedAt.getTime()) / 1000;
  const report = {
    startedAt: startedAt.toISOString(),
    durationSeconds,
    machine: machine(),
    rows,
    details,
    notes: [
      `${ROUNDS} rounds of ${ROUND_SECONDS} s per side, alternating; ratio = project / baseline per round, median (min–max).`,
      ...notes,
    ],
  };
  const written = writeReport(report);
  console.log(`\n${textTable(rows)}\n`);
  for (const note of report.notes) console.log(`- ${note}`);
  console.log(`\n${Math.round(durationSeconds)} s in all. Written: ${written.markdown}, ${written.json}`);
  const failed = rows.some((line) => line.pass === false);
  return STRICT && failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
