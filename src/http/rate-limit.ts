// Per-client-address limits on mutations, on Redis so every process shares them
// (rate-limiter-flexible). The auth mutations get a tighter budget, on top of the per-email
// OTP rules. While Redis is down an in-memory limiter per process stands in.
import {
  GraphQLError,
  Kind,
  OperationTypeNode,
  type DefinitionNode,
  type DocumentNode,
  type OperationDefinitionNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Config } from '../config/env.ts';
import type { Redis } from '../infra/redis.ts';

/** Where the request came from: the socket's address, or the proxy's X-Forwarded-For when trusted. */
export function clientAddress(request: Request, serverContext: unknown, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = request.headers.get('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  const socket = (serverContext as { req?: { socket?: { remoteAddress?: string } } } | undefined)?.req?.socket;
  return socket?.remoteAddress ?? 'unknown';
}

function limiter(redis: Redis, name: 'auth' | 'mutation', points: number): RateLimiterAbstract {
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
  trustProxy: boolean;
  limits: Config['rateLimits'];
}): Plugin {
  const limiters = {
    auth: limiter(options.redis, 'auth', options.limits.authPerMinute),
    mutation: limiter(options.redis, 'mutation', options.limits.mutationsPerMinute),
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
      const address = clientAddress((context as { request: Request }).request, context, options.trustProxy);
      try {
        await limiters[kind].consume(address);
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        const retryAfterSeconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
        setResultAndStopExecution({
          errors: [
            new GraphQLError(`Too many requests from this address; try again in ${retryAfterSeconds} s`, {
              extensions: {
                code: 'TOO_MANY_REQUESTS',
                retryAfterSeconds,
                http: { status: 429, headers: { 'retry-after': String(retryAfterSeconds) } },
              },
            }),
          ],
        });
      }
    },
  };
}
