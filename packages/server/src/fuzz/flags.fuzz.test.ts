import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, it } from 'vitest';
import {
  AUTH,
  CANARY_FLAG,
  checkProperty,
  type FuzzServer,
  fuzzSettings,
  JSON_TYPE,
  startFuzzServer,
} from '../testing/fuzz-harness.ts';
import { hostileString, jsonText } from '../testing/hostile-json.ts';
import { mutated } from '../testing/mutate-json.ts';
import { ENCODING_NAMES, encode, garbageRequest } from '../testing/sdk-body-encodings.ts';
import { TEST_PERSONAL_KEY, TEST_PROJECT_KEY } from '../testing/test-server.ts';

const settings = fuzzSettings(process.env);
// Every response version of /flags and legacy /decide (compat notes §1.4).
const FLAGS_PATHS = [
  '/flags',
  '/flags?v=1',
  '/flags?v=2',
  '/flags?v=2&config=true',
  '/flags?v=-1',
  '/decide',
  '/decide?v=2',
  '/decide?v=3',
  '/decide?v=4',
];
const TEMPLATES = [
  { token: TEST_PROJECT_KEY, distinct_id: 'user-1' },
  {
    token: TEST_PROJECT_KEY,
    distinct_id: 'user-1',
    $anon_distinct_id: 'anon-1',
    device_id: 'device-1',
    groups: { company: 'acme' },
    person_properties: { plan: 'pro', age: 30 },
    group_properties: { company: { size: 10 } },
    flag_keys_to_evaluate: [CANARY_FLAG, 'multi'],
    evaluation_contexts: ['web'],
    evaluation_runtime: 'client',
    disable_flags: false,
    timezone: 'Europe/Berlin',
  },
  { api_key: TEST_PROJECT_KEY, distinct_id: 42, $properties: { email: 'a@b.c' } },
];

let fuzz: FuzzServer;
beforeAll(async () => {
  fuzz = await startFuzzServer();
  // Flags whose conditions read the properties the generator corrupts, so evaluation gets to compare them.
  const flag = async (body: unknown) => {
    const created = await fuzz.request('/api/projects/@current/feature_flags/', {
      method: 'POST',
      headers: { ...AUTH, ...JSON_TYPE },
      body: JSON.stringify(body),
    });
    if (created.status !== 201) throw new Error(`flag → ${created.status} ${await created.text()}`);
  };
  const person = (key: string, operator: string, value: unknown) => ({
    properties: [{ key, type: 'person', operator, value }],
    rollout_percentage: 50,
  });
  await flag({
    key: 'multi',
    filters: {
      groups: [
        person('plan', 'exact', ['pro']),
        person('age', 'gt', 18),
        person('email', 'regex', '@b\\.c$'),
      ],
      multivariate: {
        variants: [
          { key: 'a', rollout_percentage: 50 },
          { key: 'b', rollout_percentage: 50 },
        ],
      },
      payloads: { a: '{"x":1}' },
    },
  });
  // The group type must exist before a flag can aggregate by it.
  await fuzz.server.capture({
    api_key: TEST_PROJECT_KEY,
    event: '$groupidentify',
    distinct_id: 'user-1',
    properties: { $group_type: 'company', $group_key: 'acme', $group_set: { size: 10 } },
  });
  await flag({
    key: 'by-company',
    filters: {
      aggregation_group_type_index: 0,
      groups: [
        { properties: [{ key: 'size', type: 'group', group_type_index: 0, operator: 'gte', value: 5 }] },
      ],
    },
  });
});
afterAll(async () => {
  await fuzz.stop();
});
afterEach(async () => {
  await fuzz.expectHealthy();
});

describe('/flags and /decide fuzz: any body answers 2xx or a declared 4xx', {
  timeout: settings.timeoutMs,
}, () => {
  it('structured but wrong requests, every version and encoding', async () => {
    const input = fc.record({
      path: fc.constantFrom(...FLAGS_PATHS),
      encoding: fc.constantFrom(...ENCODING_NAMES),
      body: mutated(TEMPLATES),
    });
    await checkProperty(settings, 300, input, async ({ path, encoding, body }) => {
      const wire = encode(encoding, path, jsonText(body));
      await fuzz.check(wire.path, wire.init, `${encoding} ${path}`);
    });
  });

  it('raw bytes under any encoding label', async () => {
    await checkProperty(settings, 150, garbageRequest(FLAGS_PATHS), async (wire) => {
      await fuzz.check(wire.path, wire.init, `garbage ${wire.path}`);
    });
  });

  it('/flags/definitions with any query, ETag and credentials', async () => {
    const input = fc.record({
      path: fc.constantFrom('/flags/definitions', '/api/feature_flag/local_evaluation'),
      query: fc.dictionary(fc.constantFrom('token', 'send_cohorts', 'project_id', 'x'), hostileString, {
        maxKeys: 3,
      }),
      ifNoneMatch: fc.option(hostileString),
      key: fc.constantFrom(TEST_PERSONAL_KEY, TEST_PROJECT_KEY, 'phx_unknown', ''),
    });
    await checkProperty(settings, 100, input, async ({ path, query, ifNoneMatch, key }) => {
      const headers: Record<string, string> = { authorization: `Bearer ${key}` };
      // Header values cannot carry every code point; a client that tried would fail before sending.
      if (ifNoneMatch !== null && /^[\t\x20-\x7e]*$/.test(ifNoneMatch))
        headers['if-none-match'] = ifNoneMatch;
      const qs = new URLSearchParams(query).toString();
      await fuzz.check(`${path}?${qs}`, { headers });
    });
  });
});
