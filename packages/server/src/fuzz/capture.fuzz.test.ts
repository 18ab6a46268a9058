import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, it } from 'vitest';
import { CAPTURE_PATHS } from '../ingestion/capture-routes.ts';
import { checkProperty, type FuzzServer, fuzzSettings, startFuzzServer } from '../testing/fuzz-harness.ts';
import { jsonText } from '../testing/hostile-json.ts';
import { mutated } from '../testing/mutate-json.ts';
import { ENCODING_NAMES, encode, garbageRequest } from '../testing/sdk-body-encodings.ts';
import { TEST_PROJECT_KEY } from '../testing/test-server.ts';

const settings = fuzzSettings(process.env);
const event = {
  event: '$pageview',
  distinct_id: 'user-1',
  uuid: '0190b6f8-1c2d-7e3f-8a4b-5c6d7e8f9a0b',
  timestamp: '2024-03-01T12:00:00.000Z',
  offset: 10,
  properties: { $current_url: 'https://example.com/', $set: { plan: 'pro' }, $groups: { company: 'acme' } },
};
// One body of every shape the capture endpoints accept (compat notes §1.2).
const TEMPLATES = [
  { api_key: TEST_PROJECT_KEY, ...event },
  { api_key: TEST_PROJECT_KEY, batch: [event, { ...event, event: 'signup', uuid: undefined }] },
  [{ ...event, properties: { ...event.properties, token: TEST_PROJECT_KEY } }],
  { api_key: TEST_PROJECT_KEY, sent_at: '2024-03-01T12:00:01.000Z', batch: [event] },
  {
    api_key: TEST_PROJECT_KEY,
    event: '$identify',
    distinct_id: 'user-2',
    properties: { $anon_distinct_id: 'anon-2', $set: { email: 'a@b.c' }, $set_once: { first: 1 } },
  },
  {
    api_key: TEST_PROJECT_KEY,
    event: '$groupidentify',
    distinct_id: 'user-1',
    properties: { $group_type: 'company', $group_key: 'acme', $group_set: { size: 10 } },
  },
  { api_key: TEST_PROJECT_KEY, event: '$create_alias', distinct_id: 'user-1', properties: { alias: 'u1' } },
  { $token: TEST_PROJECT_KEY, $distinct_id: 'user-1', $set: { name: 'Ann' } },
];

let fuzz: FuzzServer;
beforeAll(async () => {
  fuzz = await startFuzzServer();
});
afterAll(async () => {
  await fuzz.stop();
});
afterEach(async () => {
  await fuzz.expectHealthy();
});

describe('capture fuzz: any body on any capture path answers 2xx or a declared 4xx', {
  timeout: settings.timeoutMs,
}, () => {
  it('structured but wrong events, in every encoding', async () => {
    const input = fc.record({
      path: fc.constantFrom(...CAPTURE_PATHS),
      encoding: fc.constantFrom(...ENCODING_NAMES),
      body: mutated(TEMPLATES),
    });
    await checkProperty(settings, 250, input, async ({ path, encoding, body }) => {
      const wire = encode(encoding, path, jsonText(body));
      await fuzz.check(wire.path, wire.init, `${encoding} ${path}`);
    });
  });

  it('raw bytes under any encoding label', async () => {
    await checkProperty(settings, 200, garbageRequest(CAPTURE_PATHS), async (wire) => {
      await fuzz.check(wire.path, wire.init, `garbage ${wire.path}`);
    });
  });
});
