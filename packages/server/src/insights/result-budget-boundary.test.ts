import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Project } from '../projects/project.ts';
import { QueryCache } from '../query/query-cache.ts';
import type { QueryRunner, SqlRow } from '../query/query-runner.ts';
import { type InProcess, inProcess } from '../testing/in-process.ts';
import { MANY_IDS_RANGE, manyIdsEvents } from './many-ids-dataset.ts';
import { QueryService } from './query-service.ts';
import { seed } from './query-test-kit.ts';

type Results = Record<string, unknown>[];
const pageviews = { kind: 'EventsNode', event: '$pageview' };
const byId = { breakdown: 'distinct_id', breakdown_type: 'event_metadata', breakdown_limit: 1000 };
const len = (v: unknown) => (Array.isArray(v) ? v.length : 0);
const sum = (results: Results, key: string) => results.reduce((n, r) => n + len(r[key]), 0);

let server: InProcess;
let project: Project;
let runner: QueryRunner;

const service = (maxCells: number, extra: { runner?: QueryRunner; clock?: () => number } = {}) =>
  new QueryService({
    runner: extra.runner ?? runner,
    cohorts: server.signpost.cohorts,
    cache: new QueryCache(),
    timeoutMs: 500,
    maxCells,
    ...(extra.clock ? { clock: extra.clock } : {}),
  });

const results = async (maxCells: number, query: Record<string, unknown>) =>
  (await service(maxCells).run(project, { query })).results as Results;

beforeAll(async () => {
  server = await inProcess('duckdb');
  await seed(server, manyIdsEvents());
  const first = server.signpost.projects.firstProject();
  if (!first || !server.storage.analytics) throw new Error('no project or no SQL engine');
  project = first;
  runner = server.storage.analytics;
});
afterAll(() => server.stop());

// Each case: a query and the number of values its answer holds, read off the answer itself.
const CASES: [string, Record<string, unknown>, (r: Results) => number][] = [
  [
    'trends by day broken down by id',
    {
      kind: 'TrendsQuery',
      series: [pageviews],
      interval: 'day',
      dateRange: MANY_IDS_RANGE,
      breakdownFilter: byId,
    },
    (r) => sum(r, 'data'),
  ],
  [
    'trends as a pie (one number per value, an interval list each)',
    {
      kind: 'TrendsQuery',
      series: [pageviews],
      dateRange: MANY_IDS_RANGE,
      breakdownFilter: byId,
      trendsFilter: { display: 'ActionsPie' },
    },
    (r) => sum(r, 'days'),
  ],
  [
    'trends compared with the previous period',
    {
      kind: 'TrendsQuery',
      series: [pageviews],
      interval: 'week',
      dateRange: MANY_IDS_RANGE,
      compareFilter: { compare: true },
    },
    (r) => sum(r, 'data'),
  ],
  [
    'lifecycle by hour',
    { kind: 'LifecycleQuery', series: [pageviews], interval: 'hour', dateRange: MANY_IDS_RANGE },
    (r) => sum(r, 'data'),
  ],
  [
    'stickiness by hour',
    { kind: 'StickinessQuery', series: [pageviews, pageviews], interval: 'hour', dateRange: MANY_IDS_RANGE },
    (r) => sum(r, 'data'),
  ],
  [
    'retention',
    {
      kind: 'RetentionQuery',
      dateRange: { date_to: MANY_IDS_RANGE.date_to },
      retentionFilter: { period: 'Week', totalIntervals: 25 },
    },
    (r) => sum(r, 'values'),
  ],
  [
    'paths',
    { kind: 'PathsQuery', dateRange: MANY_IDS_RANGE, pathsFilter: { edgeLimit: 1000 } },
    (r) => r.length,
  ],
  [
    'funnel broken down by id',
    {
      kind: 'FunnelsQuery',
      series: [pageviews, pageviews],
      dateRange: MANY_IDS_RANGE,
      breakdownFilter: byId,
    },
    (r) => r.flat().length,
  ],
];

describe('the cell budget at its boundary (real DuckDB)', () => {
  it.each(CASES)(
    '%s: answered unchanged at exactly its size, refused one value below',
    async (_, query, size) => {
      const reference = await results(10_000_000, query);
      const cells = size(reference);
      expect(cells).toBeGreaterThan(10);
      expect(await results(cells, query)).toEqual(reference);
      await expect(results(cells - 1, query)).rejects.toMatchObject({ code: 'RESULT_TOO_LARGE' });
    },
  );

  it('events: the page asked for (limit + 1 rows × columns) is what counts', async () => {
    const query = { kind: 'EventsQuery', select: ['event', 'distinct_id'], after: '2024-01-01', limit: 100 };
    const reference = await results(10_000_000, query);
    expect(reference).toHaveLength(100);
    expect(await results(101 * 2, query)).toEqual(reference);
    await expect(results(101 * 2 - 1, query)).rejects.toMatchObject({ code: 'RESULT_TOO_LARGE' });
  });
});

describe('the query deadline covers result building', () => {
  it('answers QUERY_TIMEOUT when building the result outlives the budget, though the SQL did not', async () => {
    let now = 0;
    let rowsFetched = 0;
    const rowsRead = new WeakSet<object>();
    let readCount = 0;
    // The real DuckDB runner, whose rows each cost 1 ms of (fake) time when the result builder reads them.
    const slowRows: QueryRunner = {
      dialect: 'duckdb',
      async run(sql, params, options) {
        const rows = await runner.run(sql, params, options);
        rowsFetched += rows.length;
        return rows.map((row) => {
          const slow: SqlRow = Object.defineProperty({ ...row }, 'bd', {
            get: () => {
              if (!rowsRead.has(slow)) {
                rowsRead.add(slow);
                readCount += 1;
                now += 1;
              }
              return row.bd;
            },
          });
          return slow;
        });
      },
    };
    const query = {
      kind: 'TrendsQuery',
      series: [pageviews],
      interval: 'day',
      dateRange: MANY_IDS_RANGE,
      breakdownFilter: byId,
    };
    await expect(
      service(10_000_000, { runner: slowRows, clock: () => now }).run(project, { query }),
    ).rejects.toMatchObject({ code: 'QUERY_TIMEOUT' });
    // Stopped at the first deadline check after 500 ms of building, not after all 1,500 rows.
    expect(rowsFetched).toBeGreaterThanOrEqual(1500);
    expect(readCount).toBeGreaterThan(500);
    expect(readCount).toBeLessThan(rowsFetched);

    now = 0;
    const fast = await service(10_000_000, { clock: () => now }).run(project, { query });
    expect(sum(fast.results as Results, 'data')).toBeGreaterThan(0);
  });
});
