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

const settings = fuzzSettings(process.env);
const COHORTS = '/api/projects/@current/cohorts/';

/** A multipart body as browsers write it, cut short at `cut` characters when given. */
function multipart(boundary: string, fields: [string, string][], csv: string, cut: number | null): string {
  const parts = fields.map(
    ([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  const file = `--${boundary}\r\nContent-Disposition: form-data; name="csv"; filename="m.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n`;
  const body = `${parts.join('')}${file}--${boundary}--\r\n`;
  return cut === null ? body : body.slice(0, cut % (body.length + 1));
}

const csvText = fc.oneof(
  fc.array(hostileString, { maxLength: 20 }).map((ids) => `distinct_id\n${ids.join('\n')}`),
  fc.string({ unit: 'binary', maxLength: 500 }),
  fc
    .array(fc.array(fc.string({ maxLength: 8 }), { maxLength: 4 }), { maxLength: 10 })
    .map((rows) => rows.map((r) => r.map((c) => `"${c}`).join(',')).join('\r\n')),
);

let fuzz: FuzzServer;
let cohortId: number;
beforeAll(async () => {
  fuzz = await startFuzzServer();
  const created = (await fuzz.check(COHORTS, {
    method: 'POST',
    headers: { ...AUTH, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Static', is_static: true, distinct_ids: ['a'] }),
  })) as { id: number };
  cohortId = created.id;
});
afterAll(async () => {
  await fuzz.stop();
});
afterEach(async () => {
  await fuzz.expectHealthy();
});

describe('cohort upload fuzz: CSV and multipart bodies answer 2xx or a declared 4xx', {
  timeout: settings.timeoutMs,
}, () => {
  it('CSV bodies on create and replace', async () => {
    const input = fc.record({
      patch: fc.boolean(),
      type: fc.constantFrom('text/csv', 'text/plain', 'text/csv; charset=latin1'),
      csv: csvText,
    });
    await checkProperty(settings, 100, input, async ({ patch, type, csv }) => {
      const path = patch ? `${COHORTS}${cohortId}/` : COHORTS;
      await fuzz.check(path, {
        method: patch ? 'PATCH' : 'POST',
        headers: { ...AUTH, 'content-type': type },
        body: csv,
      });
    });
  });

  it('multipart forms, whole or cut short, with any boundary and fields', async () => {
    const input = fc.record({
      patch: fc.boolean(),
      boundary: fc.oneof(fc.constant('XyZ123'), fc.string({ minLength: 1, maxLength: 70 })),
      declared: fc.option(fc.string({ maxLength: 70 })),
      fields: fc.array(fc.tuple(fc.constantFrom('name', 'description', 'csv', 'file', 'x'), hostileString), {
        maxLength: 3,
      }),
      csv: csvText,
      cut: fc.option(fc.nat()),
    });
    await checkProperty(settings, 150, input, async ({ patch, boundary, declared, fields, csv, cut }) => {
      const path = patch ? `${COHORTS}${cohortId}/` : COHORTS;
      const type = `multipart/form-data; boundary=${declared ?? boundary}`;
      // Header values cannot carry every code point; a client that tried would fail before sending.
      if (!/^[\t\x20-\x7e]*$/.test(type)) return;
      const body = multipart(boundary, fields, csv, cut);
      await fuzz.check(path, {
        method: patch ? 'PATCH' : 'POST',
        headers: { ...AUTH, 'content-type': type },
        body,
      });
    });
  });
});
