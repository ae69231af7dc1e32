// `npm start`'s build step (scripts/build-if-stale.mjs): it builds when an input of the build
// changed, and only then. Run on a copy of the script in a scratch project whose `npm run build`
// (npm_execpath) is a stand-in that counts its runs and writes dist/main.js, so no real build runs.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ROOT } from '../../scripts/check-runtime-stage.ts';

const FAKE_NPM = `
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
appendFileSync('builds.log', process.argv.slice(2).join(' ') + '\\n');
if (process.env.FAIL_BUILD) process.exit(3);
mkdirSync('dist', { recursive: true });
writeFileSync('dist/main.js', '');
`;

let project: string;

function write(file: string, text: string): void {
  mkdirSync(path.dirname(path.join(project, file)), { recursive: true });
  writeFileSync(path.join(project, file), text);
}

function start(env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ['scripts/build-if-stale.mjs'], {
    cwd: project,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', npm_execpath: path.join(project, 'fake-npm.mjs'), ...env },
  });
  return { status: result.status, output: result.stdout + result.stderr };
}

const builds = () => readFileSync(path.join(project, 'builds.log'), 'utf8').trim().split('\n').filter(Boolean);

beforeEach(() => {
  project = mkdtempSync(path.join(os.tmpdir(), 'jat-build-if-stale-'));
  mkdirSync(path.join(project, 'scripts'));
  copyFileSync(path.join(ROOT, 'scripts/build-if-stale.mjs'), path.join(project, 'scripts/build-if-stale.mjs'));
  write('fake-npm.mjs', FAKE_NPM);
  write('builds.log', '');
  write('src/main.ts', 'export {};\n');
  write('src/http/app.ts', 'export const a = 1;\n');
  write('prisma/schema.prisma', 'model A { id Int @id }\n');
  write('tsconfig.json', '{}\n');
  write('package.json', '{}\n');
  write('package-lock.json', '{}\n');
});

afterEach(() => rmSync(project, { recursive: true, force: true }));

describe('npm start builds only when the build inputs changed', () => {
  it('builds on a fresh clone (no dist/), with `npm run build`', () => {
    expect(start().status).toBe(0);
    expect(builds()).toEqual(['run build --silent']);
    expect(readFileSync(path.join(project, 'dist/.build-inputs'), 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
  });

  it('does not build again when nothing changed, even if files were touched', () => {
    start();
    const later = new Date(Date.now() + 60_000);
    utimesSync(path.join(project, 'src/main.ts'), later, later);
    expect(start()).toEqual({ status: 0, output: '' });
    expect(builds()).toHaveLength(1);
  });

  it.each([
    ['a source file edited', () => write('src/http/app.ts', 'export const a = 2;\n')],
    ['a source file added', () => write('src/http/new.ts', 'export {};\n')],
    ['the Prisma schema', () => write('prisma/schema.prisma', 'model B { id Int @id }\n')],
    ['a tsconfig', () => write('tsconfig.json', '{ "compilerOptions": {} }\n')],
    ['the lockfile', () => write('package-lock.json', '{ "lockfileVersion": 3 }\n')],
    ['dist/ deleted', () => rmSync(path.join(project, 'dist'), { recursive: true })],
  ])('builds again after a change of %s', (_name, change) => {
    start();
    change();
    expect(start().status).toBe(0);
    expect(builds()).toHaveLength(2);
    expect(start().status).toBe(0);
    expect(builds()).toHaveLength(2);
  });

  it('ignores src/generated, which the build itself writes', () => {
    start();
    write('src/generated/prisma/client.ts', 'export {};\n');
    start();
    expect(builds()).toHaveLength(1);
  });

  it('a failed build leaves no stamp: the start fails, and the next one builds again', () => {
    start();
    write('src/http/app.ts', 'export const a = 3;\n');
    expect(start({ FAIL_BUILD: '1' }).status).toBe(3);
    expect(() => readFileSync(path.join(project, 'dist/.build-inputs'))).toThrow();
    expect(start().status).toBe(0);
    expect(builds()).toHaveLength(3);
  });
});
