import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiClient } from '../testing/api-client.ts';
import { type InProcess, inProcess, STORAGE_KINDS } from '../testing/in-process.ts';
import { TEST_PERSONAL_KEY, TEST_PROJECT_KEY } from '../testing/test-server.ts';
import { parseMemberCsv } from './parse-member-csv.ts';

const COHORTS = '/api/projects/@current/cohorts/';
const proUsers = {
  name: 'Pro users',
  filters: {
    properties: {
      type: 'OR',
      values: [{ type: 'AND', values: [{ key: 'plan', type: 'person', value: 'pro', operator: 'exact' }] }],
    },
  },
};

describe.each(STORAGE_KINDS)('cohorts on %s', (kind) => {
  let sp: InProcess;
  let api: ReturnType<typeof apiClient>;
  beforeEach(async () => {
    sp = await inProcess(kind);
    api = apiClient(sp.signpost);
    await sp.capture({
      api_key: TEST_PROJECT_KEY,
      batch: ['a', 'b', 'c', 'd'].map((id, i) => ({
        event: '$set',
        distinct_id: id,
        properties: { $set: { plan: i < 2 ? 'pro' : 'free' } },
      })),
    });
  });
  afterEach(async () => {
    await sp.stop();
  });
  const flagValue = async (flagKey: string, distinctId: string) => {
    const res = await sp.signpost.app.request('/flags/?v=2', {
      method: 'POST',
      body: JSON.stringify({ token: TEST_PROJECT_KEY, distinct_id: distinctId }),
    });
    return ((await res.json()) as { flags: Record<string, { enabled: boolean }> }).flags[flagKey]?.enabled;
  };

  it('counts and lists the members of a dynamic cohort, and targets flags with it', async () => {
    const cohort = await api.post(COHORTS, proUsers);
    expect(cohort.status).toBe(201);
    expect(cohort.json).toMatchObject({ name: 'Pro users', is_static: false, count: 2 });
    const persons = await api.get(`${COHORTS}${cohort.json.id}/persons/`);
    expect(
      (persons.json.results as { distinct_ids: string[] }[]).flatMap((p) => p.distinct_ids).sort(),
    ).toEqual(['a', 'b']);
    await api.post('/api/projects/@current/feature_flags/', {
      key: 'pro-cohort',
      filters: {
        groups: [
          { properties: [{ key: 'id', type: 'cohort', value: cohort.json.id }], rollout_percentage: 100 },
        ],
      },
    });
    expect(await flagValue('pro-cohort', 'a')).toBe(true);
    expect(await flagValue('pro-cohort', 'c')).toBe(false);
    const defs = await api.get('/flags/definitions?send_cohorts');
    expect(defs.json.cohorts).toEqual({ [String(cohort.json.id)]: proUsers.filters.properties });
  });

  it('keeps static cohorts from JSON and CSV uploads, leaves them out of definitions, and evaluates them on the server', async () => {
    const fromJson = await api.post(COHORTS, {
      name: 'Beta testers',
      is_static: true,
      distinct_ids: ['c', 'zzz'],
    });
    expect(fromJson.json).toMatchObject({ is_static: true, count: 1 });
    const csv = await sp.signpost.app.request(`${COHORTS}${fromJson.json.id}/`, {
      method: 'PATCH',
      body: 'distinct_id\nd\n"a"\n',
      headers: { authorization: `Bearer ${TEST_PERSONAL_KEY}`, 'content-type': 'text/csv' },
    });
    expect(((await csv.json()) as { count: number }).count).toBe(2);
    const form = new FormData();
    form.set('name', 'From a file');
    form.set('csv', new Blob(['b\nc\n'], { type: 'text/csv' }), 'members.csv');
    const multipart = await sp.signpost.app.request(COHORTS, {
      method: 'POST',
      body: form,
      headers: { authorization: `Bearer ${TEST_PERSONAL_KEY}` },
    });
    expect(multipart.status).toBe(201);
    expect(await multipart.json()).toMatchObject({ name: 'From a file', is_static: true, count: 2 });
    await api.post('/api/projects/@current/feature_flags/', {
      key: 'beta',
      filters: {
        groups: [
          { properties: [{ key: 'id', type: 'cohort', value: fromJson.json.id }], rollout_percentage: 100 },
        ],
      },
    });
    expect(await flagValue('beta', 'd')).toBe(true);
    expect(await flagValue('beta', 'c')).toBe(false);
    expect((await api.get('/flags/definitions')).json.cohorts).toEqual({});
  });

  it('validates filters and protects cohorts that flags use', async () => {
    const bad = await api.post(COHORTS, {
      name: 'x',
      filters: { properties: { type: 'AND', values: [{ key: 'p', value: 1, operator: 'sorta' }] } },
    });
    expect(bad.json).toMatchObject({ code: 'INVALID_COHORT' });
    expect((await api.post(COHORTS, { name: 'x', distinct_ids: ['a'] })).json).toMatchObject({
      code: 'INVALID_COHORT',
    });
    const cohort = await api.post(COHORTS, proUsers);
    await api.post('/api/projects/@current/feature_flags/', {
      key: 'uses-it',
      filters: { groups: [{ properties: [{ key: 'id', type: 'cohort', value: cohort.json.id }] }] },
    });
    const del = await api.delete(`${COHORTS}${cohort.json.id}/`);
    expect(del.json).toMatchObject({ code: 'COHORT_IN_USE' });
    expect((await api.get(`${COHORTS}999/`)).status).toBe(404);
  });
});

describe('parseMemberCsv', () => {
  it('reads the first column, skipping a header, blanks, quotes and duplicates', () => {
    expect(parseMemberCsv('\uFEFFdistinct_id,email\r\nu1,a@x\r\n"u,2",b\n\nu1,c\n')).toEqual(['u1', 'u,2']);
    expect(parseMemberCsv('plain-id\nother')).toEqual(['plain-id', 'other']);
  });
});
