import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startTestServer,
  TEST_PERSONAL_KEY,
  TEST_PROJECT_KEY,
  type TestServer,
} from '../../server/src/testing/test-server.ts';
import { hasChromium, openAppPage, screenshot, signIn } from './app-page.ts';
import { ensureWebBuilt } from './build-web.ts';

// The stale-flags view with bulk archive and the flag page's usage chart, in Debian's Chromium against a real
// Signpost whose clock the test moves forward (flags are made, evaluated, then left alone for 40 days).

const ADMIN = { email: 'stale@example.com', password: 'correct horse battery' };
const API = '/api/projects/@current/feature_flags/';
const DAY = 86_400_000;

let server: TestServer;
let browser: Browser | undefined;
let page: Page;
let pageErrors: string[] = [];
const offset = { ms: -40 * DAY };
const ids = new Map<string, number>();

async function admin(method: string, path: string, body?: unknown) {
  const r = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${TEST_PERSONAL_KEY}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(r.ok).toBe(true);
  return (await r.json()) as { id: number };
}

describe.skipIf(!hasChromium())('stale flags and usage in Chromium', () => {
  beforeAll(async () => {
    server = await startTestServer({
      env: {
        SIGNPOST_ADMIN_EMAIL: ADMIN.email,
        SIGNPOST_ADMIN_PASSWORD: ADMIN.password,
        SIGNPOST_WEB_DIR: await ensureWebBuilt(),
      },
      now: () => new Date(Date.now() + offset.ms),
    });
    for (const [key, filters] of [
      ['old-banner', { groups: [{ properties: [], rollout_percentage: 100 }] }],
      ['dead-code', { groups: [{ properties: [], rollout_percentage: 40 }] }],
      ['busy-flag', { groups: [{ properties: [], rollout_percentage: 50 }] }],
    ] as const)
      ids.set(key, (await admin('POST', API, { key, filters })).id);
    // 40 days ago `dead-code` was asked for once; `busy-flag` is asked for every day until today.
    const ask = (distinctId: string, keys: string[]) =>
      fetch(`${server.url}/flags?v=2`, {
        method: 'POST',
        body: JSON.stringify({
          token: TEST_PROJECT_KEY,
          distinct_id: distinctId,
          flag_keys_to_evaluate: keys,
        }),
      });
    await ask('u0', ['dead-code']);
    for (; offset.ms <= 0; offset.ms += DAY) for (let u = 0; u < 10; u++) await ask(`u${u}`, ['busy-flag']);
    offset.ms = 0;
    await server.signpost.flagUsage.flush();
    ({ browser, page, pageErrors } = await openAppPage({ viewport: { width: 1280, height: 900 } }));
    await page.goto(`${server.url}/feature_flags`);
    await signIn(page, ADMIN);
    await page.getByRole('link', { name: 'busy-flag' }).waitFor();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('lists stale flags with their reasons and archives the chosen ones after confirmation', async () => {
    await page.getByLabel('Show flags').selectOption('stale');
    await page.getByTestId('stale-reasons-dead-code').waitFor();
    expect(await page.getByTestId('stale-reasons-dead-code').textContent()).toContain('Not evaluated');
    expect(await page.getByTestId('stale-reasons-old-banner').textContent()).toContain(
      'Rolled out to everyone',
    );
    // Until the stale list arrives the page still shows the full list it had (with the new column): wait for
    // `busy-flag` to go rather than read it once. A stale view that listed it would keep it and fail here.
    await expect.poll(() => page.getByRole('link', { name: 'busy-flag' }).count()).toBe(0);
    await page.getByLabel('Select dead-code').check();
    await page.getByLabel('Select old-banner').check();
    await screenshot(page, 'flags-stale');
    await page.getByRole('button', { name: 'Archive selected (2)' }).click();
    await page.getByRole('button', { name: 'Archive flags' }).click();
    await page.getByText('No stale flags.').waitFor();
    const archived = await server.api<{ results: { key: string }[] }>(`${API}?archived=true`);
    expect(archived.results.map((f) => f.key).sort()).toEqual(['dead-code', 'old-banner']);
    const live = await server.api<{ results: { key: string }[] }>(API);
    expect(live.results.map((f) => f.key)).toEqual(['busy-flag']);
    await page.getByLabel('Show flags').selectOption('archived');
    await page.getByRole('link', { name: 'dead-code' }).waitFor();
  }, 60_000);

  it('shows evaluations per day as a bar chart and the verdict on the flag page', async () => {
    await page.goto(`${server.url}/feature_flags/${ids.get('busy-flag')}`);
    await page.getByTestId('flag-usage').waitFor();
    expect(await page.getByTestId('stale-verdict').textContent()).toBe('In use: not stale.');
    await page.locator('[data-testid="flag-usage"] .chart[data-ready="true"]').waitFor();
    // 30 days of ten evaluations each: 30 bars drawn by ECharts' SVG renderer.
    const bars = page.locator('[data-testid="flag-usage"] svg path[d]');
    await expect.poll(() => bars.count()).toBeGreaterThanOrEqual(30);
    expect(await page.getByText('300 evaluations in the last 30 days').count()).toBe(1);
    await screenshot(page, 'flag-usage');
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
