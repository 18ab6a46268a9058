import { expect } from 'vitest';
import { TEST_PERSONAL_KEY, TEST_PROJECT_KEY, type TestServer } from '../testing/test-server.ts';

/** The flags the OFREP tests evaluate, one of each kind PostHog has. */
export async function seedOfrepFlags(server: TestServer): Promise<void> {
  // The group flag needs its group type to exist.
  const seen = await fetch(`${server.url}/batch/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      api_key: TEST_PROJECT_KEY,
      batch: [{ event: 'e', distinct_id: 'x', properties: { $groups: { company: 'x' } } }],
    }),
  });
  expect(seen.status).toBe(200);
  const create = async (flag: Record<string, unknown>) => {
    const res = await fetch(`${server.url}/api/projects/@current/feature_flags/`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_PERSONAL_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify(flag),
    });
    expect(res.status).toBe(201);
    return (await res.json()) as { id: number };
  };
  await create({ key: 'new-nav', filters: { groups: [{ rollout_percentage: 100 }] } });
  await create({
    key: 'pro-only',
    filters: {
      groups: [{ properties: [{ key: 'plan', value: 'pro', operator: 'exact' }], rollout_percentage: 100 }],
    },
  });
  await create({
    key: 'company-beta',
    filters: {
      aggregation_group_type_index: 0,
      groups: [
        {
          properties: [{ key: 'tier', value: 'gold', operator: 'exact', type: 'group', group_type_index: 0 }],
          rollout_percentage: 100,
        },
      ],
    },
  });
  await create({
    key: 'checkout',
    filters: {
      groups: [{ rollout_percentage: 100 }],
      multivariate: { variants: [{ key: 'blue', rollout_percentage: 100 }] },
    },
  });
  await create({
    key: 'limits',
    is_remote_configuration: true,
    filters: { groups: [{ rollout_percentage: 100 }], payloads: { true: '{"max":5}' } },
  });
  const off = await create({ key: 'killed', filters: { groups: [{ rollout_percentage: 100 }] } });
  const res = await fetch(`${server.url}/api/projects/@current/feature_flags/${off.id}/`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${TEST_PERSONAL_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ active: false }),
  });
  expect(res.status).toBe(200);
}
