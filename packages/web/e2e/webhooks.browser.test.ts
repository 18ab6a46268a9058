import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../server/src/testing/test-server.ts';
import { TEST_PERSONAL_KEY } from '../../server/src/testing/test-server.ts';
import { WebhookReceiver } from '../../server/src/webhooks/webhook-receiver.test-kit.ts';
import { hasChromium, openAppPage, screenshot, signIn } from './app-page.ts';
import { startWebServer } from './seeded-server.ts';

// The Webhooks card on /settings in Chromium against a real Signpost and a real loopback receiver: a refused URL
// shows the server's reason, an added webhook shows its secret once and receives a signed flag change, the
// delivery log shows the receiver's answer, and Delete removes it.

const ADMIN = { email: 'hooks@example.com', password: 'correct horse battery' };

let server: TestServer;
let receiver: WebhookReceiver;
let browser: Browser | undefined;
let page: Page;
let pageErrors: string[] = [];

const card = () =>
  page.locator('section', { has: page.getByRole('heading', { name: 'Webhooks', exact: true }) });
const hooks = () =>
  server.api<{ count: number; results: { id: string; url: string }[] }>('/api/projects/@current/webhooks/');

describe.skipIf(!hasChromium())('webhook settings in Chromium', () => {
  beforeAll(async () => {
    server = await startWebServer(ADMIN);
    receiver = await new WebhookReceiver().start();
    ({ browser, page, pageErrors } = await openAppPage({ viewport: { width: 1280, height: 1000 } }));
    await page.goto(`${server.url}/settings`);
    await signIn(page, ADMIN);
    await page.getByRole('heading', { name: 'Webhooks', exact: true }).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await receiver?.stop();
    await server?.stop();
  });

  it('shows why a URL is refused, and saves nothing', async () => {
    await page.getByLabel('Webhook URL').fill('ftp://files.example.com/drop');
    await card().getByRole('button', { name: 'Add webhook' }).click();
    await expect.poll(() => card().getByRole('alert').textContent()).toContain('must be http(s)');
    expect((await hooks()).count).toBe(0);
  });

  it('adds a webhook, shows its secret once, and logs the signed delivery of a flag change', async () => {
    await page.getByLabel('Webhook URL').fill(receiver.url);
    await card().getByRole('button', { name: 'Add webhook' }).click();
    const secret = page.getByLabel('Signing secret (shown once)');
    await secret.waitFor();
    receiver.secret = await secret.inputValue();
    expect(receiver.secret).toMatch(/^whsec_/);
    await expect.poll(async () => (await hooks()).results.map((h) => h.url)).toEqual([receiver.url]);
    await expect
      .poll(() => card().getByRole('list', { name: 'Webhooks' }).textContent())
      .toContain(receiver.url);

    const flag = await fetch(`${server.url}/api/projects/@current/feature_flags/`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_PERSONAL_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ key: 'hooked-flag' }),
    });
    expect(flag.status).toBe(201);
    const [received] = await receiver.waitFor(1);
    expect(received?.verdict).toBe('ok');
    expect(JSON.parse(received?.body ?? '{}').data.flag.key).toBe('hooked-flag');

    await card().getByRole('button', { name: 'Deliveries' }).click();
    const log = card().getByRole('table', { name: 'Deliveries' });
    await expect
      .poll(async () => {
        await card().getByRole('button', { name: 'Refresh deliveries' }).click();
        return log.textContent();
      })
      .toMatch(/flag\.changed\s*delivered\s*1\s*200/);
    await screenshot(page, 'webhooks-delivery-log');
  });

  it('deletes the webhook', async () => {
    await card().getByRole('button', { name: 'Delete' }).click();
    await expect.poll(async () => (await hooks()).count).toBe(0);
    await expect.poll(() => card().textContent()).toContain('No webhooks yet.');
    expect(pageErrors).toEqual([]);
  });
});
