import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiClient } from '../testing/api-client.ts';
import { type InProcess, inProcess } from '../testing/in-process.ts';
import { TEST_PERSONAL_KEY, TEST_PROJECT_KEY } from '../testing/test-server.ts';

const FLAGS = '/api/projects/@current/feature_flags/';

let sp: InProcess;
let api: ReturnType<typeof apiClient>;
beforeEach(async () => {
  sp = await inProcess('memory');
  api = apiClient(sp.signpost);
  await api.post(FLAGS, {
    key: 'on',
    filters: { groups: [{ rollout_percentage: 100 }], payloads: { true: '{"a":1}' } },
  });
  await api.post(FLAGS, { key: 'off', filters: { groups: [{ rollout_percentage: 0 }] } });
  await api.post(FLAGS, {
    key: 'pro-only',
    filters: {
      groups: [{ properties: [{ key: 'plan', value: 'pro', operator: 'exact' }], rollout_percentage: 100 }],
    },
  });
  await api.post(FLAGS, {
    key: 'ab',
    filters: {
      groups: [{ rollout_percentage: 100, variant: 'test' }],
      multivariate: {
        variants: [
          { key: 'control', rollout_percentage: 50 },
          { key: 'test', rollout_percentage: 50 },
        ],
      },
      payloads: { test: '"blue"' },
    },
  });
});
afterEach(async () => {
  await sp.stop();
});

const flags = async (body: Record<string, unknown>, query = '?v=2', init: RequestInit = {}) => {
  const res = await sp.signpost.app.request(`/flags/${query}`, {
    method: 'POST',
    body: JSON.stringify({ token: TEST_PROJECT_KEY, distinct_id: 'user-1', ...body }),
    ...init,
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
};
type V2 = {
  flags: Record<
    string,
    {
      enabled: boolean;
      variant: string | null;
      reason: { code: string; condition_index: number | null };
      metadata: { payload: string | null; version: number };
    }
  >;
};

describe('/flags', () => {
  it('answers v2 with details, reasons and payloads', async () => {
    const { json } = await flags({});
    const f = (json as unknown as V2).flags;
    expect(Object.keys(f).sort()).toEqual(['ab', 'off', 'on', 'pro-only']);
    expect(f.on).toMatchObject({
      enabled: true,
      variant: null,
      reason: { code: 'condition_match', condition_index: 0 },
    });
    expect(f.on?.metadata.payload).toBe('{"a":1}');
    expect(f.off).toMatchObject({ enabled: false, reason: { code: 'out_of_rollout_bound' } });
    expect(f['pro-only']).toMatchObject({ enabled: false, reason: { code: 'no_condition_match' } });
    expect(f.ab).toMatchObject({ enabled: true, variant: 'test', metadata: { payload: '"blue"' } });
    expect(json.errorsWhileComputingFlags).toBe(false);
    expect(typeof json.requestId).toBe('string');
    expect(json.supportedCompression).toBeUndefined();
  });

  it('answers v1 with value and payload maps, and merges config when asked', async () => {
    const { json } = await flags({ person_properties: { plan: 'pro' } }, '?v=1&config=true');
    expect(json.featureFlags).toEqual({ on: true, off: false, 'pro-only': true, ab: 'test' });
    expect(json.featureFlagPayloads).toEqual({ on: '{"a":1}', ab: '"blue"' });
    expect(json.supportedCompression).toEqual(['gzip', 'gzip-js']);
    // No v and no config: PostHog defaults to v2 with config.
    const bare = await flags({}, '');
    expect(bare.json.flags).toBeDefined();
    expect(bare.json.supportedCompression).toBeDefined();
  });

  it('answers every /decide version in its own shape', async () => {
    const decide = async (v: string) => {
      const res = await sp.signpost.app.request(`/decide/?v=${v}`, {
        method: 'POST',
        body: JSON.stringify({ token: TEST_PROJECT_KEY, distinct_id: 'u' }),
      });
      return (await res.json()) as Record<string, unknown>;
    };
    expect((await decide('1')).featureFlags).toEqual(['on', 'ab']);
    expect((await decide('2')).featureFlags).toEqual({ on: true, ab: 'test' });
    expect((await decide('3')).featureFlags).toEqual({ on: true, off: false, 'pro-only': false, ab: 'test' });
    const v4 = await decide('4');
    expect((v4 as unknown as V2).flags.on?.enabled).toBe(true);
    expect(v4.config).toEqual({ enable_collect_everything: true });
  });

  it('accepts gzip (header and magic bytes) and base64 form bodies, and the aliases', async () => {
    const body = JSON.stringify({
      $token: TEST_PROJECT_KEY,
      $distinct_id: 'u',
      $properties: { plan: 'pro' },
    });
    const gz = await sp.signpost.app.request('/flags/?v=2', {
      method: 'POST',
      body: gzipSync(body),
      headers: { 'content-type': 'text/plain' },
    });
    expect(((await gz.json()) as V2).flags['pro-only']?.enabled).toBe(true);
    const form = await sp.signpost.app.request('/flags/?v=2&compression=base64', {
      method: 'POST',
      body: `data=${encodeURIComponent(Buffer.from(body).toString('base64'))}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(((await form.json()) as V2).flags['pro-only']?.enabled).toBe(true);
  });

  it('honours flag_keys_to_evaluate, evaluation_runtime and evaluation contexts, and omits inactive flags', async () => {
    expect(
      Object.keys(((await flags({ flag_keys_to_evaluate: ['on', 'nope'] })).json as unknown as V2).flags),
    ).toEqual(['on']);
    const serverOnly = await api.post(FLAGS, {
      key: 'server-only',
      evaluation_runtime: 'server',
      filters: { groups: [{}] },
    });
    const tagged = await api.post(FLAGS, {
      key: 'tagged',
      evaluation_contexts: ['prod'],
      filters: { groups: [{}] },
    });
    expect(serverOnly.status).toBe(201);
    expect(tagged.status).toBe(201);
    const keys = async (body: Record<string, unknown>) =>
      Object.keys(((await flags(body)).json as unknown as V2).flags);
    expect(await keys({ evaluation_runtime: 'server' })).toContain('server-only');
    expect(await keys({ person_properties: { $lib: 'web' } })).not.toContain('server-only');
    expect(await keys({})).not.toContain('tagged');
    expect(await keys({ evaluation_contexts: ['prod'] })).toContain('tagged');
    await api.patch(`${FLAGS}${serverOnly.json.id}/`, { active: false });
    expect(await keys({ evaluation_runtime: 'server' })).not.toContain('server-only');
  });

  it('merges stored person and group properties, the request winning', async () => {
    await sp.capture({
      api_key: TEST_PROJECT_KEY,
      batch: [
        {
          event: '$set',
          distinct_id: 'stored-user',
          properties: { $set: { plan: 'pro' }, $groups: { company: 'acme' } },
        },
        {
          event: '$groupidentify',
          distinct_id: '$company_acme',
          properties: { $group_type: 'company', $group_key: 'acme', $group_set: { tier: 'gold' } },
        },
      ],
    });
    await api.post(FLAGS, {
      key: 'gold-companies',
      filters: {
        aggregation_group_type_index: 0,
        groups: [
          {
            properties: [{ key: 'tier', type: 'group', group_type_index: 0, value: 'gold' }],
            rollout_percentage: 100,
          },
        ],
      },
    });
    const stored = (await flags({ distinct_id: 'stored-user', groups: { company: 'acme' } }))
      .json as unknown as V2;
    expect(stored.flags['pro-only']?.enabled).toBe(true);
    expect(stored.flags['gold-companies']?.enabled).toBe(true);
    const overridden = (
      await flags({
        distinct_id: 'stored-user',
        person_properties: { plan: 'free' },
        groups: { company: 'acme' },
        group_properties: { company: { tier: 'silver' } },
      })
    ).json as unknown as V2;
    expect(overridden.flags['pro-only']?.enabled).toBe(false);
    expect(overridden.flags['gold-companies']?.enabled).toBe(false);
    const noGroup = (await flags({ distinct_id: 'stored-user' })).json as unknown as V2;
    expect(noGroup.flags['gold-companies']?.reason.code).toBe('no_group_type');
  });

  it('sees a change on the very next request', async () => {
    const before = (await flags({})).json as unknown as V2;
    expect(before.flags.off?.enabled).toBe(false);
    const list = (await api.get(`${FLAGS}?search=off`)).json.results as { id: number }[];
    await api.patch(`${FLAGS}${list[0]?.id}/`, { filters: { groups: [{ rollout_percentage: 100 }] } });
    const after = (await flags({})).json as unknown as V2;
    expect(after.flags.off).toMatchObject({ enabled: true, metadata: { version: 2 } });
  });

  it('refuses missing, unknown and personal keys', async () => {
    const send = async (token: string | undefined) =>
      (
        await sp.signpost.app.request('/flags/?v=2', {
          method: 'POST',
          body: JSON.stringify({ token, distinct_id: 'u' }),
        })
      ).json();
    expect(await send(undefined)).toMatchObject({ code: 'MISSING_TOKEN' });
    expect(await send('phc_unknown_unknown')).toMatchObject({ code: 'INVALID_TOKEN' });
    expect(await send(TEST_PERSONAL_KEY)).toMatchObject({ code: 'PERSONAL_KEY_AS_TOKEN' });
    const bad = await sp.signpost.app.request('/flags/?v=2', { method: 'POST', body: '{oops' });
    expect(bad.status).toBe(400);
  });

  it('answers CORS preflights for browsers', async () => {
    const res = await sp.signpost.app.request('/flags/?v=2', {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:3000', 'access-control-request-method': 'POST' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
  });
});

describe('local-evaluation definitions', () => {
  const definitions = (
    path: string,
    headers: Record<string, string> = { authorization: `Bearer ${TEST_PERSONAL_KEY}` },
  ) => sp.signpost.app.request(path, { headers });

  it('serves definitions behind a personal key, with ETag revalidation', async () => {
    expect((await definitions(`/flags/definitions?token=${TEST_PROJECT_KEY}`, {})).status).toBe(401);
    expect(
      (await definitions('/flags/definitions', { authorization: `Bearer ${TEST_PROJECT_KEY}` })).status,
    ).toBe(403);
    const first = await definitions(`/flags/definitions?token=${TEST_PROJECT_KEY}&send_cohorts`);
    expect(first.status).toBe(200);
    const body = (await first.json()) as {
      flags: { key: string; filters: unknown }[];
      group_type_mapping: unknown;
      cohorts: unknown;
    };
    expect(body.flags.map((f) => f.key).sort()).toEqual(['ab', 'off', 'on', 'pro-only']);
    expect(body).toMatchObject({ group_type_mapping: {}, cohorts: {} });
    const etag = first.headers.get('etag') ?? '';
    expect(etag).toMatch(/^".+"$/);
    const again = await definitions('/api/feature_flag/local_evaluation/?send_cohorts', {
      authorization: `Bearer ${TEST_PERSONAL_KEY}`,
      'if-none-match': etag,
    });
    expect(again.status).toBe(304);
    await api.post(FLAGS, { key: 'new-one', filters: { groups: [{}] } });
    const changed = await definitions('/flags/definitions', {
      authorization: `Bearer ${TEST_PERSONAL_KEY}`,
      'if-none-match': etag,
    });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
  });

  it('serves a remote-config payload by key, as a JSON-encoded string', async () => {
    await api.post(FLAGS, {
      key: 'dashboard-config',
      is_remote_configuration: true,
      filters: { groups: [{}], payloads: { true: { widgets: 6 } } },
    });
    const res = await definitions(`${FLAGS}dashboard-config/remote_config?token=${TEST_PROJECT_KEY}`);
    expect(res.status).toBe(200);
    const raw = await res.json();
    expect(JSON.parse(raw as string)).toEqual({ widgets: 6 });
    // Evaluated by /flags like any flag (enabled, with their payload), as PostHog does.
    const answered = ((await flags({})).json as unknown as V2).flags['dashboard-config'];
    expect(answered?.enabled).toBe(true);
    expect(JSON.parse(answered?.metadata.payload ?? 'null')).toEqual({ widgets: 6 });
    expect((await definitions(`${FLAGS}missing/remote_config`)).status).toBe(404);
  });

  it('answers remote_config only for remote-config flags, switched off or not', async () => {
    const rc = await api.post(FLAGS, {
      key: 'limits',
      is_remote_configuration: true,
      filters: { groups: [{}], payloads: { true: '{"max":5}' } },
    });
    expect((await api.patch(`${FLAGS}${rc.json.id}/`, { active: false })).status).toBe(200);
    const off = await definitions(`${FLAGS}limits/remote_config?token=${TEST_PROJECT_KEY}`);
    expect(off.status).toBe(200);
    expect(JSON.parse((await off.json()) as string)).toEqual({ max: 5 });
    // An ordinary flag's payload depends on who asks: not configuration, so not answered here.
    const ordinary = await definitions(`${FLAGS}on/remote_config?token=${TEST_PROJECT_KEY}`);
    expect(ordinary.status).toBe(404);
    expect(await ordinary.json()).toMatchObject({ code: 'FLAG_NOT_FOUND' });
  });
});
