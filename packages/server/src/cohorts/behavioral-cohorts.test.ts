import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { queryClient, type SeedEvent, seed } from '../insights/query-test-kit.ts';
import { apiClient } from '../testing/api-client.ts';
import { queryBackends, queryServer } from '../testing/clickhouse/query-backends.ts';
import { type InProcess, inProcess } from '../testing/in-process.ts';
import { TEST_PROJECT_KEY } from '../testing/test-server.ts';

const COHORTS = '/api/projects/@current/cohorts/';
const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY).toISOString();
const purchases = (distinctId: string, ...days: number[]): SeedEvent[] =>
  days.map((d) => ({ event: 'purchase', distinct_id: distinctId, timestamp: daysAgo(d) }));
const person = (distinctId: string, plan: string): SeedEvent => ({
  event: '$set',
  distinct_id: distinctId,
  timestamp: daysAgo(50),
  properties: { $set: { plan } },
});

/**
 * Counted by hand, purchases in the last 30 days per person:
 *   alice 3 (pro) · bob 2 in the window + 2 forty days ago (pro) · carol 0, one pageview (pro)
 *   dave 4 (free) · eve 3 (pro) = 2 as "eve-anon" before identifying + 1 as "eve": one person, two ids.
 */
const EVENTS: SeedEvent[] = [
  person('alice', 'pro'),
  person('bob', 'pro'),
  person('carol', 'pro'),
  person('dave', 'free'),
  person('eve-anon', 'pro'),
  ...purchases('alice', 1, 2, 5),
  ...purchases('bob', 3, 20, 40, 41),
  { event: '$pageview', distinct_id: 'carol', timestamp: daysAgo(2) },
  ...purchases('dave', 1, 1.5, 2, 29),
  ...purchases('eve-anon', 10, 11),
  {
    event: '$identify',
    distinct_id: 'eve',
    timestamp: daysAgo(9),
    properties: { $anon_distinct_id: 'eve-anon' },
  },
  ...purchases('eve', 8),
];

const atLeast = (n: number, days = 30) => ({
  key: 'purchase',
  type: 'behavioral',
  value: 'performed_event_multiple',
  event_type: 'events',
  operator: 'gte',
  operator_value: n,
  time_value: days,
  time_interval: 'day',
});
const plan = (value: string) => ({ key: 'plan', type: 'person', value, operator: 'exact' });
const didNotPurchase = {
  key: 'purchase',
  type: 'behavioral',
  value: 'performed_event',
  negation: true,
  time_value: 30,
  time_interval: 'day',
};

describe.each(queryBackends(process.env))('behavioural cohorts on %s', (backend) => {
  let server: InProcess;
  let api: ReturnType<typeof apiClient>;
  const create = async (name: string, properties: unknown) => {
    const res = await api.post(COHORTS, { name, filters: { properties } });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    return res.json as { id: number; count: number; last_calculation: string | null };
  };
  const memberIds = async (id: number) => {
    const res = await api.get(`${COHORTS}${id}/persons/`);
    return (res.json.results as { distinct_ids: string[] }[]).flatMap((p) => p.distinct_ids).sort();
  };
  const flagValue = async (flagKey: string, distinctId: string) => {
    const res = await server.signpost.app.request('/flags/?v=2', {
      method: 'POST',
      body: JSON.stringify({ token: TEST_PROJECT_KEY, distinct_id: distinctId }),
    });
    return ((await res.json()) as { flags: Record<string, { enabled: boolean }> }).flags[flagKey]?.enabled;
  };

  /** Ingestion commits asynchronously: waits (up to ~20 s) until `count` events are readable. */
  const committed = async (count: number) => {
    for (let i = 0; i < 400; i++) {
      const { json } = await api.get('/api/projects/@current/events?limit=1000');
      if ((json.results as unknown[]).length >= count) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`fewer than ${count} events were committed`);
  };

  beforeAll(async () => {
    server = await queryServer(backend);
    api = apiClient(server.signpost);
    await seed(server, EVENTS);
    await committed(EVENTS.length);
  });
  afterAll(() => server.stop());

  it('counts "did purchase at least 3 times in the last 30 days" over persons, merged ids together', async () => {
    const cohort = await create('Buyers', { type: 'AND', values: [atLeast(3)] });
    // alice 3, dave 4, eve 2 + 1 under two ids; bob's 2 old purchases are outside the window.
    expect(cohort.count).toBe(3);
    expect(await memberIds(cohort.id)).toEqual(['alice', 'dave', 'eve', 'eve-anon']);
    const wider = await create('Buyers over 60 days', { type: 'AND', values: [atLeast(3, 60)] });
    expect(await memberIds(wider.id)).toEqual(['alice', 'bob', 'dave', 'eve', 'eve-anon']);
  });

  it('combines "did not" with person properties in AND/OR groups', async () => {
    const idle = await create('Idle pro users', { type: 'AND', values: [plan('pro'), didNotPurchase] });
    expect(await memberIds(idle.id)).toEqual(['carol']);
    const either = await create('Buyers or free', {
      type: 'OR',
      values: [
        { type: 'AND', values: [atLeast(3), plan('pro')] },
        { type: 'AND', values: [plan('free')] },
      ],
    });
    expect(await memberIds(either.id)).toEqual(['alice', 'dave', 'eve', 'eve-anon']);
    const atMostTwo = await create('At most 2', {
      type: 'AND',
      values: [{ ...atLeast(2), operator: 'lte' }],
    });
    // bob 2, carol 0; everyone else bought 3 or more.
    expect(await memberIds(atMostTwo.id)).toEqual(['bob', 'carol']);
  });

  it('filters an insight by a behavioural cohort', async () => {
    const cohort = await create('Buyers for insights', { type: 'AND', values: [atLeast(3)] });
    const query = queryClient(server);
    const res = await query({
      kind: 'TrendsQuery',
      dateRange: { date_from: '-60d' },
      series: [{ kind: 'EventsNode', event: 'purchase' }],
      properties: [{ key: 'id', type: 'cohort', value: cohort.id, operator: 'in' }],
      trendsFilter: { display: 'BoldNumber' },
    });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    // alice 3 + dave 4 + eve 3: every purchase of the members in 60 days, eve's under both ids.
    expect(res.json.results[0]?.aggregated_value).toBe(10);
    const outside = await query({
      kind: 'TrendsQuery',
      dateRange: { date_from: '-60d' },
      series: [{ kind: 'EventsNode', event: 'purchase', math: 'dau' }],
      properties: [{ key: 'id', type: 'cohort', value: cohort.id, operator: 'not_in' }],
      trendsFilter: { display: 'BoldNumber' },
    });
    expect(outside.json.results[0]?.aggregated_value).toBe(1);
  });

  it('answers flags from the recomputed membership and leaves the cohort out of local evaluation', async () => {
    const cohort = await create('Flag buyers', { type: 'AND', values: [atLeast(3)] });
    const flag = await api.post('/api/projects/@current/feature_flags/', {
      key: 'buyers-only',
      filters: {
        groups: [{ properties: [{ key: 'id', type: 'cohort', value: cohort.id }], rollout_percentage: 100 }],
      },
    });
    expect(flag.status).toBe(201);
    // Saving queued a computation; flags answer from it.
    await server.signpost.cohortMembership?.idle();
    expect(await flagValue('buyers-only', 'alice')).toBe(true);
    expect(await flagValue('buyers-only', 'eve-anon')).toBe(true);
    expect(await flagValue('buyers-only', 'bob')).toBe(false);
    const got = await api.get(`${COHORTS}${cohort.id}/`);
    expect(got.json).toMatchObject({ is_behavioral: true, recompute_interval_minutes: 15 });
    expect(typeof got.json.last_calculation).toBe('string');

    // bob's third purchase: not a member until the job runs again.
    await seed(server, purchases('bob', 0.01));
    await committed(EVENTS.length + 1);
    // The query engine sees it at once (the member list is computed per request); flags do not yet.
    expect(await memberIds(cohort.id)).toContain('bob');
    expect(await flagValue('buyers-only', 'bob')).toBe(false);
    await server.signpost.cohortMembership?.runAll();
    expect(await flagValue('buyers-only', 'bob')).toBe(true);

    const local = await api.get(`/api/feature_flag/local_evaluation?token=${TEST_PROJECT_KEY}`);
    expect(local.status).toBe(200);
    expect(Object.keys(local.json.cohorts as Record<string, unknown>)).not.toContain(String(cohort.id));
    const flags = local.json.flags as { key: string }[];
    expect(flags.map((f) => f.key)).toContain('buyers-only');
  });
});

describe('behavioural cohort input', () => {
  let sp: InProcess;
  let api: ReturnType<typeof apiClient>;
  beforeEach(async () => {
    sp = await inProcess('duckdb');
    api = apiClient(sp.signpost);
  });
  afterEach(() => sp.stop());

  const refused = async (leaf: Record<string, unknown>) => {
    const res = await api.post(COHORTS, {
      name: 'bad',
      filters: { properties: { type: 'AND', values: [leaf] } },
    });
    return [res.status, res.json.code, res.json.attr];
  };

  it.each([
    ['an unknown interval', { time_interval: 'fortnight' }, 'time_interval'],
    ['N below 1', { operator_value: 0 }, 'operator_value'],
    ['a fractional N', { operator_value: 1.5 }, 'operator_value'],
    ['a window over 3650 days', { time_value: 11, time_interval: 'year' }, 'time_value'],
    ['a window of 0 days', { time_value: 0 }, 'time_value'],
    ['an unknown kind', { value: 'performed_event_regularly' }, 'value'],
    ['an unknown count operator', { operator: 'regex' }, 'operator'],
    ['actions', { event_type: 'actions' }, 'event_type'],
  ])('refuses %s with a 400 naming the field', async (_, change, field) => {
    expect(await refused({ ...atLeast(3), ...change })).toEqual([
      400,
      'INVALID_BEHAVIORAL_FILTER',
      `filters.properties.values.0.${field}`,
    ]);
  });

  it('accepts PostHog’s string numbers and 10 years exactly', async () => {
    const ok = await api.post(COHORTS, {
      name: 'ok',
      filters: {
        properties: {
          type: 'AND',
          values: [{ ...atLeast(3), time_value: '10', time_interval: 'year', operator_value: '3' }],
        },
      },
    });
    expect(ok.status).toBe(201);
    expect(ok.json).toMatchObject({ count: 0, is_behavioral: true });
  });
});
