import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiClient } from '../testing/api-client.ts';
import { type InProcess, inProcess, STORAGE_KINDS } from '../testing/in-process.ts';
import { TEST_PERSONAL_KEY, TEST_PROJECT_KEY } from '../testing/test-server.ts';

/**
 * Variant and flag keys are user strings that end up as keys of JSON objects (payloads by variant, flags by key).
 * Names that plain objects inherit (`__proto__`, `constructor`, `toString`) must behave like any other name.
 */
const FLAGS = '/api/projects/@current/feature_flags/';
const NAMES = ['__proto__', 'constructor', 'toString'] as const;
const payloadOf = (name: string) => JSON.stringify({ variant: name });

// Built from JSON text: JSON.parse makes `__proto__` an own key, where an object literal would set the prototype.
const multivariate = JSON.parse(`{
  "key": "prototype-variants",
  "filters": {
    "groups": [${NAMES.map((n) => `{"properties": [{"key": "pick", "value": "${n}", "operator": "exact"}], "rollout_percentage": 100, "variant": "${n}"}`).join(',')}],
    "multivariate": {"variants": [
      {"key": "__proto__", "rollout_percentage": 33},
      {"key": "constructor", "rollout_percentage": 33},
      {"key": "toString", "rollout_percentage": 34}
    ]},
    "payloads": {${NAMES.map((n) => `${JSON.stringify(n)}: ${JSON.stringify(payloadOf(n))}`).join(',')}}
  }
}`) as unknown;

const own = (o: unknown, key: string): unknown =>
  typeof o === 'object' && o !== null && Object.hasOwn(o, key)
    ? (o as Record<string, unknown>)[key]
    : undefined;

describe.each(STORAGE_KINDS)('keys named like Object.prototype members (%s)', (kind) => {
  let sp: InProcess;
  let api: ReturnType<typeof apiClient>;
  beforeEach(async () => {
    sp = await inProcess(kind);
    api = apiClient(sp.signpost);
    const created = await api.post(FLAGS, multivariate);
    expect(created.status).toBe(201);
    for (const key of NAMES) {
      const r = await api.post(FLAGS, { key, filters: { groups: [{ rollout_percentage: 100 }] } });
      expect(r.status, key).toBe(201);
    }
  });
  afterEach(async () => {
    await sp.stop();
  });

  const flags = async (pick: string, query = '?v=2') => {
    const r = await sp.signpost.app.request(`/flags/${query}`, {
      method: 'POST',
      body: JSON.stringify({ token: TEST_PROJECT_KEY, distinct_id: 'u1', person_properties: { pick } }),
    });
    expect(r.status).toBe(200);
    return JSON.parse(await r.text()) as Record<string, unknown>;
  };

  it('keeps every variant payload through the management API, also across a PATCH of something else', async () => {
    const listed = await api.get(FLAGS);
    const flag = (listed.json.results as { key: string; id: number }[]).find(
      (f) => f.key === 'prototype-variants',
    );
    const read = await api.get(`${FLAGS}${flag?.id}/`);
    const payloads = own(read.json.filters, 'payloads');
    for (const name of NAMES) expect(own(payloads, name), name).toBe(payloadOf(name));
    expect(Object.keys(payloads as object).sort()).toEqual([...NAMES].sort());
    // A PATCH of something else leaves them alone.
    const patched = await api.patch(`${FLAGS}${flag?.id}/`, { name: 'renamed' });
    expect(patched.status).toBe(200);
    for (const name of NAMES) expect(own(own(patched.json.filters, 'payloads'), name)).toBe(payloadOf(name));
  });

  it('evaluates to each variant on /flags, with its own payload, and lists flags with those keys', async () => {
    for (const name of NAMES) {
      const v2 = own(await flags(name), 'flags');
      const details = own(v2, 'prototype-variants') as { variant: string; metadata: { payload: string } };
      expect(details.variant, name).toBe(name);
      expect(details.metadata.payload, name).toBe(payloadOf(name));
      for (const key of NAMES) expect(own(own(v2, key), 'enabled'), key).toBe(true);

      const v1 = await flags(name, '?v=1');
      expect(own(own(v1, 'featureFlags'), 'prototype-variants')).toBe(name);
      expect(own(own(v1, 'featureFlagPayloads'), 'prototype-variants')).toBe(payloadOf(name));
      for (const key of NAMES) expect(own(own(v1, 'featureFlags'), key), key).toBe(true);
    }
  });

  it('serves the payloads and flags on /flags/definitions for local evaluation', async () => {
    const r = await sp.signpost.app.request('/flags/definitions', {
      headers: { authorization: `Bearer ${TEST_PERSONAL_KEY}` },
    });
    expect(r.status).toBe(200);
    const body = JSON.parse(await r.text()) as { flags: { key: string; filters: unknown }[] };
    const flag = body.flags.find((f) => f.key === 'prototype-variants');
    const payloads = own(flag?.filters, 'payloads');
    for (const name of NAMES) expect(own(payloads, name), name).toBe(payloadOf(name));
    expect(body.flags.map((f) => f.key)).toEqual(expect.arrayContaining([...NAMES]));
  });
});
