import { PostHog } from 'posthog-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startTestServer,
  TEST_PERSONAL_KEY,
  TEST_PROJECT_KEY,
  TEST_SECRET_KEY,
  type TestServer,
} from '../testing/test-server.ts';

// posthog-node's `personalApiKey` with a project secret key, against a real Signpost: local evaluation from the
// polled definitions (ETag revalidation included) and remote config, exactly as with a personal key.

let server: TestServer;

async function admin(method: string, pathname: string, body?: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${server.url}${pathname}`, {
    method,
    headers: { authorization: `Bearer ${TEST_PERSONAL_KEY}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${method} ${pathname} → ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}

beforeAll(async () => {
  server = await startTestServer();
  await admin('POST', '/api/projects/@current/feature_flags/', {
    key: 'acme-only',
    filters: {
      groups: [
        {
          properties: [{ key: 'email', type: 'person', operator: 'icontains', value: '@acme.com' }],
          rollout_percentage: 100,
        },
      ],
    },
  });
  await admin('POST', '/api/projects/@current/feature_flags/', {
    key: 'split',
    filters: {
      groups: [{ rollout_percentage: 100 }],
      multivariate: {
        variants: [
          { key: 'control', rollout_percentage: 50 },
          { key: 'test', rollout_percentage: 50 },
        ],
      },
    },
  });
  await admin('POST', '/api/projects/@current/feature_flags/', {
    key: 'rc-settings',
    is_remote_configuration: true,
    filters: { groups: [{ rollout_percentage: 100 }], payloads: { true: '{"theme":"dark"}' } },
  });
});
afterAll(async () => {
  await server?.stop();
});

describe('posthog-node with a phs_ key as personalApiKey', () => {
  it('evaluates locally exactly as the server does, and reads remote config', async () => {
    const client = new PostHog(TEST_PROJECT_KEY, {
      host: server.url,
      personalApiKey: TEST_SECRET_KEY,
      featureFlagsPollingInterval: 600_000,
      flushAt: 1000,
    });
    try {
      expect(await client.waitForLocalEvaluationReady(10_000)).toBe(true);
      let variants = 0;
      for (let i = 0; i < 40; i++) {
        const id = `user-${i}`;
        const personProperties = { email: i % 2 === 0 ? `u${i}@acme.com` : `u${i}@example.org` };
        const remote = await fetch(`${server.url}/flags?v=2`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            token: TEST_PROJECT_KEY,
            distinct_id: id,
            person_properties: personProperties,
          }),
        });
        const flags = (
          (await remote.json()) as { flags: Record<string, { enabled: boolean; variant: string | null }> }
        ).flags;
        const options = { personProperties, onlyEvaluateLocally: true, sendFeatureFlagEvents: false };
        expect(await client.getFeatureFlag('acme-only', id, options)).toBe(flags['acme-only']?.enabled);
        const variant = await client.getFeatureFlag('split', id, options);
        expect(variant).toBe(flags.split?.variant);
        if (variant === 'test') variants++;
      }
      expect(variants).toBeGreaterThan(5);
      expect(variants).toBeLessThan(35);
      expect(await client.getRemoteConfigPayload('rc-settings')).toEqual({ theme: 'dark' });

      // A change is picked up on the next poll, which the same key revalidates.
      await admin('PATCH', `/api/projects/@current/feature_flags/${await flagId('acme-only')}/`, {
        active: false,
      });
      await client.reloadFeatureFlags();
      expect(
        await client.getFeatureFlag('acme-only', 'user-0', {
          personProperties: { email: 'a@acme.com' },
          onlyEvaluateLocally: true,
          sendFeatureFlagEvents: false,
        }),
      ).toBe(false);
    } finally {
      await client.shutdown();
    }
  });

  it('stops loading definitions once the key is revoked', async () => {
    const created = await admin('POST', '/api/projects/@current/project_secret_api_keys/', {
      label: 'short-lived',
    });
    const secret = String(created.value);
    const client = new PostHog(TEST_PROJECT_KEY, {
      host: server.url,
      personalApiKey: secret,
      featureFlagsPollingInterval: 600_000,
    });
    try {
      expect(await client.waitForLocalEvaluationReady(10_000)).toBe(true);
    } finally {
      await client.shutdown();
    }
    await fetch(`${server.url}/api/projects/@current/project_secret_api_keys/${created.id}/`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${TEST_PERSONAL_KEY}` },
    });
    const revoked = new PostHog(TEST_PROJECT_KEY, {
      host: server.url,
      personalApiKey: secret,
      featureFlagsPollingInterval: 600_000,
    });
    try {
      expect(await revoked.waitForLocalEvaluationReady(1_500)).toBe(false);
    } finally {
      await revoked.shutdown();
    }
  });
});

async function flagId(key: string): Promise<number> {
  const list = (await admin('GET', `/api/projects/@current/feature_flags/?search=${key}`)) as {
    results?: { id: number; key: string }[];
  };
  const flag = list.results?.find((f) => f.key === key);
  if (!flag) throw new Error(`no flag ${key}`);
  return flag.id;
}
