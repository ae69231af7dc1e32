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
  /** Shorter bounds for tests; production uses DATABASE_TIMEOUTS. */
  timeouts?: Partial<DatabaseTimeouts>;
}

export interface DatabaseTimeouts {
  /** Client side: waiting for a pooled connection, or opening a new one. */
  checkoutMs: number;
  /** Server side (`statement_timeout`): PostgreSQL cancels a statement that runs this long. */
  statementMs: number;
  /**
   * Client side, on every statement: a server that does not answer at all (hung, stopped, a
   * dead network path) cannot cancel anything, so the client gives up by its own clock and
   * discards the connection. Longer than `statementMs`, so that a slow statement on a working
   * server is cancelled cleanly by the server first.
   */
  statementDeadlineMs: number;
}

/**
 * A request that needs PostgreSQL answers 503 within checkoutMs + statementDeadlineMs (8 s) even
 * when the server hangs; 6 s on an open connection, 2 s when it needs a new one.
 */
export const DATABASE_TIMEOUTS: DatabaseTimeouts = {
  checkoutMs: 2_000,
  statementMs: 5_000,
  statementDeadlineMs: 6_000,
};

/** The `code` of a PostgresDeadlineError; Prisma keeps it on the error it wraps the adapter's in. */
export const POSTGRES_DEADLINE_CODE = 'PG_CLIENT_DEADLINE';

/** PostgreSQL did not answer in time, by the client's own clock. */
export class PostgresDeadlineError extends Error {
  readonly code = POSTGRES_DEADLINE_CODE;
  constructor(
    readonly phase: 'checkout' | 'statement',
    readonly deadlineMs: number,
    options?: ErrorOptions,
  ) {
    super(
      phase === 'statement'
        ? `PostgreSQL did not answer a statement within ${deadlineMs} ms (client-side deadline); the connection was discarded`
        : `no PostgreSQL connection within ${deadlineMs} ms (client-side deadline)`,
      options,
    );
    this.name = 'PostgresDeadlineError';
  }
}

/** pg-pool's own messages when its connectionTimeoutMillis passes (a full pool, or a connect that gets no answer). */
const CHECKOUT_TIMEOUT_MESSAGES = [
  'timeout exceeded when trying to connect',
  'Connection terminated due to connection timeout',
];

type QueryCallback = (error: Error | null | undefined, result?: unknown) => void;

/**
 * A pg client with a client-side deadline on every statement. When it passes, the connection is
 * in an unknown state (the statement may still run, its answer may still come), so the client
 * ends it and closes the socket at once: `end()` marks it ending, which makes the pool discard it
 * on release instead of handing it out again, whoever checked it out (pool.query, or the Prisma
 * adapter's transactions, which release without an error).
 */
function deadlineClientClass(deadlineMs: number): typeof pg.Client {
  return class DeadlineClient extends pg.Client {
    // pg's query() has a dozen overloads (text or config, values, callback or promise); one
    // implementation forwards them all.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    override query(config: any, values?: any, callback?: any): any {
      // A Submittable (a cursor or stream) manages its own reads; none is used here.
      // eslint-disable-next-line @typescript-eslint/no-unsafe-member-access
      if (typeof config?.submit === 'function') return super.query(config);
      const done = (typeof values === 'function' ? values : callback) as QueryCallback | undefined;
      const params = typeof values === 'function' ? undefined : (values as unknown[] | undefined);
      let expired = false;
      const timer = setTimeout(() => {
        expired = true;
        this.abandon();
      }, deadlineMs);
      const failure = (error: Error) =>
        expired ? new PostgresDeadlineError('statement', deadlineMs, { cause: error }) : error;
      if (done) {
        // eslint-disable-next-line @typescript-eslint/no-unsafe-argument
        return super.query(config, params as unknown[], (error: Error | null | undefined, result: unknown) => {
          clearTimeout(timer);
          done(error ? failure(error) : error, result);
        });
      }
      // eslint-disable-next-line @typescript-eslint/no-unsafe-argument
      return (super.query(config, params) as Promise<unknown>).then(
        (result) => {
          clearTimeout(timer);
          return result;
        },
        (error: Error) => {
          clearTimeout(timer);
          throw failure(error);
        },
      );
    }

    /** Fails whatever runs on this connection now and keeps the pool from reusing it. */
    private abandon(): void {
      this.end().catch(() => undefined);
      this.connection.stream.destroy();
    }
  };
}

/**
 * A pool whose checkout errors say that the client's deadline passed, like a statement's: the
 * PostgresDeadlineError reaches Prisma's error (by its code) and the logs.
 */
class DeadlinePool extends pg.Pool {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override connect(callback?: any): any {
    const checkoutMs = this.options.connectionTimeoutMillis ?? 0;
    const failure = (error: Error) =>
      CHECKOUT_TIMEOUT_MESSAGES.includes(error.message)
        ? new PostgresDeadlineError('checkout', checkoutMs, { cause: error })
        : error;
    if (typeof callback === 'function') {
      const done = callback as (error: Error | undefined, client?: pg.PoolClient, release?: () => void) => void;
      return super.connect((error, client, release) => done(error ? failure(error) : error, client, release));
    }
    return super.connect().catch((error: Error) => {
      throw failure(error);
    });
  }
}

/** What reads rows: the pool (SqlReader) or one snapshot (SnapshotReader). */
export interface RowReader {
  rows<Row extends pg.QueryResultRow>(query: Prisma.Sql): Promise<Row[]>;
}

/**
 * How long a snapshot waits for its reader's next read (a client that stopped reading an export,
 * or a response nobody reads) before it ends itself and hands its connection back: an open
 * snapshot holds a pooled connection and holds back vacuum. A later read then fails.
 */
export const SNAPSHOT_IDLE_MS = 30_000;

/**
 * A REPEATABLE READ, READ ONLY transaction on one pooled connection: every read sees the database
 * as it was at the first one, whatever is written meanwhile (an export's batches). `close()`
 * ends it and hands the connection back; so does `idleMs` without a read.
 */
/** A read after the snapshot ended itself (its reader too slow or gone): the client's doing, not a fault of ours. */
export class SnapshotExpiredError extends Error {
  constructor(idleMs: number) {
    super(`the snapshot ended: its reader asked for nothing within ${idleMs} ms`);
    this.name = 'SnapshotExpiredError';
  }
}

export class SnapshotReader implements RowReader {
  private closed = false;
  private expired = false;
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly client: pg.PoolClient,
    private readonly onQuery: (sql: string, durationMs: number) => void,
    private readonly onClientError: (error: Error) => void,
    private readonly idleMs: number,
  ) {
    this.waitForReader();
  }

  async rows<Row extends pg.QueryResultRow>(query: Prisma.Sql): Promise<Row[]> {
    if (this.closed) {
      if (this.expired) throw new SnapshotExpiredError(this.idleMs);
      throw new Error('the snapshot is closed');
    }
    clearTimeout(this.idleTimer);
    const started = performance.now();
    try {
      const result = await this.client.query<Row>({ text: query.text, values: query.values });
      this.onQuery(query.text, performance.now() - started);
      return result.rows;
    } finally {
      this.waitForReader();
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.idleTimer);
    let failure: Error | undefined;
    try {
      await this.client.query('COMMIT');
    } catch (error) {
      // A broken connection (ended by the server, or its deadline): discarded, not pooled again.
      failure = error as Error;
    }
    this.client.removeListener('error', this.onClientError);
    this.client.release(failure);
  }

  private waitForReader(): void {
    if (this.closed) return;
    this.idleTimer = setTimeout(() => {
      this.expired = true;
      void this.close();
    }, this.idleMs);
    // A snapshot left open never keeps the process alive.
    this.idleTimer.unref();
  }
}

/**
 * Parameterised SQL (built with `Prisma.sql`) sent straight through pg. For the reads every
 * request makes (the session check, a page of jobs built as JSON in SQL): Prisma's raw-query
 * path costs about as much CPU again as the statement itself (docs/PERFORMANCE.md).
 */
export class SqlReader implements RowReader {
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

  /** A snapshot for reads that must agree with each other; the caller closes it (in a finally). */
  async snapshot({ idleMs = SNAPSHOT_IDLE_MS }: { idleMs?: number } = {}): Promise<SnapshotReader> {
    const client = await this.pool.connect();
    // A checked-out client has no pool listener: an error event (the server ending the session)
    // would otherwise crash the process. The next read or the close then fails instead.
    const onClientError = () => undefined;
    client.on('error', onClientError);
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      // The server's own bound, should the process stop running its timers (a blocked event loop).
      await client.query(`SET LOCAL idle_in_transaction_session_timeout = ${Math.ceil(idleMs * 2)}`);
    } catch (error) {
      client.removeListener('error', onClientError);
      client.release(error as Error);
      throw error;
    }
    return new SnapshotReader(client, this.onQuery, onClientError, idleMs);
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

export function createDatabase({
  url,
  poolSize = 10,
  onQuery = () => undefined,
  timeouts = {},
}: DatabaseOptions): Database {
  const { checkoutMs, statementMs, statementDeadlineMs } = { ...DATABASE_TIMEOUTS, ...timeouts };
  const pool = new DeadlinePool({
    connectionString: url,
    max: poolSize,
    connectionTimeoutMillis: checkoutMs,
    statement_timeout: statementMs,
    idleTimeoutMillis: 30_000,
    Client: deadlineClientClass(statementDeadlineMs),
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
