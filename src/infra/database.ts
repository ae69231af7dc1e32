// The Prisma client on PostgreSQL through the pg driver adapter (Prisma 7 requires one).
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client.ts';
import { withTimeout } from '../lib/timeout.ts';

export type Database = PrismaClient;

export interface DatabaseOptions {
  url: string;
  poolSize?: number;
  /**
   * Called with every SQL statement answered and its time in milliseconds (metrics; tests count
   * statements to catch N+1 queries).
   */
  onQuery?: (sql: string, durationMs: number) => void;
}

/** Timeouts keep an unreachable PostgreSQL a fast 503 instead of a hang. */
const CONNECTION_TIMEOUT_MS = 2_000;
const STATEMENT_TIMEOUT_MS = 10_000;

export function createDatabase({ url, poolSize = 10, onQuery }: DatabaseOptions): Database {
  const adapter = new PrismaPg({
    connectionString: url,
    max: poolSize,
    connectionTimeoutMillis: CONNECTION_TIMEOUT_MS,
    statement_timeout: STATEMENT_TIMEOUT_MS,
    idleTimeoutMillis: 30_000,
  });
  if (!onQuery) return new PrismaClient({ adapter });
  const client = new PrismaClient({ adapter, log: [{ emit: 'event', level: 'query' }] });
  client.$on('query', (event) => onQuery(event.query, event.duration));
  return client;
}

/** One round trip, bounded in time: used by the readiness check. */
export async function pingDatabase(db: Database, timeoutMs = 1_500): Promise<void> {
  await withTimeout(db.$queryRaw`SELECT 1`, timeoutMs, 'PostgreSQL did not answer in time');
}
