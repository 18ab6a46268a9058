import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GUIDE_EVENTS } from '../insights/guide-dataset.ts';
import { seed } from '../insights/query-test-kit.ts';
import { queryBackends, queryServer } from '../testing/clickhouse/query-backends.ts';
import type { InProcess } from '../testing/in-process.ts';
import { parseCsv } from '../testing/parse-csv.ts';
import { TEST_PERSONAL_KEY } from '../testing/test-server.ts';

const MARCH = { date_from: '2024-03-01', date_to: '2024-03-07' };
const QUERY = '/api/projects/@current/query/';
// Values a spreadsheet would run as formulas, and ones that need RFC 4180 quoting.
const HOSTILE = [
  {
    event: 'note',
    distinct_id: '=HYPERLINK("http://evil")',
    timestamp: '2024-03-02T12:00:00Z',
    properties: { text: 'a,b' },
  },
  {
    event: 'note',
    distinct_id: '@SUM(A1)',
    timestamp: '2024-03-02T12:00:01Z',
    properties: { text: 'say "hi"\nbye' },
  },
  { event: 'note', distinct_id: 'plain', timestamp: '2024-03-02T12:00:02Z', properties: { text: '-1+2' } },
];

describe.each(queryBackends(process.env))('insight and query results as CSV on %s', (backend) => {
  let server: InProcess;
  const request = (path: string, init: { method?: string; body?: unknown; accept?: string } = {}) =>
    server.signpost.app.request(path, {
      method: init.method ?? 'GET',
      headers: {
        authorization: `Bearer ${TEST_PERSONAL_KEY}`,
        'content-type': 'application/json',
        ...(init.accept ? { accept: init.accept } : {}),
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
  const csv = async (query: Record<string, unknown>) => {
    const res = await request(`${QUERY}?format=csv`, { method: 'POST', body: { query } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    return parseCsv(await res.text());
  };

  beforeAll(async () => {
    server = await queryServer(backend);
    await seed(server, [...GUIDE_EVENTS, ...HOSTILE]);
  });
  afterAll(() => server.stop());

  it('writes trends as one row per breakdown value and one column per day', async () => {
    const rows = await csv({
      kind: 'TrendsQuery',
      series: [{ kind: 'EventsNode', event: 'auth.login' }],
      dateRange: MARCH,
      breakdownFilter: { breakdown: 'auth_method' },
    });
    expect(rows[0]).toEqual([
      'series',
      'breakdown',
      '2024-03-01',
      '2024-03-02',
      '2024-03-03',
      '2024-03-04',
      '2024-03-05',
      '2024-03-06',
      '2024-03-07',
    ]);
    expect(rows.slice(1).sort()).toEqual([
      ['auth.login', 'local', '1', '0', '0', '0', '0', '0', '0'],
      ['auth.login', 'oidc', '1', '1', '1', '0', '0', '0', '0'],
    ]);
  });

  it('writes a single value per series for whole-range displays', async () => {
    const rows = await csv({
      kind: 'TrendsQuery',
      series: [{ kind: 'EventsNode', event: 'project.created' }],
      dateRange: MARCH,
      trendsFilter: { display: 'BoldNumber' },
    });
    expect(rows).toEqual([
      ['series', 'value'],
      ['project.created', '3'],
    ]);
  });

  it('writes funnels as steps with conversion', async () => {
    const rows = await csv({
      kind: 'FunnelsQuery',
      series: [
        { kind: 'EventsNode', event: 'auth.login' },
        { kind: 'EventsNode', event: 'project.created' },
      ],
      dateRange: MARCH,
    });
    expect(rows[0]?.slice(0, 6)).toEqual([
      'step',
      'event',
      'count',
      'conversion_from_previous_percent',
      'conversion_total_percent',
      'average_conversion_time_seconds',
    ]);
    // alice and bob created projects after logging in; carol never did.
    expect(rows.slice(1).map((r) => r.slice(0, 5))).toEqual([
      ['1', 'auth.login', '3', '100', '100'],
      ['2', 'project.created', '2', expect.stringMatching(/^66\.6/), expect.stringMatching(/^66\.6/)],
    ]);
  });

  it('writes retention as a cohort table', async () => {
    const rows = await csv({
      kind: 'RetentionQuery',
      dateRange: { date_to: '2024-03-03' },
      retentionFilter: {
        targetEntity: { id: 'auth.login', type: 'events' },
        returningEntity: { id: 'auth.login', type: 'events' },
        period: 'Day',
        totalIntervals: 3,
      },
    });
    expect(rows[0]).toEqual(['cohort', 'date', 'Day 0', 'Day 1', 'Day 2']);
    expect(rows[1]?.slice(0, 1)).toEqual(['Day 0']);
    // Two users first logged in on 1 March; alice came back on the 3rd.
    expect(rows[1]?.slice(2)).toEqual(['2', '0', '1']);
    expect(rows).toHaveLength(4);
  });

  it('writes lifecycle with a status column, stickiness per day count, and paths as edges', async () => {
    const json = async (query: Record<string, unknown>) => {
      const res = await request(QUERY, { method: 'POST', body: { query } });
      return ((await res.json()) as { results: Record<string, unknown>[] }).results;
    };
    const lifecycle = {
      kind: 'LifecycleQuery',
      series: [{ kind: 'EventsNode', event: 'auth.login' }],
      dateRange: MARCH,
    };
    const lifecycleRows = await csv(lifecycle);
    expect(lifecycleRows[0]?.slice(0, 3)).toEqual(['series', 'status', '2024-03-01']);
    const statuses = (await json(lifecycle)).map((r) => [r.status, ...(r.data as number[]).map(String)]);
    expect(lifecycleRows.slice(1).map((r) => r.slice(1))).toEqual(statuses);

    const stickiness = {
      kind: 'StickinessQuery',
      series: [{ kind: 'EventsNode', event: 'auth.login' }],
      dateRange: MARCH,
    };
    const stickyRows = await csv(stickiness);
    expect(stickyRows[0]?.slice(0, 3)).toEqual(['series', '1', '2']);
    // alice logged in on two days, bob and carol on one.
    expect(stickyRows[1]?.slice(0, 3)).toEqual(['auth.login', '2', '1']);

    const paths = {
      kind: 'PathsQuery',
      dateRange: MARCH,
      pathsFilter: { includeEventTypes: ['custom_event'] },
    };
    const pathRows = await csv(paths);
    expect(pathRows[0]).toEqual(['source', 'target', 'value', 'average_conversion_time']);
    const edges = await json(paths);
    expect(edges.length).toBeGreaterThan(0);
    expect(pathRows.slice(1).map((r) => r.slice(0, 3))).toEqual(
      edges.map((e) => [String(e.source), String(e.target), String(e.value)]),
    );
  });

  it('writes the selected columns of an events query, quoted and safe from formula injection', async () => {
    const res = await request(QUERY, {
      method: 'POST',
      accept: 'text/csv',
      body: {
        query: {
          kind: 'EventsQuery',
          select: ['distinct_id', 'properties.text'],
          event: 'note',
          orderBy: ['timestamp ASC'],
          after: '2024-03-01',
          before: '2024-03-08',
        },
      },
    });
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="events-\d{4}-\d\d-\d\d\.csv"$/,
    );
    const text = await res.text();
    expect(text).toContain('"\'=HYPERLINK(""http://evil"")"');
    expect(parseCsv(text)).toEqual([
      ['distinct_id', 'properties.text'],
      ['\'=HYPERLINK("http://evil")', 'a,b'],
      ["'@SUM(A1)", 'say "hi"\nbye'],
      ['plain', "'-1+2"],
    ]);
  });

  it('exports a saved insight under its name, and leaves JSON answers alone', async () => {
    const created = await request('/api/projects/@current/insights/', {
      method: 'POST',
      body: {
        name: 'Login methods',
        query: {
          kind: 'InsightVizNode',
          source: {
            kind: 'TrendsQuery',
            series: [{ kind: 'EventsNode', event: 'auth.login' }],
            dateRange: MARCH,
            breakdownFilter: { breakdown: 'auth_method' },
            trendsFilter: { display: 'ActionsPie' },
          },
        },
      },
    });
    const { id } = (await created.json()) as { id: number };
    const res = await request(`/api/projects/@current/insights/${id}/?format=csv`);
    expect(res.headers.get('content-disposition')).toMatch(/filename="login-methods-\d{4}-\d\d-\d\d\.csv"/);
    expect(parseCsv(await res.text()).sort()).toEqual([
      ['auth.login', 'local', '1'],
      ['auth.login', 'oidc', '3'],
      ['series', 'breakdown', 'value'],
    ]);
    const json = await request(`/api/projects/@current/insights/${id}/`);
    expect(json.headers.get('content-type')).toContain('application/json');
    const missing = await request('/api/projects/@current/insights/99999/?format=csv');
    expect(missing.status).toBe(404);
  });
});
