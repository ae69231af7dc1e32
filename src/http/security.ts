// Response headers every answer carries, and a cap on request bodies.
import type { Plugin } from 'graphql-yoga';
import { errorBody, errorStatus, jsonErrorResponse } from '../lib/errors.ts';

/** Bigger than any legitimate document or REST body; the seed's largest is under 1 KB. */
export const MAX_BODY_BYTES = 100 * 1024;

const COMMON_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
};

/** JSON answers load nothing and may not be framed. */
const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/**
 * GraphiQL and the docs page are single pages whose scripts and styles are inlined or served
 * by this app; Monaco (GraphiQL's editor) runs workers from blob: URLs.
 */
const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline' 'unsafe-eval' blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
].join('; ');

export function useSecurityHeaders(options: { hsts: boolean }): Plugin {
  return {
    onResponse({ response }) {
      for (const [name, value] of Object.entries(COMMON_HEADERS)) response.headers.set(name, value);
      const isPage = response.headers.get('content-type')?.startsWith('text/html') ?? false;
      if (!response.headers.has('content-security-policy')) {
        response.headers.set('content-security-policy', isPage ? PAGE_CSP : API_CSP);
      }
      // Only meaningful behind HTTPS; production deployments terminate TLS in front of the app.
      if (options.hsts) response.headers.set('strict-transport-security', 'max-age=31536000; includeSubDomains');
    },
  };
}

/** What a multipart request carries around its file: the operations and map parts, the boundaries. */
export const MULTIPART_ENVELOPE_BYTES = 64 * 1024;

function tooLarge(fetchAPI: { Response: typeof Response }, maxBytes: number): Response {
  return jsonErrorResponse(
    fetchAPI.Response,
    'PAYLOAD_TOO_LARGE',
    `The request body must be at most ${maxBytes} bytes`,
  );
}

export interface BodyLimitOptions {
  /** The cap of multipart/form-data bodies (file uploads); MAX_BODY_BYTES when not given. */
  multipartMaxBytes?: number;
  /**
   * Whether this request may send a multipart body up to multipartMaxBytes (a signed token, say);
   * others keep MAX_BODY_BYTES, so that no anonymous request makes the server hold megabytes.
   */
  mayUpload?: (request: Request) => boolean;
}

/** Refuses bodies over MAX_BODY_BYTES (multipart ones over their own cap) before anything parses them, declared length or not. */
export function useBodyLimit(options: BodyLimitOptions = {}): Plugin {
  return {
    async onRequest({ request, setRequest, endResponse, fetchAPI }) {
      const isMultipart = request.headers.get('content-type')?.toLowerCase().startsWith('multipart/form-data') ?? false;
      const uploads = isMultipart && (options.mayUpload?.(request) ?? true);
      const MAX_BYTES = uploads ? (options.multipartMaxBytes ?? MAX_BODY_BYTES) : MAX_BODY_BYTES;
      // A well-formed Content-Length decides alone: Node's strict HTTP parser (llhttp) holds the
      // body to it, and answers 400 to a malformed one or to one sent with Transfer-Encoding.
      const declared = request.headers.get('content-length');
      if (declared !== null && /^\d+$/.test(declared) && !request.headers.has('transfer-encoding')) {
        if (Number(declared) > MAX_BYTES) endResponse(tooLarge(fetchAPI, MAX_BYTES));
        return;
      }
      if (!request.body) return;
      // A chunked body, or a Request handed to yoga.fetch whatever its headers: count it up to the cap.
      const body = await readBodyAtMost(request.body, MAX_BYTES);
      if (body === null) {
        endResponse(tooLarge(fetchAPI, MAX_BYTES));
        return;
      }
      setRequest(new fetchAPI.Request(request.url, { method: request.method, headers: request.headers, body }));
    },
  };
}

/** The whole body, or null as soon as it passes `maxBytes` (the rest is not read). */
export async function readBodyAtMost(
  body: ReadableStream<Uint8Array>,
  maxBytes: number,
): Promise<Buffer<ArrayBuffer> | null> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks);
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
}

/** yoga answers an unsupported content type with an empty 415: give it a JSON body like every other error. */
export function useJsonUnsupportedMediaType(): Plugin {
  return {
    onResponse({ response, setResponse, fetchAPI }) {
      const status = errorStatus('UNSUPPORTED_MEDIA_TYPE');
      if (response.status !== status || response.headers.get('content-type')) return;
      const headers = new fetchAPI.Headers(response.headers);
      headers.set('content-type', 'application/json; charset=utf-8');
      headers.delete('content-length');
      const body = JSON.stringify(
        errorBody('UNSUPPORTED_MEDIA_TYPE', 'Send the request body as JSON, with Content-Type: application/json'),
      );
      setResponse(new fetchAPI.Response(body, { status, headers }));
    },
  };
}
