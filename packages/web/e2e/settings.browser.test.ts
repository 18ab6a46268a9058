import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../server/src/testing/test-server.ts';
import { hasChromium, openAppPage, screenshot, signIn } from './app-page.ts';
import { startWebServer } from './seeded-server.ts';

// The "Project" form on /settings in Debian's Chromium against a real Signpost: the timezone chosen in the
// select is what the API (personal key) reports afterwards, and a name the server refuses shows its detail.

const ADMIN = { email: 'settings@example.com', password: 'correct horse battery' };

interface ProjectJson {
  name: string;
  timezone: string;
}

let server: TestServer;
let browser: Browser | undefined;
let page: Page;
let pageErrors: string[] = [];

const form = () => page.getByRole('form', { name: 'Project' });
const current = () => server.api<ProjectJson>('/api/projects/@current/');

describe.skipIf(!hasChromium())('project settings in Chromium', () => {
  beforeAll(async () => {
    server = await startWebServer(ADMIN);
    ({ browser, page, pageErrors } = await openAppPage({ viewport: { width: 1280, height: 900 } }));
    await page.goto(`${server.url}/settings`);
    await signIn(page, ADMIN);
    await page.getByRole('heading', { name: 'Project', exact: true }).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('saves Europe/Berlin from the timezone select, and the API reports it', async () => {
    const zone = page.getByLabel('Timezone');
    expect(await zone.inputValue()).toBe((await current()).timezone);
    expect(await zone.locator('option[value="Europe/Berlin"]').count()).toBe(1);
    await zone.selectOption('Europe/Berlin');
    await form().getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => form().getByRole('status').textContent()).toContain('Europe/Berlin');
    expect((await current()).timezone).toBe('Europe/Berlin');
    await screenshot(page, 'settings-timezone');

    await page.reload();
    await expect.poll(() => page.getByLabel('Timezone').inputValue()).toBe('Europe/Berlin');
  });

  it("shows the server's detail for a blank name, then renames the project", async () => {
    const before = (await current()).name;
    const name = page.getByLabel('Project name');
    await name.fill('   ');
    await form().getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => form().getByRole('alert').textContent()).toContain('Field "name" is invalid');
    expect((await current()).name).toBe(before);

    await name.fill('Acme web');
    await form().getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => form().getByRole('status').textContent()).toContain('Saved');
    expect(await current()).toMatchObject({ name: 'Acme web', timezone: 'Europe/Berlin' });
    expect(await page.locator('.page-header').textContent()).toContain('Acme web');
    expect(pageErrors).toEqual([]);
  });
});
