// GET /readyz: whether this process should get traffic, with a result per check in `checks`:
// PostgreSQL and Redis answer, and every migration the build ships is applied. 503 when one
// fails, and at once (without checking anything) once the process is shutting down.
import { useReadinessCheck, type Plugin } from 'graphql-yoga';
import {
  APPLIED_MIGRATIONS_SQL,
  isMissingMigrationsTable,
  missingMigrations,
  shippedMigrations,
} from '../db/migrations.ts';
import { pingDatabase, type Database } from '../infra/database.ts';
import { pingRedis, type Redis } from '../infra/redis.ts';
import { withTimeout } from '../lib/timeout.ts';

export const READINESS_PATH = '/readyz';

/** What to run when migrations are missing: from source, and from the build (the release step). */
export const MIGRATE_COMMAND = '`npm run db:migrate` (from the build: `node dist/cli/db.js migrate`)';
/** While migrations are missing, the database is asked again at most this often. */
export const MIGRATION_RECHECK_MS = 5_000;
const MIGRATION_QUERY_TIMEOUT_MS = 1_500;

type CheckResult = { status: 'ok'; latencyMs: number } | { status: 'unavailable'; error: string };

export type MigrationCheck =
  | { status: 'ok' }
  | { status: 'missing'; missing: string[]; message: string }
  | { status: 'unavailable'; error: string };

async function check(probe: () => Promise<void>): Promise<CheckResult> {
  const started = performance.now();
  try {
    await probe();
    return { status: 'ok', latencyMs: Math.round((performance.now() - started) * 10) / 10 };
  } catch (error) {
    return { status: 'unavailable', error: error instanceof Error ? error.message : 'unknown error' };
  }
}

export interface ReadinessOptions {
  db: Database;
  redis: Redis;
  /** The build's migrations; `prisma/migrations` of the project by default. */
  migrationsDir?: string;
  /** Milliseconds, for the re-check interval (tests pass their own clock). */
  now?: () => number;
  /**
   * Background workers of this process (the reminder worker): their health shows in the body,
   * under `workers`, and never fails readiness (SPEC: the web keeps serving while one is down).
   */
  background?: readonly BackgroundHealth[];
}

/** A background worker's state, as a feature reports it (plumbing knows no feature). */
export interface BackgroundHealth {
  readonly name: string;
  health(): Record<string, unknown>;
}

export interface Readiness {
  plugin: Plugin;
  /** From now on /readyz answers 503 "shutting_down", so that load balancers stop sending. */
  startShutdown(): void;
  /** Whether anything has asked /readyz since the start (a load balancer that routes on it). */
  readonly probed: boolean;
  /** Checks the migrations (cached like the /readyz check), for the start log. */
  checkMigrations(): Promise<MigrationCheck>;
}

/**
 * Missing migrations, cached: once every shipped one is applied it stays so (migrations are not
 * undone under a running server); while some are missing, the database is asked again at most
 * every MIGRATION_RECHECK_MS, so probes stay cheap and a release step that runs meanwhile is seen.
 */
function migrationChecker(db: Database, migrationsDir: string | undefined, now: () => number) {
  let shipped: Promise<string[]> | undefined;
  let verified = false;
  let last: { at: number; result: MigrationCheck } | undefined;
  let running: Promise<MigrationCheck> | undefined;

  async function query(): Promise<MigrationCheck> {
    // Read once: the build's migrations do not change while it runs.
    const names = await (shipped ??= shippedMigrations(migrationsDir));
    let applied: string[];
    try {
      const rows = await withTimeout(
        db.sql.probeRows<{ migration_name: string }>(APPLIED_MIGRATIONS_SQL),
        MIGRATION_QUERY_TIMEOUT_MS,
        'PostgreSQL did not answer in time',
      );
      applied = rows.map((row) => row.migration_name);
    } catch (error) {
      if (!isMissingMigrationsTable(error)) {
        return { status: 'unavailable', error: error instanceof Error ? error.message : 'unknown error' };
      }
      applied = [];
    }
    const missing = missingMigrations(names, applied);
    if (missing.length === 0) return { status: 'ok' };
    return {
      status: 'missing',
      missing,
      message: `${missing.length} migration(s) of this build are not applied to the database: run ${MIGRATE_COMMAND}`,
    };
  }

  return async function checkMigrations(): Promise<MigrationCheck> {
    if (verified) return { status: 'ok' };
    // An unreachable database is asked again on the next probe, like the ping.
    if (last && last.result.status === 'missing' && now() - last.at < MIGRATION_RECHECK_MS) return last.result;
    running ??= query().finally(() => (running = undefined));
    const result = await running;
    last = { at: now(), result };
    if (result.status === 'ok') verified = true;
    return result;
  };
}

export function createReadiness({
  db,
  redis,
  migrationsDir,
  now = () => performance.now(),
  background = [],
}: ReadinessOptions): Readiness {
  const checkMigrations = migrationChecker(db, migrationsDir, now);
  let shuttingDown = false;
  let probed = false;

  const plugin = useReadinessCheck({
    endpoint: READINESS_PATH,
    check: async ({ fetchAPI }) => {
      probed = true;
      const headers = { 'cache-control': 'no-store' };
      if (shuttingDown) {
        return fetchAPI.Response.json(
          { status: 'shutting_down', message: 'This server is shutting down: send requests elsewhere', checks: {} },
          { status: 503, headers },
        );
      }
      const [postgres, redisResult, migrations] = await Promise.all([
        check(() => pingDatabase(db)),
        check(() => pingRedis(redis)),
        checkMigrations(),
      ]);
      const ready = postgres.status === 'ok' && redisResult.status === 'ok' && migrations.status === 'ok';
      const workers = Object.fromEntries(background.map((worker) => [worker.name, worker.health()]));
      return fetchAPI.Response.json(
        {
          status: ready ? 'ok' : 'unavailable',
          checks: { postgres, redis: redisResult, migrations },
          ...(background.length > 0 ? { workers } : {}),
        },
        { status: ready ? 200 : 503, headers },
      );
    },
  });

  return {
    plugin,
    startShutdown: () => void (shuttingDown = true),
    get probed() {
      return probed;
    },
    checkMigrations,
  };
}
