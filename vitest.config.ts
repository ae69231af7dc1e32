import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // Node loads graphql's CommonJS build; vite would pick its .mjs build for our files, and two
    // copies of graphql refuse each other's types. Use the one Node uses.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    include: ['tests/**/*.test.ts'],
    // Starts (or checks) PostgreSQL and Redis once, and builds a migrated template database
    // that each test file clones into a database of its own.
    globalSetup: ['tests/support/global-setup.ts'],
    // Only a test that hangs should reach it: a busy machine (the suite on 2 shared cores) is
    // slow, and no test may fail for that alone (timing figures are `npm run bench`'s).
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
