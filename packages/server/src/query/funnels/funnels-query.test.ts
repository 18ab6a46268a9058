import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryClient, type SeedEvent, seed } from '../../insights/query-test-kit.ts';
import { queryBackends, queryServer } from '../../testing/clickhouse/query-backends.ts';
import type { InProcess } from '../../testing/in-process.ts';

const at = (day: number, time: string) => `2024-03-${String(day).padStart(2, '0')}T${time}:00Z`;
const ev = (event: string, id: string, day: number, time: string, properties: Record<string, unknown> = {}) =>
  ({ event, distinct_id: id, timestamp: at(day, time), properties }) as SeedEvent;
const acme = { $groups: { company: 'acme' } };

// signup → activate → pay, counted by hand per person in the comments.
const EVENTS: SeedEvent[] = [
  // u1: all three steps, back to back (1 h, then 2 h).
  ev('signup', 'u1', 1, '10:00', { plan: 'pro', $set: { tier: 'gold' }, ...acme }),
  ev('activate', 'u1', 1, '11:00', { method: 'email', ...acme }),
  ev('pay', 'u1', 1, '13:00', acme),
  // u2: signup, then activate a day later.
  ev('signup', 'u2', 1, '10:00', { plan: 'free', $set: { tier: 'silver' }, ...acme }),
  ev('activate', 'u2', 2, '10:00', { method: 'sso', ...acme }),
  // u3: activates before signing up: one step ordered, two unordered.
  ev('activate', 'u3', 1, '09:00', { $groups: { company: 'beta' } }),
  ev('signup', 'u3', 1, '10:00', { plan: 'pro', $groups: { company: 'beta' } }),
  // u4: skips activate.
  ev('signup', 'u4', 1, '10:00'),
  ev('pay', 'u4', 2, '12:00'),
  // u5: an unrelated event between the steps breaks a strict funnel.
  ev('signup', 'u5', 1, '10:00', { plan: 'free' }),
  ev('browse', 'u5', 1, '10:30'),
  ev('activate', 'u5', 1, '11:00', { method: 'email' }),
  // u6: activates after 19 days, outside the default 14-day window.
  ev('signup', 'u6', 1, '10:00', { plan: 'pro' }),
  ev('activate', 'u6', 20, '10:00'),
  // anon-7 signs up, becomes u7 and activates: one person, 10 minutes.
  ev('signup', 'anon-7', 1, '10:00', { plan: 'free' }),
  ev('$identify', 'u7', 1, '10:05', { $anon_distinct_id: 'anon-7' }),
  ev('activate', 'u7', 1, '10:10'),
];

const MARCH = { date_from: '2024-03-01', date_to: '2024-03-31' };
const STEPS = ['signup', 'activate', 'pay'].map((event) => ({ kind: 'EventsNode', event }));

interface Step {
  name: string;
  order: number;
  count: number;
  average_conversion_time: number | null;
  median_conversion_time: number | null;
  conversionRates: { fromPrevious: number; total: number };
  breakdown_value?: string[];
}

describe.each(queryBackends(process.env))('on %s', (backend) => {
  let server: InProcess;
  let query: ReturnType<typeof queryClient>;
  const funnel = async (extra: Record<string, unknown> = {}) => {
    const res = await query({ kind: 'FunnelsQuery', series: STEPS, dateRange: MARCH, ...extra });
    if (res.status !== 200) throw new Error(JSON.stringify(res.json));
    return res.json.results as unknown;
  };
  const counts = (steps: unknown) => (steps as Step[]).map((s) => s.count);

  beforeAll(async () => {
    server = await queryServer(backend);
    query = queryClient(server);
    await seed(server, EVENTS);
  });
  afterAll(() => server.stop());

  describe('FunnelsQuery', () => {
    it('ordered: counts, conversion rates and conversion times per step', async () => {
      const steps = (await funnel()) as Step[];
      // signup: all 7; activate after signup within 14 days: u1, u2, u5, u7; pay: u1.
      expect(steps.map((s) => [s.name, s.order, s.count])).toEqual([
        ['signup', 0, 7],
        ['activate', 1, 4],
        ['pay', 2, 1],
      ]);
      expect(steps[0]?.average_conversion_time).toBeNull();
      // 1 h, 1 day, 1 h, 10 min.
      expect(steps[1]?.average_conversion_time).toBe((3600 + 86400 + 3600 + 600) / 4);
      expect(steps[1]?.median_conversion_time).toBe(3600);
      expect(steps[2]?.average_conversion_time).toBe(7200);
      expect(steps[1]?.conversionRates).toEqual({ fromPrevious: 4 / 7, total: 4 / 7 });
      expect(steps[2]?.conversionRates).toEqual({ fromPrevious: 1 / 4, total: 1 / 7 });
    });

    it('strict: no other event of the person may come between steps', async () => {
      // u5 browses in between; u7's $identify sits between signup and activate.
      expect(counts(await funnel({ funnelsFilter: { funnelOrderType: 'strict' } }))).toEqual([7, 2, 1]);
    });

    it('unordered: the steps in any order within the window', async () => {
      const steps = (await funnel({ funnelsFilter: { funnelOrderType: 'unordered' } })) as Step[];
      // Everyone but u6 does two of the steps; only u1 does all three.
      expect(counts(steps)).toEqual([7, 6, 1]);
      // u1 1 h, u2 1 day, u3 1 h, u4 26 h, u5 1 h, u7 10 min.
      expect(steps[1]?.average_conversion_time).toBe((3600 + 86400 + 3600 + 93600 + 3600 + 600) / 6);
    });

    it('the conversion window, in any unit', async () => {
      const window = (funnelWindowInterval: number, funnelWindowIntervalUnit: string) =>
        funnel({ funnelsFilter: { funnelWindowInterval, funnelWindowIntervalUnit } });
      expect(counts(await window(20, 'day'))).toEqual([7, 5, 1]);
      expect(counts(await window(30, 'minute'))).toEqual([7, 1, 0]);
      expect(counts(await window(1, 'hour'))).toEqual([7, 3, 0]);
    });

    it('per-step property filters', async () => {
      const series = [
        STEPS[0],
        { kind: 'EventsNode', event: 'activate', properties: [{ key: 'method', value: 'email' }] },
        STEPS[2],
      ];
      expect(counts(await funnel({ series }))).toEqual([7, 2, 1]);
    });

    it('breakdown by an event property, first touch, biggest first', async () => {
      const byPlan = (await funnel({ breakdownFilter: { breakdown: 'plan' } })) as Step[][];
      expect(byPlan.map((steps) => [steps[0]?.breakdown_value, counts(steps)])).toEqual([
        [['free'], [3, 3, 0]],
        [['pro'], [3, 1, 1]],
        [['$$_posthog_breakdown_null_$$'], [1, 0, 0]],
      ]);
    });

    it('breakdown by a person property (joins the persons CTE beside the funnel’s own)', async () => {
      const byTier = (await funnel({
        breakdownFilter: { breakdown: 'tier', breakdown_type: 'person' },
      })) as Step[][];
      const rows = byTier.map((steps) => [steps[0]?.breakdown_value?.[0], counts(steps)] as const);
      // gold: u1 pays; silver: u2 activates; no tier: u3..u7 (u5 and u7 activate).
      expect(new Map(rows)).toEqual(
        new Map<string | undefined, number[]>([
          ['gold', [1, 1, 1]],
          ['silver', [1, 1, 0]],
          ['$$_posthog_breakdown_null_$$', [5, 2, 0]],
        ]),
      );
    });

    it('aggregates by group', async () => {
      // acme: u1 and u2 together reach pay; beta (u3) only signs up after activating.
      expect(counts(await funnel({ aggregation_group_type_index: 0 }))).toEqual([2, 1, 1]);
    });

    it('time to convert: a histogram of the seconds between two steps', async () => {
      const result = await funnel({
        funnelsFilter: { funnelVizType: 'time_to_convert', funnelFromStep: 0, funnelToStep: 1 },
      });
      // 600, 3600, 3600, 86400 s → ceil(cbrt(4)) = 2 bins of ceil(85800 / 2) s from 600.
      expect(result).toEqual({
        bins: [
          [600, 3],
          [43_500, 1],
        ],
        average_conversion_time: 23_550,
      });
    });

    it.each([
      [{ series: [STEPS[0]] }, 'query.series'],
      [{ funnelsFilter: { funnelOrderType: 'sideways' } }, 'query.funnelsFilter.funnelOrderType'],
      [
        { funnelsFilter: { funnelVizType: 'time_to_convert', funnelToStep: 5 } },
        'funnelsFilter.funnelToStep',
      ],
      [{ breakdownFilter: { breakdown: ['all'], breakdown_type: 'cohort' } }, 'breakdownFilter'],
    ])('refuses %j', async (extra, attr) => {
      const res = await query({ kind: 'FunnelsQuery', series: STEPS, dateRange: MARCH, ...extra });
      expect(res.status).toBe(400);
      expect(res.json).toMatchObject({ code: 'INVALID_QUERY', attr });
    });
  });
});
