// The client address and scheme behind TRUST_PROXY, as a function of the socket's peer and the
// X-Forwarded-* headers (tests/http/trust-proxy.test.ts checks the same over real HTTP).
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/env.ts';
import { createClientOriginResolver } from '../../src/http/client-address.ts';

function originFor(
  trustProxy: string | undefined,
  {
    peer,
    headers = {},
    url = 'http://api.test/graphql',
  }: { peer?: string; headers?: Record<string, string>; url?: string },
) {
  const resolve = createClientOriginResolver(loadConfig(trustProxy ? { TRUST_PROXY: trustProxy } : {}).trustProxy);
  const serverContext = peer === undefined ? {} : { req: { socket: { remoteAddress: peer } } };
  return resolve(new Request(url, { headers }), serverContext);
}

const forwarded = (chain: string, proto?: string) => ({
  'x-forwarded-for': chain,
  ...(proto ? { 'x-forwarded-proto': proto } : {}),
});

describe('with TRUST_PROXY off', () => {
  it('takes the socket’s peer and ignores X-Forwarded-For and -Proto', () => {
    expect(originFor(undefined, { peer: '192.0.2.10', headers: forwarded('203.0.113.1', 'https') })).toEqual({
      address: '192.0.2.10',
      protocol: 'http',
    });
  });

  it('says unknown when the socket is gone, and keeps its own scheme', () => {
    expect(originFor(undefined, { url: 'https://api.test/graphql' })).toEqual({
      address: 'unknown',
      protocol: 'https',
    });
  });
});

describe('with a hop count', () => {
  it('1 takes the rightmost X-Forwarded-For entry, the one the nearest proxy appended', () => {
    const origin = originFor('1', { peer: '10.0.0.2', headers: forwarded('198.51.100.66, 203.0.113.9', 'https') });
    expect(origin).toEqual({ address: '203.0.113.9', protocol: 'https' });
  });

  it('2 skips two proxies from the right', () => {
    const chain = '198.51.100.66, 203.0.113.9, 10.0.0.1';
    expect(originFor('2', { peer: '10.0.0.2', headers: forwarded(chain) }).address).toBe('203.0.113.9');
  });

  it('falls back to the socket without the header, and stops at the leftmost entry of a short chain', () => {
    expect(originFor('1', { peer: '10.0.0.2' }).address).toBe('10.0.0.2');
    expect(originFor('3', { peer: '10.0.0.2', headers: forwarded('203.0.113.9') }).address).toBe('203.0.113.9');
  });
});

describe('with proxy addresses', () => {
  const proxies = '127.0.0.1, 10.0.0.0/8, fd00::/8';

  it('skips trusted addresses from the right; the first untrusted one is the client', () => {
    const chain = '192.0.2.1, 203.0.113.5, 10.1.2.3';
    expect(originFor(proxies, { peer: '127.0.0.1', headers: forwarded(chain) }).address).toBe('203.0.113.5');
  });

  it('believes nothing when the peer itself is not a listed proxy', () => {
    const origin = originFor('10.0.0.0/8', { peer: '127.0.0.1', headers: forwarded('203.0.113.5', 'https') });
    expect(origin).toEqual({ address: '127.0.0.1', protocol: 'http' });
  });

  it('matches IPv6 ranges and IPv4-mapped peers', () => {
    expect(originFor(proxies, { peer: 'fd12::1', headers: forwarded('2001:db8::7') }).address).toBe('2001:db8::7');
    expect(originFor(proxies, { peer: '::ffff:10.0.0.9', headers: forwarded('203.0.113.5') }).address).toBe(
      '203.0.113.5',
    );
  });

  it('gives the leftmost entry when every hop is a trusted proxy', () => {
    expect(originFor(proxies, { peer: '127.0.0.1', headers: forwarded('10.9.9.9, 10.1.1.1') }).address).toBe(
      '10.9.9.9',
    );
  });
});

describe('X-Forwarded-Proto from a trusted proxy', () => {
  it('takes its first value, and only http or https', () => {
    expect(originFor('1', { peer: '10.0.0.2', headers: forwarded('203.0.113.9', 'HTTPS, http') }).protocol).toBe(
      'https',
    );
    expect(originFor('1', { peer: '10.0.0.2', headers: forwarded('203.0.113.9', 'gopher') }).protocol).toBe('http');
  });
});

it('walks the chain once per request', () => {
  const resolve = createClientOriginResolver({ mode: 'hops', hops: 1 });
  const request = new Request('http://api.test/', { headers: forwarded('203.0.113.9') });
  const context = { req: { socket: { remoteAddress: '10.0.0.2' } } };
  expect(resolve(request, context)).toBe(resolve(request, context));
});
