// One load run with autocannon. Latencies are taken from autocannon's per-response timings
// (floating milliseconds), not its integer histogram, so that 1-3 ms percentiles mean something.
import autocannon, { type Request } from 'autocannon';
import { percentile } from './stats.ts';

export interface LoadOptions {
  url: string;
  connections: number;
  /** Seconds. */
  duration: number;
  /** Stops early after this many responses: every run is bounded in requests as well as time. */
  maxRequests?: number;
  requests: Request[];
  /** Requests per second across all connections (open loop); unset: as fast as answers come. */
  overallRate?: number;
}

export interface LoadResult {
  responses: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  /** CPU time the server spent per answer (user + system), when measured (see `withServerCpu`). */
  serverCpuMs?: number;
}

/** Runs `load` and adds the server's CPU milliseconds per response: a figure the load generator's share of the cores does not move. */
export async function withServerCpu(server: { cpuSeconds(): number }, load: () => Promise<LoadResult>) {
  const before = server.cpuSeconds();
  const result = await load();
  return { ...result, serverCpuMs: ((server.cpuSeconds() - before) * 1000) / Math.max(result.responses, 1) };
}

export const DEFAULT_MAX_REQUESTS = 200_000;

export function runLoad(options: LoadOptions): Promise<LoadResult> {
  const maxRequests = options.maxRequests ?? DEFAULT_MAX_REQUESTS;
  const latencies: number[] = [];
  let non2xx = 0;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        duration: options.duration,
        timeout: 10,
        requests: options.requests,
        ...(options.overallRate ? { overallRate: options.overallRate } : {}),
      },
      (error, result) => {
        if (error) return reject(error);
        const seconds = (performance.now() - started) / 1000;
        resolve({
          responses: latencies.length,
          seconds,
          rps: latencies.length / seconds,
          p50: percentile(latencies, 50),
          p99: percentile(latencies, 99),
          errors: result.errors + result.timeouts,
          non2xx,
        });
      },
    );
    instance.on('response', (_client, statusCode, _bytes, ms) => {
      latencies.push(ms);
      if (statusCode < 200 || statusCode > 299) non2xx += 1;
      if (latencies.length === maxRequests) instance.stop();
    });
  });
}

export function graphqlRequest(query: string, token?: string, variables?: Record<string, unknown>): Request {
  return {
    method: 'POST',
    path: '/graphql',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(variables ? { query, variables } : { query }),
  };
}

/** One request through fetch, for checks and for the login driver. */
export async function postGraphql<T = unknown>(
  baseUrl: string,
  query: string,
  options: { token?: string; variables?: Record<string, unknown> } = {},
): Promise<{ status: number; body: T; text: string }> {
  const request = graphqlRequest(query, options.token, options.variables);
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: request.headers,
    body: request.body ?? null,
  });
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) as T, text };
}
