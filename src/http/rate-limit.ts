// Per-client-address limits on mutations, on Redis so every process shares them
// (rate-limiter-flexible). The auth mutations get a tighter budget, on top of the per-email
// OTP rules. While Redis is down an in-memory limiter per process stands in.
import { Kind, OperationTypeNode, type DefinitionNode, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Config } from '../config/env.ts';
import type { Redis } from '../infra/redis.ts';
import { AppError } from '../lib/errors.ts';
import { toGraphQLError } from '../graphql/errors.ts';
import type { RedisTimer } from '../metrics/hooks.ts';
import type { ClientOriginResolver } from './client-address.ts';

/** `points` a minute per key, on Redis under `rate_limit:<name>`; per process while Redis is down. */
export function perMinuteLimiter(redis: Redis, name: string, points: number): RateLimiterAbstract {
  const duration = 60;
  return new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: `rate_limit:${name}`,
    points,
    duration,
    insuranceLimiter: new RateLimiterMemory({ keyPrefix: `rate_limit:${name}`, points, duration }),
  });
}

function mutationFieldNames(operation: OperationDefinitionNode): string[] {
  return operation.selectionSet.selections.flatMap((selection) =>
    selection.kind === Kind.FIELD ? [selection.name.value] : [],
  );
}

export function useMutationRateLimits(options: {
  redis: Redis;
  authMutations: readonly string[];
  clientOrigin: ClientOriginResolver;
  limits: Config['rateLimits'];
  timeRedis: RedisTimer;
}): Plugin {
  const limiters = {
    auth: perMinuteLimiter(options.redis, 'auth', options.limits.authPerMinute),
    mutation: perMinuteLimiter(options.redis, 'mutation', options.limits.mutationsPerMinute),
  };
  const authMutations = new Set(options.authMutations);
  return {
    async onExecute({ args, setResultAndStopExecution }) {
      const operation = (args.document as DocumentNode).definitions.find(
        (definition: DefinitionNode): definition is OperationDefinitionNode =>
          definition.kind === Kind.OPERATION_DEFINITION &&
          (args.operationName == null || definition.name?.value === args.operationName),
      );
      if (operation?.operation !== OperationTypeNode.MUTATION) return;
      const kind = mutationFieldNames(operation).some((name) => authMutations.has(name)) ? 'auth' : 'mutation';
      // yoga's context carries the request and, on Node, the server context's `req`.
      const context: unknown = args.contextValue;
      const { address } = options.clientOrigin((context as { request: Request }).request, context);
      try {
        await options.timeRedis('rate_limit_consume', () => limiters[kind].consume(address));
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        const retryAfterSeconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
        setResultAndStopExecution({
          errors: [
            toGraphQLError(
              AppError.tooManyRequests(
                `Too many requests from this address; try again in ${retryAfterSeconds} s`,
                retryAfterSeconds,
              ),
            ),
          ],
        });
      }
    },
  };
}
