// Who sent a request: the socket's peer, or, behind trusted proxies (TRUST_PROXY), the address
// they report in X-Forwarded-For. proxy-addr walks that chain from the right, skipping trusted
// proxies; the first untrusted address is the client. With TRUST_PROXY off the headers are ignored.
import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';
import type { TrustProxy } from '../config/env.ts';

export interface ClientOrigin {
  /** The client's IP address, or 'unknown' when the socket is already gone. */
  address: string;
  /** The scheme the client used: X-Forwarded-Proto from a trusted proxy, else this server's. */
  protocol: 'http' | 'https';
}

/** Finds (once per request) where a request came from. */
export type ClientOriginResolver = (request: Request, serverContext: unknown) => ClientOrigin;

/** proxy-addr's trust function: is the address `hop` steps from this server a proxy we believe? */
type TrustFunction = (address: string, hop: number) => boolean;

function trustFunction(trust: TrustProxy): TrustFunction | null {
  switch (trust.mode) {
    case 'off':
      return null;
    case 'hops':
      return (_address, hop) => hop < trust.hops;
    case 'addresses':
      return proxyaddr.compile(trust.addresses);
  }
}

/** On Node, yoga's server context carries the IncomingMessage as `req`. */
function socketAddress(serverContext: unknown): string | undefined {
  return (serverContext as { req?: { socket?: { remoteAddress?: string } } } | undefined)?.req?.socket?.remoteAddress;
}

function ownProtocol(request: Request): ClientOrigin['protocol'] {
  return request.url.startsWith('https:') ? 'https' : 'http';
}

/** The first X-Forwarded-Proto value, as Express reads it; anything but http or https is ignored. */
function forwardedProtocol(header: string | null): ClientOrigin['protocol'] | undefined {
  const first = header?.split(',', 1)[0]?.trim().toLowerCase();
  return first === 'http' || first === 'https' ? first : undefined;
}

export function createClientOriginResolver(trust: TrustProxy): ClientOriginResolver {
  const trusts = trustFunction(trust);
  // The request log and the rate limits both ask; the chain is walked once.
  const known = new WeakMap<Request, ClientOrigin>();

  function resolve(request: Request, serverContext: unknown): ClientOrigin {
    const peer = socketAddress(serverContext);
    if (!trusts) return { address: peer ?? 'unknown', protocol: ownProtocol(request) };
    // proxy-addr reads only these two fields of the request it is given.
    const chain = {
      headers: { 'x-forwarded-for': request.headers.get('x-forwarded-for') ?? undefined },
      socket: { remoteAddress: peer },
    } as unknown as IncomingMessage;
    const address = proxyaddr(chain, trusts);
    const proxied = trusts(peer ?? '', 0) ? forwardedProtocol(request.headers.get('x-forwarded-proto')) : undefined;
    return { address: address || 'unknown', protocol: proxied ?? ownProtocol(request) };
  }

  return (request, serverContext) => {
    let origin = known.get(request);
    if (!origin) {
      origin = resolve(request, serverContext);
      known.set(request, origin);
    }
    return origin;
  };
}
