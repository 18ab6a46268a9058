import { PostHog } from 'posthog-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startTestServer,
  TEST_PERSONAL_KEY,
  TEST_PROJECT_KEY,
  type TestServer,
} from '../testing/test-server.ts';

interface FlagJson {
  id: number;
  key: string;
  filters: { groups: { properties?: { key: string; dependency_chain?: string[] }[] }[] };
}

// PostHog's management API names a parent flag by its numeric id (flags exported from PostHog look like this).
describe('a flag dependency given by the parent flag id', () => {
  let server: TestServer;
  let parent: FlagJson;
  const post = async (body: unknown) => {
    const res = await fetch(`${server.url}/api/projects/@current/feature_flags/`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_PERSONAL_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as FlagJson & { code?: string } };
  };
  const dependsOn = (key: string, value: unknown = true) => ({
    groups: [
      { properties: [{ key, type: 'flag', value, operator: 'flag_evaluates_to' }], rollout_percentage: 100 },
    ],
  });

  beforeAll(async () => {
    server = await startTestServer();
    const created = await post({
      key: 'paid-plan',
      filters: { groups: [{ properties: [{ key: 'plan', value: 'paid' }], rollout_percentage: 100 }] },
    });
    expect(created.status).toBe(201);
    parent = created.json;
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('is stored in the key form, with its dependency chain', async () => {
    const child = await post({ key: 'paid-extras', filters: dependsOn(String(parent.id)) });
    expect(child.status).toBe(201);
    const property = child.json.filters.groups[0]?.properties?.[0];
    expect(property?.key).toBe('paid-plan');
    expect(property?.dependency_chain).toEqual(['paid-plan']);
  });

  it('refuses an id that is no flag', async () => {
    const res = await post({ key: 'orphan', filters: dependsOn('987654') });
    expect(res.status).toBe(400);
    expect(res.json.code).toBe('INVALID_FLAG');
  });

  it('evaluates the same through /flags and posthog-node local evaluation', async () => {
    const remote = new PostHog(TEST_PROJECT_KEY, { host: server.url, flushAt: 1 });
    const local = new PostHog(TEST_PROJECT_KEY, {
      host: server.url,
      personalApiKey: TEST_PERSONAL_KEY,
      flushAt: 1,
    });
    try {
      await local.reloadFeatureFlags();
      for (const plan of ['paid', 'free']) {
        const personProperties = { plan };
        const want = plan === 'paid';
        expect(await remote.getFeatureFlag('paid-extras', `u-${plan}`, { personProperties })).toBe(want);
        expect(
          await local.getFeatureFlag('paid-extras', `u-${plan}`, {
            personProperties,
            onlyEvaluateLocally: true,
          }),
        ).toBe(want);
      }
    } finally {
      await remote.shutdown();
      await local.shutdown();
    }
  });
});
