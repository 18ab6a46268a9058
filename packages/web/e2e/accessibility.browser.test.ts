import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PERSONAL_KEY, type TestServer } from '../../server/src/testing/test-server.ts';
import { type A11yViolation, seriousA11yViolations } from './accessibility.ts';
import { hasChromium, openAppPage, screenshot, signIn } from './app-page.ts';
import { sendBatch, startWebServer, waitForEvents } from './seeded-server.ts';

// Every screen of the app, filled with data, checked by axe-core for serious and critical WCAG A/AA violations,
// on a desktop and on a 390 px phone; screenshots of the phone pass land in .test-artifacts/web.

const ADMIN = { email: 'a11y@example.com', password: 'correct horse battery' };

let server: TestServer;
let browser: Browser | undefined;
let page: Page;
let pageErrors: string[] = [];
const ids = new Map<string, number>();

async function create(path: string, body: unknown): Promise<number> {
  const res = await fetch(`${server.url}/api/projects/@current/${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TEST_PERSONAL_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status >= 300) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: number }).id;
}

async function seed(): Promise<void> {
  const now = Date.now();
  await sendBatch(server, [
    {
      event: '$identify',
      distinct_id: 'alice',
      properties: { $set: { email: 'alice@acme.com', plan: 'team' } },
    },
    {
      event: '$groupidentify',
      distinct_id: 'alice',
      properties: { $group_type: 'company', $group_key: 'acme', $group_set: { name: 'Acme' } },
    },
    ...Array.from({ length: 40 }, (_, i) => ({
      event: i % 3 ? 'timer.started' : 'auth.login',
      distinct_id: `user-${i % 7}`,
      timestamp: new Date(now - i * 3_600_000).toISOString(),
      properties: { $groups: { company: 'acme' }, auth_method: i % 2 ? 'oidc' : 'local' },
    })),
  ]);
  await waitForEvents(server, 42);
  ids.set(
    'flag',
    await create('feature_flags/', {
      key: 'new-export',
      filters: { groups: [{ properties: [], rollout_percentage: 30 }] },
    }),
  );
  ids.set(
    'cohort',
    await create('cohorts/', {
      name: 'Team plan',
      filters: {
        properties: {
          type: 'OR',
          values: [
            { type: 'AND', values: [{ key: 'plan', type: 'person', value: 'team', operator: 'exact' }] },
          ],
        },
      },
    }),
  );
  ids.set(
    'insight',
    await create('insights/', {
      name: 'Logins',
      query: {
        kind: 'InsightVizNode',
        source: {
          kind: 'TrendsQuery',
          series: [{ kind: 'EventsNode', event: 'auth.login' }],
          dateRange: { date_from: '-7d' },
          interval: 'day',
          trendsFilter: { display: 'ActionsLineGraph' },
        },
      },
    }),
  );
  ids.set('dashboard', await create('dashboards/', { use_template: 'installation-health' }));
  ids.set(
    'experiment',
    await create('experiments/', {
      name: 'Export test',
      feature_flag_key: 'export-test',
      metrics: [{ metric_type: 'funnel', series: [{ event: 'timer.started' }] }],
    }),
  );
}

const screens = (): [string, string][] => [
  ['dashboards', '/dashboards'],
  ['dashboard', `/dashboards/${ids.get('dashboard')}`],
  ['web-analytics', '/web'],
  ['insights', '/insights'],
  ['insight-new', '/insights/new'],
  ['insight', `/insights/${ids.get('insight')}`],
  ['flags', '/feature_flags'],
  ['flag-new', '/feature_flags/new'],
  ['flag', `/feature_flags/${ids.get('flag')}`],
  ['flag-edit', `/feature_flags/${ids.get('flag')}/edit`],
  ['change-requests', '/change_requests'],
  ['experiments', '/experiments'],
  ['experiment-new', '/experiments/new'],
  ['experiment', `/experiments/${ids.get('experiment')}`],
  ['early-access', '/early_access_features'],
  ['cohorts', '/cohorts'],
  ['cohort-new', '/cohorts/new'],
  ['cohort', `/cohorts/${ids.get('cohort')}`],
  ['persons', '/persons'],
  ['person', '/persons/alice'],
  ['groups', '/groups'],
  ['group', '/groups/0/acme'],
  ['events', '/events'],
  ['activity', '/activity'],
  ['settings', '/settings'],
  ['members', '/members'],
  ['account', '/account'],
];

async function sweep(width: number): Promise<Map<string, A11yViolation[]>> {
  await page.setViewportSize({ width, height: 900 });
  const found = new Map<string, A11yViolation[]>();
  for (const [name, path] of screens()) {
    await page.goto(`${server.url}${path}`);
    await page.locator('h1').first().waitFor();
    // A lost session would show the sign-in page on every path and the sweep would judge only that.
    expect(await page.locator('#auth-title').count(), name).toBe(0);
    // Let data-driven parts (tables, charts) render before judging the page.
    await page.waitForLoadState('networkidle');
    const violations = await seriousA11yViolations(page);
    if (violations.length) found.set(name, violations);
    if (width < 500) await screenshot(page, `a11y-390-${name}`);
  }
  return found;
}

describe.skipIf(!hasChromium())('accessibility of every screen (axe-core)', () => {
  beforeAll(async () => {
    server = await startWebServer(ADMIN);
    await seed();
    ({ browser, page, pageErrors } = await openAppPage({ viewport: { width: 1280, height: 900 } }));
    await page.goto(`${server.url}/dashboards`);
    await signIn(page, ADMIN);
    await page.locator('h1').first().waitFor();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('has no serious or critical violation on a desktop', async () => {
    const found = await sweep(1280);
    expect(Object.fromEntries(found)).toEqual({});
    expect(pageErrors).toEqual([]);
  }, 180_000);

  it('has none on a 390 px phone either, and no screen scrolls sideways', async () => {
    const found = await sweep(390);
    expect(Object.fromEntries(found)).toEqual({});
    const wide: string[] = [];
    for (const [name, path] of screens()) {
      await page.goto(`${server.url}${path}`);
      await page.locator('h1').first().waitFor();
      await page.waitForLoadState('networkidle');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (overflow > 1) wide.push(`${name} (+${overflow}px)`);
    }
    expect(wide).toEqual([]);
  }, 180_000);
});
