// Where the benchmark runs and what it is given: servers, secrets, ports, paths.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const RESULTS_DIR = path.join(ROOT, 'bench', 'results');

/** The PostgreSQL server; the benchmark creates (and drops) databases of its own on it. */
export const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

/** The Redis server; the benchmark uses its database 15, flushed at start. */
export const REDIS_URL = (() => {
  const url = new URL(process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/0');
  url.pathname = '/15';
  return url.toString();
})();

export const JWT_SECRET = 'bench-only-jwt-secret-0123456789abcdef-0123456789';
export const JWT_ALGORITHM = 'HS256';
export const SECRET_KEY = 'bench-only-secret-key-0123456789abcdef-0123456789';
export const POOL_SIZE = 10;

export function databaseUrl(name: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** One helper for the suite and the bench: a loopback port the OS picks. */
export { freePort } from '../../tests/support/processes.ts';

/** The environment of the project's server child: production mode, limits out of the way. */
export function projectEnv(options: { databaseUrl: string; port: number; smtpUrl: string }): Record<string, string> {
  return {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(options.port),
    LOG_LEVEL: 'info',
    DATABASE_URL: options.databaseUrl,
    DATABASE_POOL_SIZE: String(POOL_SIZE),
    REDIS_URL,
    JWT_SECRET_KEY: JWT_SECRET,
    JWT_ALGORITHM,
    SECRET_KEY,
    SMTP_URL: options.smtpUrl,
    // The benchmark sends everything from one address: the per-address limits would answer 429.
    AUTH_RATE_LIMIT_PER_MINUTE: '1000000',
    MUTATION_RATE_LIMIT_PER_MINUTE: '1000000',
  };
}
