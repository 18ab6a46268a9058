import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../server/src/testing/test-server.ts';
import { hasChromium, openAppPage, screenshot, signIn } from './app-page.ts';
import { sendBatch, startWebServer, waitForEvents } from './seeded-server.ts';

// The persons list past its first page in Debian's Chromium: a total, paging to the end and back, and a search
// that starts from its own first page.

const ADMIN = { email: 'persons@example.com', password: 'correct horse battery' };
const PEOPLE = 230;
const id = (n: number) => `person-${String(n).padStart(3, '0')}`;

let server: TestServer;
let browser: Browser | undefined;
let page: Page;
let pageErrors: string[] = [];

describe.skipIf(!hasChromium())('persons list in Chromium', () => {
  beforeAll(async () => {
    server = await startWebServer(ADMIN);
    const events = Array.from({ length: PEOPLE }, (_, n) => ({
      event: '$identify',
      distinct_id: id(n),
      properties: { $set: { email: `${id(n)}@example.com` } },
    }));
    await sendBatch(server, events);
    await waitForEvents(server, PEOPLE);
    ({ browser, page, pageErrors } = await openAppPage({ viewport: { width: 1280, height: 900 } }));
    await page.goto(`${server.url}/persons`);
    await signIn(page, ADMIN);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const summary = () => page.getByRole('navigation', { name: 'Pages of persons' }).locator('span');
  const rows = () => page.locator('table.table tbody tr');

  it('shows the total and pages through every person', async () => {
    await expect.poll(() => summary().textContent()).toBe(`1–100 of ${PEOPLE} persons`);
    expect(await rows().count()).toBe(100);
    const pager = page.getByRole('navigation', { name: 'Pages of persons' });
    expect(await pager.getByRole('button', { name: 'Previous' }).isDisabled()).toBe(true);
    await pager.getByRole('button', { name: 'Next' }).click();
    await expect.poll(() => summary().textContent()).toBe(`101–200 of ${PEOPLE} persons`);
    await pager.getByRole('button', { name: 'Last' }).click();
    await expect.poll(() => summary().textContent()).toBe(`201–230 of ${PEOPLE} persons`);
    expect(await rows().count()).toBe(30);
    expect(await pager.getByRole('button', { name: 'Next' }).isDisabled()).toBe(true);
    await screenshot(page, 'persons-last-page');

    // Every person appears once across the pages.
    const seen = new Set<string>();
    for (const offset of [0, 100, 200]) {
      const listed = await server.api<{ results: { distinct_ids: string[] }[] }>(
        `/api/projects/@current/persons/?limit=100&offset=${offset}`,
      );
      for (const p of listed.results) for (const d of p.distinct_ids) seen.add(d);
    }
    expect(seen.size).toBe(PEOPLE);

    await page.getByLabel('Search persons').fill('person-01');
    await expect.poll(() => summary().textContent()).toBe('1–10 of 10 persons');
    expect(await pager.getByRole('button', { name: 'Next' }).isDisabled()).toBe(true);
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
