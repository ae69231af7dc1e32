// One log line per request: request id (also sent back as X-Request-Id), client address and
// scheme, method, path, status, duration and, when known, the user. Bodies and headers are never
// logged, and a path carrying a secret (a calendar feed's token) is logged as `redactPath` rewrites it.
import { randomUUID } from 'node:crypto';
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { innermostError } from '../graphql/errors.ts';
import type { Logger } from '../infra/logger.ts';
import { AppError } from '../lib/errors.ts';
import type { ClientOriginResolver } from './client-address.ts';

/** An incoming X-Request-Id is kept when it looks like an id, so a proxy's id runs through. */
const INCOMING_ID = /^[A-Za-z0-9._-]{8,64}$/;

export interface RequestRecord {
  id: string;
  startedAt: number;
  /** The URL's path, from the URL yoga has already parsed. */
  path: string;
  userId?: string;
}

/**
 * The record travels on the server context, which yoga copies into every GraphQL context, so
 * the context factory can add the user (see `noteUser`).
 */
const RECORD = 'requestRecord';

export function noteUser(context: Record<string, unknown>, userId: string): void {
  const record = context[RECORD] as RequestRecord | undefined;
  if (record) record.userId = userId;
}

function newRecord(request: Request, path: string): RequestRecord {
  const incoming = request.headers.get('x-request-id');
  return { id: incoming && INCOMING_ID.test(incoming) ? incoming : randomUUID(), startedAt: performance.now(), path };
}

export function useRequestLog(
  logger: Logger,
  clientOrigin: ClientOriginResolver,
  redactPath: (path: string) => string = (path) => path,
): Plugin {
  return {
    onRequest({ request, url, serverContext }) {
      (serverContext as Record<string, unknown>)[RECORD] = newRecord(request, redactPath(url.pathname));
    },
    onResponse({ request, response, serverContext }) {
      // yoga's own endpoints (/healthz) answer before plugins see the request.
      const record =
        ((serverContext as Record<string, unknown>)[RECORD] as RequestRecord | undefined) ??
        newRecord(request, redactPath(new URL(request.url).pathname));
      response.headers.set('x-request-id', record.id);
      const client = clientOrigin(request, serverContext);
      const line = {
        reqId: record.id,
        clientIp: client.address,
        protocol: client.protocol,
        method: request.method,
        path: record.path,
        status: response.status,
        durationMs: Math.round((performance.now() - record.startedAt) * 10) / 10,
        ...(record.userId ? { userId: record.userId } : {}),
      };
      if (response.status >= 500) logger.error(line, 'request failed');
      else logger.info(line, 'request');
    },
  };
}

function isClientError(value: unknown): boolean {
  if (!(value instanceof GraphQLError)) return false;
  const original = innermostError(value);
  if (original instanceof AppError) return original.httpStatus < 500;
  const status = (value.extensions as { http?: { status?: number } } | undefined)?.http?.status;
  return typeof status === 'number' && status < 500;
}

/** yoga's own log lines, minus debug: those include request variables (passwords, codes). */
export function yogaLogger(logger: Logger) {
  const line =
    (level: 'info' | 'warn' | 'error') =>
    (...args: unknown[]) => {
      const [first, ...rest] = args;
      // A client error (bad input, wrong password, 429) is an answer, already on the request line.
      if (isClientError(first)) return;
      if (first instanceof Error) logger[level]({ err: first }, first.message);
      else logger[level](rest.length > 0 ? { details: rest } : {}, String(first));
    };
  return { debug: () => undefined, info: line('info'), warn: line('warn'), error: line('error') };
}
