// The client-side deadlines of the PostgreSQL pool (src/infra/database.ts), against a private
// cluster whose processes the test freezes (SIGSTOP): a statement on a connection whose server
// process does not answer fails with the client's own deadline, and that connection is thrown
// away, not handed out again, whether pg's pool, Prisma or a Prisma transaction used it. A server
// that accepts connections but never answers fails the checkout the same way.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Prisma } from '../../src/generated/prisma/client.ts';
import { isDependencyOutage } from '../../src/graphql/errors.ts';
import {
  createDatabase,
  POSTGRES_DEADLINE_CODE,
  PostgresDeadlineError,
  type Database,
} from '../../src/infra/database.ts';
import { freeze, processTree, startPrivatePostgres, type PrivatePostgres } from './freeze.ts';

// Short bounds keep the file quick; production's are in DATABASE_TIMEOUTS.
const TIMEOUTS = { checkoutMs: 500, statementMs: 500, statementDeadlineMs: 1_000 };

let postgres: PrivatePostgres | undefined;
let db: Database | undefined;
const thaws: (() => void)[] = [];

const backendPid = async (database: Database) =>
  (await database.sql.rows<{ pid: number }>(Prisma.sql`SELECT pg_backend_pid() AS pid`))[0]!.pid;

/** Freezes the server process behind the pool's one connection and returns its pid. */
async function freezeTheConnection(database: Database): Promise<number> {
  const pid = await backendPid(database);
  thaws.push(freeze([pid]));
  return pid;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

beforeAll(async () => {
  postgres = await startPrivatePostgres('deadline_test');
});

afterEach(async () => {
  for (const thaw of thaws.splice(0)) thaw();
  await db?.$disconnect();
  db = undefined;
});

afterAll(async () => {
  for (const thaw of thaws.splice(0)) thaw();
  await postgres?.stop();
});

describe('the client-side deadline of a statement', () => {
  it('fails a pg statement on a connection that does not answer, and the pool opens a new one', async () => {
    db = createDatabase({ url: postgres!.url, poolSize: 1, timeouts: TIMEOUTS });
    const frozen = await freezeTheConnection(db);

    const error = await rejection(db.sql.rows(Prisma.sql`SELECT 1 AS one`));
    expect(error).toBeInstanceOf(PostgresDeadlineError);
    expect(error).toMatchObject({ phase: 'statement', deadlineMs: 1_000, code: POSTGRES_DEADLINE_CODE });
    expect((error as Error).message).toMatch(/client-side deadline/);
    expect(isDependencyOutage(error)).toBe(true);

    // The frozen connection is gone: the next statement gets another server process, and works.
    expect(await backendPid(db)).not.toBe(frozen);
  });

  it('fails a Prisma query the same way, and the connection is not reused', async () => {
    db = createDatabase({ url: postgres!.url, poolSize: 1, timeouts: TIMEOUTS });
    await db.user.count();
    const frozen = await freezeTheConnection(db);

    const error = await rejection(db.user.count());
    expect(error).toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
    expect((error as Prisma.PrismaClientKnownRequestError).code).toBe(POSTGRES_DEADLINE_CODE);
    expect(isDependencyOutage(error)).toBe(true);

    expect(await db.user.count()).toBe(0);
    expect(await backendPid(db)).not.toBe(frozen);
  });

  it('fails a Prisma transaction, whose connection is released without an error, and discards it', async () => {
    db = createDatabase({ url: postgres!.url, poolSize: 1, timeouts: TIMEOUTS });
    const frozen = await backendPid(db);
    // Frozen after BEGIN and a first statement: the adapter's rollback then releases the
    // connection without an error, so only the client itself can keep it out of the pool.
    const error = await rejection(
      db.$transaction(async (tx) => {
        await tx.user.count();
        thaws.push(freeze([frozen]));
        await tx.job.count();
      }),
    );
    expect(isDependencyOutage(error)).toBe(true);
    expect((error as { code?: string }).code).toBe(POSTGRES_DEADLINE_CODE);

    // The next transaction runs, on another server process (the frozen one would hang it again).
    expect(await db.$transaction([db.user.count(), db.job.count()])).toEqual([0, 0]);
    expect(await backendPid(db)).not.toBe(frozen);
  });
});

describe('the client-side deadline of a checkout', () => {
  it('fails when the server accepts connections but never answers, and recovers once it does', async () => {
    db = createDatabase({ url: postgres!.url, poolSize: 2, timeouts: TIMEOUTS });
    const thaw = freeze(processTree(postgres!.postmasterPid()));
    thaws.push(thaw);

    const error = await rejection(db.sql.rows(Prisma.sql`SELECT 1 AS one`));
    expect(error).toBeInstanceOf(PostgresDeadlineError);
    expect(error).toMatchObject({ phase: 'checkout', deadlineMs: 500 });
    expect(isDependencyOutage(error)).toBe(true);
    const prismaError = await rejection(db.user.count());
    expect(isDependencyOutage(prismaError)).toBe(true);
    expect((prismaError as { code?: string }).code).toBe(POSTGRES_DEADLINE_CODE);

    thaw();
    expect(await db.user.count()).toBe(0);
  });
});
