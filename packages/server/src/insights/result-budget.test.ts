import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InProcess, inProcess } from '../testing/in-process.ts';
import { MANY_IDS_EVENTS, MANY_IDS_RANGE, MANY_IDS_USERS, manyIdsEvents } from './many-ids-dataset.ts';
import { queryClient, seed } from './query-test-kit.ts';

const pageviews = { kind: 'EventsNode', event: '$pageview' };
// The issue's query: hourly over 200 days, broken down by distinct id, up to 1,000 values.
const ISSUE_QUERY = {
  kind: 'TrendsQuery',
  series: [pageviews],
  interval: 'hour',
  dateRange: MANY_IDS_RANGE,
  breakdownFilter: { breakdown: 'distinct_id', breakdown_type: 'event_metadata', breakdown_limit: 1000 },
};

describe('result budget over HTTP (default SIGNPOST_QUERY_MAX_CELLS)', () => {
  let server: InProcess;
  let query: ReturnType<typeof queryClient>;
  beforeAll(async () => {
    server = await inProcess('duckdb');
    query = queryClient(server);
    await seed(server, manyIdsEvents());
  });
  afterAll(() => server.stop());

  it("refuses the issue's query quickly with 400 RESULT_TOO_LARGE, and the next query is answered", async () => {
    const started = performance.now();
    const res = await query(ISSUE_QUERY);
    const elapsed = performance.now() - started;
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({
      code: 'RESULT_TOO_LARGE',
      type: 'validation_error',
      max_cells: 1_000_000,
    });
    expect(String(res.json.detail)).toMatch(/longer interval than "hour"/);
    expect(String(res.json.detail)).toMatch(/breakdown_limit/);
    // Before the budget the same query built every value first (55 s at the issue's scale).
    expect(elapsed).toBeLessThan(5000);

    const daily = await query({ ...ISSUE_QUERY, interval: 'day' });
    expect(daily.status).toBe(200);
    expect(daily.json.results).toHaveLength(MANY_IDS_USERS);
    expect(daily.json.results.reduce((n, r) => n + r.count, 0)).toBe(MANY_IDS_EVENTS);
  });

  it('does not cache a result above the entry size, but caches ordinary ones', async () => {
    // 4,800 hours × 20 ids: well under the cell budget, a few MB of JSON.
    const big = { ...ISSUE_QUERY, breakdownFilter: { ...ISSUE_QUERY.breakdownFilter, breakdown_limit: 20 } };
    const first = await query(big);
    expect(first.status).toBe(200);
    expect(first.json.results).toHaveLength(21);
    expect(JSON.stringify(first.json).length).toBeGreaterThan(4 * 1024 * 1024);
    const again = await query(big);
    expect(again.json.is_cached).toBe(false);
    expect(again.json.results).toEqual(first.json.results);

    const small = { ...big, interval: 'week' };
    expect((await query(small)).json.is_cached).toBe(false);
    expect((await query(small)).json.is_cached).toBe(true);
  });
});

describe('result budget from SIGNPOST_QUERY_MAX_CELLS', () => {
  let server: InProcess;
  let query: ReturnType<typeof queryClient>;
  beforeAll(async () => {
    server = await inProcess('duckdb', { SIGNPOST_QUERY_MAX_CELLS: '1000' });
    query = queryClient(server);
    await seed(server, manyIdsEvents());
  });
  afterAll(() => server.stop());

  it.each([
    ['TrendsQuery', { series: [pageviews], interval: 'hour', dateRange: MANY_IDS_RANGE }],
    [
      'TrendsQuery',
      {
        series: [pageviews, pageviews],
        interval: 'week',
        dateRange: MANY_IDS_RANGE,
        compareFilter: { compare: true },
        trendsFilter: { formula: 'A + B' },
        breakdownFilter: {
          breakdown: 'distinct_id',
          breakdown_type: 'event_metadata',
          breakdown_limit: 1000,
        },
      },
    ],
    ['StickinessQuery', { series: [pageviews], interval: 'hour', dateRange: MANY_IDS_RANGE }],
    ['LifecycleQuery', { series: [pageviews], interval: 'hour', dateRange: MANY_IDS_RANGE }],
    ['RetentionQuery', { retentionFilter: { period: 'Day', totalIntervals: 50 } }],
    ['EventsQuery', { select: ['*', 'event', 'timestamp'], after: '2024-01-01', limit: 500 }],
    [
      'FunnelsQuery',
      {
        series: [pageviews, pageviews, pageviews, pageviews],
        dateRange: MANY_IDS_RANGE,
        breakdownFilter: {
          breakdown: 'distinct_id',
          breakdown_type: 'event_metadata',
          breakdown_limit: 1000,
        },
      },
    ],
  ])('%s over the budget answers 400 RESULT_TOO_LARGE', async (kind, body) => {
    const res = await query({ kind, ...body });
    expect(res.status).toBe(400);
    expect(res.json.code).toBe('RESULT_TOO_LARGE');
  });

  it('a query within the budget is answered as before', async () => {
    const res = await query({
      kind: 'TrendsQuery',
      series: [pageviews],
      interval: 'day',
      dateRange: MANY_IDS_RANGE,
    });
    expect(res.status).toBe(200);
    expect(res.json.results[0]?.data).toHaveLength(200);
    expect(res.json.results[0]?.count).toBe(MANY_IDS_EVENTS);
  });
});
