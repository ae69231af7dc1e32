// GET /readyz: whether PostgreSQL and Redis answer, reported per dependency; 503 when one does not.
import { useReadinessCheck, type Plugin } from 'graphql-yoga';
import { pingDatabase, type Database } from '../infra/database.ts';
import { pingRedis, type Redis } from '../infra/redis.ts';

export const READINESS_PATH = '/readyz';

type CheckResult = { status: 'ok'; latencyMs: number } | { status: 'unavailable'; error: string };

async function check(probe: () => Promise<void>): Promise<CheckResult> {
  const started = performance.now();
  try {
    await probe();
    return { status: 'ok', latencyMs: Math.round((performance.now() - started) * 10) / 10 };
  } catch (error) {
    return { status: 'unavailable', error: error instanceof Error ? error.message : 'unknown error' };
  }
}

export function useDependencyReadiness(deps: { db: Database; redis: Redis }): Plugin {
  return useReadinessCheck({
    endpoint: READINESS_PATH,
    check: async ({ fetchAPI }) => {
      const [postgres, redis] = await Promise.all([
        check(() => pingDatabase(deps.db)),
        check(() => pingRedis(deps.redis)),
      ]);
      const ready = postgres.status === 'ok' && redis.status === 'ok';
      return fetchAPI.Response.json(
        { status: ready ? 'ok' : 'unavailable', checks: { postgres, redis } },
        { status: ready ? 200 : 503, headers: { 'cache-control': 'no-store' } },
      );
    },
  });
}
