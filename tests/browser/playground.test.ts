// GraphiQL (/graphql/playground) and the API docs (/docs) in a real browser: Debian's headless
// Chromium driven by playwright-core, against the app on a port of 127.0.0.1. Every request
// that is not to 127.0.0.1 is blocked, and the test fails if any was attempted: the pages must
// work offline. Screenshots go to test-results/screenshots/.
// Without /usr/bin/chromium the tests are skipped, except in CI (which installs it), where they fail.
import { mkdir } from 'node:fs/promises';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { missingBinary } from '../support/requirements.ts';
import { useTestApp } from '../support/test-app.ts';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
const SCREENSHOTS = 'test-results/screenshots';
/** GraphiQL loads ~9 MB of JavaScript (from files of the app): generous, but every wait is for something. */
const PAGE_TIMEOUT = 60_000;

const skipReason =
  process.env.SKIP_BROWSER_TESTS === '1'
    ? 'SKIP_BROWSER_TESTS=1: the browser tests are skipped'
    : missingBinary(CHROMIUM, 'apt-get install -y chromium');
if (skipReason) console.warn(`[tests/browser] ${skipReason}`);

const t = useTestApp(() => (skipReason ? null : {}));
let server: Server;
let baseUrl: string;
let browser: Browser;
let context: BrowserContext;
/** Every request the pages tried to make to anything but 127.0.0.1. */
const blocked: string[] = [];
/** How many requests to 127.0.0.1 went through the same check. */
let allowed = 0;

beforeAll(async () => {
  if (skipReason) return;
  await mkdir(SCREENSHOTS, { recursive: true });
  server = createServer(t.app.yoga.requestListener).listen(0, '127.0.0.1');
  await once(server, 'listening');
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: PAGE_TIMEOUT });
  context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  context.setDefaultTimeout(PAGE_TIMEOUT);
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (
      (url.protocol === 'http:' || url.protocol === 'https:' || url.protocol === 'ws:') &&
      url.hostname !== '127.0.0.1'
    ) {
      blocked.push(url.href);
      await route.abort('blockedbyclient');
      return;
    }
    allowed += 1;
    await route.continue();
  });
}, 120_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  server?.close();
});

/** The visible Monaco editor inside `area` (GraphiQL keeps the hidden Variables/Headers editor too). */
const monaco = (page: Page, area: string) =>
  page.locator(`${area} .monaco-editor`).filter({ visible: true }).first().locator('.view-lines');

/** The text Monaco shows in `area`, without whitespace (it wraps long lines). */
async function editorText(page: Page, area: string): Promise<string> {
  return (await monaco(page, area).innerText()).replace(/\s+/g, '');
}

/** Replaces the whole text of the Monaco editor in `area`, as a user would: click, select all, type. */
async function replaceEditorText(page: Page, area: string, text: string) {
  await monaco(page, area).click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  // insertText types the text as one input: Monaco adds no closing brackets of its own.
  await page.keyboard.insertText(text);
  await expect.poll(() => editorText(page, area), { timeout: 10_000 }).toBe(text.replace(/\s+/g, ''));
}

describe('in headless Chromium (offline: only 127.0.0.1 is reachable)', () => {
  beforeEach((ctx) => {
    if (skipReason) ctx.skip(skipReason);
  });

  it('GraphiQL runs { me { email } } with the bearer token set in its Headers pane', async () => {
    const user = await t.createUser();
    const page = await context.newPage();
    // GraphiQL's files are served by the app; Monaco's workers load from them too (not blob: URLs).
    const assets: string[] = [];
    const problems: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/graphql/playground/assets/')) assets.push(new URL(request.url()).pathname);
    });
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    const started = Date.now();
    try {
      await page.goto(`${baseUrl}/graphql/playground`, { waitUntil: 'load' });
      await monaco(page, '.graphiql-query-editor').waitFor();
      const loadedMs = Date.now() - started;

      await replaceEditorText(page, '.graphiql-query-editor', '{ me { email } }');

      await page.locator('.graphiql-editor-tools').getByText('Headers', { exact: true }).click();
      await replaceEditorText(page, '.graphiql-editor-tool', JSON.stringify({ Authorization: `Bearer ${user.token}` }));

      await page.locator('.graphiql-execute-button').click();
      const result = monaco(page, '.graphiql-response');
      // Monaco wraps long lines: compare without whitespace.
      const shown = async () => (await result.innerText()).replace(/\s+/g, '');
      await expect.poll(shown, { timeout: PAGE_TIMEOUT }).toContain(`"me":{"email":"${user.email}"}`);
      expect(await shown()).not.toContain('"errors"');
      const kinds = assets.map((asset) => asset.replace(/^.*\/([\w-]+(?:\.worker)?)\.\w{10}\.(\w+)$/, '$1.$2'));
      // The icon too, when the browser asks for it.
      expect(kinds).toEqual(
        expect.arrayContaining([
          'graphiql.js',
          'graphiql.css',
          'editor.worker.js',
          'graphql.worker.js',
          'json.worker.js',
        ]),
      );
      expect(problems).toEqual([]);
      await page.screenshot({ path: `${SCREENSHOTS}/graphiql-me.png` });
      console.info(`[tests/browser] GraphiQL: loaded in ${loadedMs} ms, answered in ${Date.now() - started} ms`);
    } catch (error) {
      await page.screenshot({ path: `${SCREENSHOTS}/graphiql-failure.png` }).catch(() => undefined);
      throw error;
    } finally {
      await page.close();
    }
  }, 180_000);

  it('the API docs page lists the 14 REST routes (auth, calendar feed, export and import)', async () => {
    const page = await context.newPage();
    const started = Date.now();
    try {
      await page.goto(`${baseUrl}/docs`, { waitUntil: 'load' });
      const routes = page.locator('.opblock-summary-path');
      await expect.poll(() => routes.count(), { timeout: PAGE_TIMEOUT }).toBe(14);
      const paths = (await routes.allInnerTexts()).map((text) => text.replace(/[\s\u200b]+/g, ''));
      expect(paths.sort()).toEqual(
        [
          '/auth/register',
          '/auth/verify-otp',
          '/auth/resend-otp',
          '/auth/login',
          '/auth/forget-password',
          '/auth/reset-password',
          '/auth/refresh',
          '/auth/logout',
          '/auth/logout-all',
          '/auth/me',
          '/calendar/{token}.ics',
          '/export/data.json',
          '/export/jobs.csv',
          '/import',
        ].sort(),
      );
      const methods = (await page.locator('.opblock-summary-method').allInnerTexts()).sort();
      expect(methods).toEqual([...Array<string>(4).fill('GET'), ...Array<string>(10).fill('POST')]);
      await page.screenshot({ path: `${SCREENSHOTS}/api-docs.png`, fullPage: true });
      console.info(`[tests/browser] API docs: listed the routes in ${Date.now() - started} ms`);
    } catch (error) {
      await page.screenshot({ path: `${SCREENSHOTS}/api-docs-failure.png` }).catch(() => undefined);
      throw error;
    } finally {
      await page.close();
    }
  }, 120_000);

  it('no page tried to reach anything but 127.0.0.1', () => {
    expect(allowed, 'requests seen by the check').toBeGreaterThan(5);
    expect(blocked).toEqual([]);
  });
});
