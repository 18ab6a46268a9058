import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PERSONAL_KEY, type TestServer } from '../../server/src/testing/test-server.ts';
import { hasChromium, openAppPage, screenshot, signIn } from './app-page.ts';
import { startWebServer } from './seeded-server.ts';

// The app on a phone's touch screen at 360 and 390 px in Debian's Chromium: the sidebar folds behind a menu button,
// no page scrolls sideways, and a flag's kill switch is two taps from the flags list (the switch, then the confirm).

const ADMIN = { email: 'phone@example.com', password: 'correct horse battery' };

let server: TestServer;

async function createFlag(key: string): Promise<number> {
  const r = await fetch(`${server.url}/api/projects/@current/feature_flags/`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TEST_PERSONAL_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      key,
      name: 'A flag with a long name that wraps on a phone screen',
      active: true,
      filters: { groups: [{ properties: [], rollout_percentage: 100 }] },
    }),
  });
  expect(r.status).toBe(201);
  return ((await r.json()) as { id: number }).id;
}

const flagActive = async (id: number) =>
  (await server.api<{ active: boolean }>(`/api/projects/@current/feature_flags/${id}/`)).active;

/** Nothing on the page is wider than the screen. */
const scrollsSideways = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);

describe.skipIf(!hasChromium())('phone navigation in Chromium', () => {
  beforeAll(async () => {
    server = await startWebServer(ADMIN);
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });

  for (const width of [360, 390]) {
    it(`at ${width} px: menu button, no sideways scroll, kill switch in two taps`, async () => {
      const id = await createFlag(`checkout-redesign-on-phones-${width}`);
      let browser: Browser | undefined;
      try {
        const opened = await openAppPage({ viewport: { width, height: 780 }, hasTouch: true });
        browser = opened.browser;
        const page = opened.page;
        await page.goto(`${server.url}/dashboards`);
        await signIn(page, ADMIN);
        const menu = page.getByRole('button', { name: 'Menu' });
        await menu.waitFor();
        // Folded, the sidebar is one bar, not half the screen, and its links are hidden.
        const barHeight = async () =>
          (await page.getByRole('navigation', { name: 'Main' }).boundingBox())?.height ?? 999;
        expect(await barHeight()).toBeLessThan(70);
        expect(await page.getByRole('link', { name: 'Feature flags' }).isVisible()).toBe(false);
        expect(await scrollsSideways(page)).toBe(false);
        await screenshot(page, `phone-${width}-folded`);

        await menu.tap();
        expect(await menu.getAttribute('aria-expanded')).toBe('true');
        await screenshot(page, `phone-${width}-menu-open`);
        // Escape folds it again and leaves focus on the button.
        await page.getByRole('link', { name: 'Insights' }).focus();
        await page.keyboard.press('Escape');
        expect(await menu.getAttribute('aria-expanded')).toBe('false');
        expect(await menu.evaluate((el) => el === document.activeElement)).toBe(true);

        await menu.tap();
        await page.getByRole('link', { name: 'Feature flags' }).tap();
        await page.waitForURL(/\/feature_flags$/);
        // Opening a page folds the menu.
        expect(await menu.getAttribute('aria-expanded')).toBe('false');

        const toggle = page.getByRole('switch', { name: `Enable checkout-redesign-on-phones-${width}` });
        await toggle.waitFor();
        const at = await toggle.boundingBox();
        expect((at?.x ?? width) + (at?.width ?? 0)).toBeLessThanOrEqual(width);
        expect(await scrollsSideways(page)).toBe(false);
        expect(await barHeight()).toBeLessThan(70);
        await screenshot(page, `phone-${width}-flags`);

        await toggle.tap();
        await page.getByRole('button', { name: 'Disable flag' }).tap();
        await expect.poll(() => flagActive(id)).toBe(false);
        await expect.poll(() => toggle.getAttribute('aria-checked')).toBe('false');
        expect(opened.pageErrors).toEqual([]);
      } finally {
        await browser?.close();
      }
    }, 60_000);
  }
});
