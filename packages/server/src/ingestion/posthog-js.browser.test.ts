import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium, recordConsole, startedBrowser } from '../testing/chromium.ts';
import { type PageServer, rootPage, servePosthogPage } from '../testing/posthog-page-server.ts';
import { startTestServer, TEST_PROJECT_KEY, type TestServer } from '../testing/test-server.ts';

// The real posthog-js browser bundle in Debian's Chromium, talking cross-origin to a real Signpost
// (compat notes §1.3, platform notes "Browser tests"). CI installs chromium; a missing binary is a failure.

interface ApiEvent {
  uuid: string;
  distinct_id: string;
  event: string;
  properties: Record<string, unknown>;
  timestamp: string;
  person_id: string;
}

interface ApiPerson {
  id: string;
  distinct_ids: string[];
  properties: Record<string, unknown>;
  is_identified: boolean;
}

interface Page_<T> {
  results: T[];
}

interface SeenRequest {
  method: string;
  url: URL;
  origin: string | undefined;
  body: Buffer | null;
  status?: number;
  allowOrigin?: string | undefined;
}

let server: TestServer;
let pageServer: PageServer | undefined;
let pageOrigin: string;
let browser: Browser | undefined;

const html = (apiHost: string) => `<!doctype html>
<html><head><meta charset="utf-8"><title>Signpost posthog-js test</title>
<script src="/posthog.js"></script>
<script>
  window.posthog.init(${JSON.stringify(TEST_PROJECT_KEY)}, {
    api_host: ${JSON.stringify(apiHost)},
    opt_out_useragent_filter: true,
    request_batching: false,
    persistence: 'memory',
    autocapture: false,
    disable_session_recording: true,
    capture_pageview: true,
  });
</script></head><body><button id="buy">Buy</button></body></html>`;

beforeAll(async () => {
  // Don't throw here: a failing beforeAll reports the test as "skipped"; the test itself fails below instead.
  if (!hasChromium()) return;
  server = await startTestServer();
  pageServer = await servePosthogPage(rootPage(() => html(server.url)));
  pageOrigin = pageServer.origin;
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await pageServer?.close();
  await server?.stop();
}, 60_000);

/** Records every request the page makes to Signpost, with the status and CORS header of its answer. */
function recordSignpostRequests(page: Page): SeenRequest[] {
  const seen: SeenRequest[] = [];
  const byRequest = new Map<object, SeenRequest>();
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.origin !== server.url) return;
    const entry: SeenRequest = {
      method: request.method(),
      url,
      origin: undefined,
      body: request.postDataBuffer(),
    };
    seen.push(entry);
    byRequest.set(request, entry);
  });
  page.on('response', async (response) => {
    const entry = byRequest.get(response.request());
    if (!entry) return;
    // The real request headers (Origin among them) are only known once the request went out.
    const [requestHeaders, responseHeaders] = await Promise.all([
      response.request().allHeaders(),
      response.allHeaders(),
    ]);
    entry.origin = requestHeaders.origin;
    entry.allowOrigin = responseHeaders['access-control-allow-origin'];
    entry.status = response.status(); // last: pollers wait for it
  });
  return seen;
}

/** Polls the read API until `check` returns a value, for up to 15 s. */
async function poll<T>(
  what: string,
  check: () => Promise<T | undefined>,
  diagnostics: () => string,
): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.\n${diagnostics()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function eventNamed(name: string): Promise<ApiEvent | undefined> {
  const page = await server.api<Page_<ApiEvent>>(
    `/api/projects/@current/events/?${new URLSearchParams({ event: name })}`,
  );
  return page.results[0];
}

const isCapturePath = (p: string) => /^\/(e|i\/v0\/e|batch)\/?$/.test(p);

describe('posthog-js 1.449 in Chromium against Signpost', { timeout: 60_000 }, () => {
  it('loads remote config cross-origin, sends gzipped events, and Signpost stores events and the person', async () => {
    const context = await startedBrowser(browser).newContext();
    const page = await context.newPage();
    const consoleLines = recordConsole(page);
    const requests = recordSignpostRequests(page);
    const diagnostics = () =>
      [
        'Requests to Signpost:',
        ...requests.map((r) => `  ${r.method} ${r.url.pathname}${r.url.search} → ${r.status ?? 'pending'}`),
        'Browser console:',
        ...consoleLines.map((l) => `  ${l}`),
      ].join('\n');

    try {
      await page.goto(`${pageOrigin}/`);
      await page.waitForFunction(
        () => (window as unknown as { posthog?: { __loaded?: boolean } }).posthog?.__loaded,
      );
      await page.evaluate(() => {
        const posthog = (window as unknown as { posthog: PosthogGlobal }).posthog;
        posthog.capture('clicked_button', { plan: 'pro' });
        posthog.identify('user-1', { email: 'u@x.y' });
      });

      const pageview = await poll('$pageview', () => eventNamed('$pageview'), diagnostics);
      const clicked = await poll('clicked_button', () => eventNamed('clicked_button'), diagnostics);
      const person = await poll(
        'person user-1 with email',
        async () => {
          const found = await server.api<Page_<ApiPerson>>(
            '/api/projects/@current/persons/?distinct_id=user-1',
          );
          const p = found.results[0];
          return p?.properties.email === 'u@x.y' ? p : undefined;
        },
        diagnostics,
      );
      const identify = await poll('$identify', () => eventNamed('$identify'), diagnostics);

      // Events carry what the browser and the server derive.
      for (const event of [pageview, clicked]) {
        expect(event.properties, `${event.event} properties`).toMatchObject({
          $lib: 'web',
          $browser: 'Chrome',
        });
        expect(typeof event.properties.$os).toBe('string');
        expect(event.properties.$os).not.toBe('');
        expect(event.properties.$lib_version).toBe('1.449.2');
        expect(Math.abs(Date.parse(event.timestamp) - Date.now())).toBeLessThan(60_000);
      }
      expect(pageview.properties.$current_url).toBe(`${pageOrigin}/`);
      expect(clicked.properties.plan).toBe('pro');

      // Before identify the user was anonymous; identify links that id to user-1.
      const anonId = clicked.distinct_id;
      expect(anonId).not.toBe('user-1');
      expect(pageview.distinct_id).toBe(anonId);
      expect(identify.distinct_id).toBe('user-1');
      expect(identify.properties.$anon_distinct_id).toBe(anonId);
      expect(person.is_identified).toBe(true);
      expect([...person.distinct_ids].sort()).toEqual([anonId, 'user-1'].sort());
      expect(person.properties).toMatchObject({
        email: 'u@x.y',
        $browser: 'Chrome',
        $initial_browser: 'Chrome',
      });

      // The SDK's own requests: remote config first, then gzipped event posts, all answered cross-origin.
      // (config.js is loaded with a script tag, config with fetch: the latter needs CORS.)
      const configs = requests.filter((r) => r.url.pathname.startsWith(`/array/${TEST_PROJECT_KEY}/config`));
      expect(configs.length, diagnostics()).toBeGreaterThanOrEqual(1);
      await poll(
        'the config responses',
        async () => configs.every((c) => c.status) || undefined,
        diagnostics,
      );
      for (const config of configs) {
        expect(config.url.pathname).toMatch(/\/config(\.js)?$/);
        expect(config.status, `${config.url.pathname} status`).toBe(200);
        if (config.url.pathname.endsWith('/config')) expect(config.allowOrigin).toBe(pageOrigin);
      }

      const posts = requests.filter((r) => r.method === 'POST' && isCapturePath(r.url.pathname));
      expect(posts.length, diagnostics()).toBeGreaterThanOrEqual(3);
      await poll(
        'every event post to be answered',
        async () => posts.every((p) => p.status) || undefined,
        diagnostics,
      );
      for (const post of posts) {
        expect(post.status, `${post.url.pathname} status`).toBe(200);
        expect(post.origin).toBe(pageOrigin);
        expect(post.allowOrigin).toBe(pageOrigin);
        expect(post.body?.subarray(0, 2).toString('hex'), 'gzip magic bytes').toBe('1f8b');
      }
    } finally {
      await context.close();
    }
  });
});

interface PosthogGlobal {
  capture(event: string, properties?: Record<string, unknown>): void;
  identify(id: string, set?: Record<string, unknown>): void;
}
