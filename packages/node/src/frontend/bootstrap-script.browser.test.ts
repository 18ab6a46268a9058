import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium, startedBrowser } from '../../../server/src/testing/chromium.ts';
import { type PageServer, servePosthogPage } from '../../../server/src/testing/posthog-page-server.ts';
import { Signpost } from '../client/signpost.ts';
import { type SdkTestServer, startSdkTestServer, TEST_PROJECT_KEY } from '../test-support/sdk-test-server.ts';
import { bootstrapScript } from './bootstrap-script.ts';
import { type FrontendFlags, injectFeatureFlagsToFrontend } from './inject-feature-flags.ts';

// The bootstrap script in Debian's Chromium: hostile flag values stay data and read back exactly, the rest of the
// page still runs, the nonce satisfies a strict CSP, and posthog-js takes the object as `bootstrap` unchanged.

const NONCE = 'r4nd0m-n0nce';
const HOSTILE = '</script><script>window.__pwned=1</script>';

let signpostServer: SdkTestServer;
let pageServer: PageServer | undefined;
let pageOrigin: string;
let browser: Browser | undefined;
/** The page the test server serves next, and whether it is served under a nonce-only CSP. */
let html = '';
let withCsp = false;

beforeAll(async () => {
  // A failing beforeAll would report the tests as skipped; they fail in startedBrowser() instead.
  if (!hasChromium()) return;
  signpostServer = await startSdkTestServer();
  await signpostServer.createFlag({
    key: 'new-timer-ui',
    filters: {
      groups: [{ rollout_percentage: 100 }],
      payloads: { true: JSON.stringify({ title: HOSTILE, note: '<!-- x', sep: 'a\u2028b\u2029c' }) },
    },
  });
  pageServer = await servePosthogPage(() =>
    withCsp ? { html, headers: { 'content-security-policy': `script-src 'nonce-${NONCE}'` } } : { html },
  );
  pageOrigin = pageServer.origin;
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await pageServer?.close();
  await signpostServer?.stop();
});

/** The real SDK's answer from a real server, plus hostile values no flag key or variant could carry. */
async function hostileData(): Promise<FrontendFlags> {
  const signpost = new Signpost(TEST_PROJECT_KEY, { host: signpostServer.url });
  const real = await injectFeatureFlagsToFrontend(signpost, 'ann');
  await signpost.shutdown();
  expect(real.flags['new-timer-ui']).toBe(true);
  return {
    flags: {
      ...real.flags,
      [HOSTILE]: HOSTILE,
      'comment<!--': '<!--',
      'line\u2028sep': 'x\u2029y',
      amp: '&lt;&amp;',
    },
    payloads: { ...real.payloads, raw: { html: `${HOSTILE}<!--<script>window.__pwned=2</script>-->` } },
    distinctId: `"><script>window.__pwned=3</script>\u2028`,
  };
}

describe('bootstrapScript in Chromium', () => {
  it('keeps hostile values inert and reads them back exactly', async () => {
    const data = await hostileData();
    // No CSP here: an escaping mistake would let the injected scripts run and set window.__pwned.
    withCsp = false;
    html = `<!doctype html><html><head><meta charset="utf-8">
${bootstrapScript(data, { nonce: NONCE })}
<script nonce="${NONCE}">window.__laterScriptRan = true;</script>
</head><body><p id="after">after</p></body></html>`;
    const page = await startedBrowser(browser).newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    try {
      await page.goto(pageOrigin);
      const seen = await page.evaluate(() => {
        const w = window as unknown as Record<string, unknown>;
        return {
          featureFlags: w.featureFlags,
          pwned: w.__pwned ?? null,
          laterScriptRan: w.__laterScriptRan ?? null,
          after: document.getElementById('after')?.textContent ?? null,
          scripts: document.scripts.length,
        };
      });
      expect(seen).toEqual({
        featureFlags: {
          featureFlags: data.flags,
          featureFlagPayloads: data.payloads,
          distinctID: data.distinctId,
        },
        pwned: null,
        laterScriptRan: true,
        after: 'after',
        scripts: 2,
      });
      expect(pageErrors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('runs under a nonce-only CSP and is accepted by posthog-js as bootstrap, synchronously', async () => {
    const data = await hostileData();
    withCsp = true;
    html = `<!doctype html><html><head><meta charset="utf-8">
<script nonce="${NONCE}" src="/posthog.js"></script>
${bootstrapScript(data, { nonce: NONCE, globalName: 'signpostBootstrap' })}
</head><body></body></html>`;
    const page = await startedBrowser(browser).newPage();
    try {
      await page.goto(pageOrigin);
      const seen = await page.evaluate(
        ({ token, hostile }) => {
          const w = window as unknown as {
            signpostBootstrap: unknown;
            posthog: {
              init(token: string, config: Record<string, unknown>): void;
              getFeatureFlag(key: string): unknown;
              getFeatureFlagPayload(key: string): unknown;
              get_distinct_id(): string;
            };
          };
          w.posthog.init(token, {
            api_host: 'http://127.0.0.1:9',
            bootstrap: w.signpostBootstrap,
            advanced_disable_feature_flags_on_first_load: true,
            persistence: 'memory',
            autocapture: false,
            capture_pageview: false,
            disable_session_recording: true,
            disable_surveys: true,
          });
          return {
            newTimerUi: w.posthog.getFeatureFlag('new-timer-ui') ?? null,
            payload: w.posthog.getFeatureFlagPayload('new-timer-ui') ?? null,
            hostile: w.posthog.getFeatureFlag(hostile) ?? null,
            distinctId: w.posthog.get_distinct_id(),
          };
        },
        { token: TEST_PROJECT_KEY, hostile: HOSTILE },
      );
      expect(seen).toEqual({
        newTimerUi: true,
        payload: data.payloads['new-timer-ui'],
        hostile: HOSTILE,
        distinctId: data.distinctId,
      });
    } finally {
      await page.close();
    }
  });
});
