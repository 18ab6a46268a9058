import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import type { SignpostClientApi } from '../client-api.ts';
import { createTestClient } from '../testing.ts';
import {
  type FastifyDisabledHandler,
  type FastifyFlagHook,
  featureFlagRequired,
  requestContext,
} from './fastify.ts';
import { describeFrameworkConformance, type GateSpec } from './testing/framework-conformance.ts';

async function listen(app: FastifyInstance): Promise<{ url: string; close(): Promise<void> }> {
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url, close: () => app.close() };
}

const teapot: FastifyDisabledHandler = (_request, reply) => reply.code(418).send('custom');
const header = (request: FastifyRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
};

function gate(client: SignpostClientApi, spec: GateSpec): FastifyFlagHook {
  return featureFlagRequired(client, spec.key, {
    distinctId: (request) => header(request, 'x-user'),
    evaluationOptions: (request) => ({ personProperties: { plan: header(request, 'x-plan') } }),
    ...(spec.default === undefined ? {} : { default: spec.default }),
    ...(spec.onDisabled === undefined
      ? {}
      : { onDisabled: spec.onDisabled === 'handler' ? teapot : spec.onDisabled }),
  });
}

describeFrameworkConformance('fastify', {
  async start(client, gates) {
    const app = Fastify();
    for (const [path, spec] of Object.entries(gates)) {
      app.get(path, { preHandler: gate(client, spec) }, async () => 'ok');
    }
    app.get('/context', async (request) => requestContext(request));
    app.post('/track', async (request, reply) => {
      const distinctId = header(request, 'x-user') ?? 'anonymous';
      client.capture({ distinctId, event: 'page.viewed', properties: { ...requestContext(request) } });
      return reply.code(204).send();
    });
    return listen(app);
  },
});

describe('fastify specifics', () => {
  it("answers a hidden route through the app's own not-found handler", async () => {
    const app = Fastify();
    app.setNotFoundHandler((_request, reply) => reply.code(404).send({ error: 'nothing here' }));
    const signpost = createTestClient({ flags: { 'beta-features': false } });
    app.get(
      '/beta',
      { preHandler: featureFlagRequired(signpost, 'beta-features', { distinctId: () => 'ada' }) },
      () => 'ok',
    );
    const server = await listen(app);
    try {
      const hidden = await fetch(`${server.url}/beta`);
      const missing = await fetch(`${server.url}/really-missing`);
      expect([hidden.status, await hidden.json()]).toEqual([missing.status, await missing.json()]);
      signpost.setFlag('beta-features', true);
      expect(await (await fetch(`${server.url}/beta`)).text()).toBe('ok');
    } finally {
      await server.close();
    }
  });

  it('takes the address and scheme from proxy headers only with `trustProxy`', async () => {
    const trusted = Fastify({ trustProxy: true });
    const direct = Fastify();
    for (const app of [trusted, direct]) app.get('/ctx', async (request) => requestContext(request));
    const [a, b] = [await listen(trusted), await listen(direct)];
    const headers = { 'x-forwarded-for': '203.0.113.7', 'x-forwarded-proto': 'https' };
    try {
      const viaProxy = await (await fetch(`${a.url}/ctx`, { headers })).json();
      expect(viaProxy).toMatchObject({
        $ip: '203.0.113.7',
        $current_url: `https://${new URL(a.url).host}/ctx`,
      });
      expect(await (await fetch(`${b.url}/ctx`, { headers })).json()).toMatchObject({ $ip: '127.0.0.1' });
    } finally {
      await a.close();
      await b.close();
    }
  });
});
