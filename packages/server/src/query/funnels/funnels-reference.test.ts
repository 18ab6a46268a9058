import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryClient, type SeedEvent, seed } from '../../insights/query-test-kit.ts';
import { queryBackends, queryServer } from '../../testing/clickhouse/query-backends.ts';
import type { InProcess } from '../../testing/in-process.ts';

function prng(seedValue: number) {
  let s = seedValue >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const STEPS = ['a', 'b', 'c'];
const WINDOW_HOURS = 30;
const START = Date.UTC(2024, 4, 1);
const random = prng(7);
const users = Array.from({ length: 40 }, (_, u) => {
  // Distinct minutes per user, so the order of a user's events is never a tie.
  const minutes = [
    ...new Set(Array.from({ length: Math.floor(random() * 12) }, () => Math.floor(random() * 7200))),
  ];
  return minutes.map((m) => ({
    event: ['a', 'b', 'c', 'd'][Math.floor(random() * 4)] as string,
    distinct_id: `user-${u}`,
    ts: START + m * 60_000,
  }));
});
const events: SeedEvent[] = users.flat().map((e) => ({ ...e, timestamp: new Date(e.ts).toISOString() }));

type Order = 'ordered' | 'strict' | 'unordered';

/** The furthest attempt of one user (then the latest start), read straight off the definitions. */
function bestAttempt(all: { event: string; ts: number }[], order: Order): number[] {
  const sorted = [...all].sort((x, y) => x.ts - y.ts);
  const seq = order === 'strict' ? sorted : sorted.filter((e) => STEPS.includes(e.event));
  const win = WINDOW_HOURS * 3_600_000;
  let best: { times: number[]; start: number } | null = null;
  seq.forEach((first, i) => {
    let times: number[] = [];
    if (order === 'unordered') {
      for (const step of STEPS) {
        const hit = seq.slice(i).find((e) => e.event === step && e.ts - first.ts <= win);
        if (hit) times.push(hit.ts);
      }
      times.sort((x, y) => x - y);
    } else {
      if (first.event !== STEPS[0]) return;
      times = [first.ts];
      let pos = i;
      for (const step of STEPS.slice(1)) {
        const candidates = order === 'strict' ? seq.slice(pos + 1, pos + 2) : seq.slice(pos + 1);
        const j = candidates.findIndex((e) => e.event === step && e.ts - first.ts <= win);
        if (j < 0) break;
        pos += j + 1;
        times.push(seq[pos]?.ts ?? 0);
      }
    }
    if (
      !best ||
      times.length > best.times.length ||
      (times.length === best.times.length && first.ts > best.start)
    )
      best = { times, start: first.ts };
  });
  return (best as { times: number[] } | null)?.times ?? [];
}

function reference(order: Order) {
  const attempts = users.map((u) => bestAttempt(u, order)).filter((t) => t.length > 0);
  return STEPS.map((_, k) => {
    const reached = attempts.filter((t) => t.length > k);
    const gaps = reached.map((t) => ((t[k] ?? 0) - (t[k - 1] ?? 0)) / 1000);
    const avg = k === 0 || gaps.length === 0 ? null : gaps.reduce((x, y) => x + y, 0) / gaps.length;
    return [reached.length, avg === null ? null : Math.round(avg * 1000) / 1000];
  });
}

describe.each(queryBackends(process.env))('on %s', (backend) => {
  let server: InProcess;
  beforeAll(async () => {
    server = await queryServer(backend);
    await seed(server, events);
  });
  afterAll(() => server.stop());

  it.each(['ordered', 'strict', 'unordered'] as const)(
    'a %s funnel matches the reference on random events',
    async (order) => {
      const res = await queryClient(server)({
        kind: 'FunnelsQuery',
        series: STEPS.map((event) => ({ kind: 'EventsNode', event })),
        dateRange: { date_from: '2024-05-01', date_to: '2024-05-06' },
        funnelsFilter: {
          funnelOrderType: order,
          funnelWindowInterval: WINDOW_HOURS,
          funnelWindowIntervalUnit: 'hour',
        },
      });
      expect(res.status).toBe(200);
      const steps = res.json.results as unknown as {
        count: number;
        average_conversion_time: number | null;
      }[];
      const got = steps.map((s) => [
        s.count,
        s.average_conversion_time === null ? null : Math.round(s.average_conversion_time * 1000) / 1000,
      ]);
      expect(got).toEqual(reference(order));
      expect(got[0]?.[0]).toBeGreaterThan(0);
    },
  );
});
