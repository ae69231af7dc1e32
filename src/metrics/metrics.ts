// Prometheus metrics of one application instance (prom-client), on a registry of its own so that
// several apps in one process (the tests) keep apart. docs/METRICS.md lists every metric. Each
// label takes a bounded set of values: routes, operation names and modules are collapsed here.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { OtpEvents, QueueEvents, QueueFigures, RedisTimer } from './hooks.ts';

export interface Metrics {
  readonly registry: Registry;
  /** The text a scrape answers. */
  scrape(): Promise<string>;
  /** `seconds` is undefined for answers yoga gives before the app's plugins see the request. */
  httpRequest(route: string, method: string, status: number, seconds: number | undefined): void;
  graphqlOperation(name: string | undefined, type: string, seconds: number, failed: boolean): void;
  /** A SQL statement PostgreSQL answered (Prisma's query event, or `db.sql`). */
  dbQuery(sql: string, durationMs: number): void;
  timeRedis: RedisTimer;
  /**
   * The OTP counters' events, for the given modules (label values the auth module brings): their
   * series are present, at zero, from this call on, so that a rate over them works before the
   * first event. The app calls it once, at construction.
   */
  otpEvents(modules: readonly string[]): OtpEvents;
  /**
   * A background queue (`queue` label, e.g. reminders): counters of its events in this process,
   * and gauges read from `figures` at scrape time. Call once per queue.
   */
  queue(queue: string, figures: () => Promise<QueueFigures>): QueueEvents;
}

export interface MetricsOptions {
  /** Replaces the scrape of this process's registry: a cluster worker asks the primary for all. */
  makeScrape?: (registry: Registry) => () => Promise<string>;
}

/** Seconds. Whole requests from 5 ms; single PostgreSQL and Redis calls from 0.5 ms. */
const REQUEST_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const CALL_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/** Operation names get a label of their own up to this many; later ones count as OTHER. */
export const MAX_OPERATION_NAMES = 100;
const MAX_OPERATION_NAME_LENGTH = 100;
export const ANONYMOUS_OPERATION = 'anonymous';
export const OTHER = 'other';

const HTTP_LABELS = ['route', 'method', 'status'] as const;
const OPERATION_LABELS = ['operation_name', 'operation_type'] as const;

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
const STATEMENT_KINDS = new Set(['select', 'insert', 'update', 'delete']);

/** select, insert, update, delete or other, from the first keyword (raw SQL may start with blanks). */
function statementKind(sql: string): string {
  const keyword = /^\s*([A-Za-z]+)/.exec(sql)?.[1]?.toLowerCase();
  return keyword && STATEMENT_KINDS.has(keyword) ? keyword : OTHER;
}

export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const httpRequests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by route, method and status',
    labelNames: HTTP_LABELS,
    registers,
  });
  const httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from the app receiving an HTTP request to its response, by route, method and status',
    labelNames: HTTP_LABELS,
    buckets: REQUEST_BUCKETS,
    registers,
  });
  const operations = new Counter({
    name: 'graphql_operations_total',
    help: 'GraphQL operations executed (REST auth routes included), by operation name and type',
    labelNames: OPERATION_LABELS,
    registers,
  });
  const operationDuration = new Histogram({
    name: 'graphql_operation_duration_seconds',
    help: 'Execution time of GraphQL operations (rate limit check included), by operation name and type',
    labelNames: OPERATION_LABELS,
    buckets: REQUEST_BUCKETS,
    registers,
  });
  const operationErrors = new Counter({
    name: 'graphql_operation_errors_total',
    help: 'GraphQL operations whose result carried errors, by operation name and type',
    labelNames: OPERATION_LABELS,
    registers,
  });
  const dbDuration = new Histogram({
    name: 'db_query_duration_seconds',
    help: 'PostgreSQL statements answered (through Prisma or straight through pg), by statement kind',
    labelNames: ['statement'] as const,
    buckets: CALL_BUCKETS,
    registers,
  });
  const redisDuration = new Histogram({
    name: 'redis_command_duration_seconds',
    help: 'Redis calls (OTP scripts, rate limits), from sending to the answer or failure, by operation',
    labelNames: ['operation'] as const,
    buckets: CALL_BUCKETS,
    registers,
  });
  const codesSent = new Counter({
    name: 'otp_codes_sent_total',
    help: 'One-time code sends counted against the limits and answered as sent, by module',
    labelNames: ['module'] as const,
    registers,
  });
  const wrongCodes = new Counter({
    name: 'otp_wrong_codes_total',
    help: 'Wrong or expired one-time codes entered, by module',
    labelNames: ['module'] as const,
    registers,
  });
  const blocks = new Counter({
    name: 'otp_blocks_total',
    help: 'Blocks started (an email locked out of a module), by module and reason',
    labelNames: ['module', 'reason'] as const,
    registers,
  });
  const operationNames = new Set<string>();
  /** Client-chosen names: the first MAX_OPERATION_NAMES keep their own label. */
  function operationLabel(name: string | undefined): string {
    if (!name) return ANONYMOUS_OPERATION;
    if (operationNames.has(name)) return name;
    if (operationNames.size >= MAX_OPERATION_NAMES || name.length > MAX_OPERATION_NAME_LENGTH) return OTHER;
    operationNames.add(name);
    return name;
  }

  return {
    registry,
    scrape: options.makeScrape?.(registry) ?? (() => registry.metrics()),
    httpRequest(route, method, status, seconds) {
      const labels = { route, method: METHODS.has(method) ? method : OTHER, status: String(status) };
      httpRequests.inc(labels);
      if (seconds !== undefined) httpDuration.observe(labels, seconds);
    },
    graphqlOperation(name, type, seconds, failed) {
      const labels = { operation_name: operationLabel(name), operation_type: type };
      operations.inc(labels);
      operationDuration.observe(labels, seconds);
      if (failed) operationErrors.inc(labels);
    },
    dbQuery(sql, durationMs) {
      dbDuration.observe({ statement: statementKind(sql) }, durationMs / 1000);
    },
    async timeRedis(operation, call) {
      const started = performance.now();
      try {
        return await call();
      } finally {
        redisDuration.observe({ operation }, (performance.now() - started) / 1000);
      }
    },
    queue(queue, figures) {
      const labelNames = ['queue'] as const;
      const counter = (name: string, help: string) =>
        new Counter({ name, help, labelNames, registers }).labels({ queue });
      const sent = counter('queue_jobs_sent_total', 'Queue deliveries sent (reminder mails), by queue');
      const failed = counter('queue_jobs_failed_total', 'Queue delivery attempts that failed (SMTP down), by queue');
      const retried = counter('queue_jobs_retried_total', 'Queue deliveries run again after a failure or a crash');
      const skipped = new Counter({
        name: 'queue_jobs_skipped_total',
        help: 'Queue deliveries recorded as skipped, by queue and reason',
        labelNames: ['queue', 'reason'] as const,
        registers,
      });
      // One read of the figures per scrape, shared by both gauges.
      let pending: Promise<QueueFigures> | undefined;
      const read = () =>
        (pending ??= figures()
          .catch(() => ({ depth: Number.NaN, oldestDueSeconds: Number.NaN }))
          .finally(() => setTimeout(() => (pending = undefined), 0)));
      new Gauge({
        name: 'queue_depth',
        help: 'Deliveries scheduled and not yet done, by queue (all processes: read from PostgreSQL)',
        labelNames,
        // Every cluster worker reads the same figure from PostgreSQL: not a sum.
        aggregator: 'max',
        registers,
        async collect() {
          this.set({ queue }, (await read()).depth);
        },
      });
      new Gauge({
        name: 'queue_oldest_due_unsent_seconds',
        help: 'Age of the oldest delivery already due but not sent, by queue; 0 when none',
        labelNames,
        aggregator: 'max',
        registers,
        async collect() {
          this.set({ queue }, (await read()).oldestDueSeconds);
        },
      });
      return {
        sent: () => sent.inc(),
        failed: () => failed.inc(),
        retried: () => retried.inc(),
        skipped: (reason) => skipped.inc({ queue, reason }),
      };
    },
    otpEvents(modules) {
      // Present from the start, so that a rate over them works before the first event.
      for (const module of modules) {
        codesSent.inc({ module }, 0);
        wrongCodes.inc({ module }, 0);
        for (const reason of ['sends', 'wrong_codes'] as const) blocks.inc({ module, reason }, 0);
      }
      return {
        codeSent: (module) => codesSent.inc({ module }),
        wrongCode: (module) => wrongCodes.inc({ module }),
        blockStarted: (module, reason) => blocks.inc({ module, reason }),
      };
    },
  };
}
