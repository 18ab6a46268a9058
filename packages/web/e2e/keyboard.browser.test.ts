import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PERSONAL_KEY, type TestServer } from '../../server/src/testing/test-server.ts';
import { hasChromium, openAppPage, screenshot, signIn } from './app-page.ts';
import { sendBatch, startWebServer, waitForEvents } from './seeded-server.ts';

// The main screens driven by keyboard alone in Debian's Chromium: Tab reaches every control, each one shows a
// focus ring when it gets there, Enter and Space press buttons and switches, Escape closes a dialog and gives
// focus back, and rows of tabs answer the arrow keys.

const ADMIN = { email: 'keys@example.com', password: 'correct horse battery' };

let server: TestServer;
let browser: Browser | undefined;
let page: Page;
let pageErrors: string[] = [];
let flagId = 0;
let dashboardId = 0;

async function post(path: string, body: unknown): Promise<{ id: number }> {
  const r = await fetch(`${server.url}/api/projects/@current/${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TEST_PERSONAL_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(r.status).toBe(201);
  return (await r.json()) as { id: number };
}

interface Walk {
  /** Controls Tab never reached, as "tag: name". */
  missed: string[];
  /** Controls that had focus without a visible indicator. */
  noRing: string[];
  reached: number;
}

/**
 * Presses Tab until focus comes back round to where it started (or 400 presses), marking each element focused and
 * checking its focus ring while focused; then lists the visible, enabled controls that were never reached.
 */
async function tabThrough(): Promise<Walk> {
  await page.evaluate(() => {
    for (const el of document.querySelectorAll('[data-kb]')) el.removeAttribute('data-kb');
    (document.activeElement as HTMLElement | null)?.blur();
  });
  const noRing: string[] = [];
  let first: string | null = null;
  for (let i = 0; i < 400; i++) {
    await page.keyboard.press('Tab');
    const seen = await page.evaluate((n) => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      const already = el.getAttribute('data-kb');
      if (!already) el.setAttribute('data-kb', String(n));
      const s = getComputedStyle(el);
      const ring =
        (s.outlineStyle !== 'none' && Number.parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
      const name = `${el.tagName.toLowerCase()}: ${el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 40) ?? ''}`;
      return { id: already ?? String(n), ring, name };
    }, i);
    if (!seen) continue;
    if (first === null) first = seen.id;
    else if (seen.id === first) break;
    if (!seen.ring && !noRing.includes(seen.name)) noRing.push(seen.name);
  }
  const { missed, reached } = await page.evaluate(() => {
    const controls = [
      ...document.querySelectorAll<HTMLElement>(
        'a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"]), [role="switch"]',
      ),
    ].filter((el) => {
      if ((el as HTMLButtonElement).disabled || el.closest('[inert], fieldset:disabled')) return false;
      if ((el as HTMLInputElement).type === 'hidden') return false;
      const box = el.getBoundingClientRect();
      return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== 'hidden';
    });
    return {
      reached: controls.filter((el) => el.hasAttribute('data-kb')).length,
      missed: controls
        .filter((el) => !el.hasAttribute('data-kb'))
        .map(
          (el) =>
            `${el.tagName.toLowerCase()}: ${el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 40)}`,
        ),
    };
  });
  return { missed, noRing, reached };
}

async function open(path: string, ready: string): Promise<void> {
  await page.goto(`${server.url}${path}`);
  await page.getByRole('heading', { name: ready, exact: true }).first().waitFor();
  // Charts and lists settle before the walk, so what Tab reaches is what a user finds.
  await page.waitForLoadState('networkidle');
}

const focusedName = () =>
  page.evaluate(() => {
    const el = document.activeElement;
    return el?.getAttribute('aria-label') ?? el?.textContent?.trim() ?? '';
  });

describe.skipIf(!hasChromium())('keyboard navigation in Chromium', () => {
  beforeAll(async () => {
    server = await startWebServer(ADMIN);
    const events = ['ann', 'ben', 'cid'].map((id) => ({
      event: '$identify',
      distinct_id: id,
      properties: { $set: { email: `${id}@example.com`, plan: 'pro' } },
    }));
    await sendBatch(server, events);
    await waitForEvents(server, events.length);
    flagId = (
      await post('feature_flags/', {
        key: 'keyboard-flag',
        active: true,
        filters: { groups: [{ properties: [], rollout_percentage: 50 }] },
      })
    ).id;
    dashboardId = (await post('dashboards/', { use_template: 'user-engagement' })).id;
    await post('cohorts/', {
      name: 'Pro users',
      filters: {
        properties: {
          type: 'OR',
          values: [
            { type: 'AND', values: [{ key: 'plan', value: 'pro', type: 'person', operator: 'exact' }] },
          ],
        },
      },
    });
    ({ browser, page, pageErrors } = await openAppPage({ viewport: { width: 1280, height: 900 } }));
    await page.goto(`${server.url}/feature_flags`);
    await signIn(page, ADMIN);
    await page.getByRole('heading', { name: 'Feature flags' }).waitFor();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const screens: [string, () => string, string][] = [
    ['flags list', () => '/feature_flags', 'Feature flags'],
    ['flag editor', () => `/feature_flags/${flagId}/edit`, 'Edit keyboard-flag'],
    ['dashboard', () => `/dashboards/${dashboardId}`, 'User Engagement'],
    ['insight builder', () => '/insights/new', 'New insight'],
    ['cohorts', () => '/cohorts', 'Cohorts'],
    ['persons', () => '/persons', 'Persons'],
    ['settings', () => '/settings', 'Project settings'],
  ];
  for (const [label, path, heading] of screens) {
    it(`${label}: Tab reaches every control, each with a focus ring`, async () => {
      await open(path(), heading);
      const walk = await tabThrough();
      expect(walk.missed).toEqual([]);
      expect(walk.noRing).toEqual([]);
      expect(walk.reached).toBeGreaterThan(10);
      expect(pageErrors).toEqual([]);
    }, 60_000);
  }

  it('Space flips a flag switch into its confirm dialog, Escape closes it and gives focus back', async () => {
    await open('/feature_flags', 'Feature flags');
    const toggle = page.getByRole('switch', { name: 'Enable keyboard-flag' });
    await toggle.focus();
    await page.keyboard.press('Space');
    const dialog = page.getByRole('dialog', { name: 'Disable keyboard-flag' });
    await dialog.waitFor();
    await screenshot(page, 'keyboard-kill-switch-dialog');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await toggle.evaluate((el) => el === document.activeElement)).toBe(true);
    // Enter opens it too, and pressing the focused confirm button with Enter switches the flag off.
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    await page.getByRole('button', { name: 'Disable flag' }).focus();
    await page.keyboard.press('Enter');
    await expect
      .poll(
        async () =>
          (await server.api<{ active: boolean }>(`/api/projects/@current/feature_flags/${flagId}/`)).active,
      )
      .toBe(false);
  }, 60_000);

  it('the insight type tabs move with the arrow keys, Home and End', async () => {
    await open('/insights/new', 'New insight');
    const tabs = page.getByRole('tablist', { name: 'Insight type' }).getByRole('tab');
    const first = tabs.first();
    await first.focus();
    const names = await tabs.allTextContents();
    await page.keyboard.press('ArrowRight');
    expect(await focusedName()).toBe(names[1]);
    await expect.poll(() => tabs.nth(1).getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('End');
    expect(await focusedName()).toBe(names.at(-1));
    await page.keyboard.press('ArrowRight');
    expect(await focusedName()).toBe(names[0]);
    await expect.poll(() => first.getAttribute('aria-selected')).toBe('true');
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('on a phone, Enter opens the menu and Escape closes it onto its button', async () => {
    await page.setViewportSize({ width: 390, height: 800 });
    await open('/persons', 'Persons');
    const menu = page.getByRole('button', { name: 'Menu' });
    await menu.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('link', { name: 'Cohorts' }).waitFor();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Escape');
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await menu.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.setViewportSize({ width: 1280, height: 900 });
  }, 60_000);
});
