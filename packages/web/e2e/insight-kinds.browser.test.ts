import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../server/src/testing/test-server.ts';
import { hasChromium, openAppPage, screenshot, signIn } from './app-page.ts';
import { sendBatch, startWebServer, waitForEvents } from './seeded-server.ts';

// Lifecycle, stickiness and paths in the insight builder, in Debian's Chromium, over page views sent through
// /batch/: four users come every day, two only on the first days (so they go dormant), one is new today.

const ADMIN = { email: 'paths@example.com', password: 'correct horse battery' };
const DAY = 86_400_000;

let server: TestServer;
let browser: Browser | undefined;
let page: Page;
let pageErrors: string[] = [];

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

const shot = (name: string) => screenshot(page, name);

async function drawnText(): Promise<string> {
  const chart = page.locator('.result-panel .chart[data-ready="true"] svg');
  await chart.waitFor();
  // Results arrive after the debounce; wait until the SVG has its labels.
  await expect.poll(async () => (await chart.textContent())?.length ?? 0).toBeGreaterThan(0);
  return (await chart.textContent()) ?? '';
}

describe.skipIf(!hasChromium())('lifecycle, stickiness and paths insights in Chromium', () => {
  beforeAll(async () => {
    server = await startWebServer(ADMIN);
    await sendBatch(server, EVENTS);
    await waitForEvents(server, EVENTS.length);
    ({ browser, page, pageErrors } = await openAppPage({ viewport: { width: 1440, height: 960 } }));
    await page.goto(`${server.url}/insights/new`);
    await signIn(page, ADMIN);
    await page.getByRole('tab', { name: 'Trends' }).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('draws lifecycle as stacked bars with new, returning and dormant users', async () => {
    await page.getByRole('tab', { name: 'Lifecycle' }).click();
    await page.getByLabel('Lifecycle event').fill('$pageview');
    // The trends chart stays until the lifecycle result replaces it (a slow machine shows it for a while).
    await expect.poll(drawnText, { timeout: 15_000 }).toContain('dormant');
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
