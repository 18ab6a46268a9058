import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiClient } from '../testing/api-client.ts';
import { type InProcess, inProcess, STORAGE_KINDS } from '../testing/in-process.ts';
import { TEST_PROJECT_KEY } from '../testing/test-server.ts';

const FLAGS = '/api/projects/@current/feature_flags/';
const rollout = (pct: number) => ({ groups: [{ properties: [], rollout_percentage: pct }] });

describe.each(STORAGE_KINDS)('feature flag management on %s', (kind) => {
  let sp: InProcess;
  let api: ReturnType<typeof apiClient>;
  beforeEach(async () => {
    sp = await inProcess(kind);
    api = apiClient(sp.signpost);
  });
  afterEach(async () => {
    await sp.stop();
  });

  it('creates, lists, retrieves, updates and soft-deletes a flag, bumping its version', async () => {
    const created = await api.post(FLAGS, {
      key: 'new-timer-ui',
      name: 'New timer UI',
      filters: rollout(30),
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      key: 'new-timer-ui',
      active: true,
      version: 1,
      deleted: false,
      rollout_percentage: 30,
    });
    const id = created.json.id;
    const updated = await api.patch(`${FLAGS}${id}/`, { filters: rollout(50) });
    expect(updated.json).toMatchObject({ version: 2, rollout_percentage: 50 });
    expect((await api.get(`${FLAGS}${id}/`)).json).toMatchObject({ version: 2 });
    const unchanged = await api.patch(`${FLAGS}${id}/`, { filters: rollout(50) });
    expect(unchanged.json.version).toBe(2);
    expect((await api.get(FLAGS)).json).toMatchObject({ count: 1 });
    expect((await api.delete(`${FLAGS}${id}/`)).status).toBe(204);
    expect((await api.get(`${FLAGS}${id}/`)).status).toBe(404);
    expect((await api.get(FLAGS)).json).toMatchObject({ count: 0 });
    // A deleted flag's key is free again, as in PostHog.
    expect((await api.post(FLAGS, { key: 'new-timer-ui', filters: rollout(10) })).status).toBe(201);
  });

  it('filters the list by search and active', async () => {
    await api.post(FLAGS, { key: 'beta-features', filters: rollout(100) });
    await api.post(FLAGS, { key: 'enable-exports', filters: rollout(100), active: false });
    const keys = async (q: string) =>
      ((await api.get(`${FLAGS}?${q}`)).json.results as { key: string }[]).map((f) => f.key).sort();
    expect(await keys('search=EXPORT')).toEqual(['enable-exports']);
    expect(await keys('active=true')).toEqual(['beta-features']);
    expect(await keys('active=false')).toEqual(['enable-exports']);
  });

  it('keeps keys unique among live flags', async () => {
    await api.post(FLAGS, { key: 'dup', filters: rollout(1) });
    const second = await api.post(FLAGS, { key: 'dup', filters: rollout(1) });
    expect(second.status).toBe(400);
    expect(second.json).toMatchObject({ code: 'FLAG_KEY_EXISTS', attr: 'key' });
    const other = await api.post(FLAGS, { key: 'other', filters: rollout(1) });
    expect((await api.patch(`${FLAGS}${other.json.id}/`, { key: 'dup' })).json).toMatchObject({
      code: 'FLAG_KEY_EXISTS',
    });
  });

  const invalid: [string, unknown, string, string][] = [
    ['a key with spaces', { key: 'has space' }, 'INVALID_BODY', 'key'],
    [
      'an unknown operator',
      { key: 'f', filters: { groups: [{ properties: [{ key: 'a', value: 1, operator: 'almost' }] }] } },
      'INVALID_FLAG',
      'filters.groups.0.properties.0.operator',
    ],
    [
      'variants not adding up to 100',
      {
        key: 'f',
        filters: {
          groups: [{}],
          multivariate: {
            variants: [
              { key: 'a', rollout_percentage: 50 },
              { key: 'b', rollout_percentage: 40 },
            ],
          },
        },
      },
      'INVALID_FLAG',
      'filters.multivariate.variants',
    ],
    [
      'a payload that is not JSON',
      { key: 'f', filters: { groups: [{}], payloads: { true: '{not json' } } },
      'INVALID_FLAG',
      'filters.payloads.true',
    ],
    [
      'a payload for a missing variant',
      { key: 'f', filters: { groups: [{}], payloads: { nope: '1' } } },
      'INVALID_FLAG',
      'filters.payloads.nope',
    ],
    [
      'an override to a missing variant',
      {
        key: 'f',
        filters: {
          groups: [{ variant: 'ghost' }],
          multivariate: { variants: [{ key: 'a', rollout_percentage: 100 }] },
        },
      },
      'INVALID_FLAG',
      'filters.groups.0.variant',
    ],
    [
      'a group index without a group type',
      { key: 'f', filters: { aggregation_group_type_index: 2, groups: [{}] } },
      'INVALID_FLAG',
      'filters.aggregation_group_type_index',
    ],
    [
      'a rollout over 100',
      { key: 'f', filters: { groups: [{ rollout_percentage: 120 }] } },
      'INVALID_BODY',
      'filters.groups.0.rollout_percentage',
    ],
    [
      'an unknown cohort',
      { key: 'f', filters: { groups: [{ properties: [{ key: 'id', type: 'cohort', value: 99 }] }] } },
      'INVALID_FLAG',
      'filters.groups.0.properties.0.value',
    ],
    [
      'a dependency on a missing flag',
      { key: 'f', filters: { groups: [{ properties: [{ key: 'ghost', type: 'flag', value: true }] }] } },
      'INVALID_FLAG',
      'filters.groups.0.properties.0.key',
    ],
    [
      'an invalid regex',
      { key: 'f', filters: { groups: [{ properties: [{ key: 'a', value: '(', operator: 'regex' }] }] } },
      'INVALID_FLAG',
      'filters.groups.0.properties.0.value',
    ],
  ];
  it.each(invalid)('refuses %s with a clear error', async (_name, body, code, attr) => {
    const res = await api.post(FLAGS, body);
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ code, attr });
    expect(typeof res.json.detail).toBe('string');
  });

  it('accepts group targeting once the group type exists, and payloads as JSON values', async () => {
    await sp.capture({
      api_key: TEST_PROJECT_KEY,
      batch: [{ event: 'x', distinct_id: 'u', properties: { $groups: { company: 'acme' } } }],
    });
    const res = await api.post(FLAGS, {
      key: 'company-flag',
      filters: {
        aggregation_group_type_index: 0,
        groups: [{ rollout_percentage: 100 }],
        payloads: { true: { theme: 'dark' } },
      },
    });
    expect(res.status).toBe(201);
    expect((res.json.filters as { payloads: Record<string, string> }).payloads.true).toBe('{"theme":"dark"}');
  });

  it('computes dependency chains and refuses cycles and deleting a dependency', async () => {
    const base = await api.post(FLAGS, { key: 'base', filters: rollout(100) });
    const dep = await api.post(FLAGS, {
      key: 'dependent',
      filters: { groups: [{ properties: [{ key: 'base', type: 'flag', value: true }] }] },
    });
    expect(dep.status).toBe(201);
    const prop = (
      dep.json.filters as { groups: { properties: { dependency_chain: string[]; operator: string }[] }[] }
    ).groups[0]?.properties[0];
    expect(prop).toMatchObject({ dependency_chain: ['base'], operator: 'flag_evaluates_to' });
    const cycle = await api.patch(`${FLAGS}${base.json.id}/`, {
      filters: { groups: [{ properties: [{ key: 'dependent', type: 'flag', value: true }] }] },
    });
    expect(cycle.json).toMatchObject({ code: 'INVALID_FLAG' });
    expect(String(cycle.json.detail)).toContain('cycle');
    expect((await api.delete(`${FLAGS}${base.json.id}/`)).status).toBe(400);
  });

  it('records who changed what in the activity log', async () => {
    const created = await api.post(FLAGS, { key: 'kill-switch', filters: rollout(100) });
    await api.patch(`${FLAGS}${created.json.id}/`, { active: false });
    const log = await api.get(`${FLAGS}${created.json.id}/activity/`);
    const entries = log.json.results as {
      activity: string;
      user: { first_name: string };
      detail: { changes: { field: string; before: unknown; after: unknown }[] };
    }[];
    expect(entries.map((e) => e.activity)).toEqual(['updated', 'created']);
    expect(entries[0]?.detail.changes).toEqual([
      { type: 'FeatureFlag', action: 'changed', field: 'active', before: true, after: false },
    ]);
    expect(entries[0]?.user.first_name).toContain('phx_test');
  });

  it('refuses the management API to project keys and anonymous callers', async () => {
    const anonymous = await sp.signpost.app.request(FLAGS, { method: 'POST', body: '{}' });
    expect(anonymous.status).toBe(401);
    const projectKey = await sp.signpost.app.request(FLAGS, {
      headers: { authorization: `Bearer ${TEST_PROJECT_KEY}` },
    });
    expect(projectKey.status).toBe(403);
  });

  it('keeps flags across a restart of the services', async () => {
    if (kind === 'memory') return;
    const created = await api.post(FLAGS, { key: 'persisted', filters: rollout(42) });
    const flags = await sp.signpost.storage.flags.listFlags();
    expect(flags.map((f) => [f.id, f.key, f.version])).toEqual([[created.json.id, 'persisted', 1]]);
    expect(flags[0]?.createdAt).toBeInstanceOf(Date);
  });
});
