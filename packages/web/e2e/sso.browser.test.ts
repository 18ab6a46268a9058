import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startProviderProcess,
  TEST_OIDC_CLIENT,
  type TestProviderProcess,
} from '../../server/src/testing/oidc-provider-process.ts';
import { freePort, startTestServer, type TestServer } from '../../server/src/testing/test-server.ts';
import { hasChromium, openAppPage, screenshot, signIn } from './app-page.ts';
import { ensureWebBuilt } from './build-web.ts';

// Single sign-on in Chromium: the sign-in page's SSO button, the real oidc-provider (in its own process) and
// back to the signed-in app; then a refusal shown on the sign-in page.

let server: TestServer;
let provider: TestProviderProcess;
let browser: Browser | undefined;
let page: Page;
let pageErrors: string[] = [];

interface MemberRow {
  user: { email: string };
  role: string;
}

describe.skipIf(!hasChromium())('SSO sign-in in Chromium', () => {
  beforeAll(async () => {
    const webDir = await ensureWebBuilt();
    const port = await freePort();
    const publicUrl = `http://127.0.0.1:${port}`;
    provider = await startProviderProcess(`${publicUrl}/_auth/oidc/callback`);
    server = await startTestServer({
      port,
      env: {
        SIGNPOST_WEB_DIR: webDir,
        SIGNPOST_ADMIN_EMAIL: 'ops@acme.test',
        SIGNPOST_ADMIN_PASSWORD: 'break glass 12345',
        SIGNPOST_PUBLIC_URL: publicUrl,
        SIGNPOST_OIDC_ISSUER: provider.issuer,
        SIGNPOST_OIDC_CLIENT_ID: TEST_OIDC_CLIENT.clientId,
        SIGNPOST_OIDC_CLIENT_SECRET: TEST_OIDC_CLIENT.clientSecret,
        SIGNPOST_OIDC_SCOPES: 'openid email profile groups',
        SIGNPOST_OIDC_ROLE_CLAIM: 'groups',
        SIGNPOST_OIDC_ROLE_MAP: 'signpost-admins=admin,eng=flag_editor',
      },
    });
    ({ browser, page, pageErrors } = await openAppPage({ viewport: { width: 1280, height: 860 } }));
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await provider?.stop();
  });

  it('signs a new member in through the SSO button with the role of their group', async () => {
    await provider.signInAs({
      sub: 'alice',
      email: 'alice@acme.test',
      email_verified: true,
      name: 'Alice',
      groups: ['eng'],
    });
    await page.goto(server.url);
    // SSO on and passwords allowed: both are offered.
    await page.getByLabel('Password').waitFor();
    await page.getByRole('link', { name: 'Sign in with SSO' }).click();
    await page.getByText('alice@acme.test').waitFor();
    expect(new URL(page.url()).origin).toBe(server.url);
    await screenshot(page, 'sso-signed-in');
    const { results } = await server.api<{ results: MemberRow[] }>('/api/projects/@current/members');
    expect(results.find((m) => m.user.email === 'alice@acme.test')?.role).toBe('flag_editor');
    expect(pageErrors).toEqual([]);
  });

  it('shows why the provider’s answer was refused on the sign-in page', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('link', { name: 'Sign in with SSO' }).waitFor();
    await provider.signInAs({
      sub: 'ivan',
      email: 'ivan@acme.test',
      email_verified: false,
      name: 'Ivan',
      groups: ['eng'],
    });
    // A fresh browser context: no session at the provider from Alice's sign-in.
    const context = await (browser as Browser).newContext();
    const fresh = await context.newPage();
    await fresh.goto(server.url);
    await fresh.getByRole('link', { name: 'Sign in with SSO' }).click();
    await expect.poll(() => fresh.getByRole('alert').textContent()).toContain('has not verified your email');
    expect(new URL(fresh.url()).search).toBe('');
    await screenshot(fresh, 'sso-refused');
    await context.close();
    expect(pageErrors).toEqual([]);
  });

  it('hides the password form when SSO-only, behind the operator’s break-glass link', async () => {
    // Only discovery is needed here, so the provider need not know this server's redirect URI.
    const only = await startTestServer({
      env: {
        SIGNPOST_WEB_DIR: await ensureWebBuilt(),
        SIGNPOST_ADMIN_EMAIL: 'ops@acme.test',
        SIGNPOST_ADMIN_PASSWORD: 'break glass 12345',
        SIGNPOST_PUBLIC_URL: 'http://127.0.0.1:1',
        SIGNPOST_OIDC_ISSUER: provider.issuer,
        SIGNPOST_OIDC_CLIENT_ID: TEST_OIDC_CLIENT.clientId,
        SIGNPOST_OIDC_ONLY: 'true',
      },
    });
    const context = await (browser as Browser).newContext();
    try {
      const fresh = await context.newPage();
      await fresh.goto(only.url);
      await fresh.getByRole('link', { name: 'Sign in with SSO' }).waitFor();
      expect(await fresh.getByLabel('Password').count()).toBe(0);
      await fresh.getByRole('button', { name: 'Operator sign-in with a password' }).click();
      await signIn(fresh, { email: 'ops@acme.test', password: 'break glass 12345' });
      await fresh.getByText('ops@acme.test').waitFor();
    } finally {
      await context.close();
      await only.stop();
    }
  });
});
