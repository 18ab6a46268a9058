import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium, recordConsole, startedBrowser } from '../testing/chromium.ts';
import { type PageServer, rootPage, servePosthogPage } from '../testing/posthog-page-server.ts';
import {
  startTestServer,
  TEST_PERSONAL_KEY,
  TEST_PROJECT_KEY,
  type TestServer,
} from '../testing/test-server.ts';

// posthog-js in Debian's Chromium against a real Signpost: the early-access list it reads, and the opt-in it
// sends (an event whose `$set` carries `$feature_enrollment/<key>`), which the server's flag answers then follow.

interface PosthogGlobal {
  init(token: string, config: Record<string, unknown>): void;
  getEarlyAccessFeatures(cb: (features: unknown[]) => void, force?: boolean, stages?: string[]): void;
  updateEarlyAccessFeatureEnrollment(key: string, isEnrolled: boolean, stage?: string): void;
  identify(id: string): void;
  isFeatureEnabled(key: string): boolean | undefined;
}
type PageWindow = { posthog: PosthogGlobal };

let server: TestServer;
let pageServer: PageServer | undefined;
let browser: Browser | undefined;

const html = `<!doctype html><html><head><meta charset="utf-8"><script src="/posthog.js"></script></head>
<body></body></html>`;

async function createFeature(body: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${server.url}/api/projects/@current/early_access_feature/`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TEST_PERSONAL_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status !== 201) throw new Error(`create feature → ${res.status} ${await res.text()}`);
}

/** The server's own answer for a distinct id, with no person properties sent: only what it has stored. */
async function serverValue(distinctId: string, key: string): Promise<boolean | undefined> {
  const res = await fetch(`${server.url}/flags/?v=2`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: TEST_PROJECT_KEY, distinct_id: distinctId }),
  });
  const body = (await res.json()) as { flags: Record<string, { enabled: boolean } | undefined> };
  return body.flags[key]?.enabled;
}

beforeAll(async () => {
  if (!hasChromium()) return;
  server = await startTestServer();
  await createFeature({ name: 'Dark mode', description: 'Darker', stage: 'beta' });
  await createFeature({ name: 'Voice input', stage: 'concept' });
  await createFeature({ name: 'Unfinished', stage: 'draft' });
  pageServer = await servePosthogPage(rootPage(() => html));
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await pageServer?.close();
  await server?.stop();
}, 60_000);

async function openPage(): Promise<{ page: Page; log: string[]; flagAnswers: () => number }> {
  const page = await (await startedBrowser(browser).newContext()).newPage();
  const log = recordConsole(page);
  let flagAnswers = 0;
  page.on('response', (r) => {
    log.push(`← ${r.status()} ${r.url()}`);
    if (new URL(r.url()).pathname.startsWith('/flags')) flagAnswers += 1;
  });
  await page.goto(`${pageServer?.origin}/`);
  await page.evaluate(
    ({ token, apiHost }) =>
      (window as unknown as PageWindow).posthog.init(token, {
        api_host: apiHost,
        opt_out_useragent_filter: true,
        request_batching: false,
        persistence: 'memory',
        autocapture: false,
        capture_pageview: false,
        disable_session_recording: true,
        disable_surveys: true,
      }),
    { token: TEST_PROJECT_KEY, apiHost: server.url },
  );
  return { page, log, flagAnswers: () => flagAnswers };
}

const featuresIn = (page: Page, stages?: string[]) =>
  page.evaluate(
    (s) =>
      new Promise<unknown[]>((resolve) =>
        (window as unknown as PageWindow).posthog.getEarlyAccessFeatures(resolve, true, s),
      ),
    stages,
  );

describe('posthog-js early access', () => {
  it('lists the beta features by default and the stages it asks for', async () => {
    const { page, log } = await openPage();
    expect(await featuresIn(page), log.join('\n')).toEqual([
      {
        name: 'Dark mode',
        description: 'Darker',
        stage: 'beta',
        documentationUrl: null,
        payload: {},
        flagKey: 'dark-mode',
      },
    ]);
    const named = (await featuresIn(page, ['concept', 'beta'])) as { name: string }[];
    expect(named.map((f) => f.name).sort()).toEqual(['Dark mode', 'Voice input']);
    await page.context().close();
  }, 60_000);

  it('opts a person in and out through updateEarlyAccessFeatureEnrollment', async () => {
    const { page, log, flagAnswers } = await openPage();
    // Signed in: posthog-js (person_profiles "identified_only") marks an anonymous visitor's events
    // `$process_person_profile: false`, and then no server, PostHog's included, stores their `$set`.
    const distinctId = 'eaf-browser-user';
    // identify() reloads flags (bodies are gzipped, so count answers): a reload landing after the opt-in
    // would overwrite its local override, so the opt-in waits for init's answer and then identify's.
    await expect.poll(flagAnswers, { timeout: 10_000, message: log.join('\n') }).toBeGreaterThanOrEqual(1);
    await page.evaluate((id) => (window as unknown as PageWindow).posthog.identify(id), distinctId);
    await expect.poll(flagAnswers, { timeout: 10_000, message: log.join('\n') }).toBeGreaterThanOrEqual(2);
    expect(await serverValue(distinctId, 'dark-mode')).toBe(false);

    await page.evaluate(() =>
      (window as unknown as PageWindow).posthog.updateEarlyAccessFeatureEnrollment('dark-mode', true),
    );
    expect(
      await page.evaluate(() => (window as unknown as PageWindow).posthog.isFeatureEnabled('dark-mode')),
    ).toBe(true);
    await expect
      .poll(() => serverValue(distinctId, 'dark-mode'), { timeout: 10_000, message: log.join('\n') })
      .toBe(true);
    expect(await serverValue('someone-else', 'dark-mode')).toBe(false);

    await page.evaluate(() =>
      (window as unknown as PageWindow).posthog.updateEarlyAccessFeatureEnrollment('dark-mode', false),
    );
    await expect
      .poll(() => serverValue(distinctId, 'dark-mode'), { timeout: 10_000, message: log.join('\n') })
      .toBe(false);
    await page.context().close();
  }, 60_000);
});
