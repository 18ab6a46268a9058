import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PERSONAL_KEY, type TestServer } from '../../server/src/testing/test-server.ts';
import { hasChromium, openAppPage, screenshot, signIn } from './app-page.ts';
import { startWebServer } from './seeded-server.ts';

// Teams in Debian's Chromium against a real Signpost: an admin invites a viewer, who accepts the link in another
// browser and sees only what a viewer may use (no create button, a read-only flag editor, no member controls);
// promoted to flag editor, the controls appear after a reload and a save goes through. Then the member's own
// scoped keys (created, used, refused beyond their scopes, revoked), a password reset link, deactivation and
// revoking an invitation, and the screens at phone width.

const ADMIN = { email: 'owner@example.com', password: 'correct horse battery' };
const MEMBER = { email: 'vera@example.com', password: 'viewer password 1' };
const API = '/api/projects/@current';

let server: TestServer;
let browser: Browser | undefined;
let admin: Page;
let member: Page;
let flagId: number;
const pageErrors: string[] = [];

async function asAdminKey(method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${server.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${TEST_PERSONAL_KEY}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function memberRole(email: string): Promise<string | undefined> {
  const r = await asAdminKey('GET', `${API}/members/`);
  const body = (await r.json()) as { results: { role: string; status: string; user: { email: string } }[] };
  const found = body.results.find((m) => m.user.email === email);
  return found ? `${found.role}/${found.status}` : undefined;
}

/** The single-use link the members page shows in its copy field. */
const shownLink = (page: Page, title: string) => page.getByLabel(title, { exact: true }).inputValue();

describe.skipIf(!hasChromium())('members, roles and my account in Chromium', () => {
  beforeAll(async () => {
    server = await startWebServer(ADMIN);
    const created = await asAdminKey('POST', `${API}/feature_flags/`, {
      key: 'checkout-v2',
      name: 'New checkout',
      filters: { groups: [{ properties: [], rollout_percentage: 30 }] },
    });
    expect(created.status).toBe(201);
    flagId = ((await created.json()) as { id: number }).id;
    const opened = await openAppPage({ viewport: { width: 1280, height: 900 } });
    browser = opened.browser;
    admin = opened.page;
    admin.on('pageerror', (e) => pageErrors.push(String(e)));
    // The member browses in a separate context: their own cookies, as on another computer.
    member = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    member.setDefaultTimeout(8000);
    member.on('pageerror', (e) => pageErrors.push(String(e)));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('lets the admin invite a viewer and shows the link once, with the invitation pending', async () => {
    await admin.goto(`${server.url}/members`);
    await signIn(admin, ADMIN);
    await admin.getByRole('heading', { name: 'Members', level: 1 }).waitFor();
    expect(await admin.getByRole('listitem', { name: ADMIN.email }).textContent()).toContain('(you)');
    await admin.getByLabel('Email').fill(MEMBER.email);
    await admin.getByLabel('Role', { exact: true }).selectOption('viewer');
    await admin.getByRole('button', { name: 'Create invitation link' }).click();
    const link = await shownLink(admin, `Invitation link for ${MEMBER.email}`);
    expect(link).toMatch(new RegExp(`^${server.url}/accept-invite#token=[\\w-]{40,}$`));
    await admin.getByRole('listitem', { name: `Invitation for ${MEMBER.email}` }).waitFor();
    await screenshot(admin, 'members-invited');

    await member.goto(link);
    await member.getByRole('heading', { name: /^Join / }).waitFor();
    expect(await member.getByTestId('invite-summary').textContent()).toContain('Viewer');
    expect(await member.getByLabel('Email').inputValue()).toBe(MEMBER.email);
    await member.getByLabel('Your name').fill('Vera');
    await member.getByLabel('Password', { exact: true }).fill(MEMBER.password);
    await member.getByLabel('Repeat password').fill('something else');
    await member.getByRole('button', { name: 'Join and sign in' }).click();
    await expect.poll(() => member.getByRole('alert').textContent()).toContain('differ');
    await member.getByLabel('Repeat password').fill(MEMBER.password);
    await screenshot(member, 'accept-invite');
    await member.getByRole('button', { name: 'Join and sign in' }).click();
    await member.getByRole('heading', { name: 'Feature flags', exact: true }).waitFor();
    // The spent token leaves the address bar.
    expect(member.url()).not.toContain('token=');
    expect(await memberRole(MEMBER.email)).toBe('viewer/active');

    // A used link is refused with the server's explanation.
    await member.goto(link);
    await expect.poll(() => member.getByRole('alert').textContent()).toMatch(/unknown, used or expired/);
  });

  it('shows a viewer no control their role cannot use', async () => {
    await member.goto(`${server.url}/feature_flags`);
    const row = member.getByRole('row', { name: /checkout-v2/ });
    await row.waitFor();
    expect(await member.getByRole('button', { name: 'New feature flag' }).count()).toBe(0);
    expect(await row.getByRole('switch').isDisabled()).toBe(true);
    await screenshot(member, 'viewer-flags');

    await member.goto(`${server.url}/feature_flags/${flagId}`);
    await member.getByTestId('flag-status').waitFor();
    expect(await member.getByRole('button', { name: 'Edit' }).count()).toBe(0);
    expect(await member.getByRole('switch', { name: 'Enable checkout-v2' }).isDisabled()).toBe(true);

    await member.goto(`${server.url}/feature_flags/${flagId}/edit`);
    await member.getByRole('heading', { name: 'checkout-v2 (read-only)' }).waitFor();
    expect(await member.getByLabel('Key').inputValue()).toBe('checkout-v2');
    expect(await member.getByLabel('Key').isDisabled()).toBe(true);
    expect(await member.getByLabel('Description').isDisabled()).toBe(true);
    expect(await member.getByRole('button', { name: 'Save' }).count()).toBe(0);
    expect(await member.getByRole('note').textContent()).toContain('Viewer');
    await screenshot(member, 'viewer-flag-editor');
    // A typed address to a "new" form says what the role cannot do rather than offering a doomed form.
    await member.goto(`${server.url}/cohorts/new`);
    await member.getByRole('heading', { name: 'Not available to your role' }).waitFor();
    expect(await member.getByRole('button', { name: 'Save cohort' }).count()).toBe(0);

    await member.getByRole('link', { name: 'Insights' }).click();
    await member.getByRole('heading', { name: 'Insights', exact: true }).waitFor();
    expect(await member.getByRole('button', { name: 'New insight' }).count()).toBe(0);
    await member.getByRole('link', { name: 'Cohorts' }).click();
    await member.getByRole('heading', { name: 'Cohorts', exact: true }).waitFor();
    expect(await member.getByRole('button', { name: 'New cohort' }).count()).toBe(0);
    await member.getByRole('link', { name: 'Dashboards' }).click();
    await member.getByRole('heading', { name: 'Dashboards', exact: true }).waitFor();
    expect(await member.getByRole('form', { name: 'New dashboard' }).count()).toBe(0);

    await member.getByRole('link', { name: 'Settings' }).click();
    await member.getByLabel('Project name').waitFor();
    expect(await member.getByLabel('Project name').isDisabled()).toBe(true);
    expect(await member.getByRole('button', { name: 'Save', exact: true }).isDisabled()).toBe(true);
    expect(await member.getByRole('button', { name: 'Save data controls' }).isDisabled()).toBe(true);

    await member.getByRole('link', { name: 'Members' }).click();
    await member.getByRole('listitem', { name: ADMIN.email }).waitFor();
    expect(await member.getByRole('form', { name: 'Invite a member' }).count()).toBe(0);
    expect(await member.getByRole('button', { name: 'Remove' }).count()).toBe(0);
    // No role select on the member screens (the header's project and environment switchers are for everyone).
    expect(
      await member
        .getByRole('region', { name: /Members/ })
        .getByRole('combobox')
        .count(),
    ).toBe(0);
    expect(await member.getByRole('combobox').count()).toBe(2);
    await screenshot(member, 'viewer-members');
  });

  it('lets the admin promote the viewer to analyst, then flag editor; after a reload the controls appear and a save goes through', async () => {
    await admin.reload();
    // As an analyst first: insights and cohorts open up, flags stay read-only.
    await admin.getByLabel(`Role of ${MEMBER.email}`).selectOption('analyst');
    await expect.poll(() => memberRole(MEMBER.email)).toBe('analyst/active');
    await member.goto(`${server.url}/insights`);
    await member.getByRole('button', { name: 'New insight' }).first().waitFor();
    await member.getByRole('link', { name: 'Cohorts' }).click();
    await member.getByRole('button', { name: 'New cohort' }).first().waitFor();
    await member.getByRole('link', { name: 'Feature flags' }).click();
    await member.getByRole('row', { name: /checkout-v2/ }).waitFor();
    expect(await member.getByRole('button', { name: 'New feature flag' }).count()).toBe(0);

    await admin.getByLabel(`Role of ${MEMBER.email}`).selectOption('flag_editor');
    await expect.poll(() => memberRole(MEMBER.email)).toBe('flag_editor/active');

    await member.goto(`${server.url}/feature_flags/${flagId}`);
    await member.getByRole('button', { name: 'Edit' }).click();
    await member.getByRole('heading', { name: 'Edit checkout-v2' }).waitFor();
    await member.getByLabel('Description').fill('New checkout, by Vera');
    await member.getByRole('button', { name: 'Save' }).click();
    await member.waitForURL(/\/feature_flags\/\d+$/);
    const flag = (await (await asAdminKey('GET', `${API}/feature_flags/${flagId}/`)).json()) as {
      name: string;
    };
    expect(flag.name).toBe('New checkout, by Vera');
    await member.goto(`${server.url}/feature_flags`);
    await member.getByRole('button', { name: 'New feature flag' }).waitFor();
    expect(
      await member
        .getByRole('row', { name: /checkout-v2/ })
        .getByRole('switch')
        .isDisabled(),
    ).toBe(false);
    // Still no member management: that stays with admins.
    await member.getByRole('link', { name: 'Members' }).click();
    await member.getByRole('listitem', { name: ADMIN.email }).waitFor();
    expect(await member.getByRole('button', { name: 'Remove' }).count()).toBe(0);
  });

  it('lets the member create a scoped, expiring key, shown once, refused beyond its scopes, then revoke it', async () => {
    await member.getByRole('link', { name: 'My account' }).click();
    await expect.poll(() => member.getByTestId('my-role').textContent()).toBe('Flag editor');
    // Only what a flag editor may do is offered: flags can be written, members only read.
    expect(await member.getByLabel('Feature flags: write').count()).toBe(1);
    expect(await member.getByLabel('Members: read').count()).toBe(1);
    expect(await member.getByLabel('Members: write').count()).toBe(0);
    expect(await member.getByLabel('Project: write').count()).toBe(0);

    await member.getByLabel('Label').fill('deploy bot');
    await member.getByLabel('Feature flags: write').check();
    const inThreeDays = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    await member.getByLabel('Expires on (optional)').fill(inThreeDays);
    await member.getByRole('button', { name: 'Create key' }).click();
    const secret = await member.getByLabel('New personal API key').inputValue();
    expect(secret).toMatch(/^phx_/);
    await screenshot(member, 'account-key-created');

    const use = (method: string, path: string, body?: unknown) =>
      fetch(`${server.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${secret}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    expect((await use('GET', `${API}/feature_flags/`)).status).toBe(200);
    const beyond = await use('POST', `${API}/insights/`, { name: 'nope', query: { kind: 'TrendsQuery' } });
    expect(beyond.status).toBe(403);
    expect(((await beyond.json()) as { code: string }).code).toBe('PERMISSION_DENIED');

    // Even listing keys is beyond it; the admin (who sees every key) finds exactly what the form asked for.
    expect((await use('GET', '/api/personal_api_keys/')).status).toBe(403);
    const keys = (await (await asAdminKey('GET', '/api/personal_api_keys/')).json()) as { label: string }[];
    expect(keys.filter((k) => k.label === 'deploy bot')).toEqual([
      expect.objectContaining({ scopes: ['feature_flag:write'], expires_at: expect.any(String) }),
    ]);

    await member.reload();
    const row = member.getByRole('listitem', { name: 'deploy bot' });
    await row.waitFor();
    const text = (await row.textContent()) ?? '';
    expect(text).toContain('feature_flag:write');
    expect(text).not.toContain(secret);
    expect(text).toMatch(/Expires\s*in [34] days/);
    expect(text).not.toMatch(/Last used\s*Never/);
    await screenshot(member, 'account-keys');

    // The admin sees every key of the project with its owner, the installation key included.
    await admin.goto(`${server.url}/members`);
    const projectKeys = admin.getByRole('list', { name: 'Project keys' });
    await expect
      .poll(() => projectKeys.getByRole('listitem', { name: 'deploy bot' }).textContent())
      .toContain(`Owner: ${MEMBER.email}`);
    expect(await projectKeys.textContent()).toContain('Owner: installation key (no member)');

    await row.getByRole('button', { name: 'Revoke' }).click();
    await member.getByRole('dialog').getByRole('button', { name: 'Revoke key' }).click();
    await expect.poll(() => member.getByRole('listitem', { name: 'deploy bot' }).count()).toBe(0);
    expect((await use('GET', `${API}/feature_flags/`)).status).toBe(401);
  });

  it('changes the member’s own password, refusing a wrong current one', async () => {
    const form = member.getByRole('form', { name: 'Change password' });
    await form.getByLabel('Current password').fill('not my password');
    await form.getByLabel('New password', { exact: true }).fill('a newer password');
    await form.getByLabel('Repeat new password').fill('a newer password');
    await form.getByRole('button', { name: 'Change password' }).click();
    await form.getByRole('alert').waitFor();
    await form.getByLabel('Current password').fill(MEMBER.password);
    await form.getByRole('button', { name: 'Change password' }).click();
    await expect.poll(() => form.getByRole('status').textContent()).toContain('Password changed');
    MEMBER.password = 'a newer password';
  });

  it('issues a password reset link that sets a new password once', async () => {
    await admin.reload();
    await admin
      .getByRole('listitem', { name: MEMBER.email })
      .getByRole('button', { name: 'Reset link' })
      .click();
    const link = await shownLink(admin, `Password reset link for ${MEMBER.email}`);
    expect(link).toMatch(new RegExp(`^${server.url}/reset-password#token=[\\w-]{40,}$`));

    const stranger = await (await (browser as Browser).newContext()).newPage();
    await stranger.goto(link);
    await stranger.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    await stranger.getByLabel('New password', { exact: true }).fill('reset password 42');
    await stranger.getByLabel('Repeat new password').fill('reset password 42');
    await screenshot(stranger, 'reset-password');
    await stranger.getByRole('button', { name: 'Set new password' }).click();
    await stranger.getByRole('heading', { name: 'Password changed' }).waitFor();
    expect(stranger.url()).not.toContain('token=');
    await stranger.getByRole('link', { name: 'Go to sign-in' }).click();
    await signIn(stranger, MEMBER);
    await expect.poll(() => stranger.getByRole('alert').textContent()).toBeTruthy();
    await signIn(stranger, { email: MEMBER.email, password: 'reset password 42' });
    await stranger.getByRole('heading', { name: 'Feature flags', exact: true }).waitFor();

    // The link worked once.
    await stranger.goto(link);
    await stranger.getByLabel('New password', { exact: true }).fill('another password 1');
    await stranger.getByLabel('Repeat new password').fill('another password 1');
    await stranger.getByRole('button', { name: 'Set new password' }).click();
    await expect.poll(() => stranger.getByRole('alert').textContent()).toMatch(/unknown, used or expired/);
    await stranger.context().close();
  });

  it('deactivates and reactivates the member, and revokes a pending invitation after confirmation', async () => {
    const row = admin.getByRole('listitem', { name: MEMBER.email });
    await row.getByRole('button', { name: 'Deactivate' }).click();
    await expect.poll(() => memberRole(MEMBER.email)).toBe('flag_editor/deactivated');
    await row.getByRole('button', { name: 'Reactivate' }).waitFor();
    expect(await row.textContent()).toContain('Deactivated');
    // Deactivation ends the member's session at once.
    await member.goto(`${server.url}/feature_flags`);
    await member.getByRole('heading', { name: 'Sign in' }).waitFor();
    await row.getByRole('button', { name: 'Reactivate' }).click();
    await expect.poll(() => memberRole(MEMBER.email)).toBe('flag_editor/active');

    await admin.getByLabel('Email').fill('later@example.com');
    await admin.getByRole('button', { name: 'Create invitation link' }).click();
    const invitation = admin.getByRole('listitem', { name: 'Invitation for later@example.com' });
    await invitation.getByRole('button', { name: 'Revoke' }).click();
    await admin.getByRole('dialog').getByRole('button', { name: 'Revoke invitation' }).click();
    await expect.poll(() => invitation.count()).toBe(0);
    const pending = (await (await asAdminKey('GET', `${API}/invites/`)).json()) as { results: unknown[] };
    expect(pending.results).toEqual([]);
    await screenshot(admin, 'members-admin');
  });

  it('removes a member after confirmation, and the last admin cannot demote themself', async () => {
    await admin.getByLabel(`Role of ${ADMIN.email}`).selectOption('viewer');
    await expect.poll(() => admin.getByRole('alert').textContent()).toContain('last active admin');
    expect(await memberRole(ADMIN.email)).toBe('admin/active');

    await admin.getByRole('listitem', { name: MEMBER.email }).getByRole('button', { name: 'Remove' }).click();
    const dialog = admin.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await memberRole(MEMBER.email)).toBe('flag_editor/active');
    await admin.getByRole('listitem', { name: MEMBER.email }).getByRole('button', { name: 'Remove' }).click();
    await dialog.getByRole('button', { name: 'Remove member' }).click();
    await expect.poll(() => admin.getByRole('listitem', { name: MEMBER.email }).count()).toBe(0);
    expect(await memberRole(MEMBER.email)).toBeUndefined();
    expect(pageErrors).toEqual([]);
  });

  it('fits the team screens into a phone’s width', async () => {
    const phone = await (
      await (browser as Browser).newContext({ viewport: { width: 390, height: 844 } })
    ).newPage();
    phone.setDefaultTimeout(8000);
    await phone.goto(`${server.url}/members`);
    await signIn(phone, ADMIN);
    await phone.getByRole('listitem', { name: ADMIN.email }).waitFor();
    // Nothing may be wider than the phone: the page itself never scrolls sideways (tables scroll in place).
    const overflow = () => phone.evaluate(() => document.documentElement.scrollWidth - 390);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await screenshot(phone, 'phone-members');
    // At phone width the navigation folds behind the Menu button.
    await phone.getByRole('button', { name: 'Menu' }).click();
    await phone.getByRole('link', { name: 'My account' }).click();
    await phone.getByRole('heading', { name: 'My personal API keys' }).waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
    await screenshot(phone, 'phone-account');
    await phone.getByRole('button', { name: 'Menu' }).click();
    await phone.getByRole('link', { name: 'Feature flags' }).click();
    await phone.getByText('checkout-v2').first().waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
    await screenshot(phone, 'phone-flags');
    await phone.goto(`${server.url}/feature_flags/${flagId}/edit`);
    await phone.getByLabel('Key').waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
    await screenshot(phone, 'phone-flag-edit');
    await phone.goto(`${server.url}/accept-invite#token=nope`);
    await phone.getByRole('alert').waitFor();
    await screenshot(phone, 'phone-accept-invite-bad');
    await phone.context().close();
  });
});
