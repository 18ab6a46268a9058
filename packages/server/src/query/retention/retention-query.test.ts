import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryClient, type SeedEvent, seed } from '../../insights/query-test-kit.ts';
import { queryBackends, queryServer } from '../../testing/clickhouse/query-backends.ts';
import type { InProcess } from '../../testing/in-process.ts';

const day = (d: number, time = '10:00') => (d === 0 ? `2024-02-29T${time}:00Z` : `2024-03-0${d}T${time}:00Z`);
const view = (id: string, d: number, time?: string): SeedEvent => ({
  event: '$pageview',
  distinct_id: id,
  timestamp: day(d, time),
});

// Days 1–4 of March 2024 (day 0 is 29 February, before the range).
const EVENTS: SeedEvent[] = [
  view('u1', 1),
  view('u1', 2),
  view('u1', 4),
  view('u2', 1),
  view('u2', 3),
  view('u3', 2),
  view('u3', 3),
  view('u4', 0),
  view('u4', 2),
  // anon-5 becomes u5 on day 3: one person.
  view('anon-5', 3, '09:00'),
  {
    event: '$identify',
    distinct_id: 'u5',
    timestamp: day(3, '09:30'),
    properties: { $anon_distinct_id: 'anon-5' },
  },
  view('u5', 4),
  { event: 'signup', distinct_id: 'u1', timestamp: day(1) },
  { event: 'signup', distinct_id: 'u3', timestamp: day(2) },
];

describe.each(queryBackends(process.env))('on %s', (backend) => {
  let server: InProcess;
  let query: ReturnType<typeof queryClient>;
  type Cohort = { date: string; label: string; values: { count: number; label: string }[] };
  const retention = async (retentionFilter: Record<string, unknown>) => {
    const res = await query({
      kind: 'RetentionQuery',
      dateRange: { date_to: '2024-03-04' },
      retentionFilter,
    });
    if (res.status !== 200) throw new Error(JSON.stringify(res.json));
    return res.json.results as unknown as Cohort[];
  };
  const grid = (cohorts: Cohort[]) => cohorts.map((c) => c.values.map((v) => v.count));
  const pageviews = { targetEntity: { id: '$pageview', type: 'events' }, period: 'Day', totalIntervals: 4 };

  beforeAll(async () => {
    server = await queryServer(backend);
    query = queryClient(server);
    await seed(server, EVENTS);
  });
  afterAll(() => server.stop());

  describe('RetentionQuery', () => {
    it('first time: cohorts by each person’s first ever event', async () => {
      const cohorts = await retention({ ...pageviews, retentionType: 'retention_first_time' });
      // Day 1: u1, u2 (u4 started on 29 Feb); day 2: u3; day 3: u5 (anon-5 merged); day 4: nobody new.
      expect(grid(cohorts)).toEqual([[2, 1, 1, 1], [1, 1, 0], [1, 1], [0]]);
      expect(cohorts.map((c) => [c.date, c.label])).toEqual([
        ['2024-03-01T00:00:00.000Z', 'Day 0'],
        ['2024-03-02T00:00:00.000Z', 'Day 1'],
        ['2024-03-03T00:00:00.000Z', 'Day 2'],
        ['2024-03-04T00:00:00.000Z', 'Day 3'],
      ]);
      expect(cohorts[0]?.values.map((v) => v.label)).toEqual(['Day 0', 'Day 1', 'Day 2', 'Day 3']);
    });

    it('recurring: everyone active in the period forms its cohort', async () => {
      const cohorts = await retention({ ...pageviews, retentionType: 'retention_recurring' });
      // Day 2: u1, u3, u4 → u3 back on day 3, u1 on day 4. Day 3: u2, u3, u5 → u5 on day 4.
      expect(grid(cohorts)).toEqual([[2, 1, 1, 1], [3, 1, 1], [3, 1], [2]]);
    });

    it('a different returning event, and weekly periods', async () => {
      const signups = await retention({
        ...pageviews,
        targetEntity: { id: 'signup', type: 'events' },
        returningEntity: { id: '$pageview', type: 'events' },
      });
      // u1 signs up on day 1 and views on days 2 and 4; u3 signs up on day 2 and views on day 3.
      expect(grid(signups)).toEqual([[1, 1, 0, 1], [1, 1, 0], [0, 0], [0]]);
      const weeks = await retention({ ...pageviews, period: 'Week', totalIntervals: 2 });
      // Weeks start on Sunday: 25 Feb (days 0–2: u1–u4, recurring by default) and 3 March (days 3–4:
      // u1, u2, u3, u5); u4 does not come back.
      expect(grid(weeks)).toEqual([[4, 3], [4]]);
      expect(weeks[1]?.date).toBe('2024-03-03T00:00:00.000Z');
    });

    it('refuses a bad period', async () => {
      const res = await query({ kind: 'RetentionQuery', retentionFilter: { period: 'Fortnight' } });
      expect(res.status).toBe(400);
      expect(res.json).toMatchObject({ code: 'INVALID_QUERY', attr: 'query.retentionFilter.period' });
    });
  });
});
