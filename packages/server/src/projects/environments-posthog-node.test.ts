import { PostHog } from 'posthog-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startTestServer,
  TEST_PERSONAL_KEY,
  TEST_PROJECT_KEY,
  type TestServer,
} from '../testing/test-server.ts';

// posthog-node against one project with two environments: a client per public key (remote evaluation) and a
// local-evaluation client per environment (its own `phs_` key) each serve their environment's rollout; after a
// promotion staging → production, production's clients serve staging's rollout.

type Value = string | boolean | undefined;
const FLAG = 'checkout';
const IDS = Array.from({ length: 120 }, (_, i) => `shopper-${i}`);

// PostHog hashes the rollout and the variant separately: 20% ⊂ 80% of the same users, and a 20/80 split's
// control users are a subset of a 50/50 split's. Those containments hold only if both environments bucket alike.
const settings = (rollout: number, control: number) => ({
  groups: [{ properties: [], rollout_percentage: rollout }],
  multivariate: {
    variants: [
      { key: 'control', rollout_percentage: control },
      { key: 'test', rollout_percentage: 100 - control },
    ],
  },
});

let server: TestServer;
let staging: { id: number; api_token: string };
let flagId: number;
const secrets = new Map<number, string>();

async function admin<T>(method: string, pathname: string, body?: unknown): Promise<T> {
  const response = await fetch(`${server.url}${pathname}`, {
    method,
    headers: { authorization: `Bearer ${TEST_PERSONAL_KEY}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${pathname} → ${response.status} ${text}`);
  return JSON.parse(text) as T;
}

/** What `/flags` answers for each id with an environment's public key: the reference the SDKs must match. */
async function served(token: string): Promise<Value[]> {
  return Promise.all(
    IDS.map(async (id) => {
      const response = await fetch(`${server.url}/flags/?v=2`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token, distinct_id: id }),
      });
      const flag = (
        (await response.json()) as { flags: Record<string, { enabled: boolean; variant?: string }> }
      ).flags[FLAG];
      return flag?.enabled ? (flag.variant ?? true) : false;
    }),
  );
}

async function sdkValues(client: PostHog, onlyEvaluateLocally: boolean): Promise<Value[]> {
  const values: Value[] = [];
  for (const id of IDS)
    values.push(await client.getFeatureFlag(FLAG, id, { onlyEvaluateLocally, sendFeatureFlagEvents: false }));
  return values;
}

const count = (values: Value[], value: Value) => values.filter((v) => v === value).length;

beforeAll(async () => {
  server = await startTestServer();
  staging = await admin('POST', '/api/projects/@current/environments/', { name: 'staging' });
  flagId = (
    await admin<{ id: number }>('POST', '/api/projects/@current/feature_flags/', {
      key: FLAG,
      filters: settings(20, 50),
    })
  ).id;
  await admin('PATCH', `/api/projects/${staging.id}/feature_flags/${flagId}/`, {
    active: true,
    filters: settings(80, 20),
  });
  for (const environment of [1, staging.id]) {
    const made = await admin<{ value: string }>(
      'POST',
      `/api/projects/${environment}/project_secret_api_keys/`,
      { label: `local evaluation ${environment}` },
    );
    secrets.set(environment, made.value);
  }
});
afterAll(async () => {
  await server?.stop();
});

describe('posthog-node per environment', () => {
  it('serves each environment its own rollout, remotely and locally, and the promoted one after promote', async () => {
    const clients = {
      production: new PostHog(TEST_PROJECT_KEY, { host: server.url, flushAt: 1000, fetchRetryCount: 0 }),
      staging: new PostHog(staging.api_token, { host: server.url, flushAt: 1000, fetchRetryCount: 0 }),
      productionLocal: new PostHog(TEST_PROJECT_KEY, {
        host: server.url,
        personalApiKey: secrets.get(1) as string,
        featureFlagsPollingInterval: 600_000,
        flushAt: 1000,
      }),
      stagingLocal: new PostHog(staging.api_token, {
        host: server.url,
        personalApiKey: secrets.get(staging.id) as string,
        featureFlagsPollingInterval: 600_000,
        flushAt: 1000,
      }),
    };
    try {
      expect(await clients.productionLocal.waitForLocalEvaluationReady(10_000)).toBe(true);
      expect(await clients.stagingLocal.waitForLocalEvaluationReady(10_000)).toBe(true);
      const production = await served(TEST_PROJECT_KEY);
      const inStaging = await served(staging.api_token);

      expect(await sdkValues(clients.production, false)).toEqual(production);
      expect(await sdkValues(clients.productionLocal, true)).toEqual(production);
      expect(await sdkValues(clients.staging, false)).toEqual(inStaging);
      expect(await sdkValues(clients.stagingLocal, true)).toEqual(inStaging);

      // The two environments really answer differently, in the proportions configured, bucket for bucket.
      const onInProduction = IDS.length - count(production, false);
      const onInStaging = IDS.length - count(inStaging, false);
      expect(onInProduction).toBeGreaterThan(IDS.length * 0.08);
      expect(onInProduction).toBeLessThan(IDS.length * 0.35);
      expect(onInStaging).toBeGreaterThan(IDS.length * 0.65);
      expect(onInStaging).toBeLessThan(IDS.length * 0.92);
      for (const [i, value] of production.entries()) {
        if (value !== false) expect(inStaging[i], IDS[i]).not.toBe(false);
        if (inStaging[i] === 'control' && value !== false) expect(value, IDS[i]).toBe('control');
      }
      expect(count(inStaging, 'test')).toBeGreaterThan(count(inStaging, 'control'));

      const promoted = await admin<{ promoted: { key: string }[] }>(
        'POST',
        '/api/projects/@current/feature_flags/promote/',
        { from: 'staging', to: 'production', flags: [FLAG], reason: 'staging looked good' },
      );
      expect(promoted.promoted.map((p) => p.key)).toEqual([FLAG]);

      // Remote evaluation changes at once; local evaluation on the next definitions load.
      expect(await served(TEST_PROJECT_KEY)).toEqual(inStaging);
      expect(await sdkValues(clients.production, false)).toEqual(inStaging);
      expect(await sdkValues(clients.productionLocal, true)).toEqual(production);
      await clients.productionLocal.reloadFeatureFlags();
      expect(await sdkValues(clients.productionLocal, true)).toEqual(inStaging);
      // Staging is unchanged by a promotion out of it.
      await clients.stagingLocal.reloadFeatureFlags();
      expect(await sdkValues(clients.stagingLocal, true)).toEqual(inStaging);
      expect(await sdkValues(clients.staging, false)).toEqual(inStaging);
    } finally {
      await Promise.all(Object.values(clients).map((c) => c.shutdown()));
    }
  }, 120_000);
});
