import { PostHog } from 'posthog-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startTestServer,
  TEST_PERSONAL_KEY,
  TEST_PROJECT_KEY,
  TEST_SECRET_KEY,
  type TestServer,
} from '../testing/test-server.ts';

// Usage as real SDKs produce it: posthog-node asking /flags, capturing `$feature_flag_called` itself, and polling
// definitions for local evaluation. Counts are read back through the usage API after a flush to DuckDB.

interface Usage {
  days: { day: string; total: number; values: Record<string, number> }[];
  last_evaluated_at: string | null;
}

let server: TestServer;
const ids = new Map<string, number>();

async function createFlag(key: string, filters: unknown): Promise<void> {
  const r = await fetch(`${server.url}/api/projects/@current/feature_flags/`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TEST_PERSONAL_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ key, filters }),
  });
  expect(r.status).toBe(201);
  ids.set(key, ((await r.json()) as { id: number }).id);
}

const usageOf = (key: string) =>
  server.api<Usage>(`/api/projects/@current/feature_flags/${ids.get(key)}/usage?days=1`);

beforeAll(async () => {
  server = await startTestServer();
  const variants = [
    { key: 'control', rollout_percentage: 50 },
    { key: 'test', rollout_percentage: 50 },
  ];
  await createFlag('checkout', {
    groups: [{ properties: [], rollout_percentage: 100 }],
    multivariate: { variants },
  });
  await createFlag('legacy-banner', { groups: [{ properties: [], rollout_percentage: 30 }] });
  await createFlag('never-asked', { groups: [{ properties: [], rollout_percentage: 100 }] });
});
afterAll(() => server.stop());

describe('flag usage from posthog-node', () => {
  it('counts each /flags answer under the value served, per flag', async () => {
    const client = new PostHog(TEST_PROJECT_KEY, { host: server.url, flushAt: 1000, fetchRetryCount: 0 });
    const served = new Map<string, number>();
    try {
      for (let i = 0; i < 40; i++) {
        const value = await client.getFeatureFlag('checkout', `user-${i}`, { sendFeatureFlagEvents: false });
        served.set(String(value), (served.get(String(value)) ?? 0) + 1);
      }
    } finally {
      await client.shutdown();
    }
    expect([...served.keys()].sort()).toEqual(['control', 'test']);
    await server.signpost.flagUsage.flush();
    const usage = await usageOf('checkout');
    expect(usage.days).toHaveLength(1);
    expect(usage.days[0]?.values).toEqual(Object.fromEntries(served));
    expect(usage.days[0]?.total).toBe(40);
    expect(usage.last_evaluated_at).toBe(`${usage.days[0]?.day}T00:00:00.000Z`);
  });

  it('counts captured $feature_flag_called events by their response', async () => {
    const client = new PostHog(TEST_PROJECT_KEY, { host: server.url, flushAt: 1000, fetchRetryCount: 0 });
    const before = (await usageOf('legacy-banner')).days[0]?.values ?? {};
    for (const [i, response] of [true, true, false, true].entries())
      client.capture({
        distinctId: `d${i}`,
        event: '$feature_flag_called',
        properties: { $feature_flag: 'legacy-banner', $feature_flag_response: response },
      });
    client.capture({ distinctId: 'd9', event: 'pageview', properties: { $feature_flag: 'legacy-banner' } });
    await client.shutdown();
    const usage = await usageOf('legacy-banner');
    expect(usage.days[0]?.values).toEqual({ ...before, true: 3, false: 1 });
  });

  it('counts a definitions poll for local evaluation as "$polled" on every flag it carries', async () => {
    const client = new PostHog(TEST_PROJECT_KEY, {
      host: server.url,
      personalApiKey: TEST_SECRET_KEY,
      fetchRetryCount: 0,
    });
    try {
      await client.reloadFeatureFlags();
      // Evaluated locally: no /flags request, so only the poll shows in usage.
      expect(
        await client.getFeatureFlag('never-asked', 'x', {
          onlyEvaluateLocally: true,
          sendFeatureFlagEvents: false,
        }),
      ).toBe(true);
    } finally {
      await client.shutdown();
    }
    const usage = await usageOf('never-asked');
    const values = usage.days[0]?.values ?? {};
    expect(Object.keys(values)).toEqual(['$polled']);
    expect(values.$polled).toBeGreaterThanOrEqual(1);
    // Flags left out of the usage stay out: no invented rows for other environments or days.
    expect(usage.days).toHaveLength(1);
  });
});
