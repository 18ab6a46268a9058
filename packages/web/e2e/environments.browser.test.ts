import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  TEST_PERSONAL_KEY,
  TEST_PROJECT_KEY,
  type TestServer,
} from '../../server/src/testing/test-server.ts';
import { hasChromium, openAppPage, screenshot, signIn } from './app-page.ts';
import { startWebServer } from './seeded-server.ts';

// Projects and environments in Debian's Chromium against a real Signpost: add a staging environment in
// settings, switch to it in the header, turn a flag on there (no question asked), check that production's
// switch and /flags with production's key did not move, then promote staging's settings to production and
// see /flags with production's key turn the flag on.

const ADMIN = { email: 'environments@example.com', password: 'correct horse battery' };
const FLAG_KEY = 'new-checkout';

interface Env {
  id: number;
  name: string;
  api_token: string;
  production: boolean;
}

let server: TestServer;
let browser: Browser | undefined;
let page: Page;
let pageErrors: string[] = [];
let flagId = 0;

async function send<T>(path: string, method: string, body?: unknown): Promise<T> {
  const r = await fetch(`${server.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_PERSONAL_KEY}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!r.ok) throw new Error(`${method} ${path} → ${r.status} ${await r.text()}`);
  return (await r.json()) as T;
}

/** What an SDK holding this environment's public key gets for the flag. */
async function enabledFor(token: string): Promise<boolean> {
  const r = await fetch(`${server.url}/flags/?v=2`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ api_key: token, distinct_id: 'user-1' }),
  });
  const body = (await r.json()) as { flags: Record<string, { enabled: boolean }> };
  return body.flags[FLAG_KEY]?.enabled ?? false;
}

const environments = () =>
  send<{ results: Env[] }>('/api/projects/@current/environments/', 'GET').then((r) => r.results);
const activeIn = (environmentId: number) =>
  send<{ active: boolean }>(`/api/projects/${environmentId}/feature_flags/${flagId}/`, 'GET').then(
    (f) => f.active,
  );
const bar = () => page.getByTestId('env-bar');

describe.skipIf(!hasChromium())('projects and environments in Chromium', () => {
  beforeAll(async () => {
    server = await startWebServer(ADMIN);
    const flag = await send<{ id: number }>('/api/projects/@current/feature_flags/', 'POST', {
      key: FLAG_KEY,
      name: 'New checkout',
      active: false,
      filters: { groups: [{ properties: [], rollout_percentage: 100 }] },
    });
    flagId = flag.id;
    ({ browser, page, pageErrors } = await openAppPage({ viewport: { width: 1280, height: 900 } }));
    await page.goto(`${server.url}/settings`);
    await signIn(page, ADMIN);
    await page.getByRole('heading', { name: /^Environments of/ }).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('marks production in the header and adds a staging environment with its own key', async () => {
    expect(await bar().getAttribute('class')).toContain('production');
    expect(await page.getByTestId('production-badge').textContent()).toBe('PRODUCTION');
    await page.getByLabel('New environment').fill('staging');
    await page.getByRole('button', { name: 'Add environment' }).click();
    await page.getByTestId('environment-staging').waitFor();
    const staging = (await environments()).find((e) => e.name === 'staging');
    expect(staging?.production).toBe(false);
    expect(await page.getByLabel('Key of staging').inputValue()).toBe(staging?.api_token);
    expect(staging?.api_token).not.toBe(TEST_PROJECT_KEY);
    await screenshot(page, 'environments-settings');
  });

  it('switches to staging from the header: the production marking goes away', async () => {
    const staging = (await environments()).find((e) => e.name === 'staging');
    await bar().getByLabel('Switch environment').selectOption(String(staging?.id));
    await expect.poll(() => bar().getAttribute('data-environment')).toBe('staging');
    expect(await bar().getAttribute('class')).not.toContain('production');
    expect(await page.getByTestId('production-badge').count()).toBe(0);
    const me = await fetch(`${server.url}/api/users/@me/`, {
      headers: { cookie: (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ') },
    });
    expect(((await me.json()) as { team: { name: string } }).team.name).toBe('staging');
    // The settings page now shows staging's key as the current one.
    expect(await page.getByLabel('Project API key').inputValue()).toBe(staging?.api_token);
  });

  it('turns the flag on in staging only, and asks before touching production', async () => {
    const all = await environments();
    const prod = all.find((e) => e.name === 'production') as Env;
    const stag = all.find((e) => e.name === 'staging') as Env;
    await page.goto(`${server.url}/feature_flags/${flagId}`);
    const stagingSwitch = page.getByRole('switch', { name: `${FLAG_KEY} in staging` });
    await stagingSwitch.click();
    await expect.poll(() => stagingSwitch.getAttribute('aria-checked')).toBe('true');
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect(await activeIn(stag.id)).toBe(true);
    expect(await activeIn(prod.id)).toBe(false);
    expect(await enabledFor(stag.api_token)).toBe(true);
    expect(await enabledFor(prod.api_token)).toBe(false);

    await page.getByRole('switch', { name: `${FLAG_KEY} in production` }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('PRODUCTION');
    await screenshot(page, 'environments-production-confirm');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await activeIn(prod.id)).toBe(false);
    expect(
      await page.getByRole('switch', { name: `${FLAG_KEY} in production` }).getAttribute('aria-checked'),
    ).toBe('false');
    await screenshot(page, 'environments-flag-columns');
  });

  it('shows the difference and promotes staging to production', async () => {
    const prod = (await environments()).find((e) => e.name === 'production') as Env;
    await page.goto(`${server.url}/feature_flags/promote`);
    const item = page.getByTestId(`diff-${FLAG_KEY}`);
    await item.waitFor();
    expect(await page.getByLabel('From').inputValue()).not.toBe(String(prod.id));
    expect(await page.getByLabel('To').inputValue()).toBe(String(prod.id));
    expect(await item.locator('tr[data-field="active"]').textContent()).toBe('Enabledonoff');
    await item.getByRole('checkbox').check();
    await page.getByLabel(/^Reason/).fill('QA signed off in staging');
    await screenshot(page, 'environments-diff');
    await page.getByRole('button', { name: 'Promote 1 flag to production' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain(FLAG_KEY);
    expect(await activeIn(prod.id)).toBe(true);
    expect(await enabledFor(prod.api_token)).toBe(true);
    await page.getByTestId('no-differences').waitFor();
    await screenshot(page, 'environments-promoted');
    expect(pageErrors).toEqual([]);
  });

  it("shows the server's refusal when payload shapes differ, and promotes nothing", async () => {
    const all = await environments();
    const prod = all.find((e) => e.name === 'production') as Env;
    const stag = all.find((e) => e.name === 'staging') as Env;
    const banner = await send<{ id: number }>(`/api/projects/${prod.id}/feature_flags/`, 'POST', {
      key: 'pricing-banner',
      active: true,
      filters: { groups: [{ properties: [], rollout_percentage: 100 }], payloads: { true: '"Spring sale"' } },
    });
    await send(`/api/projects/${stag.id}/feature_flags/${banner.id}/`, 'PATCH', {
      filters: {
        groups: [{ properties: [], rollout_percentage: 100 }],
        payloads: { true: '{"text":"Spring"}' },
      },
    });
    await page.goto(`${server.url}/feature_flags/promote`);
    const item = page.getByTestId('diff-pricing-banner');
    await item.waitFor();
    expect(await item.locator('tr[data-field="filters.payloads"]').textContent()).toContain('Payloads');
    await item.getByRole('checkbox').check();
    await page.getByLabel(/^Reason/).fill('try it');
    await page.getByRole('button', { name: 'Promote 1 flag to production' }).click();
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.textContent()).toContain('pricing-banner');
    expect(await alert.textContent()).toContain('filters.payloads.true');
    await screenshot(page, 'environments-promote-refused');
    const inProd = await send<{ filters: { payloads: Record<string, string> } }>(
      `/api/projects/${prod.id}/feature_flags/${banner.id}/`,
      'GET',
    );
    expect(inProd.filters.payloads.true).toBe('"Spring sale"');
  });

  it('creates a project, switches to it, and deletes it past a running experiment with force', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${server.url}/settings`);
    await page.getByLabel('Name of a new project').fill('Acme mobile');
    await page.getByRole('button', { name: 'Create project' }).click();
    const projectPick = bar().getByLabel('Switch project');
    await expect.poll(() => projectPick.locator('option').allTextContents()).toContain('Acme mobile');
    const mobile = (
      await send<{ results: { id: number; name: string }[] }>('/api/projects/', 'GET')
    ).results.find((p) => p.name === 'Acme mobile');
    expect(mobile).toBeDefined();
    // A running experiment in it makes the server ask for force.
    const experiments = `/api/projects/${mobile?.id}/experiments`;
    const experiment = await send<{ id: number }>(`${experiments}/`, 'POST', {
      name: 'Mobile onboarding',
      feature_flag_key: 'mobile-onboarding',
      metrics: [{ metric_type: 'funnel', series: [{ event: 'signed_up' }] }],
    });
    await send(`${experiments}/${experiment.id}/`, 'PATCH', { start_date: new Date().toISOString() });

    await projectPick.selectOption({ label: 'Acme mobile' });
    await expect
      .poll(() => page.getByRole('heading', { name: /^Environments of/ }).textContent())
      .toBe('Environments of Acme mobile');
    expect(await bar().getAttribute('class')).toContain('production');
    expect(await page.getByTestId('production-badge').count()).toBe(1);

    await page.getByTestId(`project-${mobile?.id}`).getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog');
    const confirm = dialog.getByRole('button', { name: 'Delete project' });
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByLabel('Name of the project to delete').fill('Acme mobile');
    await confirm.click();
    await expect.poll(() => dialog.getByRole('alert').textContent()).toContain('running experiments');
    await screenshot(page, 'environments-delete-force');
    await dialog.getByRole('button', { name: /Delete anyway/ }).click();
    // Deleting the current project moves the member back to the one left.
    await expect
      .poll(() => page.getByRole('heading', { name: /^Environments of/ }).textContent())
      .toBe('Environments of Default project');
    const left = (await send<{ results: { name: string }[] }>('/api/projects/', 'GET')).results;
    expect(left.map((p) => p.name)).toEqual(['Default project']);
    expect(pageErrors).toEqual([]);
  });

  it('keeps the bar and the columns inside a phone screen', async () => {
    await page.setViewportSize({ width: 390, height: 800 });
    await page.goto(`${server.url}/feature_flags/${flagId}`);
    await page.getByRole('switch', { name: `${FLAG_KEY} in staging` }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'environments-phone');
    expect(pageErrors).toEqual([]);
  });
});
