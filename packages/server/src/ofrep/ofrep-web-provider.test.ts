import { OFREPWebProvider } from '@openfeature/ofrep-web-provider';
import { OpenFeature, StandardResolutionReasons } from '@openfeature/web-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, TEST_PROJECT_KEY, type TestServer } from '../testing/test-server.ts';
import { seedOfrepFlags } from './ofrep-test-kit.ts';

// OpenFeature's web SDK and OFREP web provider (bulk evaluation, ETag polling), unmodified, run in Node against a
// real Signpost; the provider only needs fetch.
describe('OpenFeature web SDK with the OFREP web provider', () => {
  let server: TestServer;
  const bulk: number[] = [];
  beforeAll(async () => {
    server = await startTestServer();
    await seedOfrepFlags(server);
    await OpenFeature.setContext({ targetingKey: 'web-user', plan: 'pro' });
    await OpenFeature.setProviderAndWait(
      new OFREPWebProvider({
        baseUrl: server.url,
        headers: [['Authorization', `Bearer ${TEST_PROJECT_KEY}`]],
        pollInterval: 200,
        changeDetection: 'polling',
        cacheMode: 'disabled',
        fetchImplementation: async (input: RequestInfo | URL, init?: RequestInit) => {
          const response = await fetch(input, init);
          if (String(input instanceof Request ? input.url : input).endsWith('/ofrep/v1/evaluate/flags'))
            bulk.push(response.status);
          return response;
        },
      }),
    );
  });
  afterAll(async () => {
    await OpenFeature.close();
    await server?.stop();
  });

  it('reads every flag from one bulk evaluation, with variants and payloads', () => {
    const client = OpenFeature.getClient();
    expect(client.getBooleanValue('new-nav', false)).toBe(true);
    expect(client.getBooleanValue('pro-only', false)).toBe(true);
    expect(client.getStringDetails('checkout', 'none')).toMatchObject({ value: 'blue', variant: 'blue' });
    expect(client.getObjectValue('limits', {})).toEqual({ max: 5 });
    expect(client.getBooleanDetails('killed', true)).toMatchObject({
      value: false,
      reason: StandardResolutionReasons.DISABLED,
    });
  });

  it('polls with If-None-Match: 304 while nothing changed, then picks up a changed context', async () => {
    await new Promise((r) => setTimeout(r, 700));
    expect(bulk[0]).toBe(200);
    expect(bulk.slice(1)).toContain(304);
    expect(bulk.slice(1).every((s) => s === 304)).toBe(true);
    // setContext resolves once the provider has re-evaluated for the new context.
    await OpenFeature.setContext({ targetingKey: 'web-user-2', plan: 'free' });
    expect(OpenFeature.getClient().getBooleanValue('pro-only', true)).toBe(false);
  });
});
