// Files answered from disk, streamed, with an ETag: nothing of them is held in the heap, and a
// browser that has a file revalidates it with If-None-Match for a 304 without a body.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface StaticFile {
  /** Where it is on disk. */
  path: string;
  /** Its Content-Type. */
  type: string;
  size: number;
  /** A strong entity tag, quotes included. */
  etag: string;
  cacheControl: string;
}

/** A year, `immutable`: for URLs that change whenever the file does. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';

/** A strong entity tag from the file's bytes (sha256, base64url), read as a stream. */
export async function describeFile(path: string, type: string, cacheControl: string): Promise<StaticFile> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  const { size } = await stat(path);
  return { path, type, size, etag: `"${hash.digest('base64url')}"`, cacheControl };
}

/** Whether If-None-Match names this tag (weak comparison, RFC 9110 13.1.2), or is `*`. */
function matches(ifNoneMatch: string | null, etag: string): boolean {
  if (ifNoneMatch === null) return false;
  if (ifNoneMatch.trim() === '*') return true;
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => bare(tag) === bare(etag));
}

/** The answer to GET or HEAD of `file`: 304 when the client's copy is current, else the bytes from disk. */
export function fileResponse(request: Request, ResponseClass: typeof Response, file: StaticFile): Response {
  const headers = { etag: file.etag, 'cache-control': file.cacheControl };
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return new ResponseClass(null, { status: 405, headers: { allow: 'GET, HEAD' } });
  }
  if (matches(request.headers.get('if-none-match'), file.etag)) {
    return new ResponseClass(null, { status: 304, headers });
  }
  const body =
    request.method === 'HEAD' ? null : (Readable.toWeb(createReadStream(file.path)) as ReadableStream<Uint8Array>);
  return new ResponseClass(body, {
    headers: { ...headers, 'content-type': file.type, 'content-length': String(file.size) },
  });
}
