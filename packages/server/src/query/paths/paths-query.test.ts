import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryClient, type SeedEvent, seed } from '../../insights/query-test-kit.ts';
import { queryBackends, queryServer } from '../../testing/clickhouse/query-backends.ts';
import type { InProcess } from '../../testing/in-process.ts';

const page = (id: string, time: string, $pathname: string): SeedEvent => ({
  event: '$pageview',
  distinct_id: id,
  timestamp: `2024-03-01T${time}:00Z`,
  properties: { $pathname },
});

const EVENTS: SeedEvent[] = [
  page('u1', '10:00', '/home'),
  page('u1', '10:01', '/pricing'),
  page('u1', '10:03', '/signup'),
  page('u1', '10:04', '/home'),
  // The reload of /home collapses into one step.
  page('u2', '10:00', '/home'),
  page('u2', '10:01', '/home'),
  page('u2', '10:02', '/pricing'),
  page('u2', '10:05', '/docs'),
  // Two hours apart: two paths, the first a single step.
  page('u3', '10:00', '/docs'),
  page('u3', '12:00', '/home'),
  page('u3', '12:10', '/pricing'),
  page('u4', '10:00', '/home'),
  { event: 'signup_clicked', distinct_id: 'u4', timestamp: '2024-03-01T10:01:00Z' },
  page('u4', '10:02', '/signup'),
];

type Edge = { source: string; target: string; value: number; average_conversion_time: number };
describe.each(queryBackends(process.env))('on %s', (backend) => {
  let server: InProcess;
  let query: ReturnType<typeof queryClient>;
  const paths = async (pathsFilter: Record<string, unknown>) => {
    const res = await query({
      kind: 'PathsQuery',
      dateRange: { date_from: '2024-03-01', date_to: '2024-03-01' },
      pathsFilter,
    });
    if (res.status !== 200) throw new Error(JSON.stringify(res.json));
    return (res.json.results as unknown as Edge[]).map((e) => [
      e.source,
      e.target,
      e.value,
      e.average_conversion_time,
    ]);
  };
  const PAGES = { includeEventTypes: ['$pageview'] };

  beforeAll(async () => {
    server = await queryServer(backend);
    query = queryClient(server);
    await seed(server, EVENTS);
  });
  afterAll(() => server.stop());

  describe('PathsQuery', () => {
    it('edges between page paths, most travelled first, with the mean time in ms', async () => {
      expect(await paths(PAGES)).toEqual([
        // u1 (1 min), u2 (2 min from the first /home), u3 (10 min).
        ['1_/home', '2_/pricing', 3, (60_000 + 120_000 + 600_000) / 3],
        ['1_/home', '2_/signup', 1, 120_000],
        ['2_/pricing', '3_/docs', 1, 180_000],
        ['2_/pricing', '3_/signup', 1, 120_000],
        ['3_/signup', '4_/home', 1, 60_000],
      ]);
    });

    it('paths from a start point and to an end point', async () => {
      expect(await paths({ ...PAGES, startPoint: '/pricing' })).toEqual([
        ['1_/pricing', '2_/docs', 1, 180_000],
        ['1_/pricing', '2_/signup', 1, 120_000],
        ['2_/signup', '3_/home', 1, 60_000],
      ]);
      expect(await paths({ ...PAGES, endPoint: '/pricing' })).toEqual([
        ['1_/home', '2_/pricing', 3, 260_000],
      ]);
    });

    it('custom events as steps, a step limit and an edge weight floor', async () => {
      expect(await paths({ includeEventTypes: ['$pageview', 'custom_event'], stepLimit: 2 })).toEqual([
        ['1_/home', '2_/pricing', 3, 260_000],
        ['1_/home', '2_signup_clicked', 1, 60_000],
      ]);
      expect(await paths({ ...PAGES, minEdgeWeight: 2 })).toEqual([['1_/home', '2_/pricing', 3, 260_000]]);
    });

    it('binds start points and excluded steps as plain data', async () => {
      const evil = "/home') OR 1=1; --";
      expect(await paths({ ...PAGES, startPoint: evil })).toEqual([]);
      expect(await paths({ ...PAGES, excludeEvents: [evil, '/docs'], minEdgeWeight: 2 })).toEqual([
        ['1_/home', '2_/pricing', 3, 260_000],
      ]);
    });

    it('refuses a step limit below 2', async () => {
      const res = await query({ kind: 'PathsQuery', pathsFilter: { stepLimit: 1 } });
      expect(res.status).toBe(400);
      expect(res.json).toMatchObject({ code: 'INVALID_QUERY', attr: 'query.pathsFilter.stepLimit' });
    });
  });
});
