import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, it } from 'vitest';
import { GUIDE_EVENTS } from '../insights/guide-dataset.ts';
import { seed } from '../insights/query-test-kit.ts';
import {
  AUTH,
  checkProperty,
  type FuzzServer,
  fuzzSettings,
  JSON_TYPE,
  startFuzzServer,
} from '../testing/fuzz-harness.ts';
import { jsonText } from '../testing/hostile-json.ts';
import { mutated } from '../testing/mutate-json.ts';

const settings = fuzzSettings(process.env);
const QUERY = '/api/projects/@current/query/';
const range = { date_from: '2024-02-25', date_to: '2024-03-10' };
const series = [
  { kind: 'EventsNode', event: 'auth.login', math: 'dau', properties: [{ key: 'plan', value: 'pro' }] },
  { kind: 'EventsNode', event: 'export.done', math: 'sum', math_property: 'rows' },
];
const properties = {
  type: 'AND',
  values: [
    { key: '$browser', value: ['Chrome'], operator: 'exact', type: 'event' },
    { type: 'OR', values: [{ key: 'email', operator: 'icontains', value: 'x', type: 'person' }] },
  ],
};
// One valid query of every kind the endpoint answers, using most of each kind's fields.
const TEMPLATES = [
  {
    kind: 'TrendsQuery',
    series,
    dateRange: range,
    interval: 'day',
    properties,
    breakdownFilter: { breakdown: '$browser', breakdown_type: 'event', breakdown_limit: 5 },
    compareFilter: { compare: true },
    trendsFilter: { display: 'ActionsLineGraph', formula: 'A / B' },
  },
  {
    kind: 'EventsQuery',
    select: ['*', 'event', 'properties.rows', 'count()'],
    where: ["event = 'auth.login'"],
    orderBy: ['timestamp DESC'],
    limit: 100,
    after: '2024-02-01',
    properties: [{ key: 'rows', value: 10, operator: 'gt' }],
  },
  {
    kind: 'FunnelsQuery',
    series: [series[0], { kind: 'EventsNode', event: 'export.done' }],
    dateRange: range,
    breakdownFilter: { breakdown: 'plan', breakdown_type: 'person' },
    funnelsFilter: { funnelOrderType: 'ordered', funnelWindowInterval: 14, funnelWindowIntervalUnit: 'day' },
  },
  {
    kind: 'RetentionQuery',
    dateRange: range,
    retentionFilter: {
      period: 'Day',
      totalIntervals: 7,
      targetEntity: { id: 'auth.login', type: 'events' },
      returningEntity: { id: null, type: 'events' },
    },
  },
  { kind: 'LifecycleQuery', series: [series[0]], interval: 'week', dateRange: range, properties },
  { kind: 'StickinessQuery', series, interval: 'day', dateRange: range },
  {
    kind: 'PathsQuery',
    dateRange: range,
    pathsFilter: { includeEventTypes: ['custom_event'], startPoint: 'auth.login', stepLimit: 5 },
  },
  {
    kind: 'WebOverviewQuery',
    dateRange: range,
    compareFilter: { compare: true },
    properties: [{ key: '$browser', value: ['Chrome'], operator: 'exact', type: 'event' }],
  },
  {
    kind: 'WebStatsTableQuery',
    breakdownBy: 'InitialReferringDomain',
    dateRange: range,
    limit: 10,
    includeBounceRate: true,
    properties: [{ key: 'email', operator: 'icontains', value: 'x', type: 'person' }],
  },
].map((query) => ({ query, refresh: 'force_blocking', client_query_id: 'fuzz' }));

let fuzz: FuzzServer;
beforeAll(async () => {
  fuzz = await startFuzzServer();
  await seed(fuzz.server, GUIDE_EVENTS);
});
afterAll(async () => {
  await fuzz.stop();
});
afterEach(async () => {
  await fuzz.expectHealthy();
});

describe('query fuzz: any query body answers 2xx or a declared 4xx', { timeout: settings.timeoutMs }, () => {
  it('structured but wrong queries of every kind, as JSON and as CSV', async () => {
    const input = fc.record({ csv: fc.boolean(), body: mutated(TEMPLATES) });
    await checkProperty(settings, 300, input, async ({ csv, body }) => {
      const path = csv ? `${QUERY}?format=csv` : QUERY;
      await fuzz.check(path, { method: 'POST', headers: { ...AUTH, ...JSON_TYPE }, body: jsonText(body) });
    });
  });

  it('arbitrary text as the query body', async () => {
    const input = fc.oneof(fc.string({ unit: 'binary', maxLength: 500 }), fc.json({ maxDepth: 4 }));
    await checkProperty(settings, 100, input, async (text) => {
      await fuzz.check(QUERY, { method: 'POST', headers: { ...AUTH, ...JSON_TYPE }, body: text });
    });
  });
});
