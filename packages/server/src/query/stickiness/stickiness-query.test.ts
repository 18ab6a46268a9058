import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryClient, seed } from '../../insights/query-test-kit.ts';
import { queryBackends, queryServer } from '../../testing/clickhouse/query-backends.ts';
import type { InProcess } from '../../testing/in-process.ts';
import { ACTIVITY_EVENTS } from '../lifecycle/activity-dataset.ts';

type Series = { label: string; data: number[]; count: number; labels: string[]; days: number[] };

describe.each(queryBackends(process.env))('StickinessQuery on %s', (backend) => {
  let server: InProcess;
  let query: ReturnType<typeof queryClient>;
  beforeAll(async () => {
    server = await queryServer(backend);
    query = queryClient(server);
    await seed(server, ACTIVITY_EVENTS);
  });
  afterAll(() => server.stop());

  it('counts persons by the number of days they were active', async () => {
    const res = await query({
      kind: 'StickinessQuery',
      series: [
        { kind: 'EventsNode', event: 'use' },
        { kind: 'EventsNode', event: 'use', properties: [{ key: 'plan', value: 'pro' }] },
      ],
      dateRange: { date_from: '2024-03-01', date_to: '2024-03-05' },
    });
    expect(res.status).toBe(200);
    const [all, pro] = res.json.results as unknown as Series[];
    // 1 day: u2, u3, guest; 2 days: u4, u6 (anon-6 merged); 4 days: u1.
    expect(all?.data).toEqual([3, 2, 0, 1, 0]);
    expect(all?.count).toBe(6);
    expect(all?.labels).toEqual(['1 day', '2 days', '3 days', '4 days', '5 days']);
    expect(all?.days).toEqual([1, 2, 3, 4, 5]);
    // pro: u4 once, u1 on four days.
    expect(pro?.data).toEqual([1, 0, 0, 1, 0]);
  });

  it('weekly intervals', async () => {
    const res = await query({
      kind: 'StickinessQuery',
      interval: 'week',
      series: [{ kind: 'EventsNode', event: 'use' }],
      dateRange: { date_from: '2024-02-25', date_to: '2024-03-09' },
    });
    // Weeks of 25 Feb and 3 March: u1 and u6 in both; u2 and the guest only in the first, u3 and u4 only in
    // the second.
    expect((res.json.results as unknown as Series[])[0]?.data).toEqual([4, 2]);
  });
});
