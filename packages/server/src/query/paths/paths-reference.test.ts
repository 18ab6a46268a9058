import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryClient, seed } from '../../insights/query-test-kit.ts';
import { queryBackends, queryServer } from '../../testing/clickhouse/query-backends.ts';
import type { InProcess } from '../../testing/in-process.ts';
import { randomActivity } from '../random-activity.ts';

const { events, seed: seedEvents } = randomActivity(41);
const STEP_LIMIT = 4;

/** Sessions split at 30-minute gaps, repeats collapsed, the first STEP_LIMIT steps, edges counted. */
function reference(): Map<string, { value: number; total: number }> {
  const edges = new Map<string, { value: number; total: number }>();
  const byUser = new Map<string, { ts: number; path: string }[]>();
  for (const e of events.filter((x) => x.event === '$pageview'))
    byUser.set(e.user, [...(byUser.get(e.user) ?? []), { ts: e.ts, path: e.path }]);
  for (const views of byUser.values()) {
    views.sort((x, y) => x.ts - y.ts);
    const sessions: { ts: number; path: string }[][] = [];
    views.forEach((v, i) => {
      const prev = views[i - 1];
      if (!prev || v.ts - prev.ts > 30 * 60_000) sessions.push([]);
      const session = sessions.at(-1) ?? [];
      if (session.at(-1)?.path !== v.path) session.push(v);
    });
    for (const session of sessions) {
      const steps = session.slice(0, STEP_LIMIT);
      for (let i = 0; i + 1 < steps.length; i++) {
        const [from, to] = [steps[i], steps[i + 1]];
        if (!from || !to) continue;
        const key = `${i + 1}_${from.path} ${i + 2}_${to.path}`;
        const edge = edges.get(key) ?? { value: 0, total: 0 };
        edges.set(key, { value: edge.value + 1, total: edge.total + to.ts - from.ts });
      }
    }
  }
  return edges;
}

describe.each(queryBackends(process.env))('on %s', (backend) => {
  let server: InProcess;
  beforeAll(async () => {
    server = await queryServer(backend);
    await seed(server, seedEvents);
  });
  afterAll(() => server.stop());

  it('PathsQuery matches the reference on random events', async () => {
    const res = await queryClient(server)({
      kind: 'PathsQuery',
      dateRange: { date_from: '2024-05-01', date_to: '2024-05-10' },
      pathsFilter: { includeEventTypes: ['$pageview'], stepLimit: STEP_LIMIT, edgeLimit: 1000 },
    });
    expect(res.status).toBe(200);
    const got = (
      res.json.results as unknown as {
        source: string;
        target: string;
        value: number;
        average_conversion_time: number;
      }[]
    ).map((e) => [`${e.source} ${e.target}`, e.value, Math.round(e.average_conversion_time)]);
    const expected = [...reference()].map(([k, e]) => [k, e.value, Math.round(e.total / e.value)]);
    const sort = (rows: (string | number)[][]) =>
      [...rows].sort((x, y) => String(x[0]).localeCompare(String(y[0])));
    expect(sort(got)).toEqual(sort(expected));
    expect(got.length).toBeGreaterThan(5);
  });
});
