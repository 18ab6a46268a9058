import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../packages/server/src/testing/test-server.ts';
import type { AnalyticsSdk } from './config.ts';
import { FeatureFlags } from './feature-flags.ts';
import { setupFlags } from './setup-flags.ts';
import { AppUser, flagAdmin, setupAdmin, startApp } from './test-harness.ts';
import type { RunningTimetracker } from './timetracker.ts';

// `enable-exports` read with `default: true`: exports survive a Signpost outage and stop when the flag is at 0%.

async function exportAs(app: RunningTimetracker) {
  const user = new AppUser(app.url);
  await user.login('bob');
  const project = (await user.post('/api/projects', { name: 'Acme' })).json<{ id: string }>();
  await user.post('/api/timer/start', { projectId: project.id });
  await user.post('/api/timer/stop');
  return user.get('/api/export/csv');
}

/** A port with nothing listening: connections are refused at once. */
async function closedPortUrl(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

describe.each<AnalyticsSdk>(['signpost', 'posthog-node'])('enable-exports kill switch with %s', (sdk) => {
  let server: TestServer;
  let hanging: Server;
  const apps: RunningTimetracker[] = [];
  const start = async (host: string, flagTimeoutMs = 1000) => {
    const app = await startApp(host, { sdk, env: { FLAG_TIMEOUT_MS: String(flagTimeoutMs) } });
    apps.push(app);
    return app;
  };

  beforeAll(async () => {
    server = await startTestServer();
    // Accepts connections and never answers: the outage that costs the most time.
    hanging = createServer(() => undefined);
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    for (const app of apps) await app.stop(200);
    hanging?.closeAllConnections();
    await new Promise<void>((resolve) => (hanging ? hanging.close(() => resolve()) : resolve()));
    await server?.stop();
  });

  it('keeps exports working when Signpost refuses connections', async () => {
    const reply = await exportAs(await start(await closedPortUrl()));
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(reply.text.split('\r\n')).toHaveLength(3);
  });

  it('keeps exports working, within the flag timeout, when Signpost does not answer', async () => {
    const { port } = hanging.address() as AddressInfo;
    const reply = await exportAs(await start(`http://127.0.0.1:${port}`, 300));
    expect(reply.status).toBe(200);
    // The flag read (and the interaction's flag read) each wait at most the 300 ms timeout.
    expect(reply.ms).toBeLessThan(2_000);
  });

  it('refuses exports once the flag is rolled to 0%, and allows them again at 100%', async () => {
    await setupFlags(setupAdmin(server));
    const app = await start(server.url);
    expect((await exportAs(app)).status).toBe(200);

    await flagAdmin(server).setRollout(FeatureFlags.ENABLE_EXPORTS, 0);
    const refused = await exportAs(app);
    expect(refused.status).toBe(503);
    expect(refused.json()).toEqual({
      type: 'server_error',
      code: 'EXPORTS_DISABLED',
      detail: 'Exports temporarily disabled',
    });

    await flagAdmin(server).setRollout(FeatureFlags.ENABLE_EXPORTS, 100);
    expect((await exportAs(app)).status).toBe(200);
  });
});

// PostHog's /flags leaves a switched-off flag out, so posthog-node reads it as unknown and returns the default.
describe('enable-exports deactivated, with @signpost/node', () => {
  it('refuses exports while the flag is switched off, and allows them again once it is back on', async () => {
    const server = await startTestServer();
    const app = await startApp(server.url, { sdk: 'signpost', env: { FLAG_TIMEOUT_MS: '1000' } });
    try {
      await setupFlags(setupAdmin(server));
      const admin = flagAdmin(server);
      const flag = await admin.find(FeatureFlags.ENABLE_EXPORTS);
      if (!flag) throw new Error('enable-exports was not created');
      await admin.update(flag.id, { active: true });
      expect((await exportAs(app)).status).toBe(200);
      await admin.update(flag.id, { active: false });
      expect((await exportAs(app)).status).toBe(503);
      await admin.update(flag.id, { active: true });
      expect((await exportAs(app)).status).toBe(200);
    } finally {
      await app.stop(200);
      await server.stop();
    }
  });
});
