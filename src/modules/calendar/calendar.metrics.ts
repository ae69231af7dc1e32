// The calendar module's metric labels: the Redis call its route times besides the plumbing's
// rate_limit_consume, merged into the bounded label set of redis_command_duration_seconds
// (src/metrics/hooks.ts). The route's HTTP label is the prefix /calendar (src/app.ts), never a token.
declare module '../../metrics/hooks.ts' {
  interface RedisOperations {
    calendar_misses_get: true;
  }
}

export {};
