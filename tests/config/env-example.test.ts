// env.example, copied to .env as the README says, starts a working development server: it
// loads in development, points only at this machine, sends no mail (codes go to the log, so a
// register answers 200 with no mail server), mentions every variable the code reads, and its
// secrets are the placeholders production refuses.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'dotenv';
import { pino } from 'pino';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, PLACEHOLDER_SECRETS } from '../../src/config/env.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** What a local development setup needs set; everything else stays commented out. */
const ACTIVE = ['DATABASE_URL', 'JWT_SECRET_KEY', 'REDIS_URL', 'SECRET_KEY'];
const LOOPBACK = ['127.0.0.1', 'localhost', '[::1]'];

let text: string;
/** The variables set, as dotenv (and so the server) reads the file. */
let active: Record<string, string>;

beforeAll(async () => {
  text = await readFile(path.join(ROOT, 'env.example'), 'utf8');
  active = parse(text);
});

/** Every variable named in the file, set or commented out ("# NAME=value"). */
function mentioned(): Set<string> {
  return new Set([...text.matchAll(/^(?:#\s*)?([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]!));
}

/** The keys of the object given to z.object() as `envSchema` in src/config/env.ts: what loadConfig reads. */
async function configVariables(): Promise<string[]> {
  const file = path.join(ROOT, 'src/config/env.ts');
  const source = ts.createSourceFile(file, await readFile(file, 'utf8'), ts.ScriptTarget.Latest, true);
  let names: string[] | undefined;
  const visit = (node: ts.Node) => {
    if (
      ts.isVariableDeclaration(node) &&
      node.name.getText() === 'envSchema' &&
      node.initializer &&
      ts.isCallExpression(node.initializer) &&
      node.initializer.arguments[0] &&
      ts.isObjectLiteralExpression(node.initializer.arguments[0])
    ) {
      names = node.initializer.arguments[0].properties.map((property) => property.name?.getText() ?? '');
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  if (!names?.length) throw new Error('src/config/env.ts has no `const envSchema = z.object({ ... })` any more');
  return names;
}

/** Variables read straight from process.env anywhere in src/ (the migration CLI, say). */
async function processEnvVariables(): Promise<string[]> {
  const folder = path.join(ROOT, 'src');
  const files = (await readdir(folder, { recursive: true }))
    .filter((file) => file.endsWith('.ts') && !file.startsWith('generated'))
    .map((file) => path.join(folder, file));
  const names = new Set<string>();
  for (const file of files) {
    for (const match of (await readFile(file, 'utf8')).matchAll(/process\.env(?:\.|\[')([A-Z][A-Z0-9_]*)/g)) {
      names.add(match[1]!);
    }
  }
  return [...names];
}

describe('env.example', () => {
  it('loads as a development configuration, with mail going to the log', () => {
    const config = loadConfig(active);
    expect(config.env).toBe('development');
    expect(config.smtpUrl).toBeUndefined();
    expect(config.databaseUrl).toBe(active.DATABASE_URL);
    expect(config.redisUrl).toBe(active.REDIS_URL);
  });

  it('sets only the local PostgreSQL, the local Redis and the two development secrets', () => {
    expect(Object.keys(active).sort()).toEqual(ACTIVE);
    for (const [name, value] of Object.entries(active)) {
      if (!URL.canParse(value)) continue;
      expect(LOOPBACK, `${name} points at ${new URL(value).hostname}, not at this machine`).toContain(
        new URL(value).hostname,
      );
    }
  });

  it('mentions every variable the server and its scripts read', async () => {
    const read = [...(await configVariables()), ...(await processEnvVariables())];
    expect(read).toEqual(
      expect.arrayContaining(['NODE_ENV', 'DATABASE_URL', 'SMTP_URL', 'MIGRATE_LOCK_TIMEOUT_SECONDS']),
    );
    const names = mentioned();
    expect(read.filter((name) => !names.has(name))).toEqual([]);
  });

  it('has secrets that production refuses', () => {
    expect(active.JWT_SECRET_KEY).toBe(PLACEHOLDER_SECRETS.JWT_SECRET_KEY);
    expect(active.SECRET_KEY).toBe(PLACEHOLDER_SECRETS.SECRET_KEY);
    let problems: string[] = [];
    try {
      loadConfig({ ...active, NODE_ENV: 'production', SMTP_URL: 'smtp://mail.internal:587', BCRYPT_COST: '12' });
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems = error.problems;
    }
    expect(problems.map((problem) => problem.split(':')[0])).toEqual(['JWT_SECRET_KEY', 'SECRET_KEY']);
  });
});

describe('a development server started from env.example', () => {
  let t: TestApp;
  const lines: Record<string, any>[] = [];

  beforeAll(async () => {
    // The test's own database and Redis stand in for the local ones; everything else as copied.
    const { DATABASE_URL: _database, REDIS_URL: _redis, ...rest } = active;
    const logger = pino({ level: 'info' }, { write: (chunk: string) => void lines.push(JSON.parse(chunk)) });
    t = await createTestApp({ env: { ...rest, NODE_ENV: 'development', LOG_LEVEL: 'info' }, logger });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('registers with no mail server: 200, and the code is in the log', async () => {
    const email = `env-example-${Date.now()}@example.com`;
    const response = await t.fetch('/auth/register', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: 'correct horse battery staple', first_name: 'Ann', last_name: 'Ex' }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ message: 'OTP sent successfully', attempts_remaining: 2 });
    const mail = lines.find((line) => String(line.msg).startsWith('DEVELOPMENT MAIL') && line.to === email);
    expect(mail?.msg).toMatch(/\b\d{6}\b/);
  });
});
