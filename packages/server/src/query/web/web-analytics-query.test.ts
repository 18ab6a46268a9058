import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryClient, seed } from '../../insights/query-test-kit.ts';
import { queryBackends, queryServer } from '../../testing/clickhouse/query-backends.ts';
import type { InProcess } from '../../testing/in-process.ts';
import { TEST_PERSONAL_KEY } from '../../testing/test-server.ts';
import { currentPeriod, webTraffic } from './web-traffic.test-kit.ts';

const DAY0 = '2024-05-10';
const dateRange = currentPeriod(DAY0);

type Item = {
  key: string;
  kind: string;
  value: number | null;
  previous?: number | null;
  changeFromPreviousPct?: number | null;
};
const byKey = (results: unknown) => new Map((results as Item[]).map((i) => [i.key, i]));

describe.each(queryBackends(process.env))('web analytics queries on %s', (backend) => {
  let server: InProcess;
  let query: ReturnType<typeof queryClient>;
  beforeAll(async () => {
    server = await queryServer(backend);
    query = queryClient(server);
    await seed(server, webTraffic(DAY0));
  });
  afterAll(() => server.stop());

  it('WebOverviewQuery counts visitors, views, sessions, duration and bounces against the previous period', async () => {
    const res = await query({ kind: 'WebOverviewQuery', dateRange });
    expect(res.status).toBe(200);
    const items = byKey(res.json.results);
    // alice, bob, carol, dave; 3 + 1 + 1 + 1 + 1 pageviews in s1…s5 (s6 has none; the server pageview has no session).
    expect(items.get('visitors')).toMatchObject({
      kind: 'unit',
      value: 4,
      previous: 2,
      changeFromPreviousPct: 100,
    });
    expect(items.get('views')).toMatchObject({ value: 7, previous: 3, changeFromPreviousPct: 133 });
    expect(items.get('sessions')).toMatchObject({ value: 5, previous: 2, changeFromPreviousPct: 150 });
    // (60 + 5 + 3 + 20 + 0) / 5 = 17.6 s now, (2 + 60) / 2 = 31 s before.
    const duration = items.get('session duration');
    expect(duration?.kind).toBe('duration_s');
    expect(duration?.value).toBeCloseTo(17.6, 6);
    expect(duration?.previous).toBeCloseTo(31, 6);
    expect(duration?.changeFromPreviousPct).toBe(-43);
    // Bounces: s2 (one pageview, 5 s) and s5 (one pageview) of five; before, p1 of two.
    expect(items.get('bounce rate')).toMatchObject({
      kind: 'percentage',
      value: 40,
      previous: 50,
      changeFromPreviousPct: -20,
      isIncreaseBad: true,
    });
  });

  it('WebOverviewQuery applies property filters and can leave out the comparison', async () => {
    const res = await query({
      kind: 'WebOverviewQuery',
      dateRange,
      compareFilter: { compare: false },
      properties: [{ key: '$device_type', value: 'Mobile', operator: 'exact', type: 'event' }],
    });
    const items = byKey(res.json.results);
    // carol (s4, 20 s, not a bounce) and dave (s5, bounce).
    expect(items.get('visitors')?.value).toBe(2);
    expect(items.get('sessions')?.value).toBe(2);
    expect(items.get('bounce rate')?.value).toBe(50);
    expect(items.get('visitors')).not.toHaveProperty('previous');
  });

  it('WebStatsTableQuery by Page: visitors and views per path, bounce rate of the sessions entering on it', async () => {
    const res = await query({ kind: 'WebStatsTableQuery', breakdownBy: 'Page', dateRange });
    expect(res.status).toBe(200);
    expect(res.json.columns).toEqual([
      'context.columns.breakdown_value',
      'context.columns.visitors',
      'context.columns.views',
      'context.columns.bounce_rate',
    ]);
    // "/": alice twice, bob once; entered by s1 (no bounce) and s2 (bounce). "/docs": bob, dave; s3 no, s5
    // bounce. "/pricing": alice, carol; entered only by s4 (no bounce).
    expect(res.json.results).toEqual([
      ['/', 2, 3, 0.5],
      ['/docs', 2, 2, 0.5],
      ['/pricing', 2, 2, 0],
    ]);
    expect(res.json.hasMore).toBe(false);
  });

  it('WebStatsTableQuery by InitialReferringDomain groups sessions by their first referrer, top N', async () => {
    const res = await query({
      kind: 'WebStatsTableQuery',
      breakdownBy: 'InitialReferringDomain',
      dateRange,
      limit: 2,
    });
    // google.com: s1 (alice, 3 views) and s5 (dave, 1, bounce); $direct: s2 (bounce) and s3 of bob, 2 views.
    expect(res.json.results).toEqual([
      ['google.com', 2, 4, 0.5],
      ['$direct', 1, 2, 0.5],
    ]);
    expect(res.json.hasMore).toBe(true);
    expect(res.json.limit).toBe(2);
  });

  it('WebStatsTableQuery by UTM source, device type, browser and country', async () => {
    const rows = async (breakdownBy: string) =>
      (await query({ kind: 'WebStatsTableQuery', breakdownBy, dateRange, includeBounceRate: false })).json
        .results;
    expect(await rows('InitialUTMSource')).toEqual([
      ['newsletter', 1, 3],
      ['hn', 1, 1],
    ]);
    expect(await rows('DeviceType')).toEqual([
      ['Desktop', 2, 5],
      ['Mobile', 2, 2],
    ]);
    expect(await rows('Browser')).toEqual([
      ['Chrome', 2, 4],
      ['Firefox', 1, 2],
      ['Mobile Safari', 1, 1],
    ]);
    expect(await rows('Country')).toEqual([
      ['DE', 1, 3],
      ['US', 1, 1],
    ]);
  });

  it('refuses an unknown breakdown and an oversized limit with INVALID_QUERY', async () => {
    for (const bad of [{ breakdownBy: 'Planet' }, { breakdownBy: 'Page', limit: 1000 }]) {
      const res = await query({ kind: 'WebStatsTableQuery', dateRange, ...bad });
      expect(res.status).toBe(400);
      expect(res.json.code).toBe('INVALID_QUERY');
    }
  });
});

describe('web analytics queries as CSV', () => {
  let server: InProcess;
  beforeAll(async () => {
    server = await queryServer('duckdb');
    await seed(server, webTraffic(DAY0));
  });
  afterAll(() => server.stop());

  it('downloads a stats table with its columns as the header', async () => {
    const res = await server.signpost.app.request('/api/projects/@current/query/?format=csv', {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_PERSONAL_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query: { kind: 'WebStatsTableQuery', breakdownBy: 'DeviceType', dateRange } }),
    });
    expect(res.status).toBe(200);
    const lines = (await res.text()).trim().split(/\r?\n/);
    expect(lines[0]).toBe(
      'context.columns.breakdown_value,context.columns.visitors,context.columns.views,context.columns.bounce_rate',
    );
    // Desktop: s1 (no bounce), s2 (bounce), s3 (no bounce) → 1 of 3.
    expect(lines.slice(1)).toEqual(['Desktop,2,5,0.3333333333333333', 'Mobile,2,2,0.5']);
  });
});
