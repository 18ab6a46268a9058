import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium, recordConsole, startedBrowser } from '../testing/chromium.ts';
import { type PageServer, rootPage, servePosthogPage } from '../testing/posthog-page-server.ts';
import {
  startTestServer,
  TEST_PERSONAL_KEY,
  TEST_PROJECT_KEY,
  type TestServer,
} from '../testing/test-server.ts';

// posthog-js in Debian's Chromium, one page per environment of one project: each page gets its environment's
// flag values (the key decides), and what each page captures lands in its own environment's events only.

interface PageWindow {
  posthog: {
    init(token: string, config: Record<string, unknown>): void;
    onFeatureFlags(callback: () => void): () => void;
    getFeatureFlag(key: string): string | boolean | undefined;
    get_distinct_id(): string;
    capture(event: string, properties?: Record<string, unknown>): void;
  };
  __flagsLoaded: boolean;
}

type Value = string | boolean;

const html = `<!doctype html>
<html><head><meta charset="utf-8"><title>Signpost environments test</title>
<script src="/posthog.js"></script></head><body></body></html>`;

let server: TestServer;
let pageServer: PageServer | undefined;
let browser: Browser | undefined;
let staging: { id: number; api_token: string };

async function admin<T>(method: string, pathname: string, body?: unknown): Promise<T> {
  const response = await fetch(`${server.url}${pathname}`, {
    method,
    headers: { authorization: `Bearer ${TEST_PERSONAL_KEY}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${pathname} → ${response.status} ${text}`);
  return JSON.parse(text) as T;
}

const colour = (blue: number) => ({
  groups: [{ properties: [], rollout_percentage: 100 }],
  multivariate: {
    variants: [
      { key: 'blue', rollout_percentage: blue },
      { key: 'green', rollout_percentage: 100 - blue },
    ],
  },
});

beforeAll(async () => {
  if (!hasChromium()) return;
  server = await startTestServer();
  staging = await admin('POST', '/api/projects/@current/environments/', { name: 'staging' });
  // Production: everyone blue, the beta off; staging: everyone green, the beta on.
  const banner = await admin<{ id: number }>('POST', '/api/projects/@current/feature_flags/', {
    key: 'banner',
    filters: colour(100),
  });
  const beta = await admin<{ id: number }>('POST', '/api/projects/@current/feature_flags/', {
    key: 'beta',
    active: false,
    filters: { groups: [{ properties: [], rollout_percentage: 100 }] },
  });
  await admin('PATCH', `/api/projects/${staging.id}/feature_flags/${banner.id}/`, {
    active: true,
    filters: colour(0),
  });
  await admin('PATCH', `/api/projects/${staging.id}/feature_flags/${beta.id}/`, { active: true });
  pageServer = await servePosthogPage(rootPage(() => html));
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await pageServer?.close();
  await server?.stop();
}, 60_000);

/** A page with posthog-js initialised on `token`, once its first flags have loaded. */
async function pageWith(token: string): Promise<{ page: Page; diagnostics: () => string }> {
  const context = await startedBrowser(browser).newContext();
  const page = await context.newPage();
  const lines = recordConsole(page);
  page.on('response', (r) => lines.push(`← ${r.status()} ${r.url()}`));
  const diagnostics = () => ['Page log:', ...lines.map((l) => `  ${l}`)].join('\n');
  await page.goto(`${pageServer?.origin}/`);
  await page.evaluate(
    ({ token, apiHost }) => {
      const w = window as unknown as PageWindow;
      w.__flagsLoaded = false;
      w.posthog.init(token, {
        api_host: apiHost,
        opt_out_useragent_filter: true,
        request_batching: false,
        persistence: 'memory',
        autocapture: false,
        capture_pageview: false,
        disable_session_recording: true,
        disable_surveys: true,
      });
      w.posthog.onFeatureFlags(() => {
        w.__flagsLoaded = true;
      });
    },
    { token, apiHost: server.url },
  );
  await page
    .waitForFunction(() => (window as unknown as PageWindow).__flagsLoaded, undefined, { timeout: 15_000 })
    .catch((e: unknown) => {
      throw new Error(`flags never loaded: ${String(e)}\n${diagnostics()}`);
    });
  return { page, diagnostics };
}

const readFlags = (page: Page) =>
  page.evaluate(() => {
    const ph = (window as unknown as PageWindow).posthog;
    return {
      distinctId: ph.get_distinct_id(),
      // A switched-off flag is left out of the answer, so js knows nothing of it: off, to the page.
      banner: ph.getFeatureFlag('banner') ?? false,
      beta: ph.getFeatureFlag('beta') ?? false,
    };
  });

/** `/flags` for this key and distinct id: what the page must report (a flag left out is off). */
async function served(token: string, distinctId: string): Promise<{ banner: Value; beta: Value }> {
  const response = await fetch(`${server.url}/flags/?v=2`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token, distinct_id: distinctId }),
  });
  const flags = ((await response.json()) as { flags: Record<string, { enabled: boolean; variant?: string }> })
    .flags;
  const value = (key: string): Value => {
    const flag = flags[key];
    return flag?.enabled ? (flag.variant ?? true) : false;
  };
  return { banner: value('banner'), beta: value('beta') };
}

/** The environment's events named `event`, polled until `want` arrived (or 15 s passed). */
async function eventsIn(environmentId: number, event: string, want: number): Promise<string[]> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const page = await admin<{ results: { distinct_id: string }[] }>(
      'GET',
      `/api/projects/${environmentId}/events/?event=${event}`,
    );
    const ids = page.results.map((e) => e.distinct_id);
    if (ids.length >= want || Date.now() > deadline) return ids;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('posthog-js with one key per environment', { timeout: 60_000 }, () => {
  it('gets each environment’s flag values and sends its events to that environment', async () => {
    const production = await pageWith(TEST_PROJECT_KEY);
    const inStaging = await pageWith(staging.api_token);
    try {
      const prodFlags = await readFlags(production.page);
      const stagingFlags = await readFlags(inStaging.page);
      expect(prodFlags, production.diagnostics()).toMatchObject({ banner: 'blue', beta: false });
      expect(stagingFlags, inStaging.diagnostics()).toMatchObject({ banner: 'green', beta: true });
      expect(await served(TEST_PROJECT_KEY, prodFlags.distinctId)).toEqual({
        banner: prodFlags.banner,
        beta: prodFlags.beta,
      });
      expect(await served(staging.api_token, stagingFlags.distinctId)).toEqual({
        banner: stagingFlags.banner,
        beta: stagingFlags.beta,
      });

      for (const { page } of [production, inStaging])
        await page.evaluate(() => (window as unknown as PageWindow).posthog.capture('env-check'));
      const inProductionEvents = await eventsIn(1, 'env-check', 1);
      const inStagingEvents = await eventsIn(staging.id, 'env-check', 1);
      expect(inProductionEvents, production.diagnostics()).toEqual([prodFlags.distinctId]);
      expect(inStagingEvents, inStaging.diagnostics()).toEqual([stagingFlags.distinctId]);
    } finally {
      await production.page.context().close();
      await inStaging.page.context().close();
    }
  });
});
