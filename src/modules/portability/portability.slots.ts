// How many exports and imports run at once. Each one holds a database connection for its whole
// length (an export its snapshot, read at the client's pace; an import its transaction), out of
// a pool of DATABASE_POOL_SIZE that every request shares: unbounded, one account opening exports
// it never reads would leave the rest of the API waiting for a connection. So a process runs at
// most `max` of them, one per account at a time; more are refused at once with 429 and
// Retry-After, never queued (a queue would hold the requests' bodies).
import { SNAPSHOT_IDLE_MS } from '../../infra/database.ts';
import { AppError } from '../../lib/errors.ts';

/** The Retry-After of a refused export or import, in seconds. */
export const TRANSFER_RETRY_AFTER_SECONDS = 5;

/** A quarter of the pool, at least 2: the rest stays for the requests. */
export const transfersFor = (poolSize: number) => Math.max(2, Math.floor(poolSize / 4));

export class TransferSlots {
  private readonly accounts = new Set<string>();

  constructor(private readonly max: number) {}

  /** A slot for the account's export or import, or TOO_MANY_REQUESTS; answers its release (idempotent). */
  take(ownerId: string): () => void {
    if (this.accounts.has(ownerId)) {
      throw AppError.tooManyRequests(
        'An export or import of yours is still running: try again when it has finished',
        TRANSFER_RETRY_AFTER_SECONDS,
      );
    }
    if (this.accounts.size >= this.max) {
      throw AppError.tooManyRequests(
        'The server is busy with other exports and imports: try again in a few seconds',
        TRANSFER_RETRY_AFTER_SECONDS,
      );
    }
    this.accounts.add(ownerId);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.accounts.delete(ownerId);
    };
  }

  /**
   * The export's pieces, holding the account's slot from the first piece asked for until the last,
   * until it is given up, or until no next piece was asked for in `idleMs`: a reader that went
   * away without a word (its generator suspended for good) loses the slot with its snapshot.
   */
  async *guard(
    ownerId: string,
    pieces: () => AsyncGenerator<string>,
    idleMs = SNAPSHOT_IDLE_MS,
  ): AsyncGenerator<string> {
    const release = this.take(ownerId);
    let idle: NodeJS.Timeout | undefined;
    try {
      for await (const piece of pieces()) {
        idle = setTimeout(release, idleMs);
        idle.unref();
        yield piece;
        clearTimeout(idle);
      }
    } finally {
      clearTimeout(idle);
      release();
    }
  }

  /** Runs the account's import in its slot. */
  async run<Result>(ownerId: string, work: () => Promise<Result>): Promise<Result> {
    const release = this.take(ownerId);
    try {
      return await work();
    } finally {
      release();
    }
  }
}
