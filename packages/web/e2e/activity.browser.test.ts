import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  TEST_PERSONAL_KEY,
  TEST_PROJECT_KEY,
  type TestServer,
} from '../../server/src/testing/test-server.ts';
import { hasChromium, openAppPage, screenshot, signIn } from './app-page.ts';
import { startWebServer } from './seeded-server.ts';

// The Activity screen in Debian's Chromium against a real Signpost: a bad flag change made over the API
// shows with its diff and reason, one click on Revert restores what /flags answers, and the revert is
// itself listed, attributed to the signed-in member.

const ADMIN = { email: 'auditor@example.com', password: 'correct horse battery' };
const API = '/api/projects/@current';

let server: TestServer;
let browser: Browser | undefined;
let page: Page;
let pageErrors: string[] = [];
let flagId: number;

async function asKey(method: string, path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${TEST_PERSONAL_KEY}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  expect(res.status).toBeLessThan(300);
  return (await res.json()) as { id: number };
}

async function enabledFor(distinctId: string): Promise<boolean | undefined> {
  const res = await fetch(`${server.url}/flags/?v=2`, {
    method: 'POST',
    body: JSON.stringify({ token: TEST_PROJECT_KEY, distinct_id: distinctId }),
  });
  return ((await res.json()) as { flags: Record<string, { enabled: boolean }> }).flags['checkout-v2']
    ?.enabled;
}

const entries = () => page.getByTestId('activity-entry');

describe.skipIf(!hasChromium())('activity log and revert in Chromium', () => {
  beforeAll(async () => {
    server = await startWebServer(ADMIN);
    const rollout = (pct: number) => ({ groups: [{ properties: [], rollout_percentage: pct }] });
    flagId = (await asKey('POST', `${API}/feature_flags/`, { key: 'checkout-v2', filters: rollout(100) })).id;
    await asKey(
      'PATCH',
      `${API}/feature_flags/${flagId}/`,
      { filters: rollout(0) },
      { 'x-signpost-reason': 'cost cut' },
    );
    await asKey('POST', `${API}/cohorts/`, { name: 'Beta', is_static: true, distinct_ids: ['u1'] });
    ({ browser, page, pageErrors } = await openAppPage({ viewport: { width: 1280, height: 900 } }));
    await page.goto(`${server.url}/activity`);
    await signIn(page, ADMIN);
    await page.getByRole('heading', { name: 'Activity', exact: true }).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('lists every change with its diff and reason, and filters by kind', async () => {
    await expect.poll(() => entries().count()).toBe(3);
    const update = entries().filter({ hasText: 'updated' });
    expect(await update.textContent()).toContain('cost cut');
    expect(await update.locator('.change').textContent()).toContain('filters');
    await page.getByLabel('Kind').selectOption('Cohort');
    await expect.poll(() => entries().count()).toBe(1);
    expect(await entries().first().textContent()).toContain('cohort Beta');
    await page.getByLabel('Kind').selectOption('FeatureFlag');
    await expect.poll(() => entries().count()).toBe(2);
  });

  it('reverts the bad change in one click: /flags answers as before, and the revert is logged', async () => {
    expect(await enabledFor('user-1')).toBe(false);
    await entries().filter({ hasText: 'cost cut' }).getByRole('button', { name: 'Revert' }).click();
    await expect.poll(() => page.locator('[data-activity="reverted"]').count()).toBe(1);
    expect(await enabledFor('user-1')).toBe(true);
    const reverted = page.locator('[data-activity="reverted"]');
    expect(await reverted.textContent()).toContain(ADMIN.email);
    await screenshot(page, 'activity-reverted');
    const log = await server.api<{ results: { activity: string; actor: { kind: string } }[] }>(
      `${API}/activity_log/?scope=FeatureFlag&item_id=${flagId}`,
    );
    expect(log.results[0]).toMatchObject({ activity: 'reverted', actor: { kind: 'member' } });
  });

  it("shows the same history on the flag's page", async () => {
    await page.goto(`${server.url}/feature_flags/${flagId}`);
    await page.getByRole('heading', { name: 'History' }).waitFor();
    await expect.poll(() => entries().count()).toBe(3);
    expect(await entries().first().getAttribute('data-activity')).toBe('reverted');
    expect(pageErrors).toEqual([]);
  });
});
