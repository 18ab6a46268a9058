import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PERSONAL_KEY, type TestServer } from '../../server/src/testing/test-server.ts';
import { MARK_COLOR } from '../src/charts/annotation-marks.ts';
import { hasChromium, openAppPage, screenshot, signIn } from './app-page.ts';
import { sendBatch, startWebServer, waitForEvents } from './seeded-server.ts';

// Annotations in Debian's Chromium against a real Signpost: one made by clicking a bucket of a trends chart,
// then seen as a mark on the dashboard tile of the same insight, then edited and deleted on the Annotations screen.

const ADMIN = { email: 'notes@example.com', password: 'correct horse battery' };
const API = '/api/projects/@current';

let server: TestServer;
let browser: Browser | undefined;
let page: Page;
let pageErrors: string[] = [];
let insightId = 0;
let dashboardId = 0;

type Listed = {
  count: number;
  results: { id: number; content: string; date_marker: string; created_by: string }[];
};

async function post<T>(path: string, body: unknown): Promise<T> {
  const res = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TEST_PERSONAL_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`POST ${path} → ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

const day = (daysAgo: number) => {
  const d = new Date();
  d.setUTCHours(12, 0, 0, 0);
  d.setUTCDate(d.getUTCDate() - daysAgo);
  return d;
};

describe.skipIf(!hasChromium())('annotations in Chromium', () => {
  beforeAll(async () => {
    server = await startWebServer(ADMIN);
    const events = [6, 5, 5, 4, 3, 3, 3, 2, 1, 0].map((ago, i) => ({
      event: 'signed up',
      distinct_id: `user-${i}`,
      timestamp: day(ago).toISOString(),
    }));
    await sendBatch(server, events);
    await waitForEvents(server, events.length);
    const insight = await post<{ id: number; query: unknown }>(`${API}/insights/`, {
      name: 'Signups',
      query: {
        kind: 'InsightVizNode',
        source: {
          kind: 'TrendsQuery',
          series: [{ kind: 'EventsNode', event: 'signed up' }],
          interval: 'day',
          dateRange: { date_from: '-6d' },
          trendsFilter: { display: 'ActionsLineGraph' },
        },
      },
    });
    insightId = insight.id;
    // A note pinned to another insight, dated inside the chart's range: never marked on this one's charts.
    const other = await post<{ id: number }>(`${API}/insights/`, { name: 'Other', query: insight.query });
    await post(`${API}/annotations/`, {
      content: 'Only on Other',
      date_marker: day(2),
      dashboard_item: other.id,
    });
    dashboardId = (
      await post<{ id: number }>(`${API}/dashboards/`, { name: 'Growth', tiles: [{ insight: insightId }] })
    ).id;
    ({ browser, page, pageErrors } = await openAppPage({ viewport: { width: 1280, height: 900 } }));
    await page.goto(`${server.url}/insights/${insightId}`);
    await signIn(page, ADMIN);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('adds an annotation by clicking a bucket of the trends chart, then shows its mark on the dashboard tile', async () => {
    const chart = page.locator('.result-panel .chart[data-ready="true"]');
    await chart.locator('svg').waitFor();
    await expect.poll(() => chart.locator('svg path').count()).toBeGreaterThan(2);
    // Seven daily buckets across the plot: a click a little right of the middle lands on the fourth (3 days ago).
    const box = await chart.boundingBox();
    if (!box) throw new Error('the chart has no box');
    await page.mouse.click(box.x + box.width * 0.52, box.y + box.height * 0.5);
    const form = page.getByRole('form', { name: 'Add annotation' });
    await form.getByRole('textbox').fill('TimeTracker 2.9.0 released');
    await form.getByRole('button', { name: 'Add annotation' }).click();
    await form.waitFor({ state: 'detached' });

    const listed = await server.api<Listed>(`${API}/annotations/?search=TimeTracker`);
    expect(listed.results.map((a) => a.content)).toEqual(['TimeTracker 2.9.0 released']);
    const marker = new Date(listed.results[0]?.date_marker ?? '');
    // The bucket's start: a UTC midnight within the chart's week.
    expect(marker.getUTCHours()).toBe(0);
    expect(Date.now() - marker.getTime()).toBeLessThan(7 * 86_400_000);
    expect(listed.results[0]?.created_by).toBe(ADMIN.email);
    // The insight's own chart is marked at once, without a reload.
    await expect
      .poll(() => page.locator('.result-panel .annotated-chart').getAttribute('data-annotations'))
      .toBe('1');

    await page.goto(`${server.url}/dashboards/${dashboardId}`);
    const tile = page.locator('.tile-body .annotated-chart[data-annotations="1"]');
    await tile.waitFor();
    const drawing = tile.locator('.chart[data-ready="true"]');
    expect(await drawing.getAttribute('aria-label')).toContain(
      `Annotations: ${'' /* bucket label */}`.trim(),
    );
    expect(await drawing.getAttribute('aria-label')).toContain(
      'TimeTracker 2.9.0 released (notes@example.com)',
    );
    // The mark itself: ECharts draws it as a path filled with the annotation colour.
    await expect
      .poll(() => drawing.locator(`svg path[fill="${MARK_COLOR}"]`).count(), { timeout: 8000 })
      .toBe(1);
    await drawing.locator(`svg path[fill="${MARK_COLOR}"]`).hover();
    await expect.poll(() => tile.textContent()).toContain('TimeTracker 2.9.0 released (notes@example.com)');
    await screenshot(page, 'annotations-dashboard-tile');
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('edits and deletes it on the Annotations screen', async () => {
    await page.getByRole('link', { name: 'Annotations' }).click();
    await page.getByRole('cell', { name: 'TimeTracker 2.9.0 released', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Edit "TimeTracker 2.9.0 released"' }).click();
    await page.getByLabel('Annotation text').fill('TimeTracker 2.9.1 released');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('cell', { name: 'TimeTracker 2.9.1 released', exact: true }).waitFor();
    expect((await server.api<Listed>(`${API}/annotations/?search=TimeTracker`)).results[0]?.content).toBe(
      'TimeTracker 2.9.1 released',
    );
    await screenshot(page, 'annotations-screen');

    await page.getByRole('button', { name: 'Delete "TimeTracker 2.9.1 released"' }).click();
    await page.getByRole('button', { name: 'Delete annotation' }).click();
    await page
      .getByRole('cell', { name: 'TimeTracker 2.9.1 released', exact: true })
      .waitFor({ state: 'detached' });
    expect((await server.api<Listed>(`${API}/annotations/`)).results.map((a) => a.content)).toEqual([
      'Only on Other',
    ]);
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
