/**
 * Database migrations without Prisma's native schema engine (see src/db/migrations.ts).
 *
 *   tsx scripts/db.ts init                     create the database if missing, apply migrations
 *   tsx scripts/db.ts migrate                  apply pending migrations (like `prisma migrate deploy`)
 *   tsx scripts/db.ts create-migration <name>  write a migration for schema changes (like `prisma migrate dev --create-only`)
 *   tsx scripts/db.ts status                   list pending migrations
 *
 * Reads DATABASE_URL from the environment or from .env.
 */
import 'dotenv/config';

import {
  applyMigrations,
  createMigration,
  ensureDatabase,
  MigrationError,
  migrationStatus,
} from '../src/db/migrations.js';

const USAGE = 'Usage: tsx scripts/db.ts <init | migrate | create-migration <name> | status>';

class UsageError extends Error {}

const log = (message: string): void => console.log(message);

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
    if (!name)
      throw new UsageError('create-migration needs a name, e.g.: tsx scripts/db.ts create-migration add_user_phone');
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
    case 'init': {
      if (await ensureDatabase(databaseUrl)) log('Created the database');
      const { applied } = await applyMigrations({ databaseUrl, log });
      log(applied.length ? `Applied ${applied.length} migration(s)` : 'Database is up to date');
      break;
    }
    case 'migrate': {
      const { applied } = await applyMigrations({ databaseUrl, log });
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
