// One log line per request: request id (also sent back as X-Request-Id), method, path, status,
// duration and, when known, the user. Bodies and headers are never logged.
import { randomUUID } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from '../infra/logger.ts';

/** An incoming X-Request-Id is kept when it looks like an id, so a proxy's id runs through. */
const INCOMING_ID = /^[A-Za-z0-9._-]{8,64}$/;

interface RequestRecord {
  id: string;
  startedAt: number;
  userId?: string;
}

const records = new WeakMap<object, RequestRecord>();

/** Lets the GraphQL context say who made the request, for the log line. */
export function noteUser(serverContext: object, userId: string): void {
  const record = records.get(serverContext);
  if (record) record.userId = userId;
}

export function useRequestLog(logger: Logger): Plugin {
  return {
    onRequest({ request, serverContext }) {
      const incoming = request.headers.get('x-request-id');
      records.set(serverContext, {
        id: incoming && INCOMING_ID.test(incoming) ? incoming : randomUUID(),
        startedAt: performance.now(),
      });
    },
    onResponse({ request, response, serverContext }) {
      const record = records.get(serverContext);
      if (!record) return;
      response.headers.set('x-request-id', record.id);
      const url = new URL(request.url);
      const line = {
        reqId: record.id,
        method: request.method,
        path: url.pathname,
        status: response.status,
        durationMs: Math.round((performance.now() - record.startedAt) * 10) / 10,
        ...(record.userId ? { userId: record.userId } : {}),
      };
      if (response.status >= 500) logger.error(line, 'request failed');
      else logger.info(line, 'request');
    },
  };
}
