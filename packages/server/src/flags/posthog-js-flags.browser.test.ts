import { gunzipSync } from 'node:zlib';
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

// posthog-js 1.449 feature flags in Debian's Chromium against a real Signpost (compat notes §1.3, §1.4): the
// values, variants and payloads js reports are the server's, identify() re-evaluates with the new person
// properties, and bootstrapped flags answer synchronously before any network call.

const MV_VARIANTS = [
  { key: 'red', rollout_percentage: 34 },
  { key: 'green', rollout_percentage: 33 },
  { key: 'blue', rollout_percentage: 33 },
];
const MV_PAYLOADS: Record<string, unknown> = {
  red: { hex: '#f00' },
  green: { hex: '#0f0', weight: 2 },
  blue: '"plain blue"',
};
const BOOL_PAYLOAD = { hello: 'world' };

interface FlagDetails {
  enabled: boolean;
  variant: string | null;
  metadata: { payload: string | null };
}

/** The page's view of posthog-js: only what the tests call. */
interface PosthogGlobal {
  init(token: string, config: Record<string, unknown>): void;
  onFeatureFlags(
    callback: (
      flags: string[],
      variants: Record<string, string | boolean>,
      context?: { errorsLoading?: boolean },
    ) => void,
  ): () => void;
  getFeatureFlag(key: string): string | boolean | undefined;
  isFeatureEnabled(key: string): boolean | undefined;
  getFeatureFlagPayload(key: string): unknown;
  get_distinct_id(): string;
  identify(id: string, set?: Record<string, unknown>): void;
  reloadFeatureFlags(): void;
}

interface FlagCall {
  flags: string[];
  variants: Record<string, string | boolean>;
  errorsLoading: boolean | undefined;
}

interface PageWindow {
  posthog: PosthogGlobal;
  __flagCalls: FlagCall[];
}

let server: TestServer;
let pageServer: PageServer | undefined;
let pageOrigin: string;
let browser: Browser | undefined;

const html = `<!doctype html>
<html><head><meta charset="utf-8"><title>Signpost posthog-js flags test</title>
<script src="/posthog.js"></script></head><body></body></html>`;

async function createFlag(flag: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${server.url}/api/projects/@current/feature_flags/`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TEST_PERSONAL_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify(flag),
  });
  if (response.status !== 201) throw new Error(`create flag → ${response.status} ${await response.text()}`);
}

/** The server's own answer for this distinct id (and person properties). */
async function serverFlags(
  distinctId: string,
  personProperties: Record<string, unknown> = {},
): Promise<Record<string, FlagDetails>> {
  const response = await fetch(`${server.url}/flags/?v=2`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      token: TEST_PROJECT_KEY,
      distinct_id: distinctId,
      person_properties: personProperties,
    }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { flags: Record<string, FlagDetails> }).flags;
}

const valueOfDetails = (d: FlagDetails | undefined) => (d?.enabled ? (d.variant ?? true) : false);
const payloadOfDetails = (d: FlagDetails | undefined) =>
  d?.enabled && d.metadata.payload != null ? JSON.parse(d.metadata.payload) : undefined;

beforeAll(async () => {
  if (!hasChromium()) return;
  server = await startTestServer();
  await createFlag({
    key: 'bool-on',
    filters: { groups: [{ properties: [], rollout_percentage: 100 }], payloads: { true: BOOL_PAYLOAD } },
  });
  await createFlag({
    key: 'colors',
    filters: {
      groups: [{ properties: [], rollout_percentage: 100 }],
      multivariate: { variants: MV_VARIANTS },
      payloads: MV_PAYLOADS,
    },
  });
  await createFlag({
    key: 'acme-only',
    filters: {
      groups: [
        {
          properties: [{ key: 'email', type: 'person', operator: 'icontains', value: '@acme.com' }],
          rollout_percentage: 100,
        },
      ],
    },
  });
  pageServer = await servePosthogPage(rootPage(() => html));
  pageOrigin = pageServer.origin;
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await pageServer?.close();
  await server?.stop();
}, 60_000);

interface SeenFlagsRequest {
  url: URL;
  body: string | null;
  status?: number;
}

/**
 * A fresh page with the bundle loaded (posthog not yet initialised), recording its /flags requests and its
 * console, so a failure says what happened.
 */
async function openPage(): Promise<{
  page: Page;
  flagsRequests: SeenFlagsRequest[];
  diagnostics: () => string;
}> {
  const context = await startedBrowser(browser).newContext();
  const page = await context.newPage();
  const lines = recordConsole(page);
  const flagsRequests: SeenFlagsRequest[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.origin === server.url) lines.push(`→ ${request.method()} ${url.pathname}${url.search}`);
    if (url.origin === server.url && /^\/(flags|decide)\/?$/.test(url.pathname))
      flagsRequests.push({ url, body: decodeBody(request.postDataBuffer()) });
  });
  page.on('response', (response) => {
    const url = new URL(response.url());
    if (url.origin !== server.url) return;
    lines.push(`← ${response.status()} ${url.pathname}`);
    const seen = flagsRequests.find((r) => r.url.href === url.href && r.status === undefined);
    if (seen) seen.status = response.status();
  });
  await page.goto(`${pageOrigin}/`);
  await page.waitForFunction(() => typeof (window as unknown as { posthog?: unknown }).posthog === 'object');
  return {
    page,
    flagsRequests,
    diagnostics: () => ['Page log:', ...lines.map((l) => `  ${l}`)].join('\n'),
  };
}

/** posthog-js gzips /flags bodies once remote config says the server accepts gzip. */
function decodeBody(buffer: Buffer | null): string | null {
  if (!buffer) return null;
  const gzipped = buffer[0] === 0x1f && buffer[1] === 0x8b;
  return (gzipped ? gunzipSync(buffer) : buffer).toString('utf8');
}

const baseConfig = (apiHost: string) => ({
  api_host: apiHost,
  opt_out_useragent_filter: true,
  request_batching: false,
  persistence: 'memory',
  autocapture: false,
  capture_pageview: false,
  disable_session_recording: true,
  disable_surveys: true,
});

/** init() with an onFeatureFlags listener that records every call in window.__flagCalls; waits for the first. */
async function initAndWaitForFlags(page: Page, diagnostics: () => string): Promise<void> {
  await page.evaluate(
    ({ token, config }) => {
      const w = window as unknown as PageWindow;
      w.__flagCalls = [];
      w.posthog.init(token, config);
      w.posthog.onFeatureFlags((flags, variants, context) =>
        w.__flagCalls.push({ flags, variants, errorsLoading: context?.errorsLoading }),
      );
    },
    { token: TEST_PROJECT_KEY, config: baseConfig(server.url) },
  );
  await waitInPage(
    page,
    () => (window as unknown as PageWindow).__flagCalls.length > 0,
    'onFeatureFlags never fired',
    diagnostics,
  );
}

/** Waits up to 15 s for `condition` in the page; a timeout says what never happened, with the page log. */
async function waitInPage(
  page: Page,
  condition: () => boolean,
  what: string,
  diagnostics: () => string,
): Promise<void> {
  await page.waitForFunction(condition, undefined, { timeout: 15_000 }).catch((e: unknown) => {
    throw new Error(`${what}: ${String(e)}\n${diagnostics()}`);
  });
}

/** Reads what posthog-js reports for the three flags. */
function readFlags(page: Page) {
  return page.evaluate(() => {
    const ph = (window as unknown as PageWindow).posthog;
    const read = (key: string) => ({
      value: ph.getFeatureFlag(key) ?? null,
      enabled: ph.isFeatureEnabled(key) ?? null,
      payload: ph.getFeatureFlagPayload(key) ?? null,
    });
    return {
      distinctId: ph.get_distinct_id(),
      'bool-on': read('bool-on'),
      colors: read('colors'),
      'acme-only': read('acme-only'),
    };
  });
}

describe('posthog-js 1.449 feature flags in Chromium against Signpost', { timeout: 60_000 }, () => {
  it('onFeatureFlags fires with the server values; getFeatureFlag, isFeatureEnabled, payloads match /flags', async () => {
    const { page, flagsRequests, diagnostics } = await openPage();
    try {
      await initAndWaitForFlags(page, diagnostics);
      const calls = await page.evaluate(() => (window as unknown as PageWindow).__flagCalls);
      const seen = await readFlags(page);
      const answer = await serverFlags(seen.distinctId);

      expect(calls[0]?.errorsLoading, diagnostics()).toBeFalsy();
      expect([...(calls[0]?.flags ?? [])].sort()).toEqual(['bool-on', 'colors']);
      expect(calls[0]?.variants).toEqual({
        'bool-on': true,
        colors: valueOfDetails(answer.colors),
      }); // posthog-js lists only enabled flags here; acme-only's false is checked below

      expect(valueOfDetails(answer.colors)).toMatch(/^(red|green|blue)$/);
      for (const key of ['bool-on', 'colors', 'acme-only'] as const) {
        const details = answer[key];
        expect(seen[key].value, key).toBe(valueOfDetails(details));
        expect(seen[key].enabled, key).toBe(details?.enabled);
        expect(seen[key].payload ?? undefined, `${key} payload`).toEqual(payloadOfDetails(details));
      }
      expect(seen['bool-on'].payload).toEqual(BOOL_PAYLOAD);
      expect(seen['acme-only']).toEqual({ value: false, enabled: false, payload: null });

      // js asked /flags?v=2 cross-origin and got a 200.
      expect(flagsRequests.length, diagnostics()).toBeGreaterThanOrEqual(1);
      expect(flagsRequests[0]?.url.pathname).toMatch(/^\/flags\/?$/);
      expect(flagsRequests[0]?.url.searchParams.get('v')).toBe('2');
      expect(flagsRequests.every((r) => r.status === 200)).toBe(true);
    } finally {
      await page.context().close();
    }
  });

  it('identify() with an @acme.com email re-evaluates flags and turns the targeted flag on', async () => {
    const { page, flagsRequests, diagnostics } = await openPage();
    try {
      await initAndWaitForFlags(page, diagnostics);
      expect((await readFlags(page))['acme-only'].enabled, diagnostics()).toBe(false);
      const requestsBefore = flagsRequests.length;

      await page.evaluate(() =>
        (window as unknown as PageWindow).posthog.identify('x', { email: 'a@acme.com' }),
      );
      await waitInPage(
        page,
        () => (window as unknown as PageWindow).posthog.isFeatureEnabled('acme-only') === true,
        'acme-only never turned on',
        diagnostics,
      );

      const seen = await readFlags(page);
      expect(seen.distinctId).toBe('x');
      expect(seen['acme-only']).toEqual({ value: true, enabled: true, payload: null });
      // onFeatureFlags fired again, with the new value.
      const calls = await page.evaluate(() => (window as unknown as PageWindow).__flagCalls);
      expect(calls.length).toBeGreaterThanOrEqual(2);
      expect(calls.at(-1)?.variants['acme-only']).toBe(true);
      // The reload was a new /flags request for "x" carrying the person property.
      const reloads = flagsRequests.slice(requestsBefore);
      expect(reloads.length, diagnostics()).toBeGreaterThanOrEqual(1);
      const body = reloads.map((r) => r.body ?? '').find((b) => b.includes('"x"'));
      expect(body, `a /flags body for "x" in ${JSON.stringify(reloads.map((r) => r.body))}`).toBeDefined();
      const parsed = JSON.parse(body!) as {
        distinct_id: string;
        person_properties?: Record<string, unknown>;
      };
      expect(parsed.distinct_id).toBe('x');
      expect(parsed.person_properties?.email).toBe('a@acme.com');

      // The other values are still the server's for "x".
      const answer = await serverFlags('x', { email: 'a@acme.com' });
      expect(seen.colors.value).toBe(valueOfDetails(answer.colors));
      expect(seen.colors.payload ?? undefined).toEqual(payloadOfDetails(answer.colors));

      // The $identify event stored the email on the person: the server now answers true without being told.
      const deadline = Date.now() + 10_000;
      while (valueOfDetails((await serverFlags('x'))['acme-only']) !== true) {
        if (Date.now() > deadline) throw new Error(`the server never stored the email\n${diagnostics()}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    } finally {
      await page.context().close();
    }
  });

  it('bootstrap: flags and payloads answer synchronously right after init, before any /flags call', async () => {
    const bootstrap = {
      distinctID: 'boot-user',
      featureFlags: { 'bool-on': false, colors: 'bootstrapped', 'only-in-bootstrap': true },
      featureFlagPayloads: { colors: { from: 'bootstrap' } },
    };
    const serverAnswer = await serverFlags('boot-user');

    // 1. With the first-load fetch switched off: bootstrapped values only, and no /flags request at all.
    {
      const { page, flagsRequests, diagnostics } = await openPage();
      try {
        const sync = await page.evaluate(
          ({ token, config }) => {
            const ph = (window as unknown as PageWindow).posthog;
            ph.init(token, config);
            // Same task as init: no network answer can have been processed yet.
            return {
              distinctId: ph.get_distinct_id(),
              colors: ph.getFeatureFlag('colors') ?? null,
              colorsPayload: ph.getFeatureFlagPayload('colors') ?? null,
              boolOn: ph.isFeatureEnabled('bool-on') ?? null,
              onlyInBootstrap: ph.isFeatureEnabled('only-in-bootstrap') ?? null,
            };
          },
          {
            token: TEST_PROJECT_KEY,
            config: {
              ...baseConfig(server.url),
              bootstrap,
              advanced_disable_feature_flags_on_first_load: true,
            },
          },
        );
        expect(sync).toEqual({
          distinctId: 'boot-user',
          colors: 'bootstrapped',
          colorsPayload: { from: 'bootstrap' },
          boolOn: false,
          onlyInBootstrap: true,
        });
        await page.waitForTimeout(1_000);
        expect(flagsRequests, diagnostics()).toEqual([]);
        expect((await readFlags(page)).colors.value).toBe('bootstrapped');

        // An explicit reload replaces them with the server's values.
        await page.evaluate(() => (window as unknown as PageWindow).posthog.reloadFeatureFlags());
        await waitInPage(
          page,
          () => (window as unknown as PageWindow).posthog.isFeatureEnabled('bool-on') === true,
          'reload never replaced the bootstrap',
          diagnostics,
        );
        const after = await readFlags(page);
        expect(after.colors.value).toBe(valueOfDetails(serverAnswer.colors));
        expect(after.colors.payload ?? undefined).toEqual(payloadOfDetails(serverAnswer.colors));
        expect(after['bool-on'].payload).toEqual(BOOL_PAYLOAD);
        expect(flagsRequests.length).toBeGreaterThanOrEqual(1);
      } finally {
        await page.context().close();
      }
    }
  });
});
