// `npm run bench:soak`: the production server (node with the start script's heap flags,
// dist/main.js) under mixed traffic for 20 minutes: auth flows (register, verify, login, verify)
// with codes read from an SMTP sink, job and note writes and reads, GraphiQL and API docs page
// loads with every asset (and their revalidation), /metrics scrapes, and a burst of the bench's
// `jobs` load every 4 minutes. It samples the used heap and RSS every 5 s, prints them over time,
// and exits 1 on heap growth, a crash, too many failed answers, no traffic of some kind, a heap
// above 70% of its limit or a peak RSS above 200 MB (bench/lib/soak-rules.ts).
// Options: --duration=20m (also 90s, 300), --no-build. Environment: BENCH_DATABASE_URL,
// BENCH_SOAK_REDIS_URL (default: database 14 of the bench's Redis, flushed at start and end).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { Redis as IORedis } from 'ioredis';
import { loadConfig } from '../src/config/env.ts';
import { TokenService } from '../src/modules/auth/tokens.ts';
import { startTestSmtpServer, type TestSmtpServer } from '../tests/support/smtp-server.ts';
import { graphqlRequest, postGraphql, runLoad } from './lib/load.ts';
import {
  createMigratedDatabase,
  createSessions,
  dropDatabase,
  seedUsers,
  userIds,
  withClient,
} from './lib/postgres.ts';
import { peakRssMb, productionNodeFlags, projectServer, type Child } from './lib/processes.ts';
import { MAX_HEAP_SHARE, verdict, type MemorySample, type SoakFigures } from './lib/soak-rules.ts';
import { freePort, JWT_ALGORITHM, JWT_SECRET, projectEnv, RESULTS_DIR, ROOT } from './lib/settings.ts';
import { median } from './lib/stats.ts';

const args = process.argv.slice(2);
const DURATION_SECONDS = parseDuration(
  args.find((arg) => arg.startsWith('--duration='))?.slice('--duration='.length) ?? '20m',
);
const SAMPLE_EVERY_MS = 5_000;
const JOBS_BURST_EVERY_SECONDS = 240;
const JOBS_BURST_SECONDS = 10;
const PASSWORD = 'soak password, long enough and uncommon';
const JOBS_QUERY =
  '{ jobs(limit: 50) { id companyName position status appliedOn createdAt notes { id content reminderTime createdAt } } }';

function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(s|m)?$/.exec(text);
  if (!match) throw new Error(`--duration: expected seconds or minutes, e.g. 90s or 20m; got ${text}`);
  return Number(match[1]) * (match[2] === 'm' ? 60 : 1);
}

const SOAK_REDIS_URL = (() => {
  if (process.env.BENCH_SOAK_REDIS_URL) return process.env.BENCH_SOAK_REDIS_URL;
  const url = new URL(process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/0');
  url.pathname = '/14';
  return url.toString();
})();

const started = performance.now();
const elapsed = () => (performance.now() - started) / 1000;
const say = (message: string) => console.log(`[soak ${elapsed().toFixed(0).padStart(4)} s] ${message}`);

/** V8's heap_size_limit under the given node flags, in MB. */
function heapLimitMb(flags: string[]): number {
  const result = spawnSync(process.execPath, [...flags, '-p', 'v8.getHeapStatistics().heap_size_limit'], {
    encoding: 'utf8',
  });
  return Number(result.stdout.trim()) / 2 ** 20;
}

/** A gauge of a Prometheus text exposition (no labels), in MB. */
function gaugeMb(text: string, name: string): number {
  const match = new RegExp(`^${name} (\\S+)$`, 'm').exec(text);
  if (!match) throw new Error(`/metrics has no ${name}`);
  return Number(match[1]) / 2 ** 20;
}

function rssNowMb(pid: number): number {
  const kb = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return kb ? Number(kb) / 1024 : Number.NaN;
}

interface Traffic {
  ok: Record<string, number>;
  failed: number;
  failures: string[];
  stopped: boolean;
}

const traffic: Traffic = {
  ok: { auth: 0, data: 0, pages: 0, metrics: 0, jobsBurst: 0 },
  failed: 0,
  failures: [],
  stopped: false,
};
const answered = () => Object.values(traffic.ok).reduce((sum, count) => sum + count, 0) + traffic.failed;

function count(kind: string, ok: boolean, what: string) {
  if (ok) traffic.ok[kind]! += 1;
  else {
    traffic.failed += 1;
    if (traffic.failures.length < 20) traffic.failures.push(`${kind}: ${what}`);
  }
}

interface Answer {
  status: number;
  /** As expected: the status, and for GraphQL no errors and no unsuccessful payload. */
  ok: boolean;
  text: string;
  headers: Headers;
  /** The GraphQL `data` of the answer. */
  body<T>(): T;
}

async function call(
  kind: string,
  url: string,
  init: RequestInit & { expect?: number[]; graphql?: boolean } = {},
): Promise<Answer> {
  const expected = init.expect ?? [200];
  const what = `${init.method ?? 'GET'} ${url}`;
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(15_000) });
    const text = await response.text();
    const ok =
      expected.includes(response.status) &&
      !(init.graphql && (text.includes('"errors"') || text.includes('"success":false')));
    count(kind, ok, `${what} answered ${response.status}${ok ? '' : `: ${text.slice(0, 200)}`}`);
    const body = <T>() => (JSON.parse(text) as { data: T }).data;
    return { status: response.status, ok, text, headers: response.headers, body };
  } catch (error) {
    count(kind, false, `${what}: ${(error as Error).message}`);
    return { status: 0, ok: false, text: '', headers: new Headers(), body: <T>() => ({}) as T };
  }
}

const json = (body: unknown, token?: string): RequestInit => ({
  method: 'POST',
  headers: {
    'content-type': 'application/json',
    accept: 'application/graphql-response+json, application/json',
    ...(token ? { authorization: `Bearer ${token}` } : {}),
  },
  body: JSON.stringify(body),
});

/** Signed-in users of the auth flows, whose tokens the data loops use. */
const tokens: string[] = [];

/** Register, verify, login, verify the login code: a new account each round. */
async function authLoop(base: string, smtp: TestSmtpServer, loop: number) {
  for (let round = 0; !traffic.stopped; round += 1) {
    const email = `soak-${process.pid}-${loop}-${round}@bench.local`;
    const register = await call('auth', `${base}/auth/register`, {
      ...json({ email, password: PASSWORD, first_name: 'Soak', last_name: `User ${round}` }),
      expect: [200, 201],
    });
    if (register.status !== 200 && register.status !== 201) continue;
    const registerCode = /\b(\d{6})\b/.exec((await smtp.nextMailTo(email)).text)?.[1];
    await call('auth', `${base}/auth/verify-otp`, json({ email, code: registerCode }));
    await call('auth', `${base}/auth/login`, json({ email, password: PASSWORD }));
    const loginCode = /\b(\d{6})\b/.exec((await smtp.nextMailTo(email)).text)?.[1];
    const session = await call('auth', `${base}/auth/verify-otp`, json({ email, code: loginCode, module: 'login' }));
    const token =
      session.status === 200 ? (JSON.parse(session.text) as { access_token?: string }).access_token : undefined;
    if (token) {
      await call('auth', `${base}/auth/me`, { headers: { authorization: `Bearer ${token}` } });
      tokens.push(token);
      if (tokens.length > 50) tokens.shift();
    }
    await delay(1_000);
  }
}

const gql = (base: string, token: string, query: string, variables?: Record<string, unknown>) =>
  call('data', `${base}/graphql`, { ...json(variables ? { query, variables } : { query }, token), graphql: true });

/** Job and note writes and reads of the signed-in users; a user's older jobs are deleted now and then. */
async function dataLoop(base: string) {
  for (let round = 0; !traffic.stopped; round += 1) {
    const token = tokens[round % Math.max(tokens.length, 1)];
    if (!token) {
      await delay(200);
      continue;
    }
    const created = await gql(
      base,
      token,
      'mutation ($data: CreateJobInput!) { createJob(jobData: $data) { success job { id } } }',
      { data: { companyName: `Company ${round}`, position: 'Engineer', status: 'applied', appliedOn: '2026-11-30' } },
    );
    const jobId = created.ok ? created.body<{ createJob?: { job?: { id: string } } }>().createJob?.job?.id : undefined;
    if (jobId) {
      await gql(base, token, 'mutation ($data: CreateNoteInput!) { createNote(noteData: $data) { success } }', {
        data: { jobId, content: `Called the recruiter (round ${round})`, reminderTime: '2026-12-24T10:00:00Z' },
      });
      await gql(
        base,
        token,
        'mutation ($id: ID!) { updateJob(id: $id, jobData: { status: "interviewing" }) { success } }',
        { id: jobId },
      );
      await gql(base, token, 'query ($id: ID!) { job(id: $id) { id status notes { id content } } }', { id: jobId });
      await gql(base, token, 'query ($id: ID!) { jobNotes(jobId: $id) { id } }', { id: jobId });
    }
    const list = await gql(base, token, '{ jobs(limit: 20) { id companyName status notes { id } } }');
    await gql(base, token, '{ me { id email firstName } }');
    const jobs = list.ok ? (list.body<{ jobs?: { id: string }[] }>().jobs ?? []) : [];
    if (jobs.length === 0) count('data', false, 'jobs listed none');
    // Three of four jobs this loop created are deleted again (its own: loops share users).
    if (jobId && round % 4 !== 0) {
      await gql(base, token, 'mutation ($id: ID!) { deleteJob(id: $id) { success } }', { id: jobId });
    }
    await delay(50);
  }
}

/** A browser's visit: the page, every asset it names, then a revalidation of each (304). */
async function visit(base: string, pagePath: string, headers: Record<string, string> = {}) {
  const page = await call('pages', `${base}${pagePath}`, { headers: { accept: 'text/html', ...headers } });
  const assets = [...page.text.matchAll(/(?:src|href)="(\/[^"]+)"/g)].map((match) => match[1]!);
  const workers = /const workers = (\{[^}]+\})/.exec(page.text)?.[1];
  if (workers) assets.push(...Object.values(JSON.parse(workers) as Record<string, string>));
  for (const asset of assets) {
    const first = await call('pages', `${base}${asset}`);
    const etag = first.headers.get('etag');
    if (etag) await call('pages', `${base}${asset}`, { headers: { 'if-none-match': etag }, expect: [304] });
  }
}

async function pagesLoop(base: string) {
  while (!traffic.stopped) {
    await visit(base, '/graphql/playground');
    await visit(base, '/graphql');
    await visit(base, '/docs');
    await call('pages', `${base}/openapi.json`);
    await delay(5_000);
  }
}

async function main(): Promise<number> {
  mkdirSync(path.join(RESULTS_DIR, 'logs'), { recursive: true });
  if (!args.includes('--no-build')) {
    say('building (npm run build)');
    if (spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' }).status !== 0) {
      throw new Error('npm run build failed');
    }
  }
  const flags = productionNodeFlags();
  const limitMb = heapLimitMb(flags);
  say(`node ${flags.join(' ')}: heap limit ${limitMb.toFixed(0)} MB; ${DURATION_SECONDS} s of traffic`);

  const redis = new IORedis(SOAK_REDIS_URL, { lazyConnect: true });
  await redis.connect();
  await redis.flushdb();
  const dbName = `jat_bench_soak_${process.pid}`;
  const databaseUrl = await createMigratedDatabase(dbName);
  // One user with the bench's 50 jobs × 3 notes, for the `jobs` bursts.
  const burstToken = await withClient(databaseUrl, async (client) => {
    await seedUsers(client, { prefix: 'soakjobs', users: 1, jobsPerUser: 50, notesPerJob: 3 });
    const [userId] = await userIds(client, 'soakjobs', 1);
    const [family] = await createSessions(client, [userId!]);
    const service = new TokenService(loadConfig({ JWT_SECRET_KEY: JWT_SECRET, JWT_ALGORITHM }).jwt);
    return service.issueAccessToken({ id: userId!, tokenVersion: 0 }, family!).accessToken;
  });
  const smtp = await startTestSmtpServer();
  let server: Child | undefined;
  const samples: MemorySample[] = [];
  let crashed: string | null = null;
  try {
    server = await projectServer('soak', {
      ...projectEnv({ databaseUrl, port: await freePort(), smtpUrl: smtp.url }),
      REDIS_URL: SOAK_REDIS_URL,
      // What the soak loads: GraphiQL is off in production by default.
      GRAPHIQL_ENABLED: 'true',
      LOG_LEVEL: 'warn',
    });
    const child = server;
    const base = child.url;
    child.process.once('exit', (code, signal) => {
      crashed ??= `exit ${code ?? signal} after ${elapsed().toFixed(0)} s`;
      traffic.stopped = true;
    });
    const probe = await postGraphql(base, JOBS_QUERY, { token: burstToken });
    if (probe.status !== 200) throw new Error(`jobs answered ${probe.status}: ${probe.text}`);
    const jobsBurst = async () => {
      const result = await runLoad({
        url: base,
        connections: 10,
        duration: JOBS_BURST_SECONDS,
        requests: [graphqlRequest(JOBS_QUERY, burstToken)],
      });
      traffic.ok.jobsBurst! += result.responses - result.non2xx;
      traffic.failed += result.errors + result.non2xx;
      say(
        `jobs burst: ${result.responses} answers (${result.rps.toFixed(0)}/s), ${result.errors + result.non2xx} failed; peak RSS so far ${peakRssMb(child.process.pid!).toFixed(0)} MB`,
      );
    };
    // The bench's RSS target, in this process: GraphiQL and the docs loaded once, then the jobs
    // load alone (logins start bcrypt threads and writes Prisma's query compiler, which it excludes).
    await visit(base, '/graphql/playground');
    await visit(base, '/docs');
    await jobsBurst();
    const jobsPeakRssMb = peakRssMb(child.process.pid!);
    say(`peak RSS after GraphiQL, the docs and the jobs load alone: ${jobsPeakRssMb.toFixed(0)} MB`);

    const trafficStarted = performance.now();
    const at = () => (performance.now() - trafficStarted) / 1000;
    const sample = async () => {
      const metrics = await call('metrics', `${base}/metrics`);
      if (metrics.status !== 200) return;
      samples.push({
        at: at(),
        heapUsedMb: gaugeMb(metrics.text, 'nodejs_heap_size_used_bytes'),
        heapTotalMb: gaugeMb(metrics.text, 'nodejs_heap_size_total_bytes'),
        rssMb: rssNowMb(child.process.pid!),
        requests: answered(),
      });
    };
    const printEvery = DURATION_SECONDS > 180 ? 6 : 1;
    say(
      `${'t (s)'.padStart(6)} ${'heap used'.padStart(10)} ${'heap total'.padStart(11)} ${'RSS'.padStart(7)} ${'requests'.padStart(9)}`,
    );
    const sampler = (async () => {
      while (!traffic.stopped) {
        await sample();
        const last = samples.at(-1);
        if (last && (samples.length - 1) % printEvery === 0) {
          say(
            `${last.at.toFixed(0).padStart(6)} ${`${last.heapUsedMb.toFixed(1)} MB`.padStart(10)} ${`${last.heapTotalMb.toFixed(1)} MB`.padStart(11)} ` +
              `${`${last.rssMb.toFixed(0)} MB`.padStart(7)} ${String(last.requests).padStart(9)}`,
          );
        }
        await delay(SAMPLE_EVERY_MS);
      }
    })();
    const bursts = (async () => {
      // At least one burst, in the middle of a short run; else one every 4 minutes.
      const every = Math.min(JOBS_BURST_EVERY_SECONDS, DURATION_SECONDS / 2);
      for (let next = every; next + JOBS_BURST_SECONDS < DURATION_SECONDS && !traffic.stopped; next += every) {
        while (at() < next && !traffic.stopped) await delay(250);
        if (traffic.stopped) break;
        await jobsBurst();
      }
    })();
    const loops = [
      authLoop(base, smtp, 0),
      authLoop(base, smtp, 1),
      dataLoop(base),
      dataLoop(base),
      dataLoop(base),
      pagesLoop(base),
    ];
    while (at() < DURATION_SECONDS && !traffic.stopped) await delay(250);
    const peak = crashed === null ? peakRssMb(child.process.pid!) : Number.NaN;
    traffic.stopped = true;
    await Promise.all([...loops, sampler, bursts]);
    const figures: SoakFigures = {
      samples,
      heapLimitMb: limitMb,
      peakRssMb: peak,
      jobsPeakRssMb,
      ok: traffic.ok,
      failed: traffic.failed,
      crashed,
    };
    const result = verdict(figures, DURATION_SECONDS);
    report(figures, result, flags);
    return result.pass ? 0 : 1;
  } finally {
    await server?.stop().catch(() => undefined);
    await smtp.close();
    await dropDatabase(dbName);
    await redis.flushdb();
    redis.disconnect();
  }
}

function report(figures: SoakFigures, result: ReturnType<typeof verdict>, flags: string[]) {
  // One row per minute (per tenth of a short run): the median and highest used heap, the highest RSS.
  const step = DURATION_SECONDS >= 600 ? 60 : Math.max(DURATION_SECONDS / 10, SAMPLE_EVERY_MS / 1000);
  const rows: string[] = [];
  for (let from = 0; from < DURATION_SECONDS; from += step) {
    const inside = figures.samples.filter((sample) => sample.at >= from && sample.at < from + step);
    if (inside.length === 0) continue;
    const heap = inside.map((sample) => sample.heapUsedMb);
    rows.push(
      `| ${from.toFixed(0)}–${(from + step).toFixed(0)} | ${median(heap).toFixed(1)} | ${Math.max(...heap).toFixed(1)} | ` +
        `${Math.max(...inside.map((sample) => sample.rssMb)).toFixed(0)} | ${inside.at(-1)!.requests} |`,
    );
  }
  const table = [
    '| seconds | heap used, median (MB) | heap used, max (MB) | RSS, max (MB) | requests so far |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
  const summary = [
    `Soak of ${DURATION_SECONDS} s: node ${flags.join(' ')} dist/main.js; heap limit ${figures.heapLimitMb.toFixed(0)} MB ` +
      `(${MAX_HEAP_SHARE * 100}%: ${(figures.heapLimitMb * MAX_HEAP_SHARE).toFixed(0)} MB); peak RSS ${figures.peakRssMb.toFixed(0)} MB.`,
    '',
    table,
    '',
    ...result.lines.map((line) => `- ${line}`),
    ...(traffic.failures.length > 0
      ? ['', 'First unexpected answers:', ...traffic.failures.map((line) => `- ${line}`)]
      : []),
    '',
    `Verdict: ${result.pass ? 'PASS' : 'FAIL'}`,
  ].join('\n');
  console.log(`\n${summary}\n`);
  const stamp = new Date().toISOString().replaceAll(':', '-').replace(/\..+$/, '');
  writeFileSync(
    path.join(RESULTS_DIR, `soak-${stamp}.json`),
    `${JSON.stringify({ durationSeconds: DURATION_SECONDS, flags, ...figures, failures: traffic.failures, verdict: result }, null, 2)}\n`,
  );
  writeFileSync(path.join(RESULTS_DIR, 'soak-latest.md'), `${summary}\n`);
  console.log(`Written: bench/results/soak-latest.md, bench/results/soak-${stamp}.json`);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
