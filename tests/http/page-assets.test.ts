// GraphiQL's page is a few KB that reference its assets; the assets are files served from disk
// with an ETag and a year of immutable caching, revalidated with If-None-Match for a 304.
// Before, the page was one 9 MB string with everything inlined, held in the heap for good.
// The API docs' assets are streamed from disk the same way (they were read into memory).
import { describe, expect, it } from 'vitest';
import { createTestApp, useTestApp } from '../support/test-app.ts';

const t = useTestApp();

const page = async (path: string) => (await t.fetch(path, { headers: { accept: 'text/html' } })).text();

/** The asset URLs a page references: the icon, the stylesheet, the script and the three workers. */
function assetUrls(html: string): string[] {
  const referenced = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
  const workers = JSON.parse(/const workers = (\{[^}]+\})/.exec(html)![1]!) as Record<string, string>;
  return [...referenced, ...Object.values(workers)];
}

describe('the GraphiQL page', () => {
  it.each(['/graphql/playground', '/graphql'])('GET %s is small and references the asset URLs', async (path) => {
    const html = await page(path);
    expect(html.length).toBeLessThan(8 * 1024);
    const urls = assetUrls(html);
    expect(urls).toHaveLength(6);
    for (const url of urls)
      expect(url).toMatch(/^\/graphql\/playground\/assets\/[\w.-]+\.[0-9A-Za-z]{10}\.(js|css|ico)$/);
    expect(html).toContain('YogaGraphiQL.renderYogaGraphiQL');
    expect(html).toContain('"defaultQuery":');
  });

  it('references the same assets from both addresses', async () => {
    expect(assetUrls(await page('/graphql'))).toEqual(assetUrls(await page('/graphql/playground')));
  });
});

describe('GraphiQL assets', () => {
  it('answer with their type, length, an ETag and immutable caching; 304 on If-None-Match', async () => {
    const types: Record<string, string> = { js: 'text/javascript', css: 'text/css', ico: 'image/x-icon' };
    let total = 0;
    for (const url of assetUrls(await page('/graphql/playground'))) {
      const response = await t.fetch(url);
      expect(response.status, url).toBe(200);
      expect(response.headers.get('content-type'), url).toContain(types[url.split('.').pop()!]!);
      expect(response.headers.get('cache-control'), url).toBe('public, max-age=31536000, immutable');
      const etag = response.headers.get('etag');
      expect(etag, url).toMatch(/^"[\w-]{43}"$/);
      const bytes = (await response.arrayBuffer()).byteLength;
      expect(bytes, url).toBeGreaterThan(1000);
      expect(Number(response.headers.get('content-length')), url).toBe(bytes);
      total += bytes;

      const again = await t.fetch(url, { headers: { 'if-none-match': etag! } });
      expect(again.status, url).toBe(304);
      expect(again.headers.get('etag'), url).toBe(etag);
      expect(await again.text(), url).toBe('');
      const weak = await t.fetch(url, { headers: { 'if-none-match': `"other", W/${etag!}` } });
      expect(weak.status, url).toBe(304);
      const stale = await t.fetch(url, { headers: { 'if-none-match': '"stale"' } });
      expect(stale.status, url).toBe(200);
      await stale.arrayBuffer();
    }
    // Everything render-graphiql used to inline is there, just not in one string.
    expect(total).toBeGreaterThan(5_000_000);
  });

  it('answer HEAD without a body, other methods 405, unknown names 404', async () => {
    const [url] = assetUrls(await page('/graphql/playground')).filter((asset) => asset.endsWith('.css'));
    const head = await t.fetch(url!, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('etag')).toMatch(/^"/);
    expect(await head.text()).toBe('');
    expect((await t.fetch(url!, { method: 'POST' })).status).toBe(405);
    expect((await t.fetch('/graphql/playground/assets/graphiql.0000000000.js')).status).toBe(404);
    expect((await t.fetch('/graphql/playground/assets/../../../package.json')).status).toBe(404);
  });

  it('are not served when GraphiQL is off', async () => {
    const closed = await createTestApp({ env: { GRAPHIQL_ENABLED: 'false' } });
    try {
      const [url] = assetUrls(await page('/graphql/playground'));
      expect((await closed.fetch(url!)).status).toBe(404);
    } finally {
      await closed.close();
    }
  });
});

describe('API docs assets', () => {
  it('answer with an ETag and a day of caching, 304 on If-None-Match', async () => {
    for (const url of ['/docs/swagger-ui-bundle.js', '/docs/swagger-ui.css', '/docs/favicon-32x32.png']) {
      const response = await t.fetch(url);
      expect(response.status, url).toBe(200);
      expect(response.headers.get('cache-control'), url).toBe('public, max-age=86400');
      const etag = response.headers.get('etag');
      expect(etag, url).toMatch(/^"[\w-]{43}"$/);
      const bytes = (await response.arrayBuffer()).byteLength;
      expect(Number(response.headers.get('content-length')), url).toBe(bytes);
      const again = await t.fetch(url, { headers: { 'if-none-match': etag! } });
      expect(again.status, url).toBe(304);
      expect(await again.text(), url).toBe('');
    }
    const head = await t.fetch('/docs/swagger-ui-bundle.js', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });
});
