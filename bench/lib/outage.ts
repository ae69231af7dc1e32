// Time to a 503 while PostgreSQL or Redis hangs: a private PostgreSQL cluster and a private
// redis-server (never the shared servers), frozen with SIGSTOP so that connections stay open and
// nothing answers, in front of the project's server (node dist/main.js). The baseline is the same
// request answered while both are healthy, measured in the same run.
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { loadConfig } from '../../src/config/env.ts';
import { TokenService } from '../../src/modules/auth/tokens.ts';
import { freeze, processTree, startPrivatePostgres } from '../../tests/resilience/freeze.ts';
import { startRedisServer } from '../../tests/support/processes.ts';
import { graphqlRequest } from './load.ts';
import { createSessions, seedUsers, userIds, withClient } from './postgres.ts';
import { projectServer, type Child } from './processes.ts';
import { freePort, JWT_ALGORITHM, JWT_SECRET, projectEnv } from './settings.ts';
import { median } from './stats.ts';

/** Requests sent at once right after the freeze: those in flight when a server hangs. */
const WAVE = 5;

export interface OutageRound {
  /** Median answer time of the same requests while healthy (ms). */
  healthyMs: number;
  /** Each answer of the wave sent right after the freeze (ms), all of them 503. */
  hungMs: number[];
  /** Answers of the wave that were not 503 (must be none). */
  wrong: string[];
}

export interface OutageResult {
  postgres: OutageRound[];
  redis: OutageRound[];
}

const VERIFY_MUTATION =
  'mutation ($email: String!) { verifyOtp(email: $email, code: "123456", module: register) { accessToken } }';

async function timed(url: string, request: ReturnType<typeof graphqlRequest>) {
  const started = performance.now();
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: request.headers,
    body: request.body ?? null,
    // Far above any bound: only a hang, which this measures the absence of, gets there.
    signal: AbortSignal.timeout(60_000),
  });
  const text = await response.text();
  return { ms: performance.now() - started, status: response.status, text };
}

/** One round: healthy answers, then a wave while `pids` are frozen, then recovery. */
async function round(
  url: string,
  request: () => ReturnType<typeof graphqlRequest>,
  pids: () => number[],
): Promise<OutageRound> {
  const healthy: number[] = [];
  for (let index = 0; index < 20; index += 1) {
    const answer = await timed(url, request());
    if (answer.status === 503) throw new Error(`healthy request answered 503: ${answer.text}`);
    healthy.push(answer.ms);
  }
  const thaw = freeze(pids());
  let wave: Awaited<ReturnType<typeof timed>>[];
  try {
    wave = await Promise.all(Array.from({ length: WAVE }, () => timed(url, request())));
  } finally {
    thaw();
  }
  // Recovered: the same request answers normally again.
  for (let attempt = 0; ; attempt += 1) {
    const answer = await timed(url, request());
    if (answer.status !== 503) break;
    if (attempt > 300) throw new Error('the server did not recover within 30 s of the thaw');
    await delay(100);
  }
  return {
    healthyMs: median(healthy),
    hungMs: wave.map((answer) => answer.ms),
    wrong: wave.filter((answer) => answer.status !== 503).map((answer) => `${answer.status} ${answer.text}`),
  };
}

export async function measureOutages(options: {
  smtpUrl: string;
  rounds: number;
  say: (message: string) => void;
}): Promise<OutageResult> {
  const postgres = await startPrivatePostgres('bench_outage');
  const redis = await startRedisServer({ port: await freePort() });
  let server: Child | undefined;
  try {
    const token = await withClient(postgres.url, async (client) => {
      await seedUsers(client, { prefix: 'hang', users: 1, jobsPerUser: 5, notesPerJob: 1 });
      const users = await userIds(client, 'hang', 1);
      const [family] = await createSessions(client, users);
      const tokens = new TokenService(loadConfig({ JWT_SECRET_KEY: JWT_SECRET, JWT_ALGORITHM }).jwt);
      return tokens.issueAccessToken({ id: users[0]!, tokenVersion: 0 }, family!).accessToken;
    });
    const env = {
      ...projectEnv({ databaseUrl: postgres.url, port: await freePort(), smtpUrl: options.smtpUrl }),
      REDIS_URL: redis.url,
    };
    server = await projectServer('project-outage', env);
    const result: OutageResult = { postgres: [], redis: [] };
    for (let index = 0; index < options.rounds; index += 1) {
      options.say(`  round ${index + 1}/${options.rounds}: Redis frozen`);
      // verifyOtp needs Redis (the rate limit, the code) and no mail goes out.
      result.redis.push(
        await round(
          server.url,
          () => graphqlRequest(VERIFY_MUTATION, undefined, { email: `hang-${randomUUID()}@bench.local` }),
          () => [redis.child.pid!],
        ),
      );
      options.say(`  round ${index + 1}/${options.rounds}: PostgreSQL frozen`);
      // jobs needs PostgreSQL only (the session check, the page).
      result.postgres.push(
        await round(
          server.url,
          () => graphqlRequest('{ jobs { id notes { id } } }', token),
          () => processTree(postgres.postmasterPid()),
        ),
      );
    }
    return result;
  } finally {
    await server?.stop();
    await redis.kill();
    await postgres.stop();
  }
}
