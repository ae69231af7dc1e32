// The API docs page: Swagger UI rendering /openapi.json. Every asset is served by the app itself
// from swagger-ui-dist's folder, so the page works offline, with nothing loaded from a CDN.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Plugin } from 'graphql-yoga';
import { jsonErrorResponse } from '../lib/errors.ts';
import { OPENAPI_PATH } from './openapi.ts';
import { describeFile, fileResponse, type StaticFile } from './static-file.ts';

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

/** A day: the asset URLs carry no version, so a browser revalidates daily (a 304 by ETag). */
const ASSET_CACHE = 'public, max-age=86400';

/**
 * Serves the page at `path` and its assets under it. The assets (1.8 MB) are streamed from
 * swagger-ui-dist's folder on each request, never held in memory; each is hashed once, on
 * first use, for its ETag.
 */
export function useApiDocsPage(path = DOCS_PATH): Plugin {
  const pages = new Map<string, { body: string; type: string }>([
    ['', { body: page(path), type: 'text/html; charset=utf-8' }],
    ['/swagger-initializer.js', { body: INITIALIZER, type: 'text/javascript; charset=utf-8' }],
  ]);
  const assets = new Map<string, Promise<StaticFile>>();

  function asset(name: string): Promise<StaticFile> | undefined {
    const type = ASSETS[name.slice(1)];
    if (!name.startsWith('/') || !type) return undefined;
    let described = assets.get(name);
    if (!described) {
      described = describeFile(join(getAbsoluteFSPath(), name.slice(1)), type, ASSET_CACHE);
      described.catch(() => assets.delete(name));
      assets.set(name, described);
    }
    return described;
  }

  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      if (url.pathname !== path && !url.pathname.startsWith(`${path}/`)) return;
      const name = url.pathname.slice(path.length);
      const known = pages.get(name);
      const file = known ? undefined : asset(name);
      if (!known && !file) {
        endResponse(jsonErrorResponse(fetchAPI.Response, 'NOT_FOUND', `No ${url.pathname}`));
        return;
      }
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        endResponse(new fetchAPI.Response(null, { status: 405, headers: { allow: 'GET, HEAD' } }));
        return;
      }
      if (file) {
        endResponse(fileResponse(request, fetchAPI.Response, await file));
        return;
      }
      endResponse(
        new fetchAPI.Response(request.method === 'HEAD' ? null : known!.body, {
          headers: { 'content-type': known!.type, 'cache-control': 'no-cache' },
        }),
      );
    },
  };
}
