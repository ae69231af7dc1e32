// The project's application in this process, on a database of the benchmark, to record the SQL
// it sends (the onQuery recorder of createDatabase) and the parameters of each statement (a
// wrapper around pg's Client.query, which the Prisma adapter sends them through).
import pg from 'pg';
import { pino } from 'pino';
import { createApp, type App } from '../../src/app.ts';
import { loadConfig } from '../../src/config/env.ts';
import { createDatabase, type Database } from '../../src/infra/database.ts';
import { createMailer } from '../../src/infra/mailer.ts';
import { closeRedis, createRedis, type Redis } from '../../src/infra/redis.ts';
import { projectEnv, REDIS_URL } from './settings.ts';

export interface SentStatement {
  text: string;
  values: unknown[];
}

export interface Recorder {
  app: App;
  db: Database;
  /** Runs `fn` and returns what it sent: onQuery's statements and pg's (text, values). */
  record<T>(fn: () => Promise<T>): Promise<{ result: T; sql: string[]; sent: SentStatement[] }>;
  close(): Promise<void>;
}

export function createRecorder(databaseUrl: string): Recorder {
  const sql: string[] = [];
  const sent: SentStatement[] = [];
  let recording = false;
  const config = loadConfig(projectEnv({ databaseUrl, port: 0, smtpUrl: 'smtp://127.0.0.1:9' }));
  const db = createDatabase({ url: databaseUrl, poolSize: 2, onQuery: (text) => recording && sql.push(text) });
  const redis: Redis = createRedis({ url: REDIS_URL, keyPrefix: 'bench:recorder:' });
  const logger = pino({ level: 'silent' });
  const app = createApp({ config, db, redis, mailer: createMailer(config, logger), logger });

  const original = pg.Client.prototype.query as (this: pg.Client, ...args: unknown[]) => unknown;
  const wrapped = function (this: pg.Client, ...args: unknown[]): unknown {
    const first = args[0];
    if (recording && first && typeof first === 'object' && 'text' in first) {
      const { text, values } = first as { text: string; values?: unknown[] };
      sent.push({ text, values: values ?? [] });
    }
    return original.apply(this, args);
  };
  pg.Client.prototype.query = wrapped as typeof pg.Client.prototype.query;

  return {
    app,
    db,
    async record(fn) {
      sql.length = 0;
      sent.length = 0;
      recording = true;
      try {
        const result = await fn();
        return { result, sql: [...sql], sent: [...sent] };
      } finally {
        recording = false;
      }
    },
    async close() {
      pg.Client.prototype.query = original as typeof pg.Client.prototype.query;
      await app.yoga.dispose();
      await db.$disconnect();
      await closeRedis(redis);
    },
  };
}

/** A GraphQL request straight into the in-process application. */
export async function inProcessGraphql(
  app: App,
  query: string,
  token: string,
): Promise<{ status: number; text: string }> {
  const response = await app.yoga.fetch(
    new Request('http://bench.local/graphql', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        authorization: `Bearer ${token}`,
      },
      body: JSON.stringify({ query }),
    }),
  );
  return { status: response.status, text: await response.text() };
}
