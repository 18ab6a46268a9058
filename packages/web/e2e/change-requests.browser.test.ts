import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PERSONAL_KEY, type TestServer } from '../../server/src/testing/test-server.ts';
import { hasChromium, openAppPage, screenshot, signIn } from './app-page.ts';
import { startWebServer } from './seeded-server.ts';

// Change requests in Debian's Chromium against a real Signpost. Production needs one approval; Rita (flag
// editor) edits a rollout and sees it waiting, with its diff and no way to approve it herself; Arun (another
// flag editor, signed in in a second browser context) reviews the diff and approves, and the flag and its
// history follow. Then a change Arun rejects with a comment, a revert held the same way (and withdrawn), and
// both screens at phone width.

const ADMIN = { email: 'owner@example.com', password: 'correct horse battery' };
const REQUESTER = { email: 'rita@example.com', password: 'requester password 1' };
const APPROVER = { email: 'arun@example.com', password: 'approver password 1' };
const API = '/api/projects/@current';

let server: TestServer;
let browser: Browser | undefined;
let requester: Page;
let approver: Page;
let flagId: number;
let pageErrors: string[] = [];
/** The flag page the requester landed on after saving (it names the change request). */
let waitingUrl = '';

async function asAdminKey<T>(method: string, path: string, body?: unknown): Promise<T> {
  const r = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${TEST_PERSONAL_KEY}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await r.text();
  expect(r.ok, text).toBe(true);
  return JSON.parse(text) as T;
}

/** A flag editor, invited by the admin and joined (the invitation's own sign-up, as a browser would). */
async function join(member: { email: string; password: string }): Promise<void> {
  const invite = await asAdminKey<{ invite_url: string }>('POST', `${API}/invites/`, {
    email: member.email,
    role: 'flag_editor',
  });
  const token = new URL(invite.invite_url).hash.slice('#token='.length);
  const r = await fetch(`${server.url}/_auth/accept_invite`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token, password: member.password }),
  });
  expect(r.status).toBe(201);
}

const rolloutNow = async () =>
  (
    await asAdminKey<{ filters: { groups: { rollout_percentage: number }[] } }>(
      'GET',
      `${API}/feature_flags/${flagId}/`,
    )
  ).filters.groups[0]?.rollout_percentage;

/** The requester saves a new rollout on the flag's edit page; production holds it. */
async function requestRollout(page: Page, percentage: number): Promise<void> {
  await page.goto(`${server.url}/feature_flags/${flagId}/edit`);
  await page.getByLabel('Rollout percentage of set 1').fill(String(percentage));
  await page.getByRole('button', { name: 'Save' }).click();
  await page.waitForURL(/change_request=/);
  await page.getByTestId('change-request-banner').waitFor();
}

const bodyOverflows = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);

describe.skipIf(!hasChromium())('change requests in Chromium', () => {
  beforeAll(async () => {
    server = await startWebServer(ADMIN);
    await join(REQUESTER);
    await join(APPROVER);
    const production = await asAdminKey<{ id: number }>('GET', `${API}/`);
    await asAdminKey('PATCH', `${API}/environments/${production.id}/`, { flag_change_approvals: 1 });
    flagId = (
      await asAdminKey<{ id: number }>('POST', `${API}/feature_flags/`, {
        key: 'checkout-v2',
        name: 'New checkout',
        filters: { groups: [{ properties: [], rollout_percentage: 30 }] },
      })
    ).id;
    const opened = await openAppPage({ viewport: { width: 1280, height: 1000 } });
    ({ browser, pageErrors } = opened);
    requester = opened.page;
    // The approver browses in a separate context: their own cookies, as on another computer.
    approver = await (await browser.newContext({ viewport: { width: 1280, height: 1000 } })).newPage();
    approver.setDefaultTimeout(8000);
    approver.on('pageerror', (e) => pageErrors.push(String(e)));
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('holds the requester’s edit: waiting for approval, with the diff, and no approving it herself', async () => {
    await requester.goto(`${server.url}/feature_flags/${flagId}`);
    await signIn(requester, REQUESTER);
    await requester.getByTestId('flag-status').waitFor();
    await requestRollout(requester, 60);
    waitingUrl = requester.url();
    const banner = requester.getByTestId('change-request-banner');
    expect(await banner.getAttribute('data-status')).toBe('pending');
    expect(await banner.textContent()).toContain('Waiting for approval');
    const diff = await banner.locator('table.diff').textContent();
    expect(diff).toContain('filters');
    expect(diff).toContain('30');
    expect(diff).toContain('60');
    expect(await banner.getByTestId('own-request').textContent()).toContain('cannot approve your own');
    expect(await banner.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    // Nothing applied yet: the conditions still say 30%.
    await requester.getByText('30%', { exact: true }).first().waitFor();
    expect(await rolloutNow()).toBe(30);
    await screenshot(requester, 'change-request-waiting');

    // The review screen offers her no Approve either, only Withdraw.
    await requester.goto(`${server.url}/change_requests`);
    const card = requester.getByRole('article', { name: 'Change to checkout-v2' });
    await card.waitFor();
    expect(await card.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    expect(await card.getByRole('button', { name: 'Withdraw' }).count()).toBe(1);
    // The server refuses a self-approval sent by hand as well (the UI is not the only guard).
    const refused = await requester.evaluate(async () => {
      const session = (await (await fetch('/_auth/session')).json()) as { csrf_token: string };
      const list = (await (await fetch('/api/projects/@current/change_requests/?status=pending')).json()) as {
        results: { id: string }[];
      };
      const r = await fetch(`/api/projects/@current/change_requests/${list.results[0]?.id}/approve/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrf_token },
        body: '{}',
      });
      return `${r.status} ${((await r.json()) as { code: string }).code}`;
    });
    expect(refused).toBe('403 SELF_APPROVAL');
  });

  it('lets the approver review the diff and approve: applied, the flag and its history follow', async () => {
    await approver.goto(`${server.url}/change_requests`);
    await signIn(approver, APPROVER);
    const card = approver.getByRole('article', { name: 'Change to checkout-v2' });
    await card.waitFor();
    expect(await card.textContent()).toContain(`Requested by ${REQUESTER.email}`);
    expect(await card.locator('table.diff').textContent()).toContain('60');
    await screenshot(approver, 'change-request-review');
    await card.getByRole('button', { name: 'Approve' }).click();
    await approver.getByText('No pending change requests.').waitFor();
    expect(await rolloutNow()).toBe(60);

    await approver.getByLabel('Status').selectOption('applied');
    const applied = approver.getByRole('article', { name: 'Change to checkout-v2' });
    await applied.waitFor();
    expect(await applied.textContent()).toContain(`applied by ${APPROVER.email}`);

    await approver.goto(`${server.url}/feature_flags/${flagId}`);
    await approver.getByText('60%', { exact: true }).first().waitFor();
    const latest = approver.getByTestId('activity-entry').first();
    await expect.poll(() => latest.textContent()).toContain(REQUESTER.email);
    expect(await latest.textContent()).toContain(`approved by ${APPROVER.email}`);
    await screenshot(approver, 'change-request-applied-history');

    // The requester's banner, opened again, says it applied.
    await requester.goto(waitingUrl);
    await expect
      .poll(() => requester.getByTestId('change-request-banner').getAttribute('data-status'))
      .toBe('applied');
  });

  it('a rejected change never applies, and says who rejected it and why', async () => {
    await requestRollout(requester, 90);
    await approver.goto(`${server.url}/change_requests`);
    const card = approver.getByRole('article', { name: 'Change to checkout-v2' });
    await card.waitFor();
    const reject = card.getByRole('button', { name: 'Reject' });
    expect(await reject.isDisabled()).toBe(true);
    await card.getByLabel('Rejection comment').fill('90% before the incident review? No.');
    await reject.click();
    await approver.getByText('No pending change requests.').waitFor();
    expect(await rolloutNow()).toBe(60);
    await approver.getByLabel('Status').selectOption('rejected');
    const rejected = approver.getByRole('article', { name: 'Change to checkout-v2' });
    await rejected.waitFor();
    expect(await rejected.textContent()).toContain('90% before the incident review? No.');
    expect(await rejected.textContent()).toContain(`rejected by ${APPROVER.email}`);
    await screenshot(approver, 'change-request-rejected');
  });

  it('holds a revert from the history too; its author may withdraw it', async () => {
    await requester.goto(`${server.url}/feature_flags/${flagId}`);
    const applied = requester
      .getByTestId('activity-entry')
      .filter({ hasText: `approved by ${APPROVER.email}` })
      .first();
    await applied.getByRole('button', { name: 'Revert' }).click();
    await expect.poll(() => applied.getByRole('status').textContent()).toContain('waits for approval');
    const banner = requester.getByTestId('change-request-banner');
    await banner.waitFor();
    expect(await banner.getAttribute('data-status')).toBe('pending');
    expect(await banner.locator('table.diff').textContent()).toContain('30');
    expect(await rolloutNow()).toBe(60);
    await screenshot(requester, 'change-request-revert-held');
    await banner.getByRole('button', { name: 'Withdraw' }).click();
    await expect.poll(() => banner.getAttribute('data-status')).toBe('withdrawn');
    expect(await rolloutNow()).toBe(60);
  });

  it('fits a phone: the waiting banner and the review screen at 390 px', async () => {
    const context = await (browser as Browser).newContext({ viewport: { width: 390, height: 844 } });
    const phone = await context.newPage();
    phone.setDefaultTimeout(8000);
    phone.on('pageerror', (e) => pageErrors.push(String(e)));
    await phone.goto(`${server.url}/feature_flags/${flagId}`);
    await signIn(phone, REQUESTER);
    await phone.getByTestId('flag-status').waitFor();
    await requestRollout(phone, 75);
    expect(await bodyOverflows(phone)).toBe(false);
    await screenshot(phone, 'phone-change-request-waiting');

    const reviewer = await (
      await (browser as Browser).newContext({ viewport: { width: 390, height: 844 } })
    ).newPage();
    reviewer.setDefaultTimeout(8000);
    await reviewer.goto(`${server.url}/change_requests`);
    await signIn(reviewer, APPROVER);
    const card = reviewer.getByRole('article', { name: 'Change to checkout-v2' });
    await card.waitFor();
    expect(await bodyOverflows(reviewer)).toBe(false);
    await screenshot(reviewer, 'phone-change-request-review');
    await card.getByRole('button', { name: 'Approve' }).click();
    await reviewer.getByText('No pending change requests.').waitFor();
    expect(await rolloutNow()).toBe(75);
    expect(pageErrors).toEqual([]);
  });
});
