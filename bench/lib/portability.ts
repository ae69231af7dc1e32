// The "Portability" figures of issue 17, against the project's built server (dist/main.js) in its
// own process: GET /export/data.json of a user with 50,000 jobs and 150,000 notes against one with
// 5,000 (time ratio: linear), the server's RSS growth while it streams the big one, and POST
// /import of a 20,000-row CSV in one real run (time, RSS growth). RSS is sampled from
// /proc/<pid>/status (VmRSS) every 10 ms while a request is in flight; growth = the highest sample
// minus the one just before the request.
import { readFileSync } from 'node:fs';
import { loadConfig } from '../../src/config/env.ts';
import { TokenService } from '../../src/modules/auth/tokens.ts';
import { createMigratedDatabase, createSessions, dropDatabase, seedUsers, userIds, withClient } from './postgres.ts';
import { projectServer } from './processes.ts';
import { fmt, fmtSpread, type Row } from './report.ts';
import { freePort, JWT_ALGORITHM, JWT_SECRET, projectEnv } from './settings.ts';
import { median, ratios, spread } from './stats.ts';

const BIG = 50_000;
const SMALL = 5_000;
const NOTES_PER_JOB = 3;
const IMPORT_ROWS = 20_000;

function rssMb(pid: number): number {
  const kb = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return kb ? Number(kb) / 1024 : Number.NaN;
}

/** Runs `request` while sampling the server's RSS; answers its time and the RSS growth. */
async function sampled<T>(pid: number, request: () => Promise<T>) {
  const before = rssMb(pid);
  let peak = before;
  const timer = setInterval(() => {
    peak = Math.max(peak, rssMb(pid));
  }, 10);
  const started = performance.now();
  try {
    const result = await request();
    peak = Math.max(peak, rssMb(pid));
    return { result, ms: performance.now() - started, growthMb: peak - before, beforeMb: before };
  } finally {
    clearInterval(timer);
  }
}

/** Reads the whole streamed body, counting bytes (never holding it). */
async function download(url: string, token: string): Promise<{ status: number; bytes: number; tail: string }> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  let bytes = 0;
  let tail = '';
  const decoder = new TextDecoder();
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.byteLength;
    tail = (tail + decoder.decode(chunk, { stream: true })).slice(-200);
  }
  return { status: response.status, bytes, tail };
}

function csvOf(rows: number): string {
  const lines = ['Company,Job Title,Status,Date Applied,URL,Location,Salary,Notes'];
  const statuses = ['Applied', 'Interview', 'Saved', 'Rejected', 'Offer'];
  for (let index = 0; index < rows; index += 1) {
    const day = `2024-${String(1 + (index % 12)).padStart(2, '0')}-${String(1 + (index % 28)).padStart(2, '0')}`;
    lines.push(
      `Company ${index},Engineer ${index % 97},${statuses[index % statuses.length]},${day},` +
        `https://jobs.example.test/${index},Berlin,"$90,000 - $110,000","Recruiter call, then a take-home task"`,
    );
  }
  return `${lines.join('\n')}\n`;
}

export async function measurePortability({
  smtpUrl,
  rounds,
  say,
}: {
  smtpUrl: string;
  rounds: number;
  say: (message: string) => void;
}): Promise<{ rows: Row[]; notes: string[]; details: Record<string, unknown> }> {
  const rows: Row[] = [];
  const notes: string[] = [];
  const name = `jat_bench_portability_${process.pid}`;
  say(`portability: seeding users with ${BIG} and ${SMALL} jobs (${NOTES_PER_JOB} notes each) and an empty one`);
  const url = await createMigratedDatabase(name);
  const tokens = new TokenService(loadConfig({ JWT_SECRET_KEY: JWT_SECRET, JWT_ALGORITHM }).jwt);
  try {
    const [bigToken, smallToken, importToken] = (await withClient(url, async (client) => {
      await seedUsers(client, { prefix: 'export50k', users: 1, jobsPerUser: BIG, notesPerJob: NOTES_PER_JOB });
      await seedUsers(client, { prefix: 'export5k', users: 1, jobsPerUser: SMALL, notesPerJob: NOTES_PER_JOB });
      await seedUsers(client, { prefix: 'importer', users: 1, jobsPerUser: 0, notesPerJob: 0 });
      await client.query('ANALYZE');
      const ids = [
        (await userIds(client, 'export50k', 1))[0]!,
        (await userIds(client, 'export5k', 1))[0]!,
        (await userIds(client, 'importer', 1))[0]!,
      ];
      const families = await createSessions(client, ids);
      return ids.map((id, index) => tokens.issueAccessToken({ id, tokenVersion: 0 }, families[index]!).accessToken);
    })) as [string, string, string];
    const server = await projectServer(
      'project-portability',
      projectEnv({ databaseUrl: url, port: await freePort(), smtpUrl }),
    );
    const pid = server.process.pid!;
    try {
      const exportOf = (token: string) => () => download(`${server.url}/export/data.json`, token);
      // Warm-up: the code paths and the pool, so the measured growth is the export's own.
      const warm = await exportOf(smallToken)();
      if (warm.status !== 200 || !warm.tail.trimEnd().endsWith('}')) throw new Error(`export answered ${warm.status}`);
      say(`portability: GET /export/data.json, ${BIG} vs ${SMALL} jobs, ${rounds} rounds`);
      const big: { ms: number; growthMb: number; bytes: number }[] = [];
      const small: { ms: number; growthMb: number; bytes: number }[] = [];
      for (let round = 0; round < rounds; round += 1) {
        for (const [list, token] of round % 2 === 0
          ? ([
              [big, bigToken],
              [small, smallToken],
            ] as const)
          : ([
              [small, smallToken],
              [big, bigToken],
            ] as const)) {
          const { result, ms, growthMb } = await sampled(pid, exportOf(token));
          if (result.status !== 200) throw new Error(`export answered ${result.status}`);
          list.push({ ms, growthMb, bytes: result.bytes });
        }
      }
      const ratio = spread(
        ratios(
          big.map((r) => r.ms),
          small.map((r) => r.ms),
        ),
      );
      rows.push({
        scenario: `GET /export/data.json time (ms): ${BIG.toLocaleString('en')} vs ${SMALL.toLocaleString('en')} jobs (3 notes each)`,
        project: fmt(median(big.map((r) => r.ms)), 0),
        baseline: `${fmt(median(small.map((r) => r.ms)), 0)} (5,000)`,
        ratio: fmtSpread(ratio),
        target: '≤ 12',
        pass: ratio.median <= 12,
      });
      const growth = Math.max(...big.map((r) => r.growthMb));
      rows.push({
        scenario: `server RSS growth (MB) during GET /export/data.json of ${BIG.toLocaleString('en')} jobs, 150,000 notes`,
        project: fmt(growth, 1),
        baseline: '—',
        ratio: '—',
        target: '≤ 30',
        pass: growth <= 30,
      });
      notes.push(
        `export: ${fmt(median(big.map((r) => r.bytes)) / 1024 / 1024, 1)} MB of JSON for ${BIG} jobs; RSS growth is the ` +
          `highest of ${rounds} rounds (each: highest VmRSS sample every 10 ms minus the one before the request).`,
      );

      say(`portability: POST /import of a ${IMPORT_ROWS}-row CSV, one real run`);
      const file = csvOf(IMPORT_ROWS);
      const imported = await sampled(pid, async () => {
        const response = await fetch(`${server.url}/import?format=csv&dryRun=false`, {
          method: 'POST',
          headers: { authorization: `Bearer ${importToken}`, 'content-type': 'text/csv' },
          body: file,
        });
        return { status: response.status, body: (await response.json()) as { created?: number } };
      });
      if (imported.result.status !== 200 || imported.result.body.created !== IMPORT_ROWS) {
        throw new Error(
          `import answered ${imported.result.status}: ${JSON.stringify(imported.result.body).slice(0, 300)}`,
        );
      }
      rows.push({
        scenario: `POST /import of a ${IMPORT_ROWS.toLocaleString('en')}-row CSV (${fmt(file.length / 1024 / 1024, 1)} MB), one transaction: time (ms)`,
        project: fmt(imported.ms, 0),
        baseline: '—',
        ratio: '—',
        target: 'reported',
        pass: null,
      });
      rows.push({
        scenario: `server RSS growth (MB) during that import`,
        project: fmt(imported.growthMb, 1),
        baseline: '—',
        ratio: '—',
        target: '≤ 100',
        pass: imported.growthMb <= 100,
      });
      return {
        rows,
        notes,
        details: { portability: { big, small, import: { ms: imported.ms, growthMb: imported.growthMb } } },
      };
    } finally {
      await server.stop();
    }
  } finally {
    await dropDatabase(name);
  }
}
