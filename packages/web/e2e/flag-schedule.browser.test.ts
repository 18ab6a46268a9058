import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, TEST_PERSONAL_KEY, type TestServer } from '../../server/src/testing/test-server.ts';
import { hasChromium, openAppPage, screenshot, signIn } from './app-page.ts';
import { ensureWebBuilt } from './build-web.ts';

// The flag page's Schedule card in Debian's Chromium against a real Signpost: a change applied now, a rollout
// plan refused then made, a second plan refused while the first is active, cancelling a change and a plan.

const ADMIN = { email: 'plans@example.com', password: 'correct horse battery' };
const HOUR = 3600e3;

let server: TestServer;
let browser: Browser | undefined;
let page: Page;
let pageErrors: string[] = [];
let flagId = 0;

/** A `datetime-local` value `hours` from now, in this machine's zone (the browser's too). */
function localIn(hours: number): string {
  const d = new Date(Date.now() + hours * HOUR);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

const card = () => page.getByTestId('flag-schedule');
const statuses = () =>
  card()
    .getByTestId('schedule-item')
    .evaluateAll((items) =>
      items.map((i) => `${i.querySelector('strong')?.textContent}:${i.getAttribute('data-status')}`),
    );

describe.skipIf(!hasChromium())('flag schedule in Chromium', () => {
  beforeAll(async () => {
    server = await startTestServer({
      env: {
        SIGNPOST_ADMIN_EMAIL: ADMIN.email,
        SIGNPOST_ADMIN_PASSWORD: ADMIN.password,
        SIGNPOST_WEB_DIR: await ensureWebBuilt(),
      },
    });
    const r = await fetch(`${server.url}/api/projects/@current/feature_flags/`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_PERSONAL_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        key: 'gradual',
        filters: { groups: [{ properties: [], rollout_percentage: 0 }] },
      }),
    });
    flagId = ((await r.json()) as { id: number }).id;
    ({ browser, page, pageErrors } = await openAppPage({ viewport: { width: 1280, height: 1100 } }));
    await page.goto(`${server.url}/feature_flags/${flagId}`);
    await signIn(page, ADMIN);
    await card().waitFor();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('applies a change now and shows it executed; the flag follows', async () => {
    await page.getByLabel('Change', { exact: true }).selectOption('disable');
    await card().getByRole('button', { name: 'Apply now' }).click();
    await expect.poll(statuses).toEqual(['Disable:executed']);
    await expect.poll(() => page.getByTestId('flag-status').textContent()).toBe('Disabled');
  });

  it('refuses a plan out of order, then makes one and refuses a second while it is active', async () => {
    await page.getByLabel('Schedule', { exact: true }).selectOption('plan');
    await page.getByLabel('Step 1 at').fill(localIn(3));
    await page.getByLabel('Step 1 rollout %').fill('10');
    await card().getByRole('button', { name: 'Add step' }).click();
    await page.getByLabel('Step 2 at').fill(localIn(2));
    await page.getByLabel('Step 2 rollout %').fill('50');
    await card().getByRole('button', { name: 'Create plan' }).click();
    await expect.poll(() => card().getByRole('alert').textContent()).toContain('time order');
    expect(await statuses()).toEqual(['Disable:executed']);

    await page.getByLabel('Step 2 at').fill(localIn(26));
    await card().getByRole('button', { name: 'Create plan' }).click();
    await expect
      .poll(statuses)
      .toEqual(['Disable:executed', 'Roll out to 10%:pending', 'Roll out to 50%:pending']);
    await screenshot(page, 'flag-schedule-plan');

    await page.getByLabel('Step 1 at').fill(localIn(5));
    await card().getByRole('button', { name: 'Create plan' }).click();
    await expect
      .poll(() => card().getByRole('alert').textContent())
      .toContain('already has an active rollout plan');
  });

  it('cancels a pending change and the active plan', async () => {
    await page.getByLabel('Schedule', { exact: true }).selectOption('one');
    await page.getByLabel('Change', { exact: true }).selectOption('enable');
    await page.getByLabel('At (empty: now)').fill(localIn(1));
    await card().getByRole('button', { name: 'Schedule', exact: true }).click();
    await expect.poll(statuses).toContain('Enable:pending');
    await card().getByRole('button', { name: 'Cancel Enable' }).click();
    await expect.poll(statuses).toContain('Enable:cancelled');
    await card().getByRole('button', { name: 'Cancel plan' }).click();
    await expect
      .poll(statuses)
      .toEqual([
        'Disable:executed',
        'Enable:cancelled',
        'Roll out to 10%:cancelled',
        'Roll out to 50%:cancelled',
      ]);
    expect(pageErrors).toEqual([]);
  });
});
