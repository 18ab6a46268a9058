import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InProcess, inProcess } from '../testing/in-process.ts';
import { TEST_PROJECT_KEY } from '../testing/test-server.ts';
import { queryClient } from './query-test-kit.ts';

// Names that find something on every plain object: a lookup keyed by user text must never see them.
const NAMES = ['toString', 'constructor', '__proto__', 'hasOwnProperty'] as const;
const DAY = { date_from: '2024-03-01', date_to: '2024-03-01' };

let server: InProcess;
let query: ReturnType<typeof queryClient>;

beforeAll(async () => {
  server = await inProcess('duckdb');
  query = queryClient(server);
  // Built as JSON text: in an object literal `__proto__` would set the prototype, not a property.
  const events = NAMES.flatMap((name, i) =>
    Array.from({ length: i + 1 }, (_, n) =>
      JSON.parse(
        JSON.stringify({
          event: name,
          distinct_id: `${name}-${n}`,
          timestamp: `2024-03-01T1${i}:00:00Z`,
          properties: { kind: name },
        }).replace('"kind"', JSON.stringify(name)),
      ),
    ),
  );
  const res = await server.capture({ api_key: TEST_PROJECT_KEY, batch: events });
  expect(res.status).toBe(200);
});
afterAll(() => server.stop());

const trends = (body: Record<string, unknown>) =>
  query({ kind: 'TrendsQuery', dateRange: DAY, series: [{ kind: 'EventsNode' }], ...body });

describe('object-prototype names in queries', () => {
  it.each(NAMES)('"%s" as a HogQL breakdown is refused, not read as day of week', async (name) => {
    const res = await trends({ breakdownFilter: { breakdown: name, breakdown_type: 'hogql' } });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ code: 'INVALID_QUERY', attr: 'breakdownFilter.breakdown' });
  });

  it.each(NAMES)('"%s" is an ordinary event name', async (name) => {
    const res = await trends({ series: [{ kind: 'EventsNode', event: name }] });
    expect(res.status).toBe(200);
    expect(res.json.results[0]?.count).toBe(NAMES.indexOf(name) + 1);
  });

  it.each(NAMES)('"%s" is an ordinary property to break down by and filter on', async (name) => {
    const broken = await trends({ breakdownFilter: { breakdown: name, breakdown_type: 'event' } });
    expect(broken.status).toBe(200);
    const counts = Object.fromEntries(broken.json.results.map((r) => [String(r.breakdown_value), r.count]));
    expect(counts[name]).toBe(NAMES.indexOf(name) + 1);

    const filtered = await trends({ properties: [{ key: name, operator: 'exact', value: name }] });
    expect(filtered.status).toBe(200);
    expect(filtered.json.results[0]?.count).toBe(NAMES.indexOf(name) + 1);
  });

  it.each(NAMES)('"%s" as a person-property breakdown answers 200 with the null value', async (name) => {
    const res = await trends({ breakdownFilter: { breakdown: name, breakdown_type: 'person' } });
    expect(res.status).toBe(200);
    expect(res.json.results).toHaveLength(1);
    expect(res.json.results[0]?.count).toBe(10);
  });

  it.each(NAMES)(
    '"%s" as a math, interval, breakdown type or display is refused by the schema',
    async (name) => {
      const bodies = [
        { series: [{ kind: 'EventsNode', math: name }] },
        { interval: name },
        { breakdownFilter: { breakdown: 'x', breakdown_type: name } },
        { trendsFilter: { display: name } },
      ];
      for (const body of bodies) {
        const res = await trends(body);
        expect(res.status).toBe(400);
        expect(res.json.code).toBe('INVALID_QUERY');
      }
      const retention = await query({ kind: 'RetentionQuery', retentionFilter: { period: name } });
      expect(retention.json.code).toBe('INVALID_QUERY');
    },
  );

  it.each(NAMES)('"%s" in an EventsQuery select reads that property', async (name) => {
    const res = await query({
      kind: 'EventsQuery',
      select: ['event', `properties.${name}`],
      event: name,
      after: '2024-01-01',
    });
    expect(res.status).toBe(200);
    const rows = res.json.results as unknown as string[][];
    expect(rows).toHaveLength(NAMES.indexOf(name) + 1);
    expect(rows.every((r) => r[0] === name && r[1] === name)).toBe(true);
  });
});
