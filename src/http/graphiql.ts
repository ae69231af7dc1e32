// GraphiQL that works offline, with nothing loaded from a CDN: the page is a small HTML file,
// and its script, styles, icon and Monaco's three workers are files on disk, served with an
// ETag and a year of `immutable` caching (their URLs carry their hash).
//
// The assets are @graphql-yoga/render-graphiql's build. That package ships them as JavaScript
// strings (9 MB) that its renderGraphiQL inlines into one page; holding that page lifted the
// used heap from about 40 MB to about 105 MB for good. So a short-lived child process imports
// the strings once per installed version and writes them to a cache folder as plain files; this
// process only ever reads the small manifest and streams the files.
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { access, mkdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { pathToFileURL } from 'node:url';
import type { GraphiQLOptions, Plugin } from 'graphql-yoga';
import { jsonErrorResponse } from '../lib/errors.ts';
import { describeFile, fileResponse, IMMUTABLE, type StaticFile } from './static-file.ts';

export const GRAPHIQL_OPTIONS: GraphiQLOptions = {
  title: 'Job Application Tracker API',
  defaultQuery: `# Set "Authorization: Bearer <token>" in the Headers pane, then run:
query MyJobs {
  jobs {
    id
    companyName
    position
    status
    appliedOn
    createdAt
  }
}
`,
};

/** Where the assets are served: under the playground's address, for both GraphiQL pages. */
export const GRAPHIQL_ASSETS_PATH = '/graphql/playground/assets';

/** The exports of render-graphiql's graphiql.js, the file each becomes, and its type. */
const ASSETS = {
  js: { file: 'graphiql.js', type: 'text/javascript; charset=utf-8' },
  css: { file: 'graphiql.css', type: 'text/css; charset=utf-8' },
  favicon: { file: 'favicon.ico', type: 'image/x-icon' },
  editorWorkerService: { file: 'editor.worker.js', type: 'text/javascript; charset=utf-8' },
  jsonWorker: { file: 'json.worker.js', type: 'text/javascript; charset=utf-8' },
  graphqlWorker: { file: 'graphql.worker.js', type: 'text/javascript; charset=utf-8' },
} as const;
type AssetName = keyof typeof ASSETS;

/**
 * Run by `node --input-type=module -e`, with the module's URL and the target folder as
 * arguments: writes every export as a file (the favicon's data: URL decoded), into a folder of
 * its own that is renamed into place at the end, so that a reader never sees half of it.
 */
const EXTRACT_SCRIPT = `
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
const [moduleUrl, target, names] = process.argv.slice(1);
const assets = await import(moduleUrl);
const temporary = target + '.partial-' + process.pid;
await mkdir(temporary, { recursive: true });
for (const [name, file] of Object.entries(JSON.parse(names))) {
  const value = assets[name];
  if (typeof value !== 'string') throw new Error('render-graphiql has no string export ' + name);
  const dataUrl = /^data:[^;,]+;base64,/.exec(value);
  await writeFile(temporary + '/' + file, dataUrl ? Buffer.from(value.slice(dataUrl[0].length), 'base64') : value);
}
try {
  await rename(temporary, target);
} catch (error) {
  // Another process got there first: its copy is as good.
  await rm(temporary, { recursive: true, force: true });
  if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
}
`;

const requireHere = createRequire(import.meta.url);
const runNode = (args: string[]) => promisify(execFile)(process.execPath, args);

interface Assets {
  /** By served name (hash-stamped, e.g. graphiql.3fA9c0d1e2.js). */
  byName: Map<string, StaticFile>;
  /** The URL of each asset. */
  url: Record<AssetName, string>;
}

async function extractedFolder(): Promise<string> {
  const packageJson = requireHere.resolve('@graphql-yoga/render-graphiql/package.json');
  const { version } = JSON.parse(await readFile(packageJson, 'utf8')) as { version: string };
  const moduleUrl = pathToFileURL(path.join(path.dirname(packageJson), 'esm', 'graphiql.js')).href;
  const names = JSON.stringify(Object.fromEntries(Object.entries(ASSETS).map(([name, { file }]) => [name, file])));
  // node_modules/.cache is where tools keep such files; a read-only install falls back to the temp folder.
  const candidates = [
    path.join(path.dirname(packageJson), '..', '..', '.cache', 'graphiql-assets'),
    path.join(os.tmpdir(), 'graphiql-assets'),
  ];
  let lastError: unknown;
  for (const parent of candidates) {
    const target = path.join(parent, `render-graphiql-${version}`);
    try {
      // The folder is renamed into place whole: if it is there, every file is.
      const present = await access(target).then(
        () => true,
        () => false,
      );
      if (!present) {
        await mkdir(parent, { recursive: true });
        await runNode(['--input-type=module', '-e', EXTRACT_SCRIPT, moduleUrl, target, names]);
      }
      return target;
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

async function loadAssets(): Promise<Assets> {
  const folder = await extractedFolder();
  const byName = new Map<string, StaticFile>();
  const url = {} as Record<AssetName, string>;
  for (const [name, { file, type }] of Object.entries(ASSETS) as [AssetName, (typeof ASSETS)[AssetName]][]) {
    const described = await describeFile(path.join(folder, file), type, IMMUTABLE);
    // The hash in the name: a new version is a new URL, so a year of caching is safe.
    const stamp = described.etag.slice(1, 11).replaceAll(/[^A-Za-z0-9]/g, '0');
    const served = file.replace(/(\.\w+)$/, `.${stamp}$1`);
    byName.set(served, described);
    url[name] = `${GRAPHIQL_ASSETS_PATH}/${served}`;
  }
  return { byName, url };
}

let assets: Promise<Assets> | undefined;
/** Extracted and described on the first GraphiQL request, not at start; retried if that failed. */
function graphiqlAssets(): Promise<Assets> {
  assets ??= loadAssets().catch((error: unknown) => {
    assets = undefined;
    throw error;
  });
  return assets;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
/** JSON that can sit inside a <script> element: no `</script>` or `<!--` can end it early. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

/** The page: a few KB that reference the assets; the same markup render-graphiql builds around them. */
export async function renderOfflineGraphiQL(options: GraphiQLOptions): Promise<string> {
  const { url } = await graphiqlAssets();
  const workers = { editorWorkerService: url.editorWorkerService, json: url.jsonWorker, graphql: url.graphqlWorker };
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>${escapeHtml(options.title ?? 'GraphiQL')}</title>
    <link rel="icon" href="${url.favicon}" />
    <link rel="stylesheet" href="${url.css}" />
  </head>
  <body id="body" class="no-focus-outline">
    <noscript>You need to enable JavaScript to run this app.</noscript>
    <div id="root"></div>
    <script>
      const workers = ${scriptJson(workers)};
      self['MonacoEnvironment'] = { globalAPI: false, getWorkerUrl: (moduleId, label) => workers[label] };
    </script>
    <script src="${url.js}"></script>
    <script>
      YogaGraphiQL.renderYogaGraphiQL(document.querySelector('#root'), ${scriptJson(options)});
    </script>
  </body>
</html>
`;
}

/** Serves GraphiQL's assets under GRAPHIQL_ASSETS_PATH. */
export function useGraphiQLAssets(): Plugin {
  const prefix = `${GRAPHIQL_ASSETS_PATH}/`;
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      if (!url.pathname.startsWith(prefix)) return;
      const file = (await graphiqlAssets()).byName.get(url.pathname.slice(prefix.length));
      endResponse(
        file
          ? fileResponse(request, fetchAPI.Response, file)
          : jsonErrorResponse(fetchAPI.Response, 'NOT_FOUND', `No ${url.pathname}`),
      );
    },
  };
}

/** Serves GraphiQL at a second address (the seed's /graphql/playground) beside GET /graphql. */
export function usePlaygroundPage(path: string, endpoint: string): Plugin {
  let page: Promise<string> | undefined;
  return {
    async onRequest(payload) {
      if (payload.url.pathname !== path || payload.request.method !== 'GET') return;
      page ??= renderOfflineGraphiQL({ ...GRAPHIQL_OPTIONS, endpoint }).catch((error: unknown) => {
        page = undefined;
        throw error;
      });
      payload.endResponse(
        new payload.fetchAPI.Response(await page, {
          headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' },
        }),
      );
    },
  };
}
