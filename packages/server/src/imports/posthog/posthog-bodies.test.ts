import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InProcess, inProcess } from '../../testing/in-process.ts';
import { TEST_PERSONAL_KEY } from '../../testing/test-server.ts';
import type { ImportRecord } from '../import-record.ts';
import { posthogSource } from './posthog-source.ts';
import { type FakePosthog, startFakePosthog } from './testing/fake-posthog-api.ts';
import { FAKE_PERSONAL_KEY } from './testing/fake-posthog-data.ts';

// The source's bodies must be what Signpost's create APIs take. The writer maps PostHog's ids to the ones it
// creates; this test does the same mapping in a few lines and creates every object on a real Signpost (DuckDB).

let fake: FakePosthog;
let signpost: InProcess;
let records: ImportRecord[];

beforeAll(async () => {
  fake = await startFakePosthog();
  signpost = await inProcess('duckdb');
  records = [];
  for await (const { record } of posthogSource({ host: fake.url, personalApiKey: FAKE_PERSONAL_KEY }).records(
    undefined,
  )) {
    records.push(record);
  }
}, 60_000);

afterAll(async () => {
  await fake?.close();
  await signpost?.stop();
});

async function create(
  list: string,
  body: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await signpost.signpost.app.request(`/api/projects/@current/${list}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_PERSONAL_KEY}` },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Rewrites `{type, key|value}` references at any depth through `map`. */
function remap(node: unknown, map: (ref: Record<string, unknown>) => void): unknown {
  if (Array.isArray(node)) return node.map((child) => remap(child, map));
  if (typeof node !== 'object' || node === null) return node;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) copy[key] = remap(value, map);
  map(copy);
  return copy;
}

describe('the PostHog source’s bodies', () => {
  it('are accepted by Signpost’s create APIs, in the order the source gives them', async () => {
    const cohortIds = new Map<number, number>();
    const flagKeys = new Map<number, string>();
    const insightIds = new Map<number, number>();
    const created: string[] = [];
    for (const record of records) {
      if (record.kind === 'cohort') {
        const body = remap(record.body, (ref) => {
          if (ref.type === 'cohort') ref.value = cohortIds.get(Number(ref.value));
        });
        const answer = await create('cohorts', body);
        expect(answer.status, JSON.stringify(answer.body)).toBe(201);
        cohortIds.set(record.sourceId, Number(answer.body.id));
      } else if (record.kind === 'flag') {
        const body = remap(record.body, (ref) => {
          if (ref.type === 'flag') ref.key = flagKeys.get(Number(ref.key));
        });
        const answer = await create('feature_flags', body);
        expect(answer.status, JSON.stringify(answer.body)).toBe(201);
        flagKeys.set(record.sourceId, String(record.body.key));
      } else if (record.kind === 'insight') {
        const answer = await create('insights', record.body);
        expect(answer.status, JSON.stringify(answer.body)).toBe(201);
        insightIds.set(record.sourceId, Number(answer.body.id));
      } else if (record.kind === 'dashboard') {
        const tiles = (record.body.tiles as Record<string, unknown>[]).map((tile) =>
          tile.insight === undefined ? tile : { ...tile, insight: insightIds.get(Number(tile.insight)) },
        );
        const answer = await create('dashboards', { ...record.body, tiles });
        expect(answer.status, JSON.stringify(answer.body)).toBe(201);
        expect((answer.body.tiles as unknown[]).length).toBe(3);
      } else if (record.kind === 'experiment') {
        const answer = await create('experiments', record.body);
        expect(answer.status, JSON.stringify(answer.body)).toBe(201);
      } else continue;
      created.push(`${record.kind} ${record.sourceId}`);
    }
    expect(created).toEqual([
      'cohort 8',
      'cohort 5',
      'cohort 7',
      'flag 11',
      'flag 3',
      'flag 12',
      'flag 13',
      'insight 21',
      'insight 22',
      'dashboard 31',
      'experiment 41',
    ]);
    const staticCohort = await signpost.api<{ is_static: boolean; count: number | null }>(
      `/api/projects/@current/cohorts/${cohortIds.get(7)}/`,
    );
    expect(staticCohort.is_static).toBe(true);
  });
});
