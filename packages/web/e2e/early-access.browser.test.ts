import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../server/src/testing/test-server.ts';
import { hasChromium, openAppPage, screenshot, signIn } from './app-page.ts';
import { startWebServer } from './seeded-server.ts';

// The Early access screen in Debian's Chromium against a real Signpost: create (with its new flag), change the
// stage, delete; each step checked on the API the screen writes to.

const ADMIN = { email: 'eaf@example.com', password: 'correct horse battery' };
const API = '/api/projects/@current/early_access_feature/';

let server: TestServer;
let browser: Browser | undefined;
let page: Page;
let pageErrors: string[] = [];

type Listed = {
  results: { id: number; name: string; stage: string; feature_flag: { key: string } | null }[];
};

describe.skipIf(!hasChromium())('early access screen in Chromium', () => {
  beforeAll(async () => {
    server = await startWebServer(ADMIN);
    ({ browser, page, pageErrors } = await openAppPage({ viewport: { width: 1280, height: 900 } }));
    await page.goto(`${server.url}/early_access_features`);
    await signIn(page, ADMIN);
    await page.getByRole('heading', { name: 'No early access features yet' }).waitFor();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('creates a feature with its flag, moves it to beta, and deletes it', async () => {
    await page.getByLabel('Name', { exact: true }).fill('Dark mode');
    await page.getByLabel('Description').fill('A darker theme');
    await page.getByRole('button', { name: 'Create feature' }).click();
    await page.getByRole('link', { name: 'dark-mode' }).waitFor();
    let listed = await server.api<Listed>(API);
    expect(listed.results).toMatchObject([
      { name: 'Dark mode', stage: 'draft', feature_flag: { key: 'dark-mode' } },
    ]);

    await page.getByLabel('Stage of Dark mode').selectOption('beta');
    await expect.poll(async () => (await server.api<Listed>(API)).results[0]?.stage).toBe('beta');
    await screenshot(page, 'early-access');

    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('button', { name: 'Delete feature' }).click();
    await page.getByRole('heading', { name: 'No early access features yet' }).waitFor();
    listed = await server.api<Listed>(API);
    expect(listed.results).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
