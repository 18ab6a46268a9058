import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../packages/server/src/testing/test-server.ts';
import type { AnalyticsSdk } from './config.ts';
import { setupFlags } from './setup-flags.ts';
import { type AppOptions, AppUser, setupAdmin, startApp } from './test-harness.ts';
import type { RunningTimetracker } from './timetracker.ts';

const BETA = '/beta/advanced-analytics';

describe.each<AnalyticsSdk>(['signpost', 'posthog-node'])('beta-features route protection with %s', (sdk) => {
  let server: TestServer;
  const apps: RunningTimetracker[] = [];
  const start = async (options: AppOptions) => {
    const app = await startApp(server.url, { sdk, ...options });
    apps.push(app);
    return app;
  };

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    for (const app of apps) await app.stop();
    await server?.stop();
  });

  it('answers 404 until the flag targets the user, then 200 for admins only', async () => {
    const app = await start({});
    const alice = new AppUser(app.url);
    await alice.login('alice');
    const bob = new AppUser(app.url);
    await bob.login('bob');
    expect((await new AppUser(app.url).get(BETA)).status).toBe(404);
    expect((await alice.get(BETA)).status).toBe(404);

    const result = await setupFlags(setupAdmin(server));
    expect(result.created).toContain('beta-features');
    const page = await alice.get(BETA);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Advanced analytics');
    expect((await bob.get(BETA)).status).toBe(404);
    expect((await new AppUser(app.url).get(BETA)).status).toBe(404);
  });

  it('gives the same answers when evaluating locally with the personal key', async () => {
    await setupFlags(setupAdmin(server));
    const app = await start({ local: true });
    const alice = new AppUser(app.url);
    await alice.login('alice', 'oidc');
    const carol = new AppUser(app.url);
    await carol.login('carol', 'oidc');
    expect((await alice.get(BETA)).status).toBe(200);
    expect((await carol.get(BETA)).status).toBe(404);
  });
});
