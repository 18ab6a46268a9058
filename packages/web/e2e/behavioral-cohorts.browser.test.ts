import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../server/src/testing/test-server.ts';
import { hasChromium, openAppPage, screenshot, signIn } from './app-page.ts';
import { sendBatch, startWebServer, waitForEvents } from './seeded-server.ts';

// A behavioural cohort built in the editor (a "did event" row next to a property row), its members counted by
// the server, and the flag editor saying that flags read it from a periodically recomputed membership.

const ADMIN = { email: 'behaviour@example.com', password: 'correct horse battery' };
const daysAgo = (d: number) => new Date(Date.now() - d * 86_400_000).toISOString();
const buy = (distinctId: string, ...days: number[]) =>
  days.map((d) => ({ event: 'purchase', distinct_id: distinctId, timestamp: daysAgo(d) }));
const EVENTS = [
  ...['ann', 'ben', 'cat'].map((id) => ({
    event: '$set',
    distinct_id: id,
    timestamp: daysAgo(20),
    properties: { $set: { plan: id === 'cat' ? 'free' : 'pro' } },
  })),
  // Hand-counted: ann 3 purchases in the last 7 days (pro), ben 1 (pro), cat 3 (free).
  ...buy('ann', 1, 2, 3),
  ...buy('ben', 1, 10),
  ...buy('cat', 1, 2, 3),
];

let server: TestServer;
let browser: Browser | undefined;
let page: Page;
let pageErrors: string[] = [];

describe.skipIf(!hasChromium())('behavioural cohorts in Chromium', () => {
  beforeAll(async () => {
    server = await startWebServer(ADMIN);
    await sendBatch(server, EVENTS);
    await waitForEvents(server, EVENTS.length);
    ({ browser, page, pageErrors } = await openAppPage({ viewport: { width: 1280, height: 900 } }));
    await page.goto(`${server.url}/cohorts/new`);
    await signIn(page, ADMIN);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('builds "plan is pro AND did purchase at least 3 times in the last 7 days" and lists its member', async () => {
    await page.getByLabel('Name').fill('Pro repeat buyers');
    await page.getByLabel('Person property').fill('plan');
    await page.getByRole('textbox', { name: 'Value', exact: true }).fill('pro');
    await page.getByRole('button', { name: '+ Behavioural filter' }).click();
    await page.getByLabel('Event').fill('purchase');
    await page.getByLabel('At least (times)').fill('3');
    await page.getByLabel('In the last (days)').fill('7');
    await screenshot(page, 'cohort-behavioural-editor');
    await page.getByRole('button', { name: 'Save cohort' }).click();
    await expect
      .poll(() => page.locator('.page-header').textContent(), { timeout: 10_000 })
      .toContain('1 persons');
    await expect.poll(() => page.locator('table tbody tr').count(), { timeout: 10_000 }).toBe(1);
    expect(await page.locator('table tbody').textContent()).toContain('ann');
    await screenshot(page, 'cohort-behavioural-members');
  }, 30_000);

  it('says in the flag editor that the cohort is a recomputed membership', async () => {
    await server.signpost.cohortMembership?.idle();
    await page.goto(`${server.url}/feature_flags/new`);
    await page.getByRole('button', { name: '+ Cohort' }).first().click();
    await page.getByLabel('Cohort', { exact: true }).selectOption({ label: 'Pro repeat buyers' });
    const note = page.getByTestId('behavioral-cohort-note');
    await expect
      .poll(() => note.textContent(), { timeout: 10_000 })
      .toContain('membership recomputed every 15 minutes, last at');
    expect(await note.textContent()).not.toContain('not yet');
    await screenshot(page, 'flag-behavioural-cohort-note');
    expect(pageErrors).toEqual([]);
  }, 30_000);

  it('edits the cohort: its rows come back filled in, and lowering the count to 1 lets ben in', async () => {
    await page.goto(`${server.url}/cohorts`);
    await page.getByRole('link', { name: 'Pro repeat buyers' }).click();
    await page.getByRole('link', { name: 'Edit' }).click();
    await expect.poll(() => page.getByLabel('Event').inputValue(), { timeout: 10_000 }).toBe('purchase');
    expect(await page.getByLabel('Person property').inputValue()).toBe('plan');
    expect(await page.getByLabel('At least (times)').inputValue()).toBe('3');
    await page.getByLabel('At least (times)').fill('1');
    await page.getByLabel('In the last (days)').fill('14');
    await screenshot(page, 'cohort-behavioural-edit');
    await page.getByRole('button', { name: 'Save cohort' }).click();
    await expect
      .poll(() => page.locator('.page-header').textContent(), { timeout: 10_000 })
      .toContain('2 persons');
    const tbody = (await page.locator('table tbody').textContent()) ?? '';
    expect(tbody).toContain('ann');
    expect(tbody).toContain('ben');
    expect(tbody).not.toContain('cat');
    expect(pageErrors).toEqual([]);
  }, 30_000);
});
