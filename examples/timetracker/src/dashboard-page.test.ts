import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../packages/server/src/testing/test-server.ts';
import type { AnalyticsSdk } from './config.ts';
import { FeatureFlags } from './feature-flags.ts';
import { setupFlags } from './setup-flags.ts';
import { AppUser, serverFlags, setupAdmin, startApp } from './test-harness.ts';
import type { RunningTimetracker } from './timetracker.ts';

/** The object the bootstrap script assigns, read back from the served HTML. */
function bootstrapOf(html: string): { nonce: string; data: Record<string, unknown> } {
  const match = /<script nonce="([^"]+)">window\["featureFlags"\] = (.*?);<\/script>/.exec(html);
  if (!match) throw new Error('no bootstrap script in the page');
  return { nonce: match[1] ?? '', data: JSON.parse(match[2] ?? 'null') as Record<string, unknown> };
}

describe.each<AnalyticsSdk>(['signpost', 'posthog-node'])('dashboard page with %s', (sdk) => {
  let server: TestServer;
  let app: RunningTimetracker;

  beforeAll(async () => {
    server = await startTestServer();
    await setupFlags(setupAdmin(server));
    app = await startApp(server.url, { sdk });
  });
  afterAll(async () => {
    await app?.stop();
    await server?.stop();
  });

  it("inlines the user's flags and payloads before first paint, under the page's CSP nonce", async () => {
    const alice = new AppUser(app.url);
    await alice.login('alice', 'oidc');
    const page = await alice.get('/dashboard');
    expect(page.status).toBe(200);
    const { nonce, data } = bootstrapOf(page.text);
    expect(page.headers.get('content-security-policy')).toBe(`script-src 'nonce-${nonce}'`);
    expect(page.text.indexOf('window["featureFlags"]')).toBeLessThan(page.text.indexOf('<body'));

    const expected = await serverFlags(server, 'u-alice', { is_admin: true });
    expect(data).toEqual({
      featureFlags: expected,
      featureFlagPayloads: {
        [FeatureFlags.DASHBOARD_CONFIG]: { theme: 'dark', enabled_widgets: ['timer', 'projects', 'reports'] },
      },
      distinctID: 'u-alice',
    });
    expect(typeof (data.featureFlags as Record<string, unknown>)[FeatureFlags.NEW_TIMER_UI]).toBe('boolean');
    // Remote config from the payload and the experiment variant shape the server-rendered page too.
    expect(page.text).toContain('class="theme-dark"');
    expect(page.text).toContain('<li data-widget="reports">reports</li>');
    expect(page.text).toContain(`data-timer-variant="${String(expected[FeatureFlags.TIMER_UI_EXPERIMENT])}"`);
    expect(page.text).toContain(`data-layout="${expected[FeatureFlags.NEW_DASHBOARD] ? 'v2' : 'v1'}"`);
  });

  it('escapes a hostile project name', async () => {
    const bob = new AppUser(app.url);
    await bob.login('bob');
    await bob.post('/api/projects', { name: '</script><script>alert(1)</script>' });
    const page = await bob.get('/dashboard');
    expect(page.text).toContain('&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.text).not.toContain('<script>alert(1)');
  });

  it('falls back to the classic layout and default config when the flags are unknown', async () => {
    const empty = await startTestServer();
    const bare = await startApp(empty.url, { sdk });
    try {
      const carol = new AppUser(bare.url);
      await carol.login('carol', 'oidc');
      const page = await carol.get('/dashboard');
      expect(bootstrapOf(page.text).data).toEqual({
        featureFlags: {},
        featureFlagPayloads: {},
        distinctID: 'u-carol',
      });
      expect(page.text).toContain('class="theme-light"');
      expect(page.text).toContain('data-layout="v1"');
    } finally {
      await bare.stop();
      await empty.stop();
    }
  });
});
