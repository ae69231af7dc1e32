/**
 * Database migrations without Prisma's native schema engine (see src/db/migrations.ts).
 *
 *   db init                     create the database if missing, apply migrations
 *   db migrate                  apply pending migrations (like `prisma migrate deploy`)
 *   db create-migration <name>  write a migration for schema changes (like `prisma migrate dev --create-only`)
 *   db status                   list pending migrations
 *
 * In development: `npm run db:<command>` (tsx src/cli/db.ts). In production, from the build
 * with no devDependency: `node dist/cli/db.js migrate`, the release step of the Procfile and
 * of the container image (docs/DEPLOY.md).
 *
 * Reads DATABASE_URL from the environment or from .env. `migrate` and `init` wait at most
 * MIGRATE_LOCK_TIMEOUT_SECONDS (300) for another run's migration lock.
 */
import '../config/load-dotenv.ts';

import {
  applyMigrations,
  createMigration,
  DEFAULT_MIGRATION_LOCK_TIMEOUT_MS,
  ensureDatabase,
  MigrationError,
  migrationStatus,
} from '../db/migrations.ts';

const USAGE = 'Usage: db <init | migrate | create-migration <name> | status>';

class UsageError extends Error {}

const log = (message: string): void => console.log(message);

/** MIGRATE_LOCK_TIMEOUT_SECONDS: how long a release waits for another one's migration lock. */
function lockTimeoutFromEnv(): number {
  const value = process.env.MIGRATE_LOCK_TIMEOUT_SECONDS?.trim();
  if (!value) return DEFAULT_MIGRATION_LOCK_TIMEOUT_MS;
  const seconds = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!(seconds >= 1 && seconds <= 86_400)) {
    throw new UsageError(
      `MIGRATE_LOCK_TIMEOUT_SECONDS must be a whole number of seconds from 1 to 86400 (got "${value}")`,
    );
  }
  return seconds * 1000;
}

async function main(argv: string[]): Promise<void> {
  const [command, ...args] = argv;
  if (!command || command === '--help' || command === '-h') {
    console.log(USAGE);
    if (!command) process.exitCode = 1;
    return;
  }
  if (!['init', 'migrate', 'create-migration', 'status'].includes(command)) {
    throw new UsageError(`Unknown command "${command}". ${USAGE}`);
  }
  const name = args[0];
  if (command === 'create-migration') {
    if (!name) throw new UsageError('create-migration needs a name, e.g.: npm run db:create-migration add_user_phone');
    if (!/^[a-z][a-z0-9_]*$/.test(name) || name.length > 200) {
      throw new UsageError(
        `Invalid migration name "${name}": use snake_case (lower-case letters, digits, _), e.g. add_user_phone`,
      );
    }
  }
  if (args.length > (command === 'create-migration' ? 1 : 0)) {
    throw new UsageError(`Too many arguments for "${command}". ${USAGE}`);
  }

  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    throw new UsageError(
      'DATABASE_URL is not set: set it in the environment or in .env (e.g. postgresql://user@localhost:5432/app)',
    );
  }

  switch (command) {
    case 'init':
    case 'migrate': {
      const lockTimeoutMs = lockTimeoutFromEnv();
      if (command === 'init' && (await ensureDatabase(databaseUrl))) log('Created the database');
      const { applied } = await applyMigrations({ databaseUrl, log, lockTimeoutMs });
      log(applied.length ? `Applied ${applied.length} migration(s)` : 'Database is up to date');
      break;
    }
    case 'create-migration': {
      const { created } = await createMigration({ databaseUrl, name: name!, log });
      log(created ? `Created prisma/migrations/${created}/migration.sql` : 'No schema changes: nothing to do');
      break;
    }
    case 'status': {
      const { applied, pending } = await migrationStatus({ databaseUrl });
      log(`${applied.length} migration(s) applied, ${pending.length} pending`);
      for (const migration of pending) log(`  pending: ${migration}`);
      break;
    }
  }
}

try {
  await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError || error instanceof MigrationError) {
    console.error(`Error: ${error.message.replace(/\s*\n\s*/g, ' ')}`);
  } else {
    // Unexpected: keep the stack trace for debugging.
    console.error(error);
  }
  process.exitCode = 1;
}
