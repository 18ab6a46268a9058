import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InProcess, inProcess } from '../testing/in-process.ts';
import { GUIDE_EVENTS } from './guide-dataset.ts';
import { queryClient, seed } from './query-test-kit.ts';

const WEEK = { date_from: '2024-03-01', date_to: '2024-03-07' };
const logins = { kind: 'EventsNode', event: 'auth.login' };

describe('POST /api/projects/@current/query/', () => {
  let server: InProcess;
  let query: ReturnType<typeof queryClient>;
  beforeAll(async () => {
    server = await inProcess('duckdb');
    query = queryClient(server);
    await seed(server, GUIDE_EVENTS);
  });
  afterAll(() => server.stop());

  it.each([
    [{ kind: 'HogQLQuery', query: 'select 1' }, 'UNSUPPORTED_QUERY_KIND', 'query.kind'],
    [{ kind: 'TrendsQuery', series: [] }, 'INVALID_QUERY', 'query.series'],
    [{ kind: 'TrendsQuery', series: [{ ...logins, math: 'bogus' }] }, 'INVALID_QUERY', 'query.series.0.math'],
    [
      { kind: 'TrendsQuery', series: [{ ...logins, math: 'sum' }] },
      'INVALID_QUERY',
      'series.0.math_property',
    ],
    [
      {
        kind: 'TrendsQuery',
        series: [logins],
        properties: [{ key: 'x', operator: 'regex', value: '(?=a)' }],
      },
      'INVALID_QUERY',
      'properties.0.value',
    ],
    [
      { kind: 'TrendsQuery', series: [logins], properties: [{ key: 'x', operator: 'gt', value: 'ten' }] },
      'INVALID_QUERY',
      'properties.0.value',
    ],
    [
      { kind: 'TrendsQuery', series: [logins], dateRange: { date_from: 'yesterday-ish' } },
      'INVALID_QUERY',
      'dateRange.date_from',
    ],
    [
      { kind: 'TrendsQuery', series: [logins], trendsFilter: { formula: 'A+process.exit()' } },
      'INVALID_QUERY',
      'trendsFilter.formula',
    ],
    [
      { kind: 'TrendsQuery', series: [logins], trendsFilter: { formula: 'A/C' } },
      'INVALID_QUERY',
      'trendsFilter.formula',
    ],
    [
      {
        kind: 'TrendsQuery',
        series: [logins],
        breakdownFilter: { breakdown: 'now()', breakdown_type: 'hogql' },
      },
      'INVALID_QUERY',
      'breakdownFilter.breakdown',
    ],
    [
      { kind: 'TrendsQuery', series: [logins], properties: [{ key: 'id', type: 'cohort', value: 999 }] },
      'INVALID_QUERY',
      'properties.0.value',
    ],
    [{ kind: 'EventsQuery', select: ['sleep(10)'] }, 'INVALID_QUERY', 'select.0'],
  ])('refuses %j with %s', async (q, code, attr) => {
    const res = await query(q);
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ type: 'validation_error', code, attr });
  });

  it('binds injection attempts in property names, breakdown keys and values as plain data', async () => {
    const evil = "x') OR 1=1; DROP TABLE events; --";
    const res = await query({
      kind: 'TrendsQuery',
      dateRange: WEEK,
      series: [logins],
      properties: [{ key: evil, value: evil, operator: 'is_not' }],
      breakdownFilter: { breakdown: `auth_method"']` },
      trendsFilter: { display: 'BoldNumber' },
    });
    expect(res.status).toBe(200);
    expect(res.json.results.map((r) => [r.breakdown_value, r.aggregated_value])).toEqual([
      ['$$_posthog_breakdown_null_$$', 4],
    ]);
  });

  it('caches results until new events are committed', async () => {
    const q = {
      kind: 'TrendsQuery',
      dateRange: WEEK,
      series: [{ kind: 'EventsNode', event: 'cache.probe' }],
    };
    const first = await query(q);
    expect(first.json).toMatchObject({ is_cached: false });
    expect(first.json.results[0]?.count).toBe(0);
    expect((await query(q)).json).toMatchObject({ is_cached: true });
    await seed(server, [{ event: 'cache.probe', distinct_id: 'p', timestamp: '2024-03-04T00:00:00Z' }]);
    const after = await query(q);
    expect(after.json).toMatchObject({ is_cached: false });
    expect(after.json.results[0]?.count).toBe(1);
    expect((await query(q, { refresh: 'force_blocking' })).json).toMatchObject({ is_cached: false });
  });

  it('needs a personal key', async () => {
    const res = await server.signpost.app.request('/api/projects/@current/query/', {
      method: 'POST',
      body: JSON.stringify({ query: { kind: 'TrendsQuery', series: [logins] } }),
    });
    expect(res.status).toBe(401);
  });
});

describe('on the in-memory backend', () => {
  it('answers NOT_SUPPORTED', async () => {
    const server = await inProcess('memory');
    try {
      const res = await queryClient(server)({ kind: 'TrendsQuery', series: [logins] });
      expect(res.status).toBe(501);
      expect(res.json).toMatchObject({ code: 'NOT_SUPPORTED' });
    } finally {
      await server.stop();
    }
  });
});
