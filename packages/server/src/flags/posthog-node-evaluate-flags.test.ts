import { PostHog } from 'posthog-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startTestServer,
  TEST_PERSONAL_KEY,
  TEST_PROJECT_KEY,
  type TestServer,
} from '../testing/test-server.ts';

interface EventJson {
  event: string;
  distinct_id: string;
  properties: Record<string, unknown>;
}

// posthog-node 5.70 deprecates getFeatureFlag/getFeatureFlagPayload in favour of evaluateFlags(distinctId): one
// /flags request, a snapshot read synchronously, exposures on read and flags attached to captured events.
describe('posthog-node evaluateFlags against Signpost', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    const create = async (flag: Record<string, unknown>) => {
      const res = await fetch(`${server.url}/api/projects/@current/feature_flags/`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TEST_PERSONAL_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify(flag),
      });
      expect(res.status).toBe(201);
    };
    await create({ key: 'new-dashboard', filters: { groups: [{ rollout_percentage: 100 }] } });
    await create({
      key: 'enterprise-only',
      filters: {
        groups: [
          { properties: [{ key: 'plan', value: 'enterprise', operator: 'exact' }], rollout_percentage: 100 },
        ],
        payloads: { true: '{"seats":50}' },
      },
    });
    await create({
      key: 'checkout',
      filters: {
        groups: [{ rollout_percentage: 100 }],
        multivariate: { variants: [{ key: 'blue', rollout_percentage: 100 }] },
        payloads: { blue: '{"color":"#00f"}' },
      },
    });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('evaluates every flag in one /flags request and reads values, variants and payloads from the snapshot', async () => {
    const calls: string[] = [];
    const client = new PostHog(TEST_PROJECT_KEY, {
      host: server.url,
      flushAt: 1,
      fetch: (url, options) => {
        calls.push(new URL(url).pathname);
        return fetch(url, options);
      },
    });
    try {
      const flags = await client.evaluateFlags('user-ent', { personProperties: { plan: 'enterprise' } });
      expect(flags.isEnabled('new-dashboard')).toBe(true);
      expect(flags.getFlag('enterprise-only')).toBe(true);
      expect(flags.getFlagPayload('enterprise-only')).toEqual({ seats: 50 });
      expect(flags.getFlag('checkout')).toBe('blue');
      expect(flags.getFlagPayload('checkout')).toEqual({ color: '#00f' });
      expect(flags.getFlag('no-such-flag')).toBeUndefined();
      const other = await client.evaluateFlags('user-free', { personProperties: { plan: 'free' } });
      expect(other.getFlag('enterprise-only')).toBe(false);
      expect(calls.filter((p) => p.startsWith('/flags')).length).toBe(2);

      client.capture({ distinctId: 'user-ent', event: 'page_viewed', flags });
      await client.flush();
    } finally {
      await client.shutdown();
    }
    const { results } = await server.api<{ results: EventJson[] }>(
      '/api/projects/@current/events/?distinct_id=user-ent&limit=50',
    );
    const viewed = results.find((e) => e.event === 'page_viewed');
    expect(viewed?.properties).toMatchObject({
      '$feature/new-dashboard': true,
      '$feature/enterprise-only': true,
      '$feature/checkout': 'blue',
    });
    // Reads through the snapshot are exposures (the SDK reports a read of an unknown key too): experiments
    // count them.
    const exposures = results.filter((e) => e.event === '$feature_flag_called');
    expect(exposures.map((e) => e.properties.$feature_flag).sort()).toEqual([
      'checkout',
      'enterprise-only',
      'new-dashboard',
      'no-such-flag',
    ]);
    const checkout = exposures.find((e) => e.properties.$feature_flag === 'checkout');
    expect(checkout?.properties.$feature_flag_response).toBe('blue');
  });
});
