import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import {
  AUTH,
  checkProperty,
  type FuzzServer,
  fuzzSettings,
  startFuzzServer,
} from '../testing/fuzz-harness.ts';
import { hostileString } from '../testing/hostile-json.ts';
import { TEST_PROJECT_KEY } from '../testing/test-server.ts';

const settings = fuzzSettings(process.env);
const API = '/api/projects/@current';
const PARAMS = ['search', 'limit', 'offset', 'type', 'group_type_index', 'exclude_hidden', 'event_names'];

let fuzz: FuzzServer;
beforeAll(async () => {
  fuzz = await startFuzzServer();
  // Hostile names and keys are what the lists must render and search.
  await fuzz.server.capture({
    api_key: TEST_PROJECT_KEY,
    batch: [
      {
        event: "'; DROP TABLE events; --",
        distinct_id: 'x',
        properties: { '%_\\': 1, __proto__: 'p', '': true },
      },
      { event: '\u0000ünï', distinct_id: 'x', properties: { $set: { 'a/b~c': null } } },
    ],
  });
  await fuzz.server.signpost.definitions.flush();
});
afterAll(async () => {
  try {
    await fuzz.expectHealthy();
  } finally {
    await fuzz.stop();
  }
});

describe('definitions fuzz: any query or id answers 2xx or a declared 4xx', {
  timeout: settings.timeoutMs,
}, () => {
  it('list query strings', async () => {
    const value = fc.oneof(
      hostileString,
      fc.integer().map(String),
      fc.constantFrom('event', 'group', 'true', '-1'),
    );
    const input = fc.record({
      list: fc.constantFrom('event_definitions', 'property_definitions'),
      params: fc.array(fc.tuple(fc.constantFrom(...PARAMS), value), { maxLength: 4 }),
    });
    await checkProperty(settings, 150, input, async ({ list, params }) => {
      const query = new URLSearchParams(params).toString();
      await fuzz.check(`${API}/${list}/?${query}`, { headers: AUTH });
    });
  });

  it('ids in GET and PATCH paths', async () => {
    const input = fc.record({
      list: fc.constantFrom('event_definitions', 'property_definitions'),
      id: fc.oneof(
        fc.uuid(),
        hostileString.filter((s) => s.length > 0),
        fc.integer().map(String),
      ),
      patch: fc.boolean(),
    });
    await checkProperty(settings, 100, input, async ({ list, id, patch }) => {
      const path = `${API}/${list}/${encodeURIComponent(id)}/`;
      await fuzz.check(
        path,
        patch
          ? {
              method: 'PATCH',
              headers: { ...AUTH, 'content-type': 'application/json' },
              body: '{"hidden":true}',
            }
          : { headers: AUTH },
      );
    });
  });
});
