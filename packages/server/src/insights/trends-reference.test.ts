import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryBackends, queryServer } from '../testing/clickhouse/query-backends.ts';
import type { InProcess } from '../testing/in-process.ts';
import { queryClient, type SeedEvent, seed } from './query-test-kit.ts';

// A seeded PRNG keeps the "random" dataset reproducible when a failure needs a second look.
function prng(seedValue: number) {
  let s = seedValue >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const DAYS = 10;
const EVENTS = ['a', 'b', 'c'];
const PLANS = ['free', 'pro', 'team', undefined];
const random = prng(20240301);
const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)] as T;
const events: SeedEvent[] = Array.from({ length: 600 }, () => {
  const day = Math.floor(random() * DAYS);
  const props: Record<string, unknown> = {};
  const plan = pick(PLANS);
  if (plan) props.plan = plan;
  if (random() < 0.7) props.amount = Math.round(random() * 1000) / 10;
  return {
    event: pick(EVENTS),
    distinct_id: `user-${Math.floor(random() * 25)}`,
    timestamp: new Date(
      Date.UTC(2024, 4, 1 + day, Math.floor(random() * 24), Math.floor(random() * 60)),
    ).toISOString(),
    properties: props,
  };
});
const dayOf = (e: SeedEvent) => Number(e.timestamp.slice(8, 10)) - 1;

/** The straightforward answer: filter, group by (plan, day), aggregate. */
function reference(event: string, math: 'total' | 'dau' | 'sum', minAmount: number) {
  const out = new Map<string, number[]>();
  const sets = new Map<string, Set<string>[]>();
  for (const e of events) {
    const amount = e.properties?.amount;
    if (e.event !== event || typeof amount !== 'number' || amount <= minAmount) continue;
    const plan = (e.properties?.plan as string | undefined) ?? '$$_posthog_breakdown_null_$$';
    const row = out.get(plan) ?? Array.from({ length: DAYS }, () => 0);
    const set = sets.get(plan) ?? Array.from({ length: DAYS }, () => new Set<string>());
    const d = dayOf(e);
    if (math === 'total') row[d] = (row[d] ?? 0) + 1;
    if (math === 'sum') row[d] = (row[d] ?? 0) + amount;
    set[d]?.add(e.distinct_id);
    if (math === 'dau') row[d] = set[d]?.size ?? 0;
    out.set(plan, row);
    sets.set(plan, set);
  }
  return Object.fromEntries([...out].map(([k, v]) => [k, v.map((x) => Math.round(x * 10) / 10)]));
}

const OTHER = '$$_posthog_breakdown_other_$$';

/** Unique users per (plan, day) when only the `limit` plans with most events keep their own row. */
function limitedReference(event: string, minAmount: number, limit: number, hideOther: boolean) {
  const kept = events.filter((e) => {
    const amount = e.properties?.amount;
    return e.event === event && typeof amount === 'number' && amount > minAmount;
  });
  const planOf = (e: SeedEvent) =>
    (e.properties?.plan as string | undefined) ?? '$$_posthog_breakdown_null_$$';
  const counts = new Map<string, number>();
  for (const e of kept) counts.set(planOf(e), (counts.get(planOf(e)) ?? 0) + 1);
  const top = new Set(
    [...counts]
      .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))
      .slice(0, limit)
      .map(([plan]) => plan),
  );
  const sets = new Map<string, Set<string>[]>();
  for (const e of kept) {
    const key = top.has(planOf(e)) ? planOf(e) : OTHER;
    if (hideOther && key === OTHER) continue;
    const set = sets.get(key) ?? Array.from({ length: DAYS }, () => new Set<string>());
    set[dayOf(e)]?.add(e.distinct_id);
    sets.set(key, set);
  }
  return Object.fromEntries([...sets].map(([k, v]) => [k, v.map((x) => x.size)]));
}

describe.each(queryBackends(process.env))('on %s', (backend) => {
  let server: InProcess;
  beforeAll(async () => {
    server = await queryServer(backend);
    await seed(server, events);
  });
  afterAll(() => server.stop());

  it.each(
    EVENTS.flatMap((event) => (['total', 'dau', 'sum'] as const).map((math) => [event, math] as const)),
  )('TrendsQuery %s with math %s matches the reference on random events', async (event, math) => {
    const minAmount = 20;
    const res = await queryClient(server)({
      kind: 'TrendsQuery',
      dateRange: { date_from: '2024-05-01', date_to: '2024-05-10' },
      series: [{ kind: 'EventsNode', event, math, ...(math === 'sum' ? { math_property: 'amount' } : {}) }],
      properties: [{ key: 'amount', operator: 'gt', value: minAmount }],
      breakdownFilter: { breakdown: 'plan' },
    });
    expect(res.status).toBe(200);
    const got = Object.fromEntries(
      res.json.results.map((r) => [String(r.breakdown_value), r.data.map((x) => Math.round(x * 10) / 10)]),
    );
    expect(got).toEqual(reference(event, math, minAmount));
  });

  it.each([false, true])(
    'unique users by a breakdown cut to its top values (hide other: %s) match the reference',
    async (hideOther) => {
      const minAmount = 20;
      const res = await queryClient(server)({
        kind: 'TrendsQuery',
        dateRange: { date_from: '2024-05-01', date_to: '2024-05-10' },
        series: [{ kind: 'EventsNode', event: 'a', math: 'dau' }],
        properties: [{ key: 'amount', operator: 'gt', value: minAmount }],
        breakdownFilter: {
          breakdown: 'plan',
          breakdown_limit: 2,
          breakdown_hide_other_aggregation: hideOther,
        },
      });
      expect(res.status).toBe(200);
      const got = Object.fromEntries(res.json.results.map((r) => [String(r.breakdown_value), r.data]));
      const expected = limitedReference('a', minAmount, 2, hideOther);
      expect(got).toEqual(expected);
      // "other" merges two plans whose users overlap on some day: a sum of per-plan counts would differ.
      if (!hideOther) expect(Object.keys(expected)).toContain(OTHER);
    },
  );
});
