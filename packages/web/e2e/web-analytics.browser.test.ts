import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webTraffic } from '../../server/src/query/web/web-traffic.test-kit.ts';
import type { TestServer } from '../../server/src/testing/test-server.ts';
import { seriousA11yViolations } from './accessibility.ts';
import { hasChromium, openAppPage, QUERY_RESULT_TIMEOUT, screenshot, signIn } from './app-page.ts';
import { sendBatch, startWebServer, waitForEvents } from './seeded-server.ts';

// The web analytics screen in Chromium over hand-counted posthog-js traffic sent through /batch/: five sessions
// with pageviews in the two days from DAY0, two in the two days before (counted in web-traffic.test-kit.ts and
// checked against both engines in web-analytics-query.test.ts).

const ADMIN = { email: 'web@example.com', password: 'correct horse battery' };
const DAY = 86_400_000;
const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const DAY0 = utcDay(Date.now() - 4 * DAY);
const DAY1 = utcDay(Date.parse(`${DAY0}T00:00:00Z`) + DAY);
const EVENTS = webTraffic(DAY0);
// The screen's nine queries run one after another on the server.
const SLOW = { timeout: QUERY_RESULT_TIMEOUT };

let server: TestServer;
let browser: Browser | undefined;
let page: Page;
let pageErrors: string[] = [];

const tile = (key: string) => page.locator(`.web-tile[data-key="${key}"]`);
const table = (title: string) => page.getByRole('region', { name: title });

async function rowsOf(title: string): Promise<string[][]> {
  await table(title).locator('table, p.muted').first().waitFor();
  return table(title)
    .locator('tbody tr')
    .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
}

async function firstColumn(title: string): Promise<string[]> {
  return (await rowsOf(title)).map((r) => r[0] ?? '');
}

async function chooseRange(from: string, to: string): Promise<void> {
  await page.getByLabel('Date range').selectOption('custom');
  await page.getByLabel('From', { exact: true }).fill(from);
  await page.getByLabel('To', { exact: true }).fill(to);
}

describe.skipIf(!hasChromium())('web analytics in Chromium', () => {
  beforeAll(async () => {
    server = await startWebServer(ADMIN);
    await sendBatch(server, EVENTS);
    await waitForEvents(server, EVENTS.length);
    ({ browser, page, pageErrors } = await openAppPage({ viewport: { width: 1280, height: 960 } }));
    await page.goto(`${server.url}/feature_flags`);
    await signIn(page, ADMIN);
    await page.locator('h1').first().waitFor();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the hand-counted overview against the previous period', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Web analytics' }).click();
    await page.getByRole('heading', { name: 'Web analytics', level: 1 }).waitFor();
    await chooseRange(DAY0, DAY1);
    // alice, bob, carol, dave against alice and erin; 7 pageviews against 3; 5 sessions against 2.
    await expect.poll(() => tile('visitors').textContent(), SLOW).toContain('4');
    await expect.poll(() => tile('visitors').textContent(), SLOW).toContain('▲ 100% vs previous period');
    expect(await tile('views').textContent()).toContain('7');
    expect(await tile('views').textContent()).toContain('▲ 133%');
    expect(await tile('sessions').textContent()).toContain('5');
    // (60 + 5 + 3 + 20 + 0) / 5 = 17.6 s, shown rounded; 31 s before.
    expect(await tile('session duration').textContent()).toContain('18s');
    expect(await tile('session duration').textContent()).toContain('▼ 43%');
    // Two bounces in five sessions, one in two before: fewer bounces is good news.
    expect(await tile('bounce rate').textContent()).toContain('40%');
    await expect(tile('bounce rate').locator('.change-good').textContent()).resolves.toBe(
      '▼ 20% vs previous period',
    );
  });

  it('lists pages, referrers, UTM sources, browsers, OS, devices and countries', async () => {
    // Each table keeps its last answer while the next range's runs: wait for this range's answer.
    await expect
      .poll(() => rowsOf('Top pages'), SLOW)
      .toEqual([
        ['/', '2', '3', '50%'],
        ['/docs', '2', '2', '50%'],
        ['/pricing', '2', '2', '0%'],
      ]);
    await expect
      .poll(() => rowsOf('Referrers'), SLOW)
      .toEqual([
        ['google.com', '2', '4', '50%'],
        ['$direct', '1', '2', '50%'],
        ['news.ycombinator.com', '1', '1', '0%'],
      ]);
    await expect.poll(() => firstColumn('UTM sources'), SLOW).toEqual(['newsletter', 'hn']);
    await expect.poll(() => firstColumn('Browsers'), SLOW).toEqual(['Chrome', 'Firefox', 'Mobile Safari']);
    // By visitors, then views: alice's Mac (3 views), bob's Windows (2), then Android and iOS (1 each).
    await expect
      .poll(() => firstColumn('Operating systems'), SLOW)
      .toEqual(['Mac OS X', 'Windows', 'Android', 'iOS']);
    await expect
      .poll(() => rowsOf('Device types'), SLOW)
      .toEqual([
        ['Desktop', '2', '5', '33.3%'],
        ['Mobile', '2', '2', '50%'],
      ]);
    await expect.poll(() => firstColumn('Countries'), SLOW).toEqual(['DE', 'US']);
    await page.locator('#web-trend ~ * svg, .chart[data-ready="true"] svg').first().waitFor();
    await screenshot(page, 'web-analytics-desktop');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('says plainly when countries need a GeoIP database', async () => {
    // The previous period's events carry no $geoip_country_code.
    await chooseRange(
      utcDay(Date.parse(`${DAY0}T00:00:00Z`) - 2 * DAY),
      utcDay(Date.parse(`${DAY0}T00:00:00Z`) - DAY),
    );
    await expect
      .poll(() => table('Countries').textContent(), SLOW)
      .toContain('Countries need a GeoIP database: set SIGNPOST_GEOIP_DB.');
    await expect
      .poll(() => rowsOf('Top pages'), SLOW)
      .toEqual([
        ['/', '2', '2', '50%'],
        ['/docs', '1', '1', '–'],
      ]);
  });

  it('fits a 390 px phone without sideways scrolling', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await chooseRange(DAY0, DAY1);
    await expect.poll(() => tile('visitors').textContent(), SLOW).toContain('4');
    await page.locator('.web-table table').first().waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await screenshot(page, 'web-analytics-390');
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
