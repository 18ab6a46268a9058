import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startTestServer,
  TEST_PERSONAL_KEY,
  TEST_PROJECT_KEY,
  type TestServer,
} from '../../server/src/testing/test-server.ts';
import { hasChromium, openAppPage, screenshot, signIn } from './app-page.ts';
import { ensureWebBuilt } from './build-web.ts';

// The flag page's Schedule card in Debian's Chromium against a real Signpost: a change applied now, a rollout
// plan refused then made, a second plan refused while the first is active, cancelling a change and a plan;
// then, on a multivariate flag, a variant split, a payload and an added condition, each shown in the timeline
// for what it sets, and the flag following the ones applied now; a plan whose steps wait on a guardrail that
// fails: paused with its reason, resumed, paused again and cancelled.

const ADMIN = { email: 'plans@example.com', password: 'correct horse battery' };
const HOUR = 3600e3;
/** An apply-now round trip on a loaded machine can take longer than poll's default second. */
const SLOW = { timeout: 8000 };

let server: TestServer;
let browser: Browser | undefined;
let page: Page;
let pageErrors: string[] = [];
let flagId = 0;
let pricingId = 0;
/** How far the server's clock runs ahead of this machine's (moved to bring plan steps due). */
let offsetMs = 0;

async function call(method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const r = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${TEST_PERSONAL_KEY}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await r.text();
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

/** A `datetime-local` value `hours` from now, in this machine's zone (the browser's too). */
function localIn(hours: number): string {
  const d = new Date(Date.now() + hours * HOUR);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

const card = () => page.getByTestId('flag-schedule');

async function adminApi<T>(method: string, path: string, body?: unknown): Promise<T> {
  const r = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${TEST_PERSONAL_KEY}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(r.ok).toBe(true);
  return (await r.json()) as T;
}

interface PricingFilters {
  groups: { properties: { key: string; value: unknown }[]; rollout_percentage: number }[];
  multivariate: { variants: { key: string; rollout_percentage: number }[] };
  payloads: Record<string, string>;
}
const pricing = async () =>
  (await adminApi<{ filters: PricingFilters }>('GET', `/api/projects/@current/feature_flags/${pricingId}/`))
    .filters;
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
      now: () => new Date(Date.now() + offsetMs),
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
    pricingId = (
      await adminApi<{ id: number }>('POST', '/api/projects/@current/feature_flags/', {
        key: 'pricing',
        active: true,
        filters: {
          groups: [{ properties: [], rollout_percentage: 100 }],
          multivariate: {
            variants: [
              { key: 'control', rollout_percentage: 50 },
              { key: 'test', rollout_percentage: 50 },
            ],
          },
          payloads: { control: '{"price": 10}' },
        },
      })
    ).id;
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
    await expect.poll(statuses, SLOW).toEqual(['Disable:executed']);
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
    await expect.poll(statuses, SLOW).toContain('Enable:pending');
    await card().getByRole('button', { name: 'Cancel Enable' }).click();
    await expect.poll(statuses, SLOW).toContain('Enable:cancelled');
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

  it('schedules a variant split, refusing one that does not add up to 100%', async () => {
    await page.goto(`${server.url}/feature_flags/${pricingId}`);
    await card().waitFor();
    await page.getByLabel('Change', { exact: true }).selectOption('variants');
    expect(await page.getByLabel('control %').inputValue()).toBe('50');
    await page.getByLabel('control %').fill('30');
    await page.getByLabel('At (empty: now)').fill(localIn(4));
    await card().getByRole('button', { name: 'Schedule', exact: true }).click();
    await expect.poll(() => card().getByRole('alert').textContent()).toContain('adds up to 80%');
    expect(await statuses()).toEqual([]);
    await page.getByLabel('test %').fill('70');
    await card().getByRole('button', { name: 'Schedule', exact: true }).click();
    await expect.poll(statuses, SLOW).toEqual(['Variant split: control 30%, test 70%:pending']);
    // Scheduled, not applied: the split is still 50/50.
    expect((await pricing()).multivariate.variants.map((v) => v.rollout_percentage)).toEqual([50, 50]);
  });

  it('applies a payload now (not JSON is refused first), keeping the other variant’s payload', async () => {
    await page.getByLabel('Change', { exact: true }).selectOption('payload');
    await page.getByLabel('Payload of').selectOption('test');
    await page.getByLabel('Payload (JSON)').fill('{price: 12}');
    await card().getByRole('button', { name: 'Apply now' }).click();
    await expect.poll(() => card().getByRole('alert').textContent()).toContain('not valid JSON');
    await page.getByLabel('Payload (JSON)').fill('{"price": 12}');
    await card().getByRole('button', { name: 'Apply now' }).click();
    await expect
      .poll(statuses, SLOW)
      .toContain('Payloads: control = {"price": 10}, test = {"price": 12}:executed');
    expect((await pricing()).payloads).toEqual({ control: '{"price": 10}', test: '{"price": 12}' });
  });

  it('adds a release condition now; the timeline shows each kind of change for what it sets', async () => {
    await page.getByLabel('Change', { exact: true }).selectOption('condition');
    await page.getByLabel('Person property').fill('plan');
    await page.getByLabel('equals').fill('pro');
    await page.getByLabel('Condition rollout %').fill('25');
    await card().getByRole('button', { name: 'Apply now' }).click();
    await expect.poll(statuses, SLOW).toContain('Add condition: plan = pro, 25%:executed');
    const groups = (await pricing()).groups;
    expect(groups).toHaveLength(2);
    expect(groups[1]).toMatchObject({ properties: [{ key: 'plan', value: 'pro' }], rollout_percentage: 25 });
    await page.getByText('Set 2').first().waitFor();
    await screenshot(page, 'flag-schedule-kinds');
  });

  it('shows steps waiting on a guardrail, a paused plan with its reason, and resumes or cancels it', async () => {
    const flag = await call('POST', '/api/projects/@current/feature_flags/', {
      key: 'guarded',
      filters: { groups: [{ properties: [], rollout_percentage: 0 }] },
    });
    const guardedId = Number(flag.id);
    await call('POST', `/api/projects/@current/feature_flags/${guardedId}/guardrails/`, {
      name: 'Checkout errors',
      event: '$exception',
      threshold: 1,
      window_minutes: 240,
    });
    // One failure among the flag's users: the count guardrail (stay below 1) fails from now on.
    const capture = await fetch(`${server.url}/capture/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        api_key: TEST_PROJECT_KEY,
        event: '$exception',
        distinct_id: 'user-1',
        properties: { '$feature/guarded': true },
      }),
    });
    expect(capture.status).toBe(200);
    const exceptions = async () => {
      const r = await call('POST', '/api/projects/@current/query/', {
        query: {
          kind: 'TrendsQuery',
          series: [{ kind: 'EventsNode', event: '$exception' }],
          dateRange: { date_from: '-1d' },
          trendsFilter: { display: 'BoldNumber' },
        },
        refresh: true,
      });
      return Number((r.results as { aggregated_value: number }[] | undefined)?.[0]?.aggregated_value ?? 0);
    };
    await expect.poll(exceptions).toBe(1);

    await page.goto(`${server.url}/feature_flags/${guardedId}`);
    await card().waitFor();
    await page.getByLabel('Schedule', { exact: true }).selectOption('plan');
    await page.getByLabel('Step 1 rollout %').fill('10');
    await card().getByRole('button', { name: 'Add step' }).click();
    await page.getByLabel('Step 2 at').fill(localIn(1));
    await page.getByLabel('Step 2 rollout %').fill('50');
    await page.getByLabel('Step 2 waits on').selectOption({ label: 'Checkout errors' });
    await card().getByRole('button', { name: 'Add step' }).click();
    await page.getByLabel('Step 3 at').fill(localIn(2));
    await page.getByLabel('Step 3 rollout %').fill('100');
    await page.getByLabel('Step 3 waits on').selectOption({ label: 'Checkout errors' });
    await card().getByRole('button', { name: 'Create plan' }).click();
    await expect
      .poll(statuses)
      .toEqual(['Roll out to 10%:executed', 'Roll out to 50%:pending', 'Roll out to 100%:pending']);
    expect(await card().getByTestId('step-guardrails').allTextContents()).toEqual([
      'waits on Checkout errors',
      'waits on Checkout errors',
    ]);

    // Step 2 comes due: the guardrail fails, the plan pauses and the card says why.
    offsetMs = HOUR + 5 * 60_000;
    await server.signpost.scheduler.runDue();
    await page.reload();
    await card().waitFor();
    await expect
      .poll(statuses)
      .toEqual(['Roll out to 10%:executed', 'Roll out to 50%:paused', 'Roll out to 100%:paused']);
    const notice = card().getByTestId('plan-paused');
    expect(await notice.textContent()).toContain(
      'Checkout errors: 1 $exception events over the last 240 min',
    );
    await screenshot(page, 'flag-schedule-paused');

    await notice.getByRole('button', { name: 'Resume plan' }).click();
    // Resuming applies the held step before answering: give it more than the default second.
    await expect
      .poll(statuses, { timeout: 10_000 })
      .toEqual(['Roll out to 10%:executed', 'Roll out to 50%:executed', 'Roll out to 100%:pending']);
    await expect
      .poll(() => card().getByTestId('step-guardrails').first().textContent())
      .toContain('waived by');

    // Step 3 waits on the same failing guardrail: paused again, and this time cancelled.
    offsetMs = 2 * HOUR + 5 * 60_000;
    await server.signpost.scheduler.runDue();
    await page.reload();
    await card().waitFor();
    await expect.poll(statuses).toContain('Roll out to 100%:paused');
    await card().getByTestId('plan-paused').getByRole('button', { name: 'Cancel plan' }).click();
    await expect
      .poll(statuses)
      .toEqual(['Roll out to 10%:executed', 'Roll out to 50%:executed', 'Roll out to 100%:cancelled']);
    expect(await card().getByTestId('plan-paused').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
