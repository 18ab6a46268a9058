import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PERSONAL_KEY, type TestServer } from '../../server/src/testing/test-server.ts';
import { hasChromium, openAppPage, screenshot, signIn } from './app-page.ts';
import { startWebServer } from './seeded-server.ts';

// Dashboard tiles moved and resized with real mouse events in Debian's Chromium, and by keyboard; the layout the
// grid settles on is saved through the dashboards API (PostHog's per-tile `layouts.sm`) and comes back on reload.

const ADMIN = { email: 'layout@example.com', password: 'correct horse battery' };
// The "User Engagement" template lays its five tiles out two by two, 6 columns by 5 rows each.
const START = {
  'Daily Active Users': { x: 0, y: 0, w: 6, h: 5 },
  'Feature Usage': { x: 6, y: 0, w: 6, h: 5 },
  'Auth Method Split': { x: 0, y: 5, w: 6, h: 5 },
  'Timer Usage': { x: 6, y: 5, w: 6, h: 5 },
  'Export Activity': { x: 0, y: 10, w: 6, h: 5 },
};
type Name = keyof typeof START;
type Layout = { x: number; y: number; w: number; h: number };

let server: TestServer;
let browser: Browser | undefined;
let page: Page;
let pageErrors: string[] = [];
let dashboardId = 0;

async function savedLayouts(): Promise<Map<string, Layout>> {
  const d = await server.api<{ tiles: { insight: { name: string } | null; layouts: { sm: Layout } }[] }>(
    `/api/projects/@current/dashboards/${dashboardId}/`,
  );
  return new Map(d.tiles.map((t) => [t.insight?.name ?? '', pick(t.layouts.sm)]));
}
const pick = ({ x, y, w, h }: Layout): Layout => ({ x, y, w, h });
const saved = async (name: Name) => (await savedLayouts()).get(name);

const item = (name: Name): Locator =>
  page.locator('.grid-stack-item').filter({ has: page.getByRole('region', { name }) });

/** The cell the page shows a tile in, from the grid's own attributes. */
async function shown(name: Name): Promise<Layout> {
  const attrs = await item(name).evaluate((el) =>
    ['gs-x', 'gs-y', 'gs-w', 'gs-h'].map((a) => el.getAttribute(a)),
  );
  const [x, y, w, h] = attrs.map((v) => Number(v ?? 0));
  return { x: x ?? 0, y: y ?? 0, w: w ?? 0, h: h ?? 0 };
}

async function box(locator: Locator) {
  await locator.waitFor({ state: 'visible' });
  const b = await locator.boundingBox();
  if (!b) throw new Error('not visible');
  return b;
}

/** Presses at `from`, moves in small steps as a hand does (the grid snaps on the way), releases at `to`. */
async function drag(from: { x: number; y: number }, to: { x: number; y: number }) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 12 });
  await page.mouse.up();
}

describe.skipIf(!hasChromium())('dashboard tiles by drag, resize and keyboard in Chromium', () => {
  beforeAll(async () => {
    server = await startWebServer(ADMIN);
    const r = await fetch(`${server.url}/api/projects/@current/dashboards/`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_PERSONAL_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ use_template: 'user-engagement' }),
    });
    expect(r.status).toBe(201);
    dashboardId = ((await r.json()) as { id: number }).id;
    ({ browser, page, pageErrors } = await openAppPage({ viewport: { width: 1280, height: 1500 } }));
    await page.goto(`${server.url}/dashboards/${dashboardId}`);
    await signIn(page, ADMIN);
    await page.locator('.grid-stack-item').nth(4).waitFor();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('drags a tile onto its neighbour, resizes another from its corner, and keeps both after a reload', async () => {
    for (const name of Object.keys(START) as Name[]) expect(await shown(name)).toEqual(START[name]);
    const grid = await box(page.locator('.dashboard-grid'));
    const column = grid.width / 12;
    const row = 68;

    // Drag "Daily Active Users" by its header six columns right: it takes "Feature Usage"'s place, which moves left.
    const head = await box(page.getByRole('region', { name: 'Daily Active Users' }).locator('.tile-head'));
    const grab = { x: head.x + head.width / 2, y: head.y + 10 };
    await drag(grab, { x: grab.x + 6 * column, y: grab.y });
    await expect.poll(() => saved('Daily Active Users')).toEqual({ x: 6, y: 0, w: 6, h: 5 });
    expect(await saved('Feature Usage')).toEqual({ x: 0, y: 0, w: 6, h: 5 });

    // Resize "Auth Method Split" from its bottom-right corner by two columns and two rows.
    await item('Auth Method Split').hover();
    const corner = await box(item('Auth Method Split').locator('.ui-resizable-se'));
    const at = { x: corner.x + corner.width / 2, y: corner.y + corner.height / 2 };
    await drag(at, { x: at.x + 2 * column, y: at.y + 2 * row });
    await expect.poll(() => saved('Auth Method Split')).toEqual({ x: 0, y: 5, w: 8, h: 7 });
    // "Timer Usage" was in the way of the wider tile: the grid pushed it below, and that is saved too.
    const timer = await saved('Timer Usage');
    expect(timer?.y).toBeGreaterThanOrEqual(12);
    await screenshot(page, 'dashboard-dragged-resized');

    await page.reload();
    await page.locator('.grid-stack-item').nth(4).waitFor();
    const after = await savedLayouts();
    for (const name of Object.keys(START) as Name[]) expect(await shown(name)).toEqual(after.get(name));
    expect(await shown('Auth Method Split')).toEqual({ x: 0, y: 5, w: 8, h: 7 });
    expect(await shown('Daily Active Users')).toEqual({ x: 6, y: 0, w: 6, h: 5 });
    // The tile's card fills the cell it was resized to.
    const card = await box(page.getByRole('region', { name: 'Auth Method Split' }));
    expect(Math.abs(card.width - 8 * column + 12)).toBeLessThan(3);
    expect(Math.abs(card.height - (7 * row - 12))).toBeLessThan(3);
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('moves and resizes by keyboard, keeping focus on the control', async () => {
    const before = await shown('Export Activity');
    const narrower = page.getByRole('button', { name: 'Narrower Export Activity' });
    await narrower.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => saved('Export Activity')).toEqual({ ...before, w: before.w - 1 });
    expect(await narrower.evaluate((el) => el === document.activeElement)).toBe(true);

    const grip = page.getByRole('button', { name: 'Move Export Activity', exact: true });
    await grip.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect
      .poll(() => saved('Export Activity'))
      .toEqual({ ...before, x: before.x + 2, w: before.w - 1 });
    await expect.poll(() => grip.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.reload();
    await page.locator('.grid-stack-item').nth(4).waitFor();
    expect(await shown('Export Activity')).toEqual({ ...before, x: before.x + 2, w: before.w - 1 });
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
