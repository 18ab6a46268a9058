import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryClient, seed } from '../../insights/query-test-kit.ts';
import { randomActivity } from '../../query/random-activity.ts';
import {
  type ClickHouseInProcess,
  inProcessClickHouse,
} from '../../testing/clickhouse/clickhouse-in-process.ts';
import { type InProcess, inProcess } from '../../testing/in-process.ts';

const SKIP = process.env.SIGNPOST_TEST_CLICKHOUSE === '0';
const MAY = { date_from: '2024-05-01', date_to: '2024-05-10' };
const { seed: EVENTS } = randomActivity(13);
// Plans on some users, so a breakdown and a property filter take part too.
const SEEDED = EVENTS.map((e, i) => ({
  ...e,
  properties: { ...e.properties, plan: i % 3 ? 'free' : 'pro' },
}));

/** One insight of every kind, on the seeded days. */
const QUERIES: Record<string, Record<string, unknown>> = {
  trends: {
    kind: 'TrendsQuery',
    dateRange: MAY,
    series: [
      { kind: 'EventsNode', event: 'a' },
      { kind: 'EventsNode', event: 'b', math: 'dau' },
      { kind: 'EventsNode', event: '$pageview', properties: [{ key: 'plan', value: 'pro' }] },
    ],
    breakdownFilter: { breakdown: 'plan', breakdown_type: 'event' },
  },
  funnel: {
    kind: 'FunnelsQuery',
    dateRange: MAY,
    series: [
      { kind: 'EventsNode', event: 'a' },
      { kind: 'EventsNode', event: 'b' },
      { kind: 'EventsNode', event: '$pageview' },
    ],
  },
  retention: {
    kind: 'RetentionQuery',
    dateRange: MAY,
    retentionFilter: { targetEntity: { id: 'a', type: 'events' }, period: 'Day', totalIntervals: 5 },
  },
  lifecycle: { kind: 'LifecycleQuery', dateRange: MAY, series: [{ kind: 'EventsNode', event: 'a' }] },
  stickiness: {
    kind: 'StickinessQuery',
    dateRange: MAY,
    series: [{ kind: 'EventsNode', event: '$pageview' }],
  },
  paths: { kind: 'PathsQuery', dateRange: MAY, pathsFilter: { includeEventTypes: ['$pageview'] } },
};

async function answers(server: InProcess): Promise<Record<string, unknown>> {
  const query = queryClient(server);
  const out: Record<string, unknown> = {};
  for (const [name, q] of Object.entries(QUERIES)) {
    const res = await query(q);
    expect(res.status, `${name}: ${JSON.stringify(res.json)}`).toBe(200);
    out[name] = res.json.results;
  }
  return out;
}

describe.skipIf(SKIP)('a batch inserted twice into ClickHouse (a retried insert, before any merge)', () => {
  let duck: InProcess;
  let once: ClickHouseInProcess;
  let twice: ClickHouseInProcess;

  beforeAll(async () => {
    [duck, once, twice] = await Promise.all([
      inProcess('duckdb'),
      inProcessClickHouse(),
      inProcessClickHouse({}, { insertTwice: true }),
    ]);
    await Promise.all([seed(duck, SEEDED), seed(once, SEEDED), seed(twice, SEEDED)]);
  }, 120_000);
  afterAll(async () => {
    for (const server of [duck, once, twice]) await server?.stop();
  });

  it('gives every insight kind the answers of a single insert, and of DuckDB', async () => {
    const expected = await answers(duck);
    const single = await answers(once);
    const doubled = await answers(twice);
    // The duplicates are really there when the queries run: twice the rows, each uuid twice.
    expect(await twice.eventRows()).toEqual({ raw: 2 * SEEDED.length, folded: SEEDED.length });
    expect(await once.eventRows()).toEqual({ raw: SEEDED.length, folded: SEEDED.length });
    for (const name of Object.keys(expected)) {
      expect(single[name], `${name} once`).toEqual(expected[name]);
      expect(doubled[name], `${name} twice`).toEqual(expected[name]);
    }
  }, 120_000);
});
