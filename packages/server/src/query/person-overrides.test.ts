import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryClient, type SeedEvent, seed, type TrendResult } from '../insights/query-test-kit.ts';
import { type InProcess, inProcess } from '../testing/in-process.ts';
import { hasPersonOverrides } from './person-overrides.ts';

// Day 1: four ids, each its own person (visitor-7 personless). Day 2: merges. Counting day 1 again after each
// merge shows events written before a merge follow their distinct id to the person it belongs to now.
const DAY1 = '2024-03-01T10:00:00Z';
const DAY2 = '2024-03-02T10:00:00Z';
const ev = (distinct_id: string, timestamp: string, properties: Record<string, unknown> = {}): SeedEvent => ({
  event: 'page',
  distinct_id,
  timestamp,
  properties,
});
const merge = (event: string, distinct_id: string, properties: Record<string, unknown>): SeedEvent => ({
  event,
  distinct_id,
  timestamp: DAY2,
  properties,
});

let server: InProcess;
let query: ReturnType<typeof queryClient>;
const overridesPresent = () => {
  const runner = server.storage.analytics;
  if (!runner) throw new Error('DuckDB storage has no query runner');
  return hasPersonOverrides(runner, 1, 10_000);
};
const dau = async (): Promise<number[]> => {
  const res = await query(
    {
      kind: 'TrendsQuery',
      series: [{ kind: 'EventsNode', event: 'page', math: 'dau' }],
      dateRange: { date_from: '2024-03-01', date_to: '2024-03-02' },
    },
    { refresh: 'force_blocking' },
  );
  if (res.status !== 200) throw new Error(JSON.stringify(res.json));
  return (res.json.results[0] as TrendResult).data;
};
const funnelCounts = async (): Promise<number[]> => {
  const res = await query(
    {
      kind: 'FunnelsQuery',
      series: [
        { kind: 'EventsNode', event: 'signup' },
        { kind: 'EventsNode', event: 'purchase' },
      ],
      dateRange: { date_from: '2024-03-01', date_to: '2024-03-02' },
    },
    { refresh: 'force_blocking' },
  );
  if (res.status !== 200) throw new Error(JSON.stringify(res.json));
  return (res.json.results as unknown as { count: number }[]).map((s) => s.count);
};

beforeAll(async () => {
  server = await inProcess('duckdb');
  query = queryClient(server);
  await seed(server, [
    ev('a', DAY1),
    ev('b', DAY1),
    ev('anon', DAY1),
    ev('visitor-7', DAY1, { $process_person_profile: false }),
    { event: 'signup', distinct_id: 'anon', timestamp: DAY1 },
    { event: 'purchase', distinct_id: 'b', timestamp: '2024-03-01T11:00:00Z' },
  ]);
});
afterAll(() => server.stop());

describe('merged persons count once, through person overrides', () => {
  it('needs no override while every distinct id keeps its first person', async () => {
    expect(await overridesPresent()).toBe(false);
    expect(await dau()).toEqual([4, 0]);
    expect(await funnelCounts()).toEqual([1, 0]);
  });

  it('$identify merges an anonymous person, and attaches a personless id, into the identified one', async () => {
    await seed(server, [
      merge('$identify', 'b', { $anon_distinct_id: 'anon' }),
      merge('$identify', 'a', { $anon_distinct_id: 'visitor-7' }),
    ]);
    expect(await overridesPresent()).toBe(true);
    // Day 1: a (with visitor-7's personless event) and b (with anon's); day 2: the two $identify senders'
    // merge events are not "page" events.
    expect(await dau()).toEqual([2, 0]);
    // anon's signup and b's purchase are one person's now.
    expect(await funnelCounts()).toEqual([1, 1]);
  });

  it('$merge_dangerously folds an identified person, with everything merged into it before, into another', async () => {
    await seed(server, [merge('$merge_dangerously', 'a', { alias: 'b' }), ev('anon', DAY2)]);
    expect(await dau()).toEqual([1, 1]);
  });
});
