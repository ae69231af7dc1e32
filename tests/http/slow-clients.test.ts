// Slow clients over raw sockets, against the real listener (src/server.ts createHttpServer) with
// a short idle timeout: a request whose headers or body stop midway gets a 408 and its connection
// is closed; a body that keeps trickling in is served however long it takes in total; an idle
// keep-alive connection is closed without a stray answer.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { connect, type Socket } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer, type HttpServer } from '../../src/server.ts';
import { useTestApp } from '../support/test-app.ts';

const IDLE_TIMEOUT_MS = 1_000;

const t = useTestApp();
let server: HttpServer;
let port: number;

beforeAll(async () => {
  server = createHttpServer(t.app, { idleTimeoutMs: IDLE_TIMEOUT_MS });
  await new Promise<void>((resolve) => server.http.listen(0, '127.0.0.1', resolve));
  port = (server.http.address() as AddressInfo).port;
});
afterAll(async () => {
  server.http.closeAllConnections();
  await new Promise<void>((resolve) => server.http.close(() => resolve()));
});

/** A raw connection and everything the server sends on it until it closes. */
async function open(): Promise<{ socket: Socket; received: () => string; closed: Promise<unknown> }> {
  const socket = connect({ port, host: '127.0.0.1' });
  await once(socket, 'connect');
  let text = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (text += chunk));
  socket.on('error', () => undefined);
  return { socket, received: () => text, closed: once(socket, 'close') };
}

const BODY = JSON.stringify({ query: '{ __typename }' });
const HEAD = `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(BODY)}\r\n\r\n`;

async function withKeepAliveTimeout(ms: number, work: () => Promise<void>): Promise<void> {
  const keepAliveTimeout = server.http.keepAliveTimeout;
  server.http.keepAliveTimeout = ms;
  try {
    await work();
  } finally {
    server.http.keepAliveTimeout = keepAliveTimeout;
  }
}

function expectRequestTimeout(answer: string): void {
  expect(answer).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
  expect(answer).toMatch(/\r\nConnection: close\r\n/i);
  const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as {
    errors: { message: string; extensions: { code: string } }[];
  };
  expect(body.errors[0]?.extensions.code).toBe('REQUEST_TIMEOUT');
}

describe('a client that stops sending', () => {
  it('in the middle of the headers gets a 408 and the connection is closed', async () => {
    const connection = await open();
    connection.socket.write('POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Ty');
    await connection.closed;
    expectRequestTimeout(connection.received());
  });

  it('in the middle of the body gets a 408 and the connection is closed', async () => {
    const connection = await open();
    connection.socket.write(HEAD + BODY.slice(0, 10));
    await connection.closed;
    expectRequestTimeout(connection.received());
  });

  it('on the second request of a keep-alive connection, mid-headers, gets a 408 too', () =>
    // Between requests the keep-alive timeout is the idle bound.
    withKeepAliveTimeout(100, async () => {
      const connection = await open();
      connection.socket.write(HEAD + BODY);
      while (!connection.received().includes('__typename')) await delay(10);
      connection.socket.write('GET /healthz HTTP/1.1\r\nHo');
      await connection.closed;
      const second = connection.received().slice(connection.received().indexOf('HTTP/1.1 408'));
      expect(connection.received()).toMatch(/^HTTP\/1\.1 200 OK/);
      expectRequestTimeout(second);
    }));
});

describe('a client that keeps sending slowly', () => {
  it('is served, though the body takes several idle timeouts in total', async () => {
    const connection = await open();
    connection.socket.write(HEAD);
    // One byte every tenth of the idle timeout: about three idle timeouts in all.
    for (const character of BODY) {
      await delay(IDLE_TIMEOUT_MS / 10);
      connection.socket.write(character);
    }
    while (!connection.received().includes('}}')) await delay(10);
    expect(connection.received()).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(connection.received()).toContain('{"data":{"__typename":"Query"}}');
    connection.socket.destroy();
  });
});

describe('an idle keep-alive connection', () => {
  it('is closed without any answer written to it', () =>
    withKeepAliveTimeout(100, async () => {
      const connection = await open();
      connection.socket.write(HEAD + BODY);
      await connection.closed;
      const answer = connection.received();
      expect(answer).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
      expect(answer).not.toContain('408');
      expect(answer.match(/HTTP\/1\.1/g)).toHaveLength(1);
    }));
});
