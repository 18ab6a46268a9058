import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../server/src/testing/chromium.ts';
import {
  startTestServer,
  TEST_PERSONAL_KEY,
  TEST_PROJECT_KEY,
  type TestServer,
} from '../../server/src/testing/test-server.ts';
import { hasChromium, openAppPage, screenshot, signIn } from './app-page.ts';
import { ensureWebBuilt } from './build-web.ts';
import { sendBatch, startWebServer, waitForEvents } from './seeded-server.ts';

// The web app in Debian's Chromium against a real Signpost serving the real build: sign-in, a targeted flag
// whose effect is checked on /flags, a 0 → 50 → 100 rollout with the slider, the kill switch, a person's
// timeline, and hostile event data rendered as text.

const ADMIN = { email: 'admin@example.com', password: 'correct horse battery' };
const HOSTILE = '<img src=x onerror=alert(1)>';

let server: TestServer;
let browser: Browser | undefined;
let page: Page;
let pageErrors: string[] = [];
const dialogs: string[] = [];

async function flagsFor(distinctId: string): Promise<Record<string, { enabled: boolean }>> {
  const r = await fetch(`${server.url}/flags/?v=2`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: TEST_PROJECT_KEY, distinct_id: distinctId }),
  });
  return ((await r.json()) as { flags: Record<string, { enabled: boolean }> }).flags;
}

async function enabledShare(key: string, ids: string[]): Promise<number> {
  const answers = await Promise.all(ids.map((id) => flagsFor(id)));
  return answers.filter((f) => f[key]?.enabled).length / ids.length;
}

const shot = (name: string) => screenshot(page, name);

async function saveRollout(flagUrl: string, percentage: number): Promise<void> {
  await page.goto(`${flagUrl}/edit`);
  await page.getByLabel('Roll out to').fill(String(percentage));
  await expect
    .poll(() => page.getByLabel('Rollout percentage of set 1').inputValue())
    .toBe(String(percentage));
  await page.getByRole('button', { name: 'Save' }).click();
  await page.waitForURL(/\/feature_flags\/\d+$/);
  await page.getByText(`${percentage}%`, { exact: true }).first().waitFor();
}

describe.skipIf(!hasChromium())('web app in Chromium', () => {
  beforeAll(async () => {
    server = await startWebServer(ADMIN);
    await sendBatch(server, [
      {
        event: '$identify',
        distinct_id: 'alice',
        properties: { $set: { email: 'alice@acme.com', is_admin: true } },
      },
      {
        event: '$identify',
        distinct_id: 'bob',
        properties: { $set: { email: 'bob@example.com', is_admin: false } },
      },
      { event: 'signed_up', distinct_id: 'alice', properties: { plan: 'team' } },
      {
        event: HOSTILE,
        distinct_id: 'alice',
        properties: { note: '<script>alert(2)</script>', [HOSTILE]: HOSTILE },
      },
    ]);
    await waitForEvents(server, 4);
    ({ browser, page, pageErrors } = await openAppPage({ viewport: { width: 1360, height: 900 } }));
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('refuses a wrong password, then signs the admin in', async () => {
    await page.goto(`${server.url}/feature_flags`);
    await signIn(page, { email: ADMIN.email, password: 'not it' });
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('not right');
    await shot('sign-in');
    await signIn(page, ADMIN);
    await page.getByRole('heading', { name: 'No feature flags yet' }).waitFor();
    expect(await page.locator('pre code').textContent()).toContain(TEST_PROJECT_KEY);
    await shot('flags-empty');
  });

  it('creates a flag with a person-property condition that /flags then applies', async () => {
    await page.getByRole('button', { name: 'New feature flag' }).first().click();
    await page.getByLabel('Key').fill('admins-only');
    await page.getByLabel('Description').fill('Only for admins');
    await page.getByRole('button', { name: '+ Property filter' }).click();
    await page.getByLabel('Person property').fill('is_admin');
    await page.getByLabel('Value type').selectOption('boolean');
    await page.getByLabel('Operator').selectOption('exact');
    await page.getByLabel('Value', { exact: true }).selectOption('true');
    await shot('flag-edit');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/feature_flags\/\d+$/);
    await page.getByText('Enabled', { exact: true }).waitFor();
    expect((await flagsFor('alice'))['admins-only']?.enabled).toBe(true);
    expect((await flagsFor('bob'))['admins-only']?.enabled).toBe(false);

    await page.getByLabel('Distinct id').fill('alice');
    await page.getByRole('button', { name: 'Evaluate' }).click();
    await expect.poll(() => page.getByTestId('decision').textContent()).toMatch(/true.*alice.*condition/i);
    await shot('flag-page');
  });

  it('rolls a flag out 0 → 50 → 100 with the slider', async () => {
    await page.goto(`${server.url}/feature_flags/new`);
    await page.getByLabel('Key').fill('gradual');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/feature_flags\/\d+$/);
    const flagUrl = page.url();
    const ids = Array.from({ length: 200 }, (_, i) => `user-${i}`);

    await saveRollout(flagUrl, 0);
    expect(await enabledShare('gradual', ids)).toBe(0);
    await saveRollout(flagUrl, 50);
    const half = await enabledShare('gradual', ids);
    expect(half).toBeGreaterThan(0.38);
    expect(half).toBeLessThan(0.62);
    await saveRollout(flagUrl, 100);
    expect(await enabledShare('gradual', ids)).toBe(1);
    // Each save is in the history, with the signed-in user as the actor.
    await expect.poll(() => page.locator('.timeline li').count()).toBe(4);
    const history = await page.locator('.timeline').textContent();
    expect(history).toContain(ADMIN.email);
    expect(history).toContain('50% of everyone → 100% of everyone');
  });

  it('turns a flag off with the kill switch, after confirmation, and /flags omits it', async () => {
    await page.getByRole('switch', { name: 'Enable gradual' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await shot('kill-switch');
    await dialog.getByRole('button', { name: 'Disable flag' }).click();
    await expect.poll(() => page.getByTestId('flag-status').textContent()).toBe('Disabled');
    expect(await page.getByRole('switch', { name: 'Enable gradual' }).getAttribute('aria-checked')).toBe(
      'false',
    );
    expect(Object.keys(await flagsFor('user-1'))).not.toContain('gradual');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Feature flags' }).click();
    const row = page.getByRole('row', { name: /gradual/ });
    expect(await row.getByRole('switch').getAttribute('aria-checked')).toBe('false');
    expect(await page.getByRole('row', { name: /admins-only/ }).textContent()).toContain(
      '100% of users matching 1 filter',
    );
    await shot('flags-list');
  });

  it('keeps variants at 100% and payloads valid JSON before saving a multivariate flag', async () => {
    await page.goto(`${server.url}/feature_flags/new`);
    await page.getByLabel('Key').fill('colors');
    await page.getByLabel('Served value').selectOption('multivariate');
    await page.getByLabel('Variant 1 rollout percentage').fill('60');
    await page.getByLabel('Variant 1 payload').fill('{"hex": "#f00"');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => page.getByRole('alert').allTextContents())
      .toContainEqual(expect.stringMatching(/add up to 110%/));
    expect(await page.getByText('This payload is not valid JSON.').count()).toBe(1);
    await shot('flag-variants-invalid');
    expect(page.url()).toMatch(/\/feature_flags\/new$/);

    await page.getByLabel('Variant 1 payload').fill('{"hex": "#f00"}');
    await page.getByRole('button', { name: 'Split evenly' }).click();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/feature_flags\/\d+$/);
    const answers = await Promise.all(['u1', 'u2', 'u3', 'u4', 'u5', 'u6'].map((id) => flagsFor(id)));
    const variants = new Set(answers.map((a) => (a.colors as { variant?: string } | undefined)?.variant));
    expect([...variants].sort()).toEqual(['control', 'test']);
  });

  it('creates a remote-config flag whose payload posthog-node-style clients read, with the matching snippet', async () => {
    await page.goto(`${server.url}/feature_flags/new`);
    await page.getByLabel('Key').fill('app-config');
    await page.getByLabel('Served value').selectOption('remote_config');
    expect(await page.getByRole('heading', { name: 'Release conditions' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => page.getByRole('alert').allTextContents())
      .toContainEqual(expect.stringMatching(/Fix the highlighted fields/));
    await page.getByLabel('Payload (JSON)').fill('{"maxUpload": 25, "banner": "Maintenance at 22:00"}');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/feature_flags\/\d+$/);
    const res = await fetch(`${server.url}/api/projects/@current/feature_flags/app-config/remote_config`, {
      headers: { authorization: `Bearer ${TEST_PERSONAL_KEY}` },
    });
    expect(res.status).toBe(200);
    expect(JSON.parse((await res.json()) as string)).toEqual({
      maxUpload: 25,
      banner: 'Maintenance at 22:00',
    });
    const code = () => page.locator('figure.code').allTextContents();
    await expect
      .poll(async () => (await code()).join('\n'))
      .toContain('getRemoteConfigPayload("app-config")');
    expect((await code()).join('\n')).toContain('get_remote_config_payload("app-config")');
  });

  it('finds a person and shows their events, with hostile data as plain text', async () => {
    await page.getByRole('link', { name: 'Persons' }).click();
    await page.getByLabel('Search persons').fill('alice@acme');
    await page.getByRole('link', { name: 'alice@acme.com' }).click();
    await page.waitForURL(/\/persons\/alice$/);
    const timeline = page.getByRole('region', { name: 'Events' });
    await timeline.getByRole('button', { name: 'signed_up' }).waitFor();
    await timeline.getByRole('button', { name: HOSTILE }).click();
    expect(await timeline.getByText('<script>alert(2)</script>').count()).toBe(1);
    await expect
      .poll(() => page.getByRole('region', { name: 'Feature flags' }).textContent())
      .toContain('admins-only');
    await shot('person');

    await page.getByRole('link', { name: 'Live events' }).click();
    await page.getByRole('button', { name: HOSTILE }).waitFor();
    await page.getByLabel('Event name').fill('signed_up');
    await expect.poll(() => page.locator('table.events tbody tr').count()).toBe(1);
    // A new event shows up by itself: the stream refreshes every few seconds.
    await sendBatch(server, [{ event: 'signed_up', distinct_id: 'bob' }]);
    await expect.poll(() => page.locator('table.events tbody tr').count(), { timeout: 8000 }).toBe(2);
    await shot('live-events');
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(dialogs).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('builds cohorts from person properties and from an uploaded CSV', async () => {
    await page.getByRole('link', { name: 'Cohorts' }).click();
    await page.getByRole('heading', { name: 'No cohorts yet' }).waitFor();
    await page.getByRole('button', { name: 'New cohort' }).first().click();
    await page.getByLabel('Name').fill('Admins');
    await page.getByLabel('Person property').fill('is_admin');
    await page.getByLabel('Value type').selectOption('boolean');
    await page.getByLabel('Value', { exact: true }).selectOption('true');
    await page.getByRole('button', { name: 'Save cohort' }).click();
    await page.waitForURL(/\/cohorts\/\d+$/);
    await page.getByRole('link', { name: 'alice@acme.com' }).waitFor();
    expect(await page.getByRole('link', { name: 'bob@example.com' }).count()).toBe(0);
    await shot('cohort');

    // Groups are OR-ed: admins, or anyone with Bob's email.
    await page.goto(`${server.url}/cohorts/new`);
    await page.getByLabel('Name').fill('Admins or Bob');
    const first = page.getByRole('group', { name: 'Group 1' });
    await first.getByLabel('Person property').fill('is_admin');
    await first.getByLabel('Value type').selectOption('boolean');
    await first.getByLabel('Value', { exact: true }).selectOption('true');
    await page.getByRole('button', { name: '+ OR group' }).click();
    const second = page.getByRole('group', { name: 'Group 2' });
    await second.getByLabel('Person property').fill('email');
    await second.getByLabel('Value', { exact: true }).fill('bob@example.com');
    await page.getByRole('button', { name: 'Save cohort' }).click();
    await page.waitForURL(/\/cohorts\/\d+$/);
    await page.getByRole('link', { name: 'bob@example.com' }).waitFor();
    await page.getByRole('link', { name: 'alice@acme.com' }).waitFor();

    await page.goto(`${server.url}/cohorts/new`);
    await page.getByLabel('Name').fill('Beta testers');
    await page.getByLabel('Upload a CSV of distinct ids').check();
    await page.getByLabel('CSV file').setInputFiles({
      name: 'beta.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('distinct_id\nbob\n'),
    });
    await page.getByRole('button', { name: 'Save cohort' }).click();
    await page.waitForURL(/\/cohorts\/\d+$/);
    await page.getByRole('link', { name: 'bob@example.com' }).waitFor();
    await page.getByRole('link', { name: 'Cohorts', exact: true }).first().click();
    await expect.poll(() => page.locator('table.table tbody tr').count()).toBe(3);

    // Deleting asks first, then the list is one shorter.
    await page.getByRole('link', { name: 'Beta testers' }).click();
    await page.getByRole('button', { name: 'Delete cohort' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete cohort' }).click();
    await page.waitForURL(/\/cohorts$/);
    await expect.poll(() => page.locator('table.table tbody tr').count()).toBe(2);
    const cohorts = await server.api<{ results: { name: string }[] }>('/api/projects/@current/cohorts/');
    expect(cohorts.results.map((c) => c.name).sort()).toEqual(['Admins', 'Admins or Bob']);
  });

  it('archives, unarchives and deletes a flag from its page', async () => {
    const flags = await server.api<{ results: { id: number; key: string }[] }>(
      '/api/projects/@current/feature_flags/',
    );
    const id = flags.results.find((f) => f.key === 'app-config')?.id;
    await page.goto(`${server.url}/feature_flags/${id}`);
    await page.getByRole('button', { name: 'Archive', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Archive flag' }).click();
    await page.getByText('Archived', { exact: true }).waitFor();
    const remote = () =>
      fetch(`${server.url}/api/projects/@current/feature_flags/app-config/remote_config`, {
        headers: { authorization: `Bearer ${TEST_PERSONAL_KEY}` },
      }).then((r) => r.status);
    expect(await remote()).toBe(404);
    await page.getByRole('button', { name: 'Unarchive' }).click();
    await page.getByRole('button', { name: 'Archive', exact: true }).waitFor();
    expect(await remote()).toBe(200);
    await page.getByRole('button', { name: 'Delete flag' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete flag' }).click();
    await page.waitForURL(/\/feature_flags$/);
    const after = await server.api<{ results: { key: string }[] }>('/api/projects/@current/feature_flags/');
    expect(after.results.map((f) => f.key)).not.toContain('app-config');
    expect(await remote()).toBe(404);
    expect(pageErrors).toEqual([]);
  });

  it('creates, shows once, and revokes a personal API key', async () => {
    await page.getByRole('link', { name: 'My account' }).click();
    await page.getByLabel('Label').fill('CI deploys');
    await page.getByRole('button', { name: 'Create key' }).click();
    const secret = await page.getByLabel('New personal API key').inputValue();
    expect(secret).toMatch(/^phx_/);
    const use = () =>
      fetch(`${server.url}/api/projects/@current/feature_flags`, {
        headers: { authorization: `Bearer ${secret}` },
      });
    expect((await use()).status).toBe(200);
    await shot('settings');
    const row = page.getByRole('listitem', { name: 'CI deploys' });
    expect(await row.textContent()).not.toContain(secret);
    await row.getByRole('button', { name: 'Revoke' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke key' }).click();
    await expect.poll(() => page.getByRole('listitem', { name: 'CI deploys' }).count()).toBe(0);
    expect((await use()).status).toBe(401);
  });
});

describe.skipIf(!hasChromium())('first run in Chromium', () => {
  let fresh: TestServer;
  let firstBrowser: Browser | undefined;
  beforeAll(async () => {
    fresh = await startTestServer({ storage: 'memory', env: { SIGNPOST_WEB_DIR: await ensureWebBuilt() } });
    firstBrowser = await launchChromium();
  });
  afterAll(async () => {
    await firstBrowser?.close();
    await fresh?.stop();
  });

  it('offers the setup screen when no admin exists, then signs the new admin in and out', async () => {
    const p = await (firstBrowser as Browser).newPage();
    await p.goto(fresh.url);
    await p.getByRole('heading', { name: 'Create the admin account' }).waitFor();
    await p.getByLabel('Email').fill('owner@example.com');
    await p.getByLabel('Password').fill('a long password');
    await p.getByLabel('Personal API key').fill('phx_wrong_key');
    await p.getByRole('button', { name: 'Create account and sign in' }).click();
    await p.getByRole('alert').filter({ hasText: 'personal API key' }).waitFor();
    await p.getByLabel('Personal API key').fill(TEST_PERSONAL_KEY);
    await p.getByRole('button', { name: 'Create account and sign in' }).click();
    await p.getByRole('heading', { name: 'Feature flags', exact: true }).waitFor();
    expect(p.url()).toMatch(/\/feature_flags$/);
    await p.getByRole('button', { name: 'Sign out' }).click();
    await p.getByRole('heading', { name: 'Sign in' }).waitFor();
    await p.reload();
    await p.getByRole('heading', { name: 'Sign in' }).waitFor();
  });
});
