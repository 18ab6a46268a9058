import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../testing/api-client.ts';
import { queryBackends, queryServer } from '../testing/clickhouse/query-backends.ts';
import type { InProcess } from '../testing/in-process.ts';
import { GUIDE_EVENTS } from './guide-dataset.ts';
import { queryClient, seed, type TrendResult } from './query-test-kit.ts';

const WEEK = { date_from: '2024-03-01', date_to: '2024-03-07' };
describe.each(queryBackends(process.env))('on %s', (backend) => {
  let server: InProcess;
  let query: ReturnType<typeof queryClient>;

  const trends = async (body: Record<string, unknown>): Promise<TrendResult[]> => {
    const res = await query({ kind: 'TrendsQuery', dateRange: WEEK, ...body });
    if (res.status !== 200) throw new Error(JSON.stringify(res.json));
    return res.json.results;
  };
  const byValue = (results: TrendResult[]) =>
    Object.fromEntries(results.map((r) => [String(r.breakdown_value), r.data]));

  beforeAll(async () => {
    server = await queryServer(backend);
    query = queryClient(server);
    await seed(server, GUIDE_EVENTS);
  });
  afterAll(() => server.stop());

  describe('the guide queries', () => {
    it('active installations by version: unique installations per day, broken down by version', async () => {
      const results = await trends({
        series: [{ kind: 'EventsNode', event: 'telemetry.health', math: 'dau' }],
        breakdownFilter: { breakdown: 'version', breakdown_type: 'event' },
      });
      expect(byValue(results)).toEqual({ '3.0.0': [1, 2, 0, 0, 0, 0, 0], '2.9.0': [1, 0, 0, 0, 0, 0, 0] });
      expect(results[0]?.days).toEqual([
        '2024-03-01',
        '2024-03-02',
        '2024-03-03',
        '2024-03-04',
        '2024-03-05',
        '2024-03-06',
        '2024-03-07',
      ]);
      expect(results[0]?.labels[0]).toBe('1-Mar-2024');
    });

    it('active installations by version group: the $groups key, counted as unique groups', async () => {
      const results = await trends({
        series: [
          { kind: 'EventsNode', event: 'telemetry.health', math: 'unique_group', math_group_type_index: 0 },
        ],
        breakdownFilter: { breakdown: '$group_key', breakdown_type: 'group', breakdown_group_type_index: 0 },
        trendsFilter: { display: 'ActionsPie' },
      });
      // Equal values list in value order.
      expect(results.map((r) => [r.breakdown_value, r.aggregated_value])).toEqual([
        ['2.9.0', 1],
        ['3.0.0', 1],
      ]);
    });

    it('new installations over time by deployment_method', async () => {
      const results = await trends({
        series: [{ kind: 'EventsNode', event: 'telemetry.install' }],
        breakdownFilter: { breakdown: 'deployment_method' },
      });
      expect(byValue(results)).toEqual({ docker: [1, 1, 0, 0, 0, 0, 0], native: [1, 0, 0, 0, 0, 0, 0] });
      expect(results.map((r) => r.count)).toEqual([2, 1]);
    });

    it('update adoption from 2.9.0 by new_version', async () => {
      const results = await trends({
        series: [{ kind: 'EventsNode', event: 'telemetry.update' }],
        properties: [{ key: 'old_version', value: '2.9.0', operator: 'exact', type: 'event' }],
        breakdownFilter: { breakdown: 'new_version' },
      });
      expect(byValue(results)).toEqual({ '3.0.0': [0, 0, 1, 0, 0, 0, 0], '3.1.0': [0, 0, 0, 1, 0, 0, 0] });
    });

    it('login methods as a pie: one aggregated value per method', async () => {
      const results = await trends({
        series: [{ kind: 'EventsNode', event: 'auth.login' }],
        breakdownFilter: { breakdown: 'auth_method' },
        trendsFilter: { display: 'ActionsPie' },
      });
      expect(results.map((r) => [r.breakdown_value, r.aggregated_value, r.data])).toEqual([
        ['oidc', 3, []],
        ['local', 1, []],
      ]);
    });

    it('project.created by admins: a person-property filter', async () => {
      const results = await trends({
        series: [
          {
            kind: 'EventsNode',
            event: 'project.created',
            properties: [{ key: 'role', value: 'admin', operator: 'exact', type: 'person' }],
          },
        ],
      });
      expect(results[0]?.data).toEqual([1, 1, 0, 0, 0, 0, 0]);
    });

    it('timer.started by hour of day', async () => {
      const results = await trends({
        series: [{ kind: 'EventsNode', event: 'timer.started' }],
        breakdownFilter: { breakdown: 'toHour(timestamp)', breakdown_type: 'hogql' },
        trendsFilter: { display: 'ActionsTable' },
      });
      expect(results.map((r) => [r.breakdown_value, r.aggregated_value])).toEqual([
        ['9', 2],
        ['14', 1],
      ]);
    });

    it('DAU: merged identities count once, personless events count by distinct id', async () => {
      const results = await trends({ series: [{ kind: 'EventsNode', event: 'page', math: 'dau' }] });
      expect(results[0]?.data).toEqual([3, 0, 0, 0, 0, 0, 0]);
    });
  });

  describe('math', () => {
    const exportMath = async (math: string) =>
      (
        await trends({
          series: [{ kind: 'EventsNode', event: 'export.done', math, math_property: 'rows' }],
          trendsFilter: { display: 'BoldNumber' },
        })
      )[0]?.aggregated_value;

    it('numeric property math skips values that are not numbers', async () => {
      expect(await exportMath('sum')).toBe(60);
      expect(await exportMath('avg')).toBe(20);
      expect(await exportMath('min')).toBe(10);
      expect(await exportMath('max')).toBe(30);
      expect(await exportMath('median')).toBe(20);
      expect(await exportMath('p90')).toBeCloseTo(28);
    });

    it('per-user counts', async () => {
      const perUser = async (math: string) =>
        (
          await trends({
            series: [{ kind: 'EventsNode', event: 'export.done', math }],
            trendsFilter: { display: 'BoldNumber' },
          })
        )[0]?.aggregated_value;
      // alice 2, bob 2, carol 1
      expect(await perUser('avg_count_per_actor')).toBeCloseTo(5 / 3);
      expect(await perUser('max_count_per_actor')).toBe(2);
      expect(await perUser('min_count_per_actor')).toBe(1);
      expect(await perUser('median_count_per_actor')).toBe(2);
    });

    it('weekly active users slide over the previous 7 days', async () => {
      const results = await trends({
        series: [{ kind: 'EventsNode', event: 'auth.login', math: 'weekly_active' }],
      });
      // alice, bob (1st); carol (2nd); alice again (3rd) — each stays active for 7 days.
      expect(results[0]?.data).toEqual([2, 3, 3, 3, 3, 3, 3]);
    });

    it('unique sessions and all events', async () => {
      const results = await trends({
        series: [{ kind: 'EventsNode', event: null }],
        trendsFilter: { display: 'BoldNumber' },
      });
      expect(results[0]?.aggregated_value).toBe(GUIDE_EVENTS.length);
      expect(results[0]?.label).toBe('All events');
    });
  });

  describe('shapes', () => {
    it('cumulative line graphs add up; count is the last value', async () => {
      const results = await trends({
        series: [{ kind: 'EventsNode', event: 'auth.login' }],
        trendsFilter: { display: 'ActionsLineGraphCumulative' },
      });
      expect(results[0]?.data).toEqual([2, 3, 4, 4, 4, 4, 4]);
      expect(results[0]?.count).toBe(4);
    });

    it('cumulative unique users count each user at first sight', async () => {
      const results = await trends({
        series: [{ kind: 'EventsNode', event: 'auth.login', math: 'dau' }],
        trendsFilter: { display: 'ActionsLineGraphCumulative' },
      });
      expect(results[0]?.data).toEqual([2, 3, 3, 3, 3, 3, 3]);
    });

    it('formulas combine series per interval', async () => {
      const results = await trends({
        series: [
          { kind: 'EventsNode', event: 'project.created' },
          { kind: 'EventsNode', event: 'auth.login' },
        ],
        trendsFilter: { formula: 'A/B*100' },
      });
      expect(results).toHaveLength(1);
      expect(results[0]?.data).toEqual([50, 200, 0, 0, 0, 0, 0]);
    });

    it('compare adds the previous period', async () => {
      const results = await query({
        kind: 'TrendsQuery',
        dateRange: { date_from: '2024-03-02', date_to: '2024-03-03' },
        series: [{ kind: 'EventsNode', event: 'auth.login' }],
        compareFilter: { compare: true },
      });
      const r = results.json.results;
      expect(r.map((x) => [x.compare_label, x.days, x.data])).toEqual([
        ['current', ['2024-03-02', '2024-03-03'], [1, 1]],
        ['previous', ['2024-02-29', '2024-03-01'], [0, 2]],
      ]);
    });

    it('hourly and weekly intervals', async () => {
      const hourly = await query({
        kind: 'TrendsQuery',
        interval: 'hour',
        dateRange: { date_from: '2024-03-01 09:00', date_to: '2024-03-01 10:00', explicitDate: true },
        series: [{ kind: 'EventsNode', event: 'timer.started' }],
      });
      expect(hourly.json.results[0]?.days).toEqual(['2024-03-01 09:00:00']);
      expect(hourly.json.results[0]?.data).toEqual([1]);
      // 1 March 2024 was a Friday: weeks start on Sunday 25 Feb and Sunday 3 March (alice's second login).
      const weekly = await trends({
        interval: 'week',
        series: [{ kind: 'EventsNode', event: 'auth.login' }],
      });
      expect(weekly[0]?.days).toEqual(['2024-02-25', '2024-03-03']);
      expect(weekly[0]?.data).toEqual([3, 1]);
    });

    it('top N breakdown values, the rest as "other"', async () => {
      const results = await trends({
        series: [{ kind: 'EventsNode', event: null }],
        breakdownFilter: { breakdown: 'event_name_missing', breakdown_limit: 1 },
        trendsFilter: { display: 'BoldNumber' },
      });
      expect(results.map((r) => r.breakdown_value)).toEqual(['$$_posthog_breakdown_null_$$']);
      const events = await trends({
        series: [{ kind: 'EventsNode', event: null }],
        breakdownFilter: { breakdown: 'event', breakdown_type: 'event_metadata', breakdown_limit: 2 },
        trendsFilter: { display: 'ActionsTable' },
      });
      expect(events.map((r) => [r.breakdown_value, r.aggregated_value])).toEqual([
        // export.done, page and telemetry.health tie at 5; ties rank by value.
        ['export.done', 5],
        ['page', 5],
        ['$$_posthog_breakdown_other_$$', GUIDE_EVENTS.length - 10],
      ]);
    });
  });

  describe('cohorts', () => {
    it('filters and breaks down by a static cohort', async () => {
      const api = apiClient(server.signpost);
      const cohort = await api.post('/api/projects/@current/cohorts/', {
        name: 'Pilots',
        is_static: true,
        distinct_ids: ['alice', 'carol'],
      });
      expect(cohort.status).toBe(201);
      const filtered = await trends({
        series: [{ kind: 'EventsNode', event: 'auth.login' }],
        properties: [{ key: 'id', type: 'cohort', value: cohort.json.id, operator: 'in' }],
        trendsFilter: { display: 'BoldNumber' },
      });
      expect(filtered[0]?.aggregated_value).toBe(3);
      const broken = await trends({
        series: [{ kind: 'EventsNode', event: 'auth.login' }],
        breakdownFilter: { breakdown: [cohort.json.id, 'all'], breakdown_type: 'cohort' },
        trendsFilter: { display: 'BoldNumber' },
      });
      expect(broken.map((r) => [r.breakdown_value, r.label, r.aggregated_value])).toEqual([
        ['all', 'all users', 4],
        [cohort.json.id, 'Pilots', 3],
      ]);
    });

    it('filters by a dynamic cohort of person properties', async () => {
      const api = apiClient(server.signpost);
      const cohort = await api.post('/api/projects/@current/cohorts/', {
        name: 'Users',
        filters: {
          properties: {
            type: 'AND',
            values: [{ key: 'role', value: 'user', type: 'person', operator: 'exact' }],
          },
        },
      });
      expect(cohort.json).toMatchObject({ name: 'Users' });
      const results = await trends({
        series: [{ kind: 'EventsNode', event: 'auth.login' }],
        properties: [{ key: 'id', type: 'cohort', value: cohort.json.id }],
        trendsFilter: { display: 'BoldNumber' },
      });
      expect(results[0]?.aggregated_value).toBe(2);
    });
  });
});
