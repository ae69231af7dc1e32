// The reminder worker: a graphile-worker runner (its own pg pool) that runs `send_reminder` jobs,
// plus a heartbeat. graphile-worker has no heartbeat of its own: a SIGKILLed worker's locked jobs
// would stay locked for 4 hours. Each instance writes its worker ids to reminder_workers every
// staleWorkerMs / 4, and unlocks (graphile_worker.force_unlock_workers) the jobs held by ids
// whose heartbeat is older than staleWorkerMs, so another worker runs them again.
import { EventEmitter } from 'node:events';
import { Logger as QueueLogger, run, type Runner, type Task, type WorkerEvents } from 'graphile-worker';
import { Prisma } from '../../generated/prisma/client.ts';
import type { Database } from '../../infra/database.ts';
import type { Logger } from '../../infra/logger.ts';
import type { Mailer } from '../../infra/mailer.ts';
import { deliverReminder, IGNORED_REMINDER_EVENTS, type ReminderEvents } from './reminder.delivery.ts';
import { FOLLOW_UP_CRONTAB, FOLLOW_UP_SWEEP_TASK, sweepFollowUps } from './reminder.follow-up.ts';
import { SEND_REMINDER_TASK } from './reminder.scheduler.ts';

export interface ReminderWorkerOptions {
  /** The database the queue lives in; the runner opens its own pool on it. */
  connectionString: string;
  /** Our pool, for the deliveries and the items. */
  db: Database;
  mailer: Mailer;
  logger: Logger;
  concurrency: number;
  pollIntervalMs: number;
  staleWorkerMs: number;
  now?: () => Date;
  events?: ReminderEvents;
  /** Run the hourly follow-up sweep (cron, coordinated by graphile-worker across processes); default on. */
  followUps?: boolean;
}

export interface WorkerHealth {
  status: 'running' | 'starting' | 'stopped' | 'failing';
  /** When the heartbeat last reached PostgreSQL (ISO), if ever. */
  lastHeartbeatAt: string | null;
  error?: string;
}

/** A pino logger behind graphile-worker's logger interface (its debug chatter stays at debug). */
function queueLogger(logger: Logger): QueueLogger {
  return new QueueLogger((scope) => (level, message, meta) => {
    const method = level === 'error' ? 'error' : level === 'warning' ? 'warn' : level === 'info' ? 'info' : 'debug';
    logger[method]({ queue: scope, ...meta }, message);
  });
}

export class ReminderWorker {
  private runner: Runner | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private readonly workerIds = new Set<string>();
  private state: WorkerHealth = { status: 'stopped', lastHeartbeatAt: null };
  private beating: Promise<void> | undefined;

  constructor(private readonly options: ReminderWorkerOptions) {}

  /** For /readyz's body (BackgroundHealth): never fails readiness. */
  readonly name = 'reminders';

  health(): WorkerHealth & Record<string, unknown> {
    return { ...this.state, concurrency: this.options.concurrency };
  }

  async start(): Promise<void> {
    if (this.runner) return;
    const { db, mailer, logger, now = () => new Date(), events = IGNORED_REMINDER_EVENTS } = this.options;
    this.state = { status: 'starting', lastHeartbeatAt: null };
    const emitter = new EventEmitter() as WorkerEvents;
    emitter.on('worker:create', ({ worker }) => this.workerIds.add(worker.workerId));
    emitter.on('worker:stop', ({ worker }) => this.workerIds.delete(worker.workerId));
    const sendReminder: Task = async (payload) => {
      const { id } = payload as { id: string };
      await deliverReminder({ db, mailer, now, events }, id);
    };
    const followUps = this.options.followUps ?? true;
    const sweep: Task = async () => {
      await sweepFollowUps(db, { now: now() });
    };
    try {
      this.runner = await run({
        connectionString: this.options.connectionString,
        concurrency: this.options.concurrency,
        maxPoolSize: this.options.concurrency + 2,
        pollInterval: this.options.pollIntervalMs,
        noHandleSignals: true,
        logger: queueLogger(logger),
        events: emitter,
        taskList: { [SEND_REMINDER_TASK]: sendReminder, [FOLLOW_UP_SWEEP_TASK]: sweep },
        ...(followUps ? { crontab: FOLLOW_UP_CRONTAB } : {}),
      });
    } catch (error) {
      this.state = {
        status: 'failing',
        lastHeartbeatAt: null,
        error: error instanceof Error ? error.message : 'unknown error',
      };
      throw error;
    }
    await this.beat();
    // Nudges due before the first hourly run (a worker that was down) are queued at once.
    if (followUps) {
      await sweepFollowUps(db, { now: now() }).catch((error: unknown) =>
        logger.warn({ err: error }, 'follow-up sweep failed; the hourly run retries'),
      );
    }
    const interval = Math.max(50, Math.floor(this.options.staleWorkerMs / 4));
    this.heartbeat = setInterval(() => void this.beat(), interval);
    this.heartbeat.unref();
  }

  /** Stops taking jobs, lets the running ones finish (graphile-worker releases them), and stops the heartbeat. */
  async stop(): Promise<void> {
    clearInterval(this.heartbeat);
    await this.beating;
    const runner = this.runner;
    this.runner = undefined;
    if (runner) await runner.stop();
    if (this.workerIds.size > 0) {
      const ids = [...this.workerIds];
      await this.options.db.sql
        .rows(Prisma.sql`DELETE FROM reminder_workers WHERE worker_id = ANY(${ids}::text[])`)
        .catch(() => undefined);
    }
    this.state = { ...this.state, status: 'stopped' };
  }

  /** Refreshes our heartbeat and unlocks the jobs of workers that stopped beating: one statement. */
  private beat(): Promise<void> {
    this.beating ??= this.runBeat().finally(() => (this.beating = undefined));
    return this.beating;
  }

  private async runBeat(): Promise<void> {
    const ids = [...this.workerIds];
    const staleMs = this.options.staleWorkerMs;
    try {
      // A job locked moments ago by a worker not yet in the table is not a dead worker's: the
      // lock must be older than the stale bound too.
      await this.options.db.sql.rows(Prisma.sql`
        WITH beat AS (
          INSERT INTO reminder_workers (worker_id, seen_at) SELECT unnest(${ids}::text[]), now()
          ON CONFLICT (worker_id) DO UPDATE SET seen_at = now()
          RETURNING worker_id
        ),
        forgotten AS (
          DELETE FROM reminder_workers WHERE seen_at < now() - interval '1 day' RETURNING worker_id
        ),
        dead AS (
          SELECT DISTINCT j.locked_by FROM graphile_worker._private_jobs j
          WHERE j.locked_by IS NOT NULL AND j.locked_at < now() - make_interval(secs => ${staleMs / 1000})
            AND j.locked_by <> ALL(${ids}::text[])
            AND NOT EXISTS (SELECT 1 FROM reminder_workers w WHERE w.worker_id = j.locked_by
                              AND w.seen_at > now() - make_interval(secs => ${staleMs / 1000}))
        )
        SELECT (SELECT count(*) FROM beat) AS beat, (SELECT count(*) FROM forgotten) AS forgotten,
               (SELECT graphile_worker.force_unlock_workers(array_agg(locked_by)) FROM dead HAVING count(*) > 0) AS unlocked`);
      this.state = { status: 'running', lastHeartbeatAt: new Date().toISOString() };
    } catch (error) {
      this.state = {
        status: 'failing',
        lastHeartbeatAt: this.state.lastHeartbeatAt,
        error: error instanceof Error ? error.message : 'unknown error',
      };
      this.options.logger.warn({ err: error }, 'reminder worker heartbeat failed');
    }
  }
}
