import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../testing/api-client.ts';
import { type InProcess, inProcess } from '../testing/in-process.ts';
import { TEST_PROJECT_KEY } from '../testing/test-server.ts';

const BASE = '/api/projects/@current/early_access_feature/';
const FLAGS = '/api/projects/@current/feature_flags/';

let server: InProcess;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  server = await inProcess('duckdb');
  api = apiClient(server.signpost);
});
afterAll(async () => {
  await server?.stop();
});

type PublicFeature = { name: string; stage: string; flagKey: string | null; documentationUrl: string | null };

const publicList = async (query = '') => {
  const res = await server.signpost.app.request(
    `/api/early_access_features/?token=${TEST_PROJECT_KEY}${query}`,
  );
  return {
    status: res.status,
    json: (await res.json()) as { earlyAccessFeatures: PublicFeature[]; code?: string },
  };
};

/** posthog-js's opt-in, as it reaches capture: an event whose `$set` carries the enrolment property. */
const enrol = async (distinctId: string, flagKey: string, isEnrolled: boolean) => {
  const res = await server.capture({
    api_key: TEST_PROJECT_KEY,
    batch: [
      {
        event: '$feature_enrollment_update',
        distinct_id: distinctId,
        properties: {
          $feature_flag: flagKey,
          $feature_enrollment: isEnrolled,
          $set: { [`$feature_enrollment/${flagKey}`]: isEnrolled },
        },
      },
    ],
  });
  expect(res.status).toBe(200);
};

const flagValue = async (distinctId: string, key: string) => {
  const res = await server.signpost.app.request('/flags/?v=2', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: TEST_PROJECT_KEY, distinct_id: distinctId }),
  });
  const body = (await res.json()) as { flags: Record<string, { enabled: boolean } | undefined> };
  return body.flags[key]?.enabled;
};

describe('early access features API', () => {
  it('creates a feature with a new opt-in flag, hidden from posthog-js until it is public', async () => {
    const res = await api.post(BASE, {
      name: 'Dark mode',
      description: 'A darker theme',
      documentation_url: 'https://example.com/docs/dark',
    });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      name: 'Dark mode',
      stage: 'draft',
      documentation_url: 'https://example.com/docs/dark',
      feature_flag: { key: 'dark-mode', active: true },
    });
    const filters = (res.json.feature_flag as { filters: Record<string, unknown> }).filters;
    expect(filters.feature_enrollment).toBe(true);
    expect(filters.groups).toEqual([{ properties: [], rollout_percentage: 0 }]);
    expect((await publicList()).json.earlyAccessFeatures).toEqual([]);

    const beta = await api.patch(`${BASE}${res.json.id}/`, { stage: 'beta' });
    expect(beta.status).toBe(200);
    expect((await publicList()).json.earlyAccessFeatures).toEqual([
      {
        name: 'Dark mode',
        description: 'A darker theme',
        stage: 'beta',
        documentationUrl: 'https://example.com/docs/dark',
        payload: {},
        flagKey: 'dark-mode',
      },
    ]);
    // Written to DuckDB, not only held in memory.
    const stored = await server.storage.earlyAccess.listEarlyAccessFeatures();
    expect(stored.find((f) => f.id === res.json.id)).toMatchObject({ stage: 'beta', name: 'Dark mode' });
  });

  it('turns the flag on for a person who opts in, and off again when they opt out', async () => {
    await enrol('eaf-in', 'dark-mode', true);
    expect(await flagValue('eaf-in', 'dark-mode')).toBe(true);
    expect(await flagValue('eaf-never-asked', 'dark-mode')).toBe(false);
    await enrol('eaf-in', 'dark-mode', false);
    expect(await flagValue('eaf-in', 'dark-mode')).toBe(false);
  });

  it('filters the public list by the stages posthog-js asks for', async () => {
    const concept = await api.post(BASE, { name: 'Voice input', stage: 'concept' });
    expect(concept.status).toBe(201);
    const names = async (q: string) => (await publicList(q)).json.earlyAccessFeatures.map((f) => f.name);
    expect(await names('')).toEqual(['Dark mode']);
    expect(await names('&stage=concept')).toEqual(['Voice input']);
    expect((await names('&stage=concept&stage=beta')).sort()).toEqual(['Dark mode', 'Voice input']);
  });

  it('adopts an existing flag, keeping its targeting for people who have not answered', async () => {
    const flag = await api.post(FLAGS, {
      key: 'pro-export',
      filters: {
        groups: [{ properties: [{ key: 'plan', value: 'pro', operator: 'exact' }], rollout_percentage: 100 }],
      },
    });
    const res = await api.post(BASE, { name: 'Export', stage: 'alpha', feature_flag_id: flag.json.id });
    expect(res.status).toBe(201);
    const filters = (res.json.feature_flag as { filters: { groups: unknown[]; feature_enrollment: boolean } })
      .filters;
    expect(filters.feature_enrollment).toBe(true);
    expect(filters.groups).toHaveLength(1);
    await server.capture({
      api_key: TEST_PROJECT_KEY,
      batch: [{ event: 'x', distinct_id: 'eaf-pro', properties: { $set: { plan: 'pro' } } }],
    });
    expect(await flagValue('eaf-pro', 'pro-export')).toBe(true);
    await enrol('eaf-pro', 'pro-export', false);
    expect(await flagValue('eaf-pro', 'pro-export')).toBe(false);

    const again = await api.post(BASE, { name: 'Export twice', feature_flag_id: flag.json.id });
    expect(again).toMatchObject({ status: 400, json: { code: 'EARLY_ACCESS_FLAG_IN_USE' } });
  });

  it('rolls the flag out to everyone at general availability, except people who opted out', async () => {
    const list = await api.get(BASE);
    const dark = (list.json.results as { id: number; name: string }[]).find((f) => f.name === 'Dark mode');
    const res = await api.patch(`${BASE}${dark?.id}/`, { stage: 'general-availability' });
    expect(res.status).toBe(200);
    expect(await flagValue('eaf-newcomer', 'dark-mode')).toBe(true);
    expect(await flagValue('eaf-in', 'dark-mode')).toBe(false);
  });

  it('deletes a feature but leaves its flag', async () => {
    const res = await api.post(BASE, { name: 'Short lived', stage: 'beta' });
    expect((await api.delete(`${BASE}${res.json.id}/`)).status).toBe(204);
    expect(await api.get(`${BASE}${res.json.id}/`)).toMatchObject({
      status: 404,
      json: { code: 'EARLY_ACCESS_FEATURE_NOT_FOUND' },
    });
    expect((await publicList()).json.earlyAccessFeatures.map((f) => f.name)).not.toContain('Short lived');
    const flags = await api.get(`${FLAGS}?search=short-lived`);
    expect((flags.json.results as { key: string }[]).map((f) => f.key)).toEqual(['short-lived']);
  });
});

describe('early access bad input', () => {
  it.each([
    [{}, 'INVALID_BODY', 'name'],
    [{ name: 'x', stage: 'launched' }, 'INVALID_BODY', 'stage'],
    [{ name: 'x', documentation_url: 'javascript:alert(1)' }, 'INVALID_BODY', 'documentation_url'],
    [{ name: 'x', feature_flag_key: 'has space' }, 'INVALID_BODY', 'feature_flag_key'],
    [{ name: 'x', feature_flag_id: 999_999 }, 'INVALID_EARLY_ACCESS_FEATURE', 'feature_flag_id'],
  ])('refuses %j with %s', async (body, code, attr) => {
    expect(await api.post(BASE, body)).toMatchObject({ status: 400, json: { code, attr } });
  });

  it('refuses to link a multivariate flag', async () => {
    const flag = await api.post(FLAGS, {
      key: 'eaf-mv',
      filters: {
        groups: [{ properties: [], rollout_percentage: 100 }],
        multivariate: {
          variants: [
            { key: 'a', rollout_percentage: 50 },
            { key: 'b', rollout_percentage: 50 },
          ],
        },
      },
    });
    const res = await api.post(BASE, { name: 'MV', feature_flag_id: flag.json.id });
    expect(res).toMatchObject({ status: 400, json: { code: 'INVALID_EARLY_ACCESS_FEATURE' } });
  });

  it('answers 404 for an unknown feature and 400 for a bad patch', async () => {
    expect(await api.patch(`${BASE}424242/`, { stage: 'beta' })).toMatchObject({
      status: 404,
      json: { code: 'EARLY_ACCESS_FEATURE_NOT_FOUND' },
    });
    const res = await api.post(BASE, { name: 'Patched' });
    expect(await api.patch(`${BASE}${res.json.id}/`, { stage: 42 })).toMatchObject({
      status: 400,
      json: { code: 'INVALID_BODY' },
    });
  });

  it('authenticates the public list with the project key only', async () => {
    const req = (q: string) => server.signpost.app.request(`/api/early_access_features/${q}`);
    const none = await req('');
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ code: 'MISSING_TOKEN' });
    const wrong = await req('?token=phc_not_a_key');
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ code: 'INVALID_TOKEN' });
    const draft = await publicList('&stage=draft');
    expect(draft.status).toBe(400);
    expect(draft.json).toMatchObject({ code: 'INVALID_QUERY' });
  });

  it('answers browser preflights from any origin, like /flags', async () => {
    const res = await server.signpost.app.request('/api/early_access_features/?token=x', {
      method: 'OPTIONS',
      headers: { origin: 'https://shop.example', 'access-control-request-method': 'GET' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://shop.example');
  });
});
