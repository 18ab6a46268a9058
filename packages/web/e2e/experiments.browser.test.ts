import { type Definitions, evaluate } from '@signpost/flags-engine';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  TEST_PERSONAL_KEY,
  TEST_PROJECT_KEY,
  type TestServer,
} from '../../server/src/testing/test-server.ts';
import { hasChromium, openAppPage, screenshot, signIn } from './app-page.ts';
import { sendBatch, startWebServer } from './seeded-server.ts';

// Experiments in Debian's Chromium against a real Signpost: create and launch through the UI, seed exposures
// and conversions through /batch/ (bucketed by the served flag definitions, as an SDK with local evaluation
// would), read drawn intervals and the verdict, ship, and check /flags; then a skewed split raises the SRM banner.

const ADMIN = { email: 'experimenter@example.com', password: 'correct horse battery' };
const EXPERIMENTS = '/api/projects/@current/experiments';

let server: TestServer;
let browser: Browser | undefined;
let page: Page;
let pageErrors: string[] = [];

const shot = (name: string) => screenshot(page, name);

async function send(path: string, method: string, body: unknown): Promise<Response> {
  return fetch(`${server.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_PERSONAL_KEY}` },
    body: JSON.stringify(body),
  });
}

const exposure = (key: string, distinctId: string, variant: string, at: number) => ({
  event: '$feature_flag_called',
  distinct_id: distinctId,
  timestamp: new Date(at).toISOString(),
  properties: { $feature_flag: key, $feature_flag_response: variant },
});

/** Ingestion commits asynchronously: wait until the results count every seeded exposure. */
async function waitForExposures(id: number, total: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const r = await server.api<{ exposures: Record<string, number> }>(
      `${EXPERIMENTS}/${id}/results/?refresh=true`,
    );
    if (Object.values(r.exposures).reduce((a, b) => a + b, 0) >= total) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`exposures of experiment ${id} never reached ${total}`);
}

async function variantsFromFlags(key: string, ids: string[]): Promise<Set<string | null>> {
  const answers = await Promise.all(
    ids.map(async (id) => {
      const r = await send('/flags/?v=2', 'POST', { api_key: TEST_PROJECT_KEY, distinct_id: id });
      const body = (await r.json()) as { flags: Record<string, { variant: string | null }> };
      return body.flags[key]?.variant ?? null;
    }),
  );
  return new Set(answers);
}

describe.skipIf(!hasChromium())('experiments in Chromium', () => {
  beforeAll(async () => {
    server = await startWebServer(ADMIN);
    ({ browser, page, pageErrors } = await openAppPage({ viewport: { width: 1440, height: 960 } }));
    await page.goto(`${server.url}/experiments`);
    await signIn(page, ADMIN);
    await page.getByRole('heading', { name: 'No experiments yet' }).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('creates, launches, reads a real lift with drawn intervals, ships the winner, and /flags follows', async () => {
    await page.getByRole('button', { name: 'New experiment' }).first().click();
    await page.getByLabel('Name', { exact: true }).fill('Bigger export button');
    await page.getByLabel('Flag key').fill('export-button-test');
    // The split must add to 100 before the form submits.
    await page.getByLabel('Variant 2 split').fill('40');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByText('The split adds to 90%, not 100%.').waitFor();
    await page.getByLabel('Variant 2 split').fill('50');
    await page.getByLabel('Primary metric event').fill('export.csv');
    await page.getByLabel('Primary metric window (days)').fill('7');
    await page.getByRole('button', { name: '+ Add secondary metric' }).click();
    await page.getByLabel('Secondary metric 1 event').fill('timer.started');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.waitForURL(/\/experiments\/\d+$/);
    const id = Number(new URL(page.url()).pathname.split('/').pop());
    await page.getByRole('heading', { name: 'Ready to launch' }).waitFor();
    await shot('experiment-draft');

    // A draft can still be edited: its name, split and metrics, in the same form.
    await page.getByRole('button', { name: 'Edit' }).click();
    await page.getByRole('heading', { name: 'Edit Bigger export button' }).waitFor();
    expect(await page.getByLabel('Primary metric event').inputValue()).toBe('export.csv');
    expect(await page.getByLabel('Secondary metric 1 event').inputValue()).toBe('timer.started');
    await page.getByLabel('Name', { exact: true }).fill('Bigger export button v2');
    await page.getByLabel('Variant 2 split').fill('40');
    await page.getByLabel('Variant 1 split').fill('60');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.waitForURL(new RegExp(`/experiments/${id}$`));
    const edited = await server.api<{
      name: string;
      parameters: { feature_flag_variants: { key: string; rollout_percentage: number }[] };
      metrics: unknown[];
      metrics_secondary: unknown[];
    }>(`${EXPERIMENTS}/${id}/`);
    expect(edited.name).toBe('Bigger export button v2');
    expect(edited.parameters.feature_flag_variants.map((v) => v.rollout_percentage)).toEqual([60, 40]);
    expect([edited.metrics.length, edited.metrics_secondary.length]).toEqual([1, 1]);
    // Back to an even split for the measurement below.
    await page.getByRole('button', { name: 'Edit' }).click();
    await page.getByLabel('Variant 1 split').fill('50');
    await page.getByLabel('Variant 2 split').fill('50');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.waitForURL(new RegExp(`/experiments/${id}$`));
    await page.getByRole('heading', { name: 'Ready to launch' }).waitFor();

    await page.getByRole('button', { name: 'Launch' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Launch' }).click();
    await page.getByText('Launched: the flag is on').waitFor();
    const launched = await server.api<{ start_date: string; status: string }>(`${EXPERIMENTS}/${id}/`);
    expect(launched.status).toBe('running');

    // 800 users bucketed by the served definitions; control converts 20%, test 35%; test also starts more timers.
    const definitions = await server.api<Definitions>('/flags/definitions');
    const flag = definitions.flags.find((f) => f.key === 'export-button-test');
    if (!flag) throw new Error('the launched flag is not served');
    const start = new Date(launched.start_date).getTime();
    const seen: Record<string, number> = {};
    const events: unknown[] = [];
    for (let i = 0; i < 800; i++) {
      const user = `user-${i}`;
      const result = evaluate(flag, definitions, {
        distinctId: user,
        groups: {},
        personProperties: {},
        groupProperties: {},
        now: new Date(),
        mode: 'local',
      });
      if (result.inconclusive || typeof result.value !== 'string') throw new Error(`no variant for ${user}`);
      const variant = result.value;
      const n = (seen[variant] ?? 0) + 1;
      seen[variant] = n;
      events.push(exposure('export-button-test', user, variant, start + 10));
      const rate = variant === 'test' ? 7 : 4; // out of 20
      if (n % 20 < rate)
        events.push({
          event: 'export.csv',
          distinct_id: user,
          timestamp: new Date(start + 20).toISOString(),
        });
      for (let t = 0; t < (n % 3) + (variant === 'test' ? 1 : 0); t++)
        events.push({
          event: 'timer.started',
          distinct_id: user,
          timestamp: new Date(start + 30 + t).toISOString(),
        });
    }
    expect(Object.keys(seen).sort()).toEqual(['control', 'test']);
    await sendBatch(server, events);
    await waitForExposures(id, 800);

    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect.poll(() => page.getByTestId('recommendation').textContent()).toBe('Ship test.');
    const exposures = page.locator('table.exposures');
    expect(await exposures.locator('tr[data-variant="control"] td').nth(1).textContent()).toBe(
      String(seen.control),
    );
    expect(await exposures.locator('tr[data-variant="test"] td').nth(1).textContent()).toBe(
      String(seen.test),
    );
    await expect
      .poll(() => page.getByTestId('multi-exposed').textContent())
      .toContain('0 users saw more than one');
    expect(await page.getByTestId('srm-banner').count()).toBe(0);
    // The intervals are drawn: each metric has a value chart and a change chart, each with a bar per row.
    const primary = page.getByRole('region', { name: 'Metric export.csv conversion' });
    const charts = primary.locator('.chart[data-ready="true"]');
    await expect.poll(() => charts.count()).toBe(2);
    expect(await charts.first().locator('svg path').count()).toBeGreaterThanOrEqual(2 * 4);
    const testRow = primary.locator('tbody tr[data-variant="test"] td');
    expect(Number.parseFloat((await testRow.nth(5).textContent()) ?? '')).toBeGreaterThan(99);
    expect(await testRow.nth(7).textContent()).toMatch(/^(< 0\.001|0\.0\d\d)$/);
    await page.getByRole('region', { name: 'Metric timer.started count per person' }).waitFor();
    await shot('experiment-results');

    await page.locator('.recommendation').getByRole('button', { name: 'Ship test' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Ship variant' }).click();
    await page.getByText('Shipped test: the flag now gives test to everyone').waitFor();
    await page.getByText('Shipped test', { exact: true }).waitFor();
    const ids = Array.from({ length: 40 }, (_, i) => `after-ship-${i}`);
    expect(await variantsFromFlags('export-button-test', ids)).toEqual(new Set(['test']));
    expect(pageErrors).toEqual([]);
  });

  it('raises the sample-ratio-mismatch banner when exposures do not follow the split', async () => {
    const created = await send(`${EXPERIMENTS}/`, 'POST', {
      name: 'Skewed onboarding',
      feature_flag_key: 'onboarding-skew',
      metrics: [{ metric_type: 'funnel', series: [{ event: 'project.created' }] }],
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: number };
    const start = Date.now() - 60_000;
    expect(
      (await send(`${EXPERIMENTS}/${id}/`, 'PATCH', { start_date: new Date(start).toISOString() })).status,
    ).toBe(200);
    // A 50/50 flag whose test arm lost half its exposure events (as when one variant's code path forgets to log).
    const events = Array.from({ length: 450 }, (_, i) =>
      exposure('onboarding-skew', `skew-${i}`, i < 300 ? 'control' : 'test', start + 1000),
    );
    await sendBatch(server, events);
    await waitForExposures(id, 450);

    await page.goto(`${server.url}/experiments/${id}`);
    const banner = page.getByTestId('srm-banner');
    await banner.waitFor();
    expect(await banner.textContent()).toContain('Sample ratio mismatch');
    expect(await page.getByTestId('recommendation').textContent()).toContain('not trustworthy');
    await shot('experiment-srm');

    await page.getByRole('link', { name: 'Experiments' }).first().click();
    const rows = page.locator('table tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await page.locator('[data-status="running"]').count()).toBe(1);
    expect(pageErrors).toEqual([]);
  });

  it('deletes a draft experiment after asking, keeping its flag', async () => {
    const created = await send(`${EXPERIMENTS}/`, 'POST', {
      name: 'Abandoned idea',
      feature_flag_key: 'abandoned-idea',
      metrics: [{ metric_type: 'funnel', series: [{ event: 'project.created' }] }],
    });
    const { id } = (await created.json()) as { id: number };
    await page.goto(`${server.url}/experiments/${id}`);
    await page.getByRole('button', { name: 'Delete experiment' }).click();
    await page.getByRole('dialog').getByText('Its feature flag stays').waitFor();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete experiment' }).click();
    await page.waitForURL(/\/experiments$/);
    const listed = await server.api<{ results: { id: number }[] }>(`${EXPERIMENTS}/`);
    expect(listed.results.map((e) => e.id)).not.toContain(id);
    const flags = await server.api<{ results: { key: string }[] }>('/api/projects/@current/feature_flags/');
    expect(flags.results.map((f) => f.key)).toContain('abandoned-idea');
    expect(pageErrors).toEqual([]);
  });
});
