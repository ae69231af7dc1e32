// The reminder worker: a graphile-worker runner (its own pg pool) that runs `send_reminder` jobs,
// plus a heartbeat. graphile-worker has no heartbeat of its own: a SIGKILLed worker's locked jobs
// would stay locked for 4 hours. Each instance writes its worker ids to reminder_workers every
// staleWorkerMs / 4, and unlocks (graphile_worker.force_unlock_workers) the jobs held by ids
// whose heartbeat is older than staleWorkerMs, so another worker runs them again. The same beat
// renews the claims of the deliveries this instance is sending, and sweeps up the due deliveries
// that have no job that will run (reminder.recovery.ts).
import { EventEmitter } from 'node:events';
import { Logger as QueueLogger, run, type Runner, type Task, type WorkerEvents } from 'graphile-worker';
import pg from 'pg';
import { Prisma } from '../../generated/prisma/client.ts';
import type { Database } from '../../infra/database.ts';
import type { Logger } from '../../infra/logger.ts';
import type { Mailer } from '../../infra/mailer.ts';
import { deliverReminder, IGNORED_REMINDER_EVENTS, type ReminderEvents } from './reminder.delivery.ts';
import { FOLLOW_UP_CRONTAB, FOLLOW_UP_SWEEP_TASK, sweepFollowUps } from './reminder.follow-up.ts';
import { requeueOrphans, skipLateOrphans, type OrphanScope } from './reminder.recovery.ts';
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

/** How the queue's connections show in pg_stat_activity (unless the URL names one). */
export const QUEUE_APPLICATION_NAME = 'reminder-worker';

/** One graphile-worker runner on a pg pool of ours. */
interface QueueRun {
  runner: Runner;
  pool: pg.Pool;
  poolId: string | undefined;
}

export class ReminderWorker {
  /** The runner now; replaced when it stops by itself or cannot fetch jobs (see restartQueue). */
  private queue: QueueRun | undefined;
  private active = false;
  private stopping = false;
  private restarting: Promise<void> | undefined;
  /** Since when (ms) graphile-worker's job fetches have failed with no success in between. */
  private fetchFailingSince: number | undefined;
  /** The deliveries this instance's tasks are running now: the heartbeat renews their claims. */
  /** The deliveries this process is sending, counted: two jobs of one delivery may overlap here (the second finds it claimed). */
  private readonly inFlight = new Map<string, number>();
  private heartbeat: NodeJS.Timeout | undefined;
  private readonly workerIds = new Set<string>();
  /**
   * The worker pool's id: graphile-worker 0.18 locks jobs (locked_by) in the pool's name, not a
   * worker's, so it is the id that must beat. Kept until its runner has stopped.
   */
  private readonly poolIds = new Set<string>();
  private state: WorkerHealth = { status: 'stopped', lastHeartbeatAt: null };
  private beating: Promise<void> | undefined;

  constructor(private readonly options: ReminderWorkerOptions) {}

  /** For /readyz's body (BackgroundHealth): never fails readiness. */
  readonly name = 'reminders';

  health(): WorkerHealth & Record<string, unknown> {
    return { ...this.state, concurrency: this.options.concurrency };
  }

  async start(): Promise<void> {
    if (this.active) return;
    const { db, logger, now = () => new Date() } = this.options;
    this.stopping = false;
    this.state = { status: 'starting', lastHeartbeatAt: null };
    try {
      const queue = await this.startQueue();
      // stop() ran while the queue was starting: it found no queue to stop, so this one stops here.
      if (this.stopping) {
        await this.stopQueue(queue);
        this.state = { ...this.state, status: 'stopped' };
        return;
      }
      this.queue = queue;
    } catch (error) {
      this.state = {
        status: 'failing',
        lastHeartbeatAt: null,
        error: error instanceof Error ? error.message : 'unknown error',
      };
      throw error;
    }
    this.active = true;
    await this.beat();
    // Nudges due before the first hourly run (a worker that was down) are queued at once.
    if (this.options.followUps ?? true) {
      await sweepFollowUps(db, { now: now() }).catch((error: unknown) =>
        logger.warn({ err: error }, 'follow-up sweep failed; the hourly run retries'),
      );
    }
    const interval = Math.max(50, Math.floor(this.options.staleWorkerMs / 4));
    this.heartbeat = setInterval(() => void this.beat(), interval);
    this.heartbeat.unref();
  }

  /** Stops taking jobs, lets the running ones finish (graphile-worker releases them), then stops the heartbeat and closes the queue's pool. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.active = false;
    await this.restarting;
    const queue = this.queue;
    this.queue = undefined;
    const ids = this.beatingIds();
    // The heartbeat goes on while the running jobs finish: a slow send keeps its lock and claim.
    if (queue) await this.stopQueue(queue);
    clearInterval(this.heartbeat);
    await this.beating;
    if (ids.length > 0) {
      await this.options.db.sql
        .rows(Prisma.sql`DELETE FROM reminder_workers WHERE worker_id = ANY(${ids}::text[])`)
        .catch(() => undefined);
    }
    this.state = { ...this.state, status: 'stopped' };
  }

  private taskList(): Record<string, Task> {
    const { db, mailer, now = () => new Date(), events = IGNORED_REMINDER_EVENTS } = this.options;
    const staleClaimMs = this.options.staleWorkerMs;
    const sendReminder: Task = async (payload, helpers) => {
      const { id } = payload as { id: string };
      const workerId = helpers.job.locked_by ?? 'unknown';
      this.inFlight.set(id, (this.inFlight.get(id) ?? 0) + 1);
      try {
        await deliverReminder({ db, mailer, now, events, workerId, staleClaimMs }, id);
      } catch (error) {
        // graphile-worker gives the job up after this attempt: the delivery must keep one, or get an outcome.
        if (helpers.job.attempts >= helpers.job.max_attempts) {
          await this.recover({ now: now(), staleClaimMs, only: { deliveryId: id, jobId: helpers.job.id, workerId } });
        }
        throw error;
      } finally {
        const left = (this.inFlight.get(id) ?? 1) - 1;
        if (left > 0) this.inFlight.set(id, left);
        else this.inFlight.delete(id);
      }
    };
    const sweep: Task = async () => {
      await sweepFollowUps(db, { now: now() });
    };
    return { [SEND_REMINDER_TASK]: sendReminder, [FOLLOW_UP_SWEEP_TASK]: sweep };
  }

  /** A runner on a new pool of ours (closed again if the runner cannot start). */
  private async startQueue(): Promise<QueueRun> {
    const { logger } = this.options;
    // The queue's pool is ours, not graphile-worker's: graphile-worker ends a pool it made without
    // waiting and drops its error listener first, so a connection closed under it after stop (a
    // dropped database, a restarted server) threw from an 'error' event nobody listened to. Ours
    // logs such errors for as long as it lives, and stopQueue waits until it is closed.
    const pool = new pg.Pool({
      connectionString: this.options.connectionString,
      max: this.options.concurrency + 2,
      application_name: QUEUE_APPLICATION_NAME,
    });
    const connectionLost = (error: Error) =>
      logger.warn({ err: error }, 'reminder queue connection lost; graphile-worker reconnects');
    pool.on('error', connectionLost);
    // A checked-out connection's error rejects its query; the listener only keeps it from throwing.
    pool.on('connect', (client) => client.on('error', connectionLost));
    let poolId: string | undefined;
    const emitter = new EventEmitter() as WorkerEvents;
    emitter.on('worker:create', ({ worker }) => this.workerIds.add(worker.workerId));
    emitter.on('worker:stop', ({ worker }) => this.workerIds.delete(worker.workerId));
    emitter.on('pool:create', ({ workerPool }) => {
      poolId = workerPool.id;
      this.poolIds.add(workerPool.id);
    });
    emitter.on('worker:getJob:error', () => (this.fetchFailingSince ??= Date.now()));
    emitter.on('worker:getJob:empty', () => (this.fetchFailingSince = undefined));
    emitter.on('job:start', () => (this.fetchFailingSince = undefined));
    const followUps = this.options.followUps ?? true;
    try {
      const runner = await run({
        pgPool: pool,
        concurrency: this.options.concurrency,
        pollInterval: this.options.pollIntervalMs,
        noHandleSignals: true,
        // Unbatched, graphile-worker leaves a failed completeJob/failJob statement (a dropped
        // connection, a refused DELETE) as an unhandled rejection, which ends a Node process.
        // Batched (even with no delay), it logs the failure and stops its worker pool, and the
        // runner is replaced (restartQueue); the job, still locked, is unlocked by the heartbeat.
        preset: { worker: { completeJobBatchDelay: 0, failJobBatchDelay: 0 } },
        logger: queueLogger(logger),
        events: emitter,
        taskList: this.taskList(),
        ...(followUps ? { crontab: FOLLOW_UP_CRONTAB } : {}),
      });
      const queue: QueueRun = { runner, pool, poolId };
      // graphile-worker stops a runner whose worker pool failed: another one takes over.
      void runner.promise
        .catch(() => undefined)
        .then(() => {
          if (this.queue === queue && !this.stopping) void this.restartQueue('the queue runner stopped');
        });
      return queue;
    } catch (error) {
      if (poolId) this.poolIds.delete(poolId);
      await pool.end().catch(() => undefined);
      throw error;
    }
  }

  private async stopQueue(queue: QueueRun): Promise<void> {
    const { logger } = this.options;
    // Rejects when the runner had stopped by itself already.
    await queue.runner.stop().catch((error: unknown) => logger.debug({ err: error }, 'queue runner already stopped'));
    await queue.pool.end().catch((error: unknown) => logger.debug({ err: error }, 'queue pool already closed'));
    if (queue.poolId) this.poolIds.delete(queue.poolId);
  }

  /**
   * A new runner in place of the current one (or of none, when a restart failed). graphile-worker
   * 0.18 remembers a failed look-up of its task ids (the first job fetch) for the runner's life:
   * a connection dropped at that moment left a runner that never fetched a job again, its
   * process alive and beating. A fresh runner looks them up again.
   */
  private restartQueue(reason: string): Promise<void> {
    const { logger } = this.options;
    this.restarting ??= (async () => {
      if (this.stopping) return;
      logger.warn({ reason }, 'restarting the reminder queue runner');
      const old = this.queue;
      this.queue = undefined;
      if (old) await this.stopQueue(old);
      this.fetchFailingSince = undefined;
      if (this.stopping) return;
      this.queue = await this.startQueue();
    })()
      .catch((error: unknown) =>
        logger.warn({ err: error }, 'could not restart the reminder queue runner; the next heartbeat retries'),
      )
      .finally(() => (this.restarting = undefined));
    return this.restarting;
  }

  /** Refreshes our heartbeat and unlocks the jobs of workers that stopped beating: one statement. */
  private beat(): Promise<void> {
    this.beating ??= this.runBeat().finally(() => (this.beating = undefined));
    return this.beating;
  }

  /** The ids that hold this instance's job locks and claims (the pool's) and its workers'. */
  private beatingIds(): string[] {
    return [...this.poolIds, ...this.workerIds];
  }

  /** Re-queues (or, past the cut-off, skips) deliveries left with no job that will run; best effort, logged. */
  private async recover(scope: OrphanScope): Promise<void> {
    const { db, logger, events = IGNORED_REMINDER_EVENTS } = this.options;
    // Two statements: a database refusing the skip's UPDATE must not keep the re-queue from running.
    await requeueOrphans(db, scope).then(
      (queued) => queued > 0 && logger.warn({ queued }, 'reminders without a job that will run were queued again'),
      (error: unknown) => logger.warn({ err: error }, 'could not queue reminders again; the next heartbeat retries'),
    );
    await skipLateOrphans(db, scope).then(
      (skipped) => {
        for (let index = 0; index < skipped; index += 1) events.skipped('past_the_cut-off');
      },
      (error: unknown) => logger.warn({ err: error }, 'could not record late reminders; the next heartbeat retries'),
    );
  }

  private async runBeat(): Promise<void> {
    const ids = this.beatingIds();
    const staleMs = this.options.staleWorkerMs;
    const inFlight = [...this.inFlight.keys()];
    if (inFlight.length > 0) {
      // Our claims stay fresh while their mails are in flight, so no one takes them over.
      await this.options.db.sql
        .rows(
          Prisma.sql`
          UPDATE reminder_deliveries SET claimed_at = now()
          WHERE id = ANY(${inFlight}::uuid[]) AND state = 'sending' AND claimed_by = ANY(${ids}::text[])`,
        )
        .catch((error: unknown) => this.options.logger.warn({ err: error }, 'could not renew reminder claims'));
    }
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
      const lastHeartbeatAt = new Date().toISOString();
      this.state =
        this.queue || this.stopping
          ? { status: 'running', lastHeartbeatAt }
          : { status: 'failing', lastHeartbeatAt, error: 'no queue runner: it is being replaced' };
      await this.recover({ now: (this.options.now ?? (() => new Date()))(), staleClaimMs: staleMs });
      // PostgreSQL answers us: a runner missing, or failing to fetch for longer than the stale bound, is replaced.
      if (this.active && !this.stopping) {
        if (!this.queue) void this.restartQueue('no queue runner');
        else if (this.fetchFailingSince !== undefined && Date.now() - this.fetchFailingSince > staleMs) {
          void this.restartQueue('job fetches keep failing while PostgreSQL answers');
        }
      }
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
