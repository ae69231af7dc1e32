// PostgreSQL: the Prisma client through the pg driver adapter (Prisma 7 requires one), and
// `db.sql` for the hot-path reads, on the same pool.
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient, type Prisma } from '../generated/prisma/client.ts';
import { withTimeout } from '../lib/timeout.ts';

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

/**
 * Parameterised SQL (built with `Prisma.sql`) sent straight through pg. For the reads every
 * request makes (the session check, a page of jobs built as JSON in SQL): Prisma's raw-query
 * path costs about as much CPU again as the statement itself (docs/PERFORMANCE.md).
 */
export class SqlReader {
  constructor(
    private readonly pool: pg.Pool,
    private readonly onQuery: (sql: string, durationMs: number) => void,
  ) {}

  async rows<Row extends pg.QueryResultRow>(query: Prisma.Sql): Promise<Row[]> {
    const started = performance.now();
    const result = await this.pool.query<Row>({ text: query.text, values: query.values });
    this.onQuery(query.text, performance.now() - started);
    return result.rows;
  }

  /** One round trip, not reported to onQuery: a readiness probe is no work done for a client. */
  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  /** A fixed statement of a readiness probe, likewise not reported to onQuery. */
  async probeRows<Row extends pg.QueryResultRow>(text: string): Promise<Row[]> {
    return (await this.pool.query<Row>(text)).rows;
  }
}

export class Database extends PrismaClient<{ adapter: PrismaPg; log: [{ emit: 'event'; level: 'query' }] }> {
  readonly sql: SqlReader;

  constructor(pool: pg.Pool, onQuery: (sql: string, durationMs: number) => void) {
    // disposeExternalPool: $disconnect ends the pool, as it would one the adapter made.
    super({ adapter: new PrismaPg(pool, { disposeExternalPool: true }), log: [{ emit: 'event', level: 'query' }] });
    this.$on('query', (event) => onQuery(event.query, event.duration));
    this.sql = new SqlReader(pool, onQuery);
  }
}

export function createDatabase({ url, poolSize = 10, onQuery = () => undefined }: DatabaseOptions): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    connectionTimeoutMillis: CONNECTION_TIMEOUT_MS,
    statement_timeout: STATEMENT_TIMEOUT_MS,
    idleTimeoutMillis: 30_000,
  });
  // An idle connection that breaks (PostgreSQL restarts) must not crash the process; the next
  // query gets a fresh one, or a 503.
  pool.on('error', () => undefined);
  return new Database(pool, onQuery);
}

/** One round trip, bounded in time: used by the readiness check. */
export async function pingDatabase(db: Database, timeoutMs = 1_500): Promise<void> {
  await withTimeout(db.sql.ping(), timeoutMs, 'PostgreSQL did not answer in time');
}
