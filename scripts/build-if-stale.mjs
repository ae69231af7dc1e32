// `npm start`'s build step: builds dist/ only when its inputs changed since the last build, so a
// restart with nothing changed starts at once (issue 13: a restart used to rebuild for 35 s).
// Plain JavaScript, so that it runs on node alone, before anything (tsx, the build) is loaded.
//
// The inputs are what `npm run build` reads: src/ (less src/generated, which the build itself
// writes from the Prisma schema), prisma/schema.prisma, prisma.config.ts, the tsconfig files,
// package.json (the build script) and package-lock.json (the compiler and the libraries' types).
// Their digest is written to dist/.build-inputs after a build that succeeded; a start whose
// digest matches, with dist/main.js present, does not build.
//
//   node scripts/build-if-stale.mjs            build if stale
//   node scripts/build-if-stale.mjs --check    exit 1 if stale, 0 if not; builds nothing
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const STAMP = path.join(ROOT, 'dist', '.build-inputs');
const OUTPUT = path.join(ROOT, 'dist', 'main.js');

const INPUT_FILES = [
  'prisma/schema.prisma',
  'prisma.config.ts',
  'tsconfig.json',
  'tsconfig.build.json',
  'package.json',
  'package-lock.json',
];
const INPUT_DIRS = ['src'];
/** Written by the build (prisma generate), not an input of it. */
const EXCLUDED = new Set(['src/generated']);

/**
 * Every file under `dir`, as paths relative to ROOT with '/' separators.
 * @param {string} dir
 * @returns {string[]}
 */
function filesUnder(dir) {
  /** @type {string[]} */
  const found = [];
  /** @param {string} relative */
  const walk = (relative) => {
    if (EXCLUDED.has(relative)) return;
    for (const entry of readdirSync(path.join(ROOT, relative), { withFileTypes: true })) {
      const child = `${relative}/${entry.name}`;
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile()) found.push(child);
    }
  };
  walk(dir);
  return found;
}

/** One digest over the inputs' paths and contents: a rename, an edit or a new file changes it. */
export function inputsDigest() {
  const files = [...INPUT_FILES.filter((file) => existsSync(path.join(ROOT, file))), ...INPUT_DIRS.flatMap(filesUnder)];
  const hash = createHash('sha256');
  for (const file of files.sort()) {
    hash.update(`${file}\0`);
    hash.update(
      createHash('sha256')
        .update(readFileSync(path.join(ROOT, file)))
        .digest(),
    );
  }
  return hash.digest('hex');
}

function storedDigest() {
  try {
    return readFileSync(STAMP, 'utf8').trim();
  } catch {
    return undefined;
  }
}

export function isStale(digest = inputsDigest()) {
  return !existsSync(OUTPUT) || storedDigest() !== digest;
}

function main() {
  const digest = inputsDigest();
  const stale = isStale(digest);
  if (process.argv.includes('--check')) {
    process.stdout.write(stale ? 'dist/ is stale\n' : 'dist/ is up to date\n');
    process.exit(stale ? 1 : 0);
  }
  if (!stale) return;
  process.stdout.write('building dist/ (its inputs changed since the last build)\n');
  // A build that fails halfway must not leave a stamp saying dist/ matches.
  rmSync(STAMP, { force: true });
  // npm_execpath: the npm that runs `npm start`, also when it is not first on PATH.
  const npm = process.env.npm_execpath;
  const result = npm
    ? spawnSync(process.execPath, [npm, 'run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' })
    : spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
  // The digest from before the build: a file edited while it ran makes the next start build again.
  writeFileSync(STAMP, `${digest}\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
