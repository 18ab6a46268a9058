import { readFileSync } from 'node:fs';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../server/src/testing/test-server.ts';
import { hasChromium, openAppPage, QUERY_RESULT_TIMEOUT, screenshot, signIn } from './app-page.ts';
import { sendBatch, startWebServer, waitForEvents } from './seeded-server.ts';

// Insights, dashboards and groups in Debian's Chromium against a real Signpost serving the real build, over
// events sent through /batch/ with timestamps relative to now (so the templates' "last 24 hours" and "last 30
// days" tiles have data).

const ADMIN = { email: 'analyst@example.com', password: 'correct horse battery' };

let server: TestServer;
let browser: Browser | undefined;
let page: Page;
let pageErrors: string[] = [];

const HOUR = 3_600_000;
const ago = (hours: number) => new Date(Date.now() - hours * HOUR).toISOString();
const ev = (event: string, distinctId: string, hours: number, properties: Record<string, unknown> = {}) => ({
  event,
  distinct_id: distinctId,
  timestamp: ago(hours),
  properties,
});
const health = (id: string, hours: number, version: string, platform: string) =>
  ev('telemetry.health', id, hours, { app_version: version, platform, $groups: { instance: id } });

// Logins in the last 7 days: oidc 3 (two of them in the last 24 hours), local 1 (three days ago).
const EVENTS = [
  ev('$identify', 'alice', 80, { $set: { role: 'admin', email: 'alice@acme.com' } }),
  ev('$identify', 'bob', 80, { $set: { role: 'user' } }),
  ev('$identify', 'carol', 80, { $set: { role: 'user' } }),
  ev('auth.login', 'alice', 2, { auth_method: 'oidc' }),
  ev('auth.login', 'carol', 3, { auth_method: 'oidc' }),
  ev('auth.login', 'alice', 50, { auth_method: 'oidc' }),
  ev('auth.login', 'bob', 72, { auth_method: 'local' }),
  ev('timer.started', 'alice', 2),
  ev('timer.started', 'bob', 30),
  ev('export.csv', 'alice', 5),
  ev('export.csv', 'bob', 30),
  ev('project.created', 'alice', 4),
  health('inst-1', 1, '3.0.0', 'linux'),
  health('inst-2', 2, '2.9.0', 'windows'),
  health('inst-3', 3, '3.0.0', 'linux'),
  health('inst-1', 30, '3.0.0', 'linux'),
  ev('telemetry.update', 'inst-1', 10, { app_version: '3.0.0' }),
  // The same hour as inst-2's health report: Error Rate divides per UTC day, and 5 hours apart the two fell on
  // different days whenever the suite ran between 00:00 and 05:00 UTC (no day with both: nothing to draw).
  ev('$exception', 'inst-2', 2, { app_version: '2.9.0' }),
  ev('$groupidentify', 'inst-1', 1, {
    $group_type: 'instance',
    $group_key: 'inst-1',
    $group_set: { name: 'Acme self-hosted', deployment_method: 'docker' },
  }),
];

const shot = (name: string) => screenshot(page, name);

/** A tile or result that finished drawing: a chart, a number or a table, and not the "no data" note. */
async function expectDrawn(area: Locator): Promise<void> {
  await area
    .locator('.chart[data-ready="true"] svg, [data-testid="bold-number"], table')
    .first()
    .waitFor({ timeout: QUERY_RESULT_TIMEOUT })
    .catch(async (error: unknown) => {
      // Say what the tile shows instead (an error, "no data", still calculating).
      throw new Error(`not drawn; the tile shows: ${await area.textContent()}`, { cause: error });
    });
  expect(await area.locator('.no-data').count()).toBe(0);
}

async function dashboardJson(id: string) {
  return server.api<{
    tiles: { insight: { name: string } | null; layouts: { sm: { w: number; h: number } } }[];
  }>(`/api/projects/@current/dashboards/${id}`);
}

describe.skipIf(!hasChromium())('insights, dashboards and groups in Chromium', () => {
  beforeAll(async () => {
    server = await startWebServer(ADMIN);
    await sendBatch(server, EVENTS);
    await waitForEvents(server, EVENTS.length);
    ({ browser, page, pageErrors } = await openAppPage({
      viewport: { width: 1440, height: 960 },
      acceptDownloads: true,
    }));
    await page.goto(`${server.url}/dashboards`);
    await signIn(page, ADMIN);
    await page.getByRole('heading', { name: 'No dashboards yet' }).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('creates a blank dashboard', async () => {
    await page.getByLabel('Name').fill('Team overview');
    await page.getByRole('button', { name: 'Create blank dashboard' }).click();
    await page.waitForURL(/\/dashboards\/\d+$/);
    await page.getByRole('heading', { name: 'This dashboard is empty' }).waitFor();
  });

  it('builds a trend with a breakdown, suggests properties from the data, and downloads the CSV', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Insights' }).click();
    await page.getByRole('heading', { name: 'No insights yet' }).waitFor();
    await page.getByRole('button', { name: 'New insight' }).first().click();
    await page.getByLabel('Series A event').fill('auth.login');
    await page.getByLabel('Breakdown by').selectOption('event');
    // The property picker offers names seen in the data, per source, and values of the chosen property.
    await page.getByLabel('Breakdown property').focus();
    await expect
      .poll(() =>
        page
          .locator('#breakdown-key-options option')
          .evaluateAll((o) => o.map((x) => x.getAttribute('value'))),
      )
      .toContain('auth_method');
    await page.getByLabel('Breakdown property').fill('auth_method');
    await page.getByRole('button', { name: '+ Add filter' }).click();
    await page.getByLabel('Filter 1 source').selectOption('person');
    await page.getByLabel('Filter 1 property').focus();
    await expect
      .poll(() =>
        page
          .locator('#filter-0-key-options option')
          .evaluateAll((o) => o.map((x) => x.getAttribute('value'))),
      )
      .toEqual(expect.arrayContaining(['role', 'email']));
    await page.getByLabel('Filter 1 property').fill('role');
    await page.getByLabel('Filter 1 value').focus();
    await expect
      .poll(() =>
        page
          .locator('#filter-0-value-options option')
          .evaluateAll((o) => o.map((x) => x.getAttribute('value'))),
      )
      .toEqual(expect.arrayContaining(['admin', 'user']));
    await page.getByRole('button', { name: 'Remove filter 1' }).click();

    const result = page.getByRole('region', { name: 'Result' });
    await expect
      .poll(() => result.locator('.chart[data-ready="true"] svg').textContent())
      .toMatch(/oidc[\s\S]*local|local[\s\S]*oidc/);
    await shot('insight-builder');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      result.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    const csv = readFileSync(await download.path(), 'utf8')
      .split('\r\n')
      .map((l) => l.split(','));
    expect(csv[0]?.[0]).toBe('Series');
    expect(csv[0]?.at(-1)).toBe('Total');
    const rows: Record<string, number[]> = Object.fromEntries(
      csv.slice(1).map((r) => [r[0] ?? '', r.slice(1).map(Number)]),
    );
    expect(Object.keys(rows).sort()).toEqual(['local', 'oidc']);
    for (const values of Object.values(rows)) {
      // Each row is one count per day of the range and then their total.
      const total = values.at(-1);
      expect(values.slice(0, -1).reduce((a, b) => a + b, 0)).toBe(total);
    }
    expect(rows.oidc?.at(-1)).toBe(3);
    expect(rows.local?.at(-1)).toBe(1);
  });

  it('saves the insight as a table onto the dashboard, where the date-range picker changes the tile', async () => {
    await page.getByLabel('Display').selectOption('ActionsTable');
    const result = page.getByRole('region', { name: 'Result' });
    await expect.poll(() => result.getByRole('row', { name: /oidc/ }).textContent()).toContain('3');
    await page.getByLabel('Insight name').fill('Logins by method');
    await page.getByLabel('Add to dashboard').selectOption({ label: 'Team overview' });
    await page.getByRole('button', { name: 'Save insight' }).click();
    await page.getByText('Insight saved and added to the dashboard.').waitFor();
    expect(page.url()).toMatch(/\/insights\/\d+$/);

    await page.getByRole('link', { name: 'Team overview' }).click();
    await page.waitForURL(/\/dashboards\/\d+$/);
    const dashboardId = page.url().split('/').at(-1) ?? '';
    const tile = page.getByRole('region', { name: 'Logins by method' });
    await expectDrawn(tile);
    const oidcTotal = () => tile.getByRole('row', { name: /oidc/ }).locator('td').last().textContent();
    expect(await oidcTotal()).toBe('3');
    expect(await tile.getByRole('row', { name: /local/ }).count()).toBe(1);

    await page.getByLabel('Date range').selectOption('-24h');
    await expect.poll(oidcTotal).toBe('2');
    expect(await tile.getByRole('row', { name: /local/ }).count()).toBe(0);
    await shot('dashboard-date-range');
    await page.getByLabel('Date range').selectOption('');
    await expect.poll(oidcTotal).toBe('3');

    // Resize is stored in the dashboard's layout; removing the tile leaves the dashboard empty.
    await tile.getByRole('button', { name: 'Wider Logins by method' }).click();
    await expect.poll(async () => (await dashboardJson(dashboardId)).tiles[0]?.layouts.sm.w).toBe(7);
    // The layout is stored before the tile re-renders with it.
    await expect
      .poll(() => page.locator('.grid-stack-item').filter({ has: tile }).getAttribute('gs-w'))
      .toBe('7');
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expectDrawn(tile);
    await tile.getByRole('button', { name: 'Remove Logins by method' }).click();
    await page.getByRole('heading', { name: 'This dashboard is empty' }).waitFor();
    expect((await dashboardJson(dashboardId)).tiles).toEqual([]);
    // Put it back from the saved insights.
    await page.getByLabel('Add insight').selectOption({ label: 'Logins by method' });
    await page.getByRole('button', { name: 'Add tile' }).click();
    await expectDrawn(page.getByRole('region', { name: 'Logins by method' }));
  });

  it('creates both template dashboards, every tile drawn from the seeded events', async () => {
    for (const [template, tiles] of [
      ['Installation Health', 5],
      ['User Engagement', 5],
    ] as const) {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboards' }).click();
      await page.getByRole('button', { name: `Use template ${template}` }).click();
      await page.getByRole('heading', { name: template }).waitFor();
      const all = page.getByTestId('tile');
      await expect.poll(() => all.count()).toBe(tiles);
      for (let i = 0; i < tiles; i++) await expectDrawn(all.nth(i));
      await shot(`dashboard-${template.toLowerCase().replace(' ', '-')}`);
      if (template === 'Installation Health') {
        // Three installations reported health in the last 24 hours (inst-1's other report is older).
        const active = page.getByRole('region', { name: 'Active Installations' });
        expect(await active.getByTestId('bold-number').locator('.value').textContent()).toBe('3');
        expect(await page.getByRole('region', { name: 'Platform Distribution' }).textContent()).toMatch(
          /linux/,
        );
      } else {
        expect(await page.getByRole('region', { name: 'Auth Method Split' }).textContent()).toMatch(/oidc/);
      }
    }
  });

  it('a missing dashboard says so and leads back to the list', async () => {
    await page.goto(`${server.url}/dashboards/987654`);
    await page.getByRole('alert').getByText('Dashboard 987654 does not exist, or it was deleted.').waitFor();
    await page.getByRole('alert').getByRole('link', { name: 'Back to dashboards' }).click();
    await page.getByRole('heading', { name: 'Templates' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/dashboards');
  });

  it('builds a funnel with conversion per step and a retention cohort table', async () => {
    await page.goto(`${server.url}/insights/new`);
    await page.getByRole('tab', { name: 'Funnels' }).click();
    await page.getByLabel('Step 1 event').fill('auth.login');
    await page.getByLabel('Step 2 event').fill('timer.started');
    // Alice and Bob started a timer after logging in; Carol did not.
    const steps = page.getByRole('table', { name: /steps$/ });
    await expect
      .poll(() => steps.locator('tbody tr').allTextContents())
      .toEqual(['1auth.login3100.0%100.0%', '2timer.started266.7%66.7%']);
    await expectDrawn(page.getByRole('region', { name: 'Result' }));
    await shot('insight-funnel');

    // Broken down by the login method: oidc (Alice converts, Carol not) and local (Bob converts).
    await page.getByLabel('Breakdown by').selectOption('event');
    await page.getByLabel('Breakdown property').fill('auth_method');
    await expect
      .poll(() => steps.locator('tbody tr').allTextContents())
      .toEqual([
        'oidc1auth.login2100.0%100.0%',
        'oidc2timer.started150.0%50.0%',
        'local1auth.login1100.0%100.0%',
        'local2timer.started1100.0%100.0%',
      ]);
    await shot('insight-funnel-breakdown');
    // In any order, counted the same way here; then the histogram of times to convert for the two who did.
    await page.getByLabel('Step order').selectOption('unordered');
    await page.getByLabel('Show').selectOption('time_to_convert');
    const times = page.getByRole('table', { name: /times to convert$/ });
    await expect
      .poll(async () =>
        (await times.locator('tbody tr td:nth-child(3)').allTextContents()).reduce(
          (a, b) => a + Number(b),
          0,
        ),
      )
      .toBe(2);
    await page.getByTestId('average-conversion-time').waitFor();
    await shot('insight-funnel-time-to-convert');

    await page.getByRole('tab', { name: 'Retention' }).click();
    await page.getByLabel('Cohortizing event').fill('auth.login');
    await page.getByLabel('Returning event').fill('auth.login');
    const cohorts = page.getByRole('table', { name: 'Retention' });
    await expect.poll(() => cohorts.locator('tbody tr').count()).toBeGreaterThan(0);
    const sizes = await cohorts.locator('tbody tr td:nth-child(2)').allTextContents();
    // First-time cohorts: each of the three users who logged in belongs to exactly one.
    expect(sizes.map(Number).reduce((a, b) => a + b, 0)).toBe(3);
    // The date range decides the cohorts: one per day of the last 30 days and today, each named by its date.
    await page.getByLabel('Date range').selectOption('-30d');
    await expect.poll(() => cohorts.locator('tbody tr').count()).toBe(31);
    expect(await cohorts.locator('thead th').nth(2).textContent()).toBe('Day 0');
    const labels = await cohorts.locator('tbody tr td:nth-child(1)').allTextContents();
    expect(labels.every((l) => /^[A-Z][a-z]{2} \d{1,2}(, \d{4})?$/.test(l))).toBe(true);
    await shot('insight-retention');
  });

  it('lists groups by type and shows a group with its properties', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Groups' }).click();
    await page.getByRole('tab', { name: 'instance' }).waitFor();
    await page.getByRole('link', { name: 'Acme self-hosted' }).click();
    await page.waitForURL(/\/groups\/0\/inst-1$/);
    const props = page.getByRole('region', { name: 'Properties' });
    await expect.poll(() => props.textContent()).toContain('deployment_method');
    expect(await props.textContent()).toContain('docker');
    // Its events: the two health checks sent with instance inst-1 and its $groupidentify, and who sent them.
    const events = page.getByRole('region', { name: 'Events' });
    await expect.poll(() => events.locator('tbody tr').count()).toBe(3);
    expect(await events.textContent()).not.toContain('inst-2');
    const members = page.getByRole('region', { name: 'Members' });
    expect(await members.getByRole('link').allTextContents()).toEqual(['inst-1']);
    await shot('group');
    expect(pageErrors).toEqual([]);
  });

  it('deletes a saved insight after asking; it leaves the dashboard it was on', async () => {
    const insights = await server.api<{ results: { id: number; name: string; dashboards: number[] }[] }>(
      '/api/projects/@current/insights/',
    );
    const insight = insights.results.find((i) => i.name === 'Logins by method');
    if (!insight) throw new Error('the saved insight is missing');
    const dashboardId = insight.dashboards[0];
    await page.goto(`${server.url}/insights/${insight.id}`);
    await page.getByRole('button', { name: 'Delete insight' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete insight' }).click();
    await page.waitForURL(/\/insights$/);
    const after = await server.api<{ results: { id: number }[] }>('/api/projects/@current/insights/');
    expect(after.results.map((i) => i.id)).not.toContain(insight.id);
    const dashboard = await server.api<{ tiles: { insight: { id: number } | null }[] }>(
      `/api/projects/@current/dashboards/${dashboardId}/`,
    );
    expect(dashboard.tiles.map((t) => t.insight?.id)).not.toContain(insight.id);
  });
});
