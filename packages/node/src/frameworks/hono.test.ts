import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { describe, expect, it } from 'vitest';
import type { SignpostClientApi } from '../client-api.ts';
import { createTestClient } from '../testing.ts';
import { featureFlagRequired, type HonoDisabledHandler, requestContext } from './hono.ts';
import { describeFrameworkConformance, type GateSpec } from './testing/framework-conformance.ts';

async function listen(app: Hono): Promise<{ url: string; close(): Promise<void> }> {
  const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const teapot: HonoDisabledHandler = (c) => c.text('custom', 418);

function gate(client: SignpostClientApi, spec: GateSpec): MiddlewareHandler {
  return featureFlagRequired(client, spec.key, {
    distinctId: (c: Context) => c.req.header('x-user'),
    evaluationOptions: (c) => ({ personProperties: { plan: c.req.header('x-plan') } }),
    ...(spec.default === undefined ? {} : { default: spec.default }),
    ...(spec.onDisabled === undefined
      ? {}
      : { onDisabled: spec.onDisabled === 'handler' ? teapot : spec.onDisabled }),
  });
}

describeFrameworkConformance('hono', {
  async start(client, gates) {
    const app = new Hono();
    for (const [path, spec] of Object.entries(gates)) app.get(path, gate(client, spec), (c) => c.text('ok'));
    app.get('/context', (c) => c.json(requestContext(c)));
    app.post('/track', (c) => {
      const distinctId = c.req.header('x-user') ?? 'anonymous';
      client.capture({ distinctId, event: 'page.viewed', properties: { ...requestContext(c) } });
      return c.body(null, 204);
    });
    return listen(app);
  },
});

describe('hono specifics', () => {
  it("answers a hidden route through the app's notFound handler", async () => {
    const app = new Hono();
    app.notFound((c) => c.json({ error: 'nothing here' }, 404));
    const signpost = createTestClient({ flags: { 'beta-features': false } });
    app.get('/beta', featureFlagRequired(signpost, 'beta-features', { distinctId: () => 'ada' }), (c) =>
      c.text('ok'),
    );
    const hidden = await app.request('/beta');
    const missing = await app.request('/really-missing');
    expect([hidden.status, await hidden.json()]).toEqual([missing.status, await missing.json()]);
    signpost.setFlag('beta-features', true);
    expect(await (await app.request('/beta')).text()).toBe('ok');
  });

  it('reads X-Forwarded-For only with `trustProxy`, and has no address where the runtime gives none', async () => {
    const app = new Hono();
    app.get('/trusted', (c) => c.json(requestContext(c, { trustProxy: true })));
    app.get('/direct', (c) => c.json(requestContext(c)));
    const server = await listen(app);
    const headers = { 'x-forwarded-for': '203.0.113.7, 10.0.0.1' };
    try {
      expect(await (await fetch(`${server.url}/trusted`, { headers })).json()).toMatchObject({
        $ip: '203.0.113.7',
      });
      expect(await (await fetch(`${server.url}/direct`, { headers })).json()).toMatchObject({
        $ip: '127.0.0.1',
      });
      // In-process requests (tests, edge runtimes without connection info) have no peer: no guessed address.
      const inProcess = (await (await app.request('/direct', { headers })).json()) as Record<string, unknown>;
      expect(inProcess.$ip).toBeUndefined();
    } finally {
      await server.close();
    }
  });
});
