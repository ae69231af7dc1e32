// TRUST_PROXY over real HTTP, so the socket's address is real (127.0.0.1), against real Redis:
// which address the per-address limits count and the request log shows.
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';

const AUTH_LIMIT = 3;
const apps: TestApp[] = [];
afterAll(() => Promise.all(apps.map((app) => app.close())));

interface RequestLine {
  msg: string;
  reqId: string;
  clientIp: string;
  protocol: string;
}

/** An app on a port of its own, with a tight auth limit and its request lines at hand. */
async function serve(trustProxy?: string) {
  const lines: RequestLine[] = [];
  const capture = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as RequestLine);
      done();
    },
  });
  const app = await createTestApp({
    env: { AUTH_RATE_LIMIT_PER_MINUTE: String(AUTH_LIMIT), ...(trustProxy ? { TRUST_PROXY: trustProxy } : {}) },
    logger: pino({ level: 'info' }, capture),
  });
  apps.push(app);
  const url = await app.listen();
  let sent = 0;

  /** A failing login (401, or 429 once limited) with these headers; answers the status and its log line. */
  async function login(headers: Record<string, string>) {
    const reqId = `trust-proxy-${(sent += 1)}`;
    const response = await fetch(`${url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': reqId, ...headers },
      body: JSON.stringify({ email: 'nobody@example.com', password: 'correct horse battery staple' }),
    });
    await response.body?.cancel();
    const line = lines.find((entry) => entry.msg === 'request' && entry.reqId === reqId);
    return { status: response.status, clientIp: line?.clientIp, protocol: line?.protocol };
  }
  return { login };
}

const from = (chain: string) => ({ 'x-forwarded-for': chain, 'x-forwarded-proto': 'https' });

describe('TRUST_PROXY off', () => {
  it('spoofed X-Forwarded-For changes nothing: one limit for the socket’s address, which the log shows', async () => {
    const { login } = await serve();
    const answers = [];
    for (let attempt = 0; attempt <= AUTH_LIMIT; attempt += 1) answers.push(await login(from(`203.0.113.${attempt}`)));
    expect(answers.map((answer) => answer.status)).toEqual([401, 401, 401, 429]);
    for (const answer of answers) expect(answer).toMatchObject({ clientIp: '127.0.0.1', protocol: 'http' });
  });
});

describe('TRUST_PROXY=1', () => {
  it('gives each forwarded address its own limit, and logs it with the forwarded scheme', async () => {
    const { login } = await serve('1');
    const distinct = [];
    for (let attempt = 0; attempt <= AUTH_LIMIT; attempt += 1)
      distinct.push(await login(from(`198.51.100.${attempt}`)));
    expect(distinct.map((answer) => answer.status)).toEqual([401, 401, 401, 401]);
    expect(distinct.map((answer) => answer.clientIp)).toEqual([
      '198.51.100.0',
      '198.51.100.1',
      '198.51.100.2',
      '198.51.100.3',
    ]);
    expect(distinct[0]?.protocol).toBe('https');

    // The client may write anything left of what the proxy appended: only the rightmost entry counts.
    const same = [];
    for (let attempt = 0; attempt <= AUTH_LIMIT; attempt += 1)
      same.push(await login(from(`10.6.6.${attempt}, 192.0.2.50`)));
    expect(same.map((answer) => answer.status)).toEqual([401, 401, 401, 429]);
    expect(new Set(same.map((answer) => answer.clientIp))).toEqual(new Set(['192.0.2.50']));
  });
});

describe('TRUST_PROXY as a list of proxy addresses', () => {
  it('walks the chain from the right past listed proxies; the first other address is the client', async () => {
    const { login } = await serve('127.0.0.1, 10.0.0.0/8');
    const answers = [];
    for (let attempt = 0; attempt <= AUTH_LIMIT; attempt += 1) {
      answers.push(await login(from(`192.0.2.${attempt}, 203.0.113.77, 10.1.2.3`)));
    }
    expect(answers.map((answer) => answer.status)).toEqual([401, 401, 401, 429]);
    expect(answers[0]).toMatchObject({ clientIp: '203.0.113.77', protocol: 'https' });
    expect((await login(from('203.0.113.78, 10.1.2.3'))).status).toBe(401);
  });

  it('believes no header when the peer (127.0.0.1) is not listed', async () => {
    const { login } = await serve('10.0.0.0/8');
    const answers = [];
    for (let attempt = 0; attempt <= AUTH_LIMIT; attempt += 1) answers.push(await login(from(`203.0.113.${attempt}`)));
    expect(answers.map((answer) => answer.status)).toEqual([401, 401, 401, 429]);
    expect(answers[0]).toMatchObject({ clientIp: '127.0.0.1', protocol: 'http' });
  });
});
