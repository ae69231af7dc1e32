// GET /calendar/<token>.ics: the feed itself, for calendar apps, which cannot send an auth header,
// so the URL's token is the credential. Rate limited on Redis (rate-limiter-flexible, as the
// mutations are): per feed (keyed by the token's hash, never the token), and per client address
// for tokens that match no feed, so guessing stops at a few tries a minute, each one indexed
// lookup. Request logs and metric labels never see the token: see `redactCalendarPath` and
// CALENDAR_PATH in src/app.ts.
import type { Plugin } from 'graphql-yoga';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { isDependencyOutage } from '../../graphql/errors.ts';
import type { ClientOriginResolver } from '../../http/client-address.ts';
import { perMinuteLimiter } from '../../http/rate-limit.ts';
import type { Logger } from '../../infra/logger.ts';
import type { Redis } from '../../infra/redis.ts';
import { jsonErrorResponse } from '../../lib/errors.ts';
import type { RedisTimer } from '../../metrics/hooks.ts';
import { matchesEtag } from './calendar.ics.ts';
import { CALENDAR_PATH, hashToken, type CalendarService } from './calendar.service.ts';

const FEED_PATH = new RegExp(`^${CALENDAR_PATH}/([^/]*)\\.ics$`);

/** The path as logs write it: the token replaced, whatever it is. */
export function redactCalendarPath(path: string): string {
  return path.startsWith(`${CALENDAR_PATH}/`) ? `${CALENDAR_PATH}/[redacted].ics` : path;
}

export interface CalendarRouteOptions {
  calendar: () => CalendarService;
  redis: Redis;
  clientOrigin: ClientOriginResolver;
  /** Fetches per feed and minute; also unknown tokens per client address and minute. */
  perMinute: number;
  timeRedis: RedisTimer;
  logger: Logger;
}

export function useCalendarFeedRoute(options: CalendarRouteOptions): Plugin {
  const perFeed = perMinuteLimiter(options.redis, 'calendar_feed', options.perMinute);
  const misses = perMinuteLimiter(options.redis, 'calendar_miss', options.perMinute);

  return {
    async onRequest({ request, url, endResponse, fetchAPI, serverContext }) {
      if (url.pathname !== CALENDAR_PATH && !url.pathname.startsWith(`${CALENDAR_PATH}/`)) return;
      const notFound = () => jsonErrorResponse(fetchAPI.Response, 'NOT_FOUND', 'No such calendar feed');
      const tooMany = (rejection: RateLimiterRes) => {
        const seconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
        return jsonErrorResponse(
          fetchAPI.Response,
          'TOO_MANY_REQUESTS',
          `Too many calendar fetches; try again in ${seconds} s`,
          { 'retry-after': String(seconds) },
        );
      };
      const token = FEED_PATH.exec(url.pathname)?.[1];
      if (token === undefined) return endResponse(notFound());
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        return endResponse(
          jsonErrorResponse(fetchAPI.Response, 'METHOD_NOT_ALLOWED', `Use GET ${CALENDAR_PATH}/<token>.ics`, {
            allow: 'GET, HEAD',
          }),
        );
      }
      try {
        await options.timeRedis('rate_limit_consume', () => perFeed.consume(hashToken(token)));
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) return endResponse(tooMany(rejection));
        throw rejection;
      }

      let document: Awaited<ReturnType<CalendarService['document']>>;
      try {
        document = await options.calendar().document(token);
      } catch (error) {
        // PostgreSQL down: a 503 calendar apps retry, as the API answers (never a 500).
        if (!isDependencyOutage(error)) throw error;
        options.logger.warn({ err: error }, 'a dependency is unavailable');
        return endResponse(
          jsonErrorResponse(
            fetchAPI.Response,
            'SERVICE_UNAVAILABLE',
            'The calendar is unavailable; try again shortly',
            {
              'retry-after': '5',
            },
          ),
        );
      }
      if (!document) {
        // Unknown tokens count per address; a real feed never does, so a calendar service polling
        // many feeds (and old, rotated URLs) from one address keeps its working ones.
        const { address } = options.clientOrigin(request, serverContext);
        try {
          await options.timeRedis('rate_limit_consume', () => misses.consume(address));
        } catch (rejection) {
          if (rejection instanceof RateLimiterRes) return endResponse(tooMany(rejection));
          throw rejection;
        }
        return endResponse(notFound());
      }
      const headers = {
        etag: document.etag,
        // Apps revalidate each time (If-None-Match); the body is private to the URL's holder.
        'cache-control': `private, no-cache, max-age=0`,
      };
      if (matchesEtag(request.headers.get('if-none-match'), document.etag)) {
        return endResponse(new fetchAPI.Response(null, { status: 304, headers }));
      }
      return endResponse(
        new fetchAPI.Response(request.method === 'HEAD' ? null : document.body, {
          headers: {
            ...headers,
            'content-type': 'text/calendar; charset=utf-8',
            'content-disposition': 'inline; filename="job-applications.ics"',
          },
        }),
      );
    },
  };
}
