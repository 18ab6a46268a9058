import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../server/src/testing/test-server.ts';
import { hasChromium, openAppPage, screenshot, signIn } from './app-page.ts';
import { sendBatch, startWebServer, waitForEvents } from './seeded-server.ts';

// The data card on /settings in Chromium against a real Signpost: it shows what is stored, its form saves what
// the API reports afterwards, and a retention under a day shows the server's refusal.

const ADMIN = { email: 'data@example.com', password: 'correct horse battery' };

let server: TestServer;
let browser: Browser | undefined;
let page: Page;
let pageErrors: string[] = [];

const form = () => page.getByRole('form', { name: 'Data controls' });
const settings = () => server.api<Record<string, unknown>>('/api/projects/@current/data_settings/');

describe.skipIf(!hasChromium())('data settings card in Chromium', () => {
  beforeAll(async () => {
    server = await startWebServer(ADMIN);
    const today = new Date().toISOString();
    await sendBatch(
      server,
      Array.from({ length: 12 }, (_, i) => ({ event: 'pageview', distinct_id: `u${i}`, timestamp: today })),
    );
    await waitForEvents(server, 12);
    ({ browser, page, pageErrors } = await openAppPage({ viewport: { width: 1280, height: 1400 } }));
    await page.goto(`${server.url}/settings`);
    await signIn(page, ADMIN);
    await page.getByRole('heading', { name: 'Data retention & personal data' }).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the stored events and 30 days of growth', async () => {
    await expect.poll(() => page.getByTestId('data-usage-total').textContent()).toContain('12 events stored');
    const bars = page.getByRole('list', { name: 'Events stored per day, last 30 days' }).locator('li');
    expect(await bars.count()).toBe(30);
    expect(await bars.last().getAttribute('aria-label')).toMatch(/: 12 events$/);
  });

  it('refuses a retention under a day with the server’s message, then saves the controls', async () => {
    await page.getByLabel('Keep events for (days)').fill('0');
    await form().getByRole('button', { name: 'Save data controls' }).click();
    await expect.poll(() => form().getByRole('alert').textContent()).toContain('at least 1 day');
    expect((await settings()).event_retention_days).toBeNull();

    await page.getByLabel('IP addresses ($ip)').selectOption('truncate');
    await page.getByLabel('Personal property keys').fill('email, phone');
    await page.getByLabel('Keep events for (days)').fill('90');
    await page.getByLabel('Stale flag after (days)').fill('14');
    await page.getByLabel('Keep daily counts (rollups) of expired events').check();
    await form().getByRole('button', { name: 'Save data controls' }).click();
    await expect.poll(() => form().getByRole('status').textContent()).toContain('Saved');
    expect(await settings()).toEqual({
      ip_handling: 'truncate',
      anonymize_ips: true,
      personal_property_keys: ['email', 'phone'],
      event_retention_days: 90,
      rollups_enabled: true,
      stale_days: 14,
    });
    await screenshot(page, 'settings-data-card');
    await page.reload();
    await expect.poll(() => page.getByLabel('Personal property keys').inputValue()).toBe('email, phone');
    expect(pageErrors).toEqual([]);
  });
});
