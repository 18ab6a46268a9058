import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, it } from 'vitest';
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
const PERSONS = '/api/projects/@current/persons/';

const mode = fc.oneof(fc.constantFrom('erase', 'anonymise', 'events_only'), hostileString);
const query = (fields: Record<string, string | null>) =>
  new URLSearchParams(Object.entries(fields).filter((e): e is [string, string] => e[1] !== null)).toString();

/** encodeURIComponent throws on a lone surrogate; the request line carries U+FFFD instead, as browsers send. */
const pathSegment = (s: string) => encodeURIComponent(s.replace(/[\uD800-\uDFFF]/gu, '\uFFFD'));

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

describe('erasure fuzz: any id, distinct id, mode and personal keys answer 2xx or a declared 4xx', {
  timeout: settings.timeoutMs,
}, () => {
  it('DELETE /persons/<id>/ with any path segment and query', async () => {
    const input = fc.record({
      id: fc.oneof(fc.uuid(), hostileString),
      mode: fc.option(mode),
      keys: fc.option(hostileString),
    });
    await checkProperty(settings, 100, input, async ({ id, mode: m, keys }) => {
      await fuzz.check(`${PERSONS}${pathSegment(id)}/?${query({ mode: m, personal_keys: keys })}`, {
        method: 'DELETE',
        headers: AUTH,
      });
    });
  });

  it('a person sent with hostile ids and properties, then erased by distinct id in any mode', async () => {
    const input = fc.record({
      distinctId: hostileString,
      alias: hostileString,
      properties: fc.dictionary(hostileString, fc.jsonValue({ maxDepth: 3 }), { maxKeys: 6 }),
      mode: fc.option(mode),
      keys: fc.option(fc.array(hostileString, { maxLength: 3 }).map((k) => k.join(','))),
    });
    await checkProperty(settings, 60, input, async ({ distinctId, alias, properties, mode: m, keys }) => {
      await fuzz.server.capture({
        api_key: TEST_PROJECT_KEY,
        batch: [
          { event: 'fuzz.person', distinct_id: distinctId, properties: { ...properties, $ip: '192.0.2.1' } },
          { event: '$create_alias', distinct_id: distinctId, properties: { alias } },
        ],
      });
      await fuzz.check(`${PERSONS}?${query({ distinct_id: distinctId, mode: m, personal_keys: keys })}`, {
        method: 'DELETE',
        headers: AUTH,
      });
      await fuzz.check('/api/projects/@current/erasures/?limit=5', { headers: AUTH });
    });
  });

  it('POST /persons/bulk_delete/ with any body', async () => {
    const input = fc.oneof(
      fc.record({
        ids: fc.array(fc.oneof(fc.uuid(), hostileString), { maxLength: 3 }),
        distinct_ids: fc.array(hostileString, { maxLength: 3 }),
        keep_person: fc.oneof(fc.boolean(), hostileString),
        mode: mode,
      }),
      fc.jsonValue({ maxDepth: 3 }),
    );
    await checkProperty(settings, 60, input, async (body) => {
      await fuzz.check(`${PERSONS}bulk_delete/`, {
        method: 'POST',
        headers: { ...AUTH, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    });
  });

  it('GET /erasures/ with any paging', async () => {
    const input = fc.record({ limit: hostileString, offset: hostileString });
    await checkProperty(settings, 50, input, async (q) => {
      await fuzz.check(`/api/projects/@current/erasures/?${query(q)}`, { headers: AUTH });
    });
  });
});
