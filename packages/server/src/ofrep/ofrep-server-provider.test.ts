import { OFREPProvider } from '@openfeature/ofrep-provider';
import { ErrorCode, OpenFeature, StandardResolutionReasons } from '@openfeature/server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, TEST_PROJECT_KEY, type TestServer } from '../testing/test-server.ts';
import { seedOfrepFlags } from './ofrep-test-kit.ts';

interface EventJson {
  event: string;
  distinct_id: string;
  properties: Record<string, unknown>;
}

// OpenFeature's own server SDK and OFREP provider, unmodified, against a real Signpost over HTTP.
describe('OpenFeature server SDK with the OFREP provider', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    await seedOfrepFlags(server);
    await OpenFeature.setProviderAndWait(
      new OFREPProvider({ baseUrl: server.url, headers: [['Authorization', `Bearer ${TEST_PROJECT_KEY}`]] }),
    );
  });
  afterAll(async () => {
    await OpenFeature.close();
    await server?.stop();
  });

  it('evaluates booleans, variants, payloads and targeting from the evaluation context', async () => {
    const client = OpenFeature.getClient();
    const pro = { targetingKey: 'user-pro', plan: 'pro' };
    expect(await client.getBooleanValue('new-nav', false, pro)).toBe(true);
    expect(await client.getBooleanValue('pro-only', false, pro)).toBe(true);
    expect(await client.getBooleanValue('pro-only', true, { targetingKey: 'user-free', plan: 'free' })).toBe(
      false,
    );
    const variant = await client.getStringDetails('checkout', 'none', pro);
    expect(variant).toMatchObject({
      value: 'blue',
      variant: 'blue',
      reason: StandardResolutionReasons.SPLIT,
    });
    expect(await client.getObjectValue('limits', {}, pro)).toEqual({ max: 5 });
    const targeted = await client.getBooleanDetails('pro-only', false, pro);
    expect(targeted.reason).toBe(StandardResolutionReasons.TARGETING_MATCH);
    expect(targeted.flagMetadata).toMatchObject({ posthogReason: 'condition_match' });
  });

  it('reads group properties for group flags', async () => {
    const client = OpenFeature.getClient();
    const gold = {
      targetingKey: 'u',
      groups: { company: 'acme' },
      groupProperties: { company: { tier: 'gold' } },
    };
    expect(await client.getBooleanValue('company-beta', false, gold)).toBe(true);
    const tin = {
      targetingKey: 'u',
      groups: { company: 'tin' },
      groupProperties: { company: { tier: 'tin' } },
    };
    expect(await client.getBooleanValue('company-beta', true, tin)).toBe(false);
  });

  it('maps a switched-off flag to DISABLED, and unknown flags and missing keys to their error codes', async () => {
    const client = OpenFeature.getClient();
    const killed = await client.getBooleanDetails('killed', true, { targetingKey: 'u' });
    expect(killed).toMatchObject({ value: false, reason: StandardResolutionReasons.DISABLED });
    const missing = await client.getBooleanDetails('no-such-flag', true, { targetingKey: 'u' });
    expect(missing).toMatchObject({ value: true, errorCode: ErrorCode.FLAG_NOT_FOUND });
    const anonymous = await client.getBooleanDetails('new-nav', false, {});
    expect(anonymous).toMatchObject({ value: false, errorCode: ErrorCode.TARGETING_KEY_MISSING });
  });

  it('records each read as one $feature_flag_called exposure per person, flag and value', async () => {
    const client = OpenFeature.getClient();
    for (let i = 0; i < 3; i++)
      await client.getStringValue('checkout', 'none', { targetingKey: 'exposed-1' });
    const { results } = await server.api<{ results: EventJson[] }>(
      '/api/projects/@current/events/?distinct_id=exposed-1&event=%24feature_flag_called',
    );
    expect(
      results.map((e) => [e.event, e.properties.$feature_flag, e.properties.$feature_flag_response]),
    ).toEqual([['$feature_flag_called', 'checkout', 'blue']]);
  });
});
