// The API docs page: Swagger UI rendering /openapi.json. Every asset is served by the app itself
// from swagger-ui-dist's folder, so the page works offline, with nothing loaded from a CDN.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Plugin } from 'graphql-yoga';
import { OPENAPI_PATH } from './openapi.ts';

export const DOCS_PATH = '/docs';

// The package's getAbsoluteFSPath, required alone: its index would load the whole UI bundle into Node.
const getAbsoluteFSPath = createRequire(import.meta.url)('swagger-ui-dist/absolute-path.js') as () => string;

/** The files of swagger-ui-dist the page uses, by the name they are served under /docs/. */
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

const INITIALIZER = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: ${JSON.stringify(OPENAPI_PATH)},
    dom_id: '#swagger-ui',
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
  });
});
`;

function page(base: string): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Job Application Tracker: REST API docs</title>
    <link rel="icon" type="image/png" href="${base}/favicon-32x32.png" />
    <link rel="stylesheet" href="${base}/swagger-ui.css" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="${base}/swagger-ui-bundle.js"></script>
    <script src="${base}/swagger-initializer.js"></script>
  </body>
</html>
`;
}

/** Serves the page at `path` and its assets under it; files are read once, on first use. */
export function useApiDocsPage(path = DOCS_PATH): Plugin {
  const files = new Map<string, { body: string | Uint8Array<ArrayBuffer>; type: string; cache: string }>([
    ['', { body: page(path), type: 'text/html; charset=utf-8', cache: 'no-cache' }],
    ['/swagger-initializer.js', { body: INITIALIZER, type: 'text/javascript; charset=utf-8', cache: 'no-cache' }],
  ]);

  function file(name: string) {
    const known = files.get(name);
    if (known) return known;
    const type = ASSETS[name.slice(1)];
    if (!name.startsWith('/') || !type) return undefined;
    const body = new Uint8Array(readFileSync(join(getAbsoluteFSPath(), name.slice(1))));
    const loaded = { body, type, cache: 'public, max-age=86400' };
    files.set(name, loaded);
    return loaded;
  }

  return {
    onRequest({ request, url, endResponse, fetchAPI }) {
      if (url.pathname !== path && !url.pathname.startsWith(`${path}/`)) return;
      const found = file(url.pathname.slice(path.length));
      if (!found) {
        endResponse(fetchAPI.Response.json({ code: 'NOT_FOUND', message: `No ${url.pathname}` }, { status: 404 }));
        return;
      }
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        endResponse(new fetchAPI.Response(null, { status: 405, headers: { allow: 'GET, HEAD' } }));
        return;
      }
      endResponse(
        new fetchAPI.Response(request.method === 'HEAD' ? null : found.body, {
          headers: { 'content-type': found.type, 'cache-control': found.cache },
        }),
      );
    },
  };
}
