import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startTestServer,
  TEST_PROJECT_KEY,
  type TestServer,
} from '../../../../server/src/testing/test-server.ts';
import type { SignpostClientApi } from '../../client-api.ts';
import { Signpost } from '../../index.ts';
import { createFlag, eventsNamed, eventually, startSilentHost } from './server-fixtures.ts';

/** How a gated route reacts when its flag is off, in framework-neutral terms the adapter translates. */
export type GateSpec = {
  key: string;
  default?: boolean;
  onDisabled?: 404 | 403 | { redirect: string } | 'handler';
};

/**
 * One framework's app, built by its test file: each gate at `GET <path>` answering 200 "ok" when open, with the
 * user from `x-user` and person property `plan` from `x-plan`; the `'handler'` gate's handler answers
 * 418 "custom"; `GET /context` answers `requestContext(req)` as JSON; `POST /track` captures `page.viewed` for
 * `x-user` with the request context and answers 204.
 */
export interface FrameworkHarness {
  start(
    client: SignpostClientApi,
    gates: Record<string, GateSpec>,
  ): Promise<{ url: string; close(): Promise<void> }>;
}

const GATES: Record<string, GateSpec> = {
  '/beta': { key: 'beta-features' },
  '/beta-403': { key: 'beta-features', onDisabled: 403 },
  '/beta-redirect': { key: 'beta-features', onDisabled: { redirect: '/waitlist?from=beta' } },
  '/beta-handler': { key: 'beta-features', onDisabled: 'handler' },
  '/exports': { key: 'no-such-flag', default: true },
  '/closed': { key: 'no-such-flag' },
};

const CHROME_MAC =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.71 Safari/537.36';

/** The behaviour every framework integration shares, against a real Signpost and the real client. */
export function describeFrameworkConformance(name: string, harness: FrameworkHarness): void {
  describe(`${name}: featureFlagRequired and requestContext against a real Signpost`, () => {
    let server: TestServer;
    let client: Signpost;
    let app: { url: string; close(): Promise<void> };

    beforeAll(async () => {
      server = await startTestServer({ storage: 'memory' });
      await createFlag(server, {
        key: 'beta-features',
        filters: {
          groups: [{ properties: [{ key: 'plan', value: ['beta'], operator: 'exact', type: 'person' }] }],
        },
      });
      client = new Signpost(TEST_PROJECT_KEY, { host: server.url, flushAt: 1000 });
      app = await harness.start(client, GATES);
    });

    afterAll(async () => {
      await app?.close();
      await client?.shutdown();
      await server?.stop();
    });

    const get = (path: string, headers: Record<string, string> = {}) =>
      fetch(`${app.url}${path}`, { headers, redirect: 'manual' });

    it('lets a user with the flag on through, and answers 404 to one without it and to anonymous users', async () => {
      const on = await get('/beta', { 'x-user': 'ada', 'x-plan': 'beta' });
      expect([on.status, await on.text()]).toEqual([200, 'ok']);
      expect((await get('/beta', { 'x-user': 'bob', 'x-plan': 'free' })).status).toBe(404);
      expect((await get('/beta', { 'x-plan': 'beta' })).status).toBe(404);
    });

    it('answers 403, a redirect or the custom handler when configured to', async () => {
      const off = { 'x-user': 'bob', 'x-plan': 'free' };
      expect((await get('/beta-403', off)).status).toBe(403);
      const redirect = await get('/beta-redirect', off);
      expect(redirect.status).toBe(302);
      expect(redirect.headers.get('location')).toBe('/waitlist?from=beta');
      const custom = await get('/beta-handler', off);
      expect([custom.status, await custom.text()]).toEqual([418, 'custom']);
      expect((await get('/beta-handler', { 'x-user': 'ada', 'x-plan': 'beta' })).status).toBe(200);
    });

    it('uses the default for an unknown flag: a kill switch stays open, a beta stays closed', async () => {
      expect((await get('/exports', { 'x-user': 'ada' })).status).toBe(200);
      expect((await get('/closed', { 'x-user': 'ada' })).status).toBe(404);
    });

    it('keeps answering within the timeout, with the defaults, when Signpost hangs', async () => {
      const silent = await startSilentHost();
      const down = new Signpost(TEST_PROJECT_KEY, { host: silent.url, requestTimeoutMs: 300 });
      const outage = await harness.start(down, GATES);
      try {
        const started = performance.now();
        const exports = await fetch(`${outage.url}/exports`, { headers: { 'x-user': 'ada' } });
        const beta = await fetch(`${outage.url}/beta`, { headers: { 'x-user': 'ada', 'x-plan': 'beta' } });
        expect([exports.status, beta.status]).toEqual([200, 404]);
        expect(performance.now() - started).toBeLessThan(1_500);
      } finally {
        await outage.close();
        await down.shutdown(100);
        await silent.close();
      }
    });

    it('describes the request: URL parts, address and the browser from the User-Agent', async () => {
      const response = await get('/context?tab=2', { 'user-agent': CHROME_MAC });
      const host = new URL(app.url).host;
      expect(await response.json()).toEqual({
        $current_url: `${app.url}/context?tab=2`,
        $pathname: '/context',
        $host: host,
        $ip: '127.0.0.1',
        $browser: 'Chrome',
        $browser_version: 120,
        $os: 'Mac OS X',
        $os_version: '10.15.7',
        $device_type: 'Desktop',
      });
    });

    it('delivers the request context with captured events', async () => {
      const user = `visitor-${name}`;
      const response = await fetch(`${app.url}/track?ref=ad`, {
        method: 'POST',
        headers: { 'x-user': user, 'user-agent': CHROME_MAC },
      });
      expect(response.status).toBe(204);
      await client.flush();
      const event = await eventually(async () =>
        (await eventsNamed(server, 'page.viewed')).find((e) => e.distinct_id === user),
      );
      expect(event.properties).toMatchObject({
        $pathname: '/track',
        $current_url: `${app.url}/track?ref=ad`,
        $browser: 'Chrome',
        $os: 'Mac OS X',
        $device_type: 'Desktop',
        $ip: '127.0.0.1',
      });
    });
  });
}
