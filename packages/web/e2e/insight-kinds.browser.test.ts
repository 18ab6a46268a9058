import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, TEST_PROJECT_KEY, type TestServer } from '../../server/src/testing/test-server.ts';
import { ensureWebBuilt, WEB_ROOT } from './build-web.ts';

// Lifecycle, stickiness and paths in the insight builder, in Debian's Chromium, over page views sent through
// /batch/: four users come every day, two only on the first days (so they go dormant), one is new today.

const CHROMIUM = '/usr/bin/chromium';
const ADMIN = { email: 'paths@example.com', password: 'correct horse battery' };
const ARTIFACTS = path.join(WEB_ROOT, '../../.test-artifacts/web');
const DAY = 86_400_000;

let server: TestServer;
let browser: Browser | undefined;
let page: Page;
const pageErrors: string[] = [];

const view = (user: string, daysAgo: number, minute: number, pathname: string) => ({
  event: '$pageview',
  distinct_id: user,
  timestamp: new Date(Date.now() - daysAgo * DAY - 3_600_000 + minute * 60_000).toISOString(),
  properties: { $pathname: pathname },
});

/** One visit: home, then pricing and signup for "buyers", docs for the others. */
const visit = (user: string, daysAgo: number, buyer: boolean) =>
  buyer
    ? [view(user, daysAgo, 0, '/'), view(user, daysAgo, 1, '/pricing'), view(user, daysAgo, 2, '/signup')]
    : [view(user, daysAgo, 0, '/'), view(user, daysAgo, 1, '/docs')];

const EVENTS = [
  ...['daily-1', 'daily-2', 'daily-3', 'daily-4'].flatMap((u, i) =>
    [0, 1, 2, 3, 4, 5].flatMap((d) => visit(u, d, i < 3)),
  ),
  ...['early-1', 'early-2'].flatMap((u) => [5, 4].flatMap((d) => visit(u, d, false))),
  ...visit('newcomer', 0, true),
];

const shot = (name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });

async function drawnText(): Promise<string> {
  const chart = page.locator('.result-panel .chart[data-ready="true"] svg');
  await chart.waitFor();
  // Results arrive after the debounce; wait until the SVG has its labels.
  await expect.poll(async () => (await chart.textContent())?.length ?? 0).toBeGreaterThan(0);
  return (await chart.textContent()) ?? '';
}

describe.skipIf(!existsSync(CHROMIUM))('lifecycle, stickiness and paths insights in Chromium', () => {
  beforeAll(async () => {
    const webDir = await ensureWebBuilt();
    mkdirSync(ARTIFACTS, { recursive: true });
    server = await startTestServer({
      env: {
        SIGNPOST_ADMIN_EMAIL: ADMIN.email,
        SIGNPOST_ADMIN_PASSWORD: ADMIN.password,
        SIGNPOST_WEB_DIR: webDir,
      },
    });
    const r = await fetch(`${server.url}/batch/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ api_key: TEST_PROJECT_KEY, batch: EVENTS }),
    });
    expect(r.status).toBe(200);
    for (let i = 0; i < 200; i++) {
      const { results } = await server.api<{ results: unknown[] }>(
        '/api/projects/@current/events?limit=1000',
      );
      if (results.length >= EVENTS.length) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
    });
    page = await browser.newPage({ viewport: { width: 1440, height: 960 } });
    page.setDefaultTimeout(8000);
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await page.goto(`${server.url}/insights/new`);
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('tab', { name: 'Trends' }).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('draws lifecycle as stacked bars with new, returning and dormant users', async () => {
    await page.getByRole('tab', { name: 'Lifecycle' }).click();
    await page.getByLabel('Lifecycle event').fill('$pageview');
    const text = await drawnText();
    for (const status of ['new', 'returning', 'resurrecting', 'dormant']) expect(text).toContain(status);
    // Bars below the axis: the two early users went dormant.
    await expect.poll(() => page.locator('.result-panel .chart svg path').count()).toBeGreaterThan(4);
    await shot('insight-lifecycle');
  });

  it('draws stickiness as bars of users by active days', async () => {
    await page.getByRole('tab', { name: 'Stickiness' }).click();
    await page.getByLabel('Series A event').fill('$pageview');
    // The lifecycle chart stays until the new result replaces it.
    await expect.poll(drawnText).toContain('users');
    expect(await drawnText()).toMatch(/1 day/);
    expect(await drawnText()).not.toContain('dormant');
    await shot('insight-stickiness');
  });

  it('draws paths as a Sankey from the home page', async () => {
    await page.getByRole('tab', { name: 'Paths' }).click();
    await page.getByLabel('Starts at').fill('/');
    await expect.poll(drawnText).toContain('/pricing');
    const text = await drawnText();
    for (const step of ['/', '/docs', '/signup']) expect(text).toContain(step);
    expect(text).not.toMatch(/\d_\//);
    await shot('insight-paths');
    expect(pageErrors).toEqual([]);
  });
});
