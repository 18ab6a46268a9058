import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryClient, seed } from '../../insights/query-test-kit.ts';
import { queryBackends, queryServer } from '../../testing/clickhouse/query-backends.ts';
import type { InProcess } from '../../testing/in-process.ts';
import { ACTIVITY_EVENTS } from './activity-dataset.ts';

describe.each(queryBackends(process.env))('on %s', (backend) => {
  let server: InProcess;
  let query: ReturnType<typeof queryClient>;
  beforeAll(async () => {
    server = await queryServer(backend);
    query = queryClient(server);
    await seed(server, ACTIVITY_EVENTS);
  });
  afterAll(() => server.stop());

  type Series = { label: string; status: string; data: number[]; count: number; days: string[] };

  describe('LifecycleQuery', () => {
    it('new, returning, resurrecting and dormant per day', async () => {
      const res = await query({
        kind: 'LifecycleQuery',
        series: [{ kind: 'EventsNode', event: 'use' }],
        dateRange: { date_from: '2024-03-02', date_to: '2024-03-05' },
      });
      expect(res.status).toBe(200);
      const results = res.json.results as unknown as Series[];
      expect(results.map((r) => [r.label, r.data])).toEqual([
        // 2nd: u2 and u6 (as anon-6) start; 3rd: u4 starts. The guest has no person profile.
        ['use - new', [2, 1, 0, 0]],
        // 2nd: u1; 3rd: u1 and u6; 4th: u4.
        ['use - returning', [1, 2, 1, 0]],
        // 4th: u3 (last seen 20 Feb); 5th: u1.
        ['use - resurrecting', [0, 0, 1, 1]],
        // 3rd: u2; 4th: u1 and u6; 5th: u3 and u4.
        ['use - dormant', [0, -1, -2, -2]],
      ]);
      expect(results[3]?.count).toBe(-5);
      expect(results[0]?.days).toEqual(['2024-03-02', '2024-03-03', '2024-03-04', '2024-03-05']);
    });

    it('weekly intervals and property filters', async () => {
      const res = await query({
        kind: 'LifecycleQuery',
        interval: 'week',
        series: [{ kind: 'EventsNode', event: 'use', properties: [{ key: 'plan', value: 'pro' }] }],
        dateRange: { date_from: '2024-03-03', date_to: '2024-03-09' },
      });
      const results = res.json.results as unknown as Series[];
      // Week of 3 March: u1 (pro since the 1st, in the week before) returns; u4's first pro use is new.
      expect(results.map((r) => [r.status, r.data])).toEqual([
        ['new', [1]],
        ['returning', [1]],
        ['resurrecting', [0]],
        ['dormant', [0]],
      ]);
    });

    it('takes exactly one series', async () => {
      const res = await query({ kind: 'LifecycleQuery', series: [] });
      expect(res.status).toBe(400);
      expect(res.json).toMatchObject({ code: 'INVALID_QUERY', attr: 'query.series' });
    });
  });
});
