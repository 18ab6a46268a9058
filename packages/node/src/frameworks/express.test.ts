import type { AddressInfo } from 'node:net';
import express, { type Request, type RequestHandler } from 'express';
import { describe, expect, it } from 'vitest';
import type { SignpostClientApi } from '../client-api.ts';
import { createTestClient } from '../testing.ts';
import { featureFlagRequired, requestContext } from './express.ts';
import { IntegrationError } from './integration-error.ts';
import { describeFrameworkConformance, type GateSpec } from './testing/framework-conformance.ts';

async function listen(app: express.Express): Promise<{ url: string; close(): Promise<void> }> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const teapot: RequestHandler = (_req, res) => {
  res.status(418).send('custom');
};

function gate(client: SignpostClientApi, spec: GateSpec): RequestHandler {
  return featureFlagRequired(client, spec.key, {
    distinctId: (req: Request) => req.get('x-user'),
    evaluationOptions: (req) => ({ personProperties: { plan: req.get('x-plan') } }),
    ...(spec.default === undefined ? {} : { default: spec.default }),
    ...(spec.onDisabled === undefined
      ? {}
      : { onDisabled: spec.onDisabled === 'handler' ? teapot : spec.onDisabled }),
  });
}

describeFrameworkConformance('express', {
  async start(client, gates) {
    const app = express();
    for (const [path, spec] of Object.entries(gates))
      app.get(path, gate(client, spec), (_req, res) => res.send('ok'));
    app.get('/context', (req, res) => res.json(requestContext(req)));
    app.post('/track', (req, res) => {
      client.capture({
        distinctId: req.get('x-user') ?? 'anonymous',
        event: 'page.viewed',
        properties: { ...requestContext(req) },
      });
      res.sendStatus(204);
    });
    return listen(app);
  },
});

describe('express specifics', () => {
  it("takes the scheme, host and address from proxy headers when the app's `trust proxy` says so", async () => {
    const app = express();
    app.set('trust proxy', 'loopback');
    app.get('/ctx', (req, res) => res.json(requestContext(req)));
    const server = await listen(app);
    try {
      const response = await fetch(`${server.url}/ctx`, {
        headers: {
          'x-forwarded-for': '203.0.113.7',
          'x-forwarded-proto': 'https',
          'x-forwarded-host': 'app.example',
        },
      });
      expect(await response.json()).toMatchObject({
        $current_url: 'https://app.example/ctx',
        $host: 'app.example',
        $ip: '203.0.113.7',
      });
    } finally {
      await server.close();
    }
  });

  it('ignores proxy headers from a client when the app does not trust a proxy', async () => {
    const app = express();
    app.get('/ctx', (req, res) => res.json(requestContext(req)));
    const server = await listen(app);
    try {
      const response = await fetch(`${server.url}/ctx`, { headers: { 'x-forwarded-for': '203.0.113.7' } });
      expect(await response.json()).toMatchObject({ $ip: '127.0.0.1' });
    } finally {
      await server.close();
    }
  });

  it('works with the test client, per-test overrides included', async () => {
    const signpost = createTestClient({ flags: { 'beta-features': false } });
    const app = express();
    app.get(
      '/beta',
      featureFlagRequired(signpost, 'beta-features', { distinctId: () => 'ada' }),
      (_req, res) => res.send('ok'),
    );
    const server = await listen(app);
    try {
      expect((await fetch(`${server.url}/beta`)).status).toBe(404);
      signpost.setFlag('beta-features', true);
      expect((await fetch(`${server.url}/beta`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('rejects a mistyped onDisabled when the middleware is built, not on the first request', () => {
    const signpost = createTestClient();
    const build = () =>
      featureFlagRequired(signpost, 'x', { distinctId: () => 'a', onDisabled: 500 as unknown as 404 });
    expect(build).toThrow(IntegrationError);
    expect(build).toThrow(expect.objectContaining({ code: 'INVALID_ON_DISABLED' }));
  });
});
