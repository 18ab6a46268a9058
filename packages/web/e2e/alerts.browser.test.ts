import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../server/src/testing/test-server.ts';
import { TEST_PERSONAL_KEY } from '../../server/src/testing/test-server.ts';
import { hasChromium, openAppPage, screenshot, signIn } from './app-page.ts';
import { sendBatch, startWebServer, waitForEvents } from './seeded-server.ts';

// The Alerts card on a saved trends insight and the Guardrails card on a flag page, in Chromium against a real
// Signpost: a refused alert shows the server's reason and saves nothing, a saved one shows its state after a
// check, and a critical guardrail crossed by the flag's users' errors shows Firing with the flag turned off.

const ADMIN = { email: 'alerts@example.com', password: 'correct horse battery' };
const P = '/api/projects/@current';

let server: TestServer;
let browser: Browser | undefined;
let page: Page;
let pageErrors: string[] = [];
let flagId = 0;
let insightId = 0;

async function admin(method: string, path: string, body?: unknown) {
  const r = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${TEST_PERSONAL_KEY}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(r.ok).toBe(true);
  return (await r.json()) as Record<string, unknown>;
}

const card = (name: string) =>
  page.locator('section', { has: page.getByRole('heading', { name, exact: true }) });

describe.skipIf(!hasChromium())('alerts and guardrails in Chromium', () => {
  beforeAll(async () => {
    server = await startWebServer(ADMIN);
    flagId = Number(
      (
        await admin('POST', `${P}/feature_flags/`, {
          key: 'risky-flag',
          filters: { groups: [{ properties: [], rollout_percentage: 100 }] },
        })
      ).id,
    );
    insightId = Number(
      (
        await admin('POST', `${P}/insights/`, {
          name: 'Errors',
          query: {
            kind: 'InsightVizNode',
            source: {
              kind: 'TrendsQuery',
              series: [{ kind: 'EventsNode', event: '$exception' }],
              interval: 'hour',
            },
          },
        })
      ).id,
    );
    const on = { '$feature/risky-flag': true };
    await sendBatch(server, [
      { event: '$pageview', distinct_id: 'a', properties: on },
      { event: '$pageview', distinct_id: 'b', properties: on },
      { event: '$exception', distinct_id: 'a', properties: on },
      { event: '$exception', distinct_id: 'b', properties: on },
    ]);
    await waitForEvents(server, 4);
    ({ browser, page, pageErrors } = await openAppPage({ viewport: { width: 1280, height: 1200 } }));
    await page.goto(`${server.url}/insights/${insightId}`);
    await signIn(page, ADMIN);
    await page.getByRole('heading', { name: 'Alerts', exact: true }).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows why an alert is refused, then saves one and shows its state after a check', async () => {
    await card('Alerts').getByRole('button', { name: 'Add alert' }).click();
    await expect.poll(() => card('Alerts').getByRole('alert').textContent()).toContain('bounds');
    expect((await admin('GET', `${P}/alerts/`)).count).toBe(0);

    await card('Alerts').getByLabel('Threshold').fill('1000');
    await card('Alerts').getByRole('button', { name: 'Add alert' }).click();
    await expect
      .poll(() => card('Alerts').getByRole('list', { name: 'Alerts' }).textContent())
      .toContain('value above 1000');
    expect(await server.signpost.alertChecks.runDue()).toBe(1);
    await page.reload();
    await expect
      .poll(() => card('Alerts').getByRole('list', { name: 'Alerts' }).textContent())
      .toContain('Not firing');
    await screenshot(page, 'insight-alerts');
  });

  it('adds a critical guardrail on the flag page; crossed, it shows Firing and the flag is off', async () => {
    await page.goto(`${server.url}/feature_flags/${flagId}`);
    const guardrails = card('Guardrails');
    await guardrails.getByLabel('Stays below').fill('0.5');
    await guardrails.getByRole('button', { name: 'Add guardrail' }).click();
    await expect
      .poll(() => guardrails.getByRole('list', { name: 'Guardrails' }).textContent())
      .toContain('$exception per $pageview below 0.5');
    expect(await server.signpost.alertChecks.runDue()).toBe(1);
    expect((await admin('GET', `${P}/feature_flags/${flagId}`)).active).toBe(false);
    await page.reload();
    await expect
      .poll(() => card('Guardrails').getByRole('list', { name: 'Guardrails' }).textContent())
      .toContain('Firing');
    await screenshot(page, 'flag-guardrails');
    expect(pageErrors).toEqual([]);
  });
});
