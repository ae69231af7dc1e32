// GET /metrics (Prometheus text), and the per-request updates: one counter and one histogram per
// HTTP request, and the same plus an error count per GraphQL operation. Nothing per resolver or
// per field, so the hot paths pay a few label lookups and additions.
import { createHash, timingSafeEqual } from 'node:crypto';
import { getOperationAST, type DocumentNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from '../infra/logger.ts';
import { jsonErrorResponse } from '../lib/errors.ts';
import { OTHER, type Metrics } from './metrics.ts';

export const METRICS_PATH = '/metrics';

/** The Prometheus text format's content type, as prom-client writes it. */
const CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export interface MetricsPluginOptions {
  metrics: Metrics;
  /** Set: a scrape needs `Authorization: Bearer <token>`. */
  token: string | undefined;
  /** Paths that are a route label of their own; every other path counts as OTHER. */
  routes: readonly string[];
  /** Paths whose sub-paths count as the path itself (/docs/swagger-ui.css is /docs). */
  routePrefixes?: readonly string[];
  logger: Logger;
}

/** When the app's plugins first saw the request, and its route; on its server context. */
const SEEN = Symbol('metrics.seen');

interface Seen {
  startedAt: number;
  route: string;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest();

/** Compares digests, which have one length, so the time taken tells nothing about the token. */
function bearerMatches(header: string | null, expectedDigest: Buffer): boolean {
  const given = /^bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1] ?? '';
  return timingSafeEqual(sha256(given), expectedDigest);
}

function hasErrors(result: unknown): boolean {
  const errors = (result as { errors?: readonly unknown[] } | null)?.errors;
  return errors !== undefined && errors.length > 0;
}

export function useMetrics({ metrics, token, routes, routePrefixes = [], logger }: MetricsPluginOptions): Plugin {
  const routeLabels = new Set(routes);
  const tokenDigest = token === undefined ? undefined : sha256(token);

  function routeOf(pathname: string): string {
    if (routeLabels.has(pathname)) return pathname;
    return routePrefixes.find((prefix) => pathname.startsWith(`${prefix}/`)) ?? OTHER;
  }

  async function scrape(request: Request): Promise<Response> {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response(null, { status: 405, headers: { allow: 'GET, HEAD' } });
    }
    if (tokenDigest && !bearerMatches(request.headers.get('authorization'), tokenDigest)) {
      return jsonErrorResponse(Response, 'UNAUTHENTICATED', 'Metrics need Authorization: Bearer <METRICS_TOKEN>', {
        'www-authenticate': 'Bearer realm="metrics"',
        'cache-control': 'no-store',
      });
    }
    try {
      const text = await metrics.scrape();
      return new Response(request.method === 'HEAD' ? null : text, {
        headers: { 'content-type': CONTENT_TYPE, 'cache-control': 'no-store' },
      });
    } catch (error) {
      logger.warn({ err: error }, 'metrics could not be collected');
      return jsonErrorResponse(Response, 'SERVICE_UNAVAILABLE', 'Metrics could not be collected; try again shortly', {
        'retry-after': '5',
        'cache-control': 'no-store',
      });
    }
  }

  return {
    onRequest({ request, url, serverContext, endResponse }) {
      const seen: Seen = { startedAt: performance.now(), route: routeOf(url.pathname) };
      (serverContext as Record<symbol, Seen>)[SEEN] = seen;
      if (url.pathname !== METRICS_PATH) return;
      return scrape(request).then(endResponse);
    },
    onResponse({ request, response, serverContext }) {
      // Unseen: yoga answered before any plugin of the app (/healthz, CORS preflights), untimed.
      const seen = (serverContext as Record<symbol, Seen | undefined>)[SEEN];
      const route = seen?.route ?? routeOf(new URL(request.url).pathname);
      const seconds = seen && (performance.now() - seen.startedAt) / 1000;
      metrics.httpRequest(route, request.method, response.status, seconds);
    },
    onExecute({ args }) {
      const operation = getOperationAST(args.document as DocumentNode, args.operationName as string | undefined);
      const startedAt = performance.now();
      return {
        onExecuteDone({ result }) {
          metrics.graphqlOperation(
            operation?.name?.value,
            operation?.operation ?? OTHER,
            (performance.now() - startedAt) / 1000,
            hasErrors(result),
          );
        },
      };
    },
  };
}
