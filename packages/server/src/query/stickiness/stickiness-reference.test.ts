import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryClient, seed } from '../../insights/query-test-kit.ts';
import { queryBackends, queryServer } from '../../testing/clickhouse/query-backends.ts';
import type { InProcess } from '../../testing/in-process.ts';
import { ACTIVITY_DAYS, activeDays, randomActivity } from '../random-activity.ts';

const { events, seed: seedEvents } = randomActivity(37);

describe.each(queryBackends(process.env))('on %s', (backend) => {
  let server: InProcess;
  beforeAll(async () => {
    server = await queryServer(backend);
    await seed(server, seedEvents);
  });
  afterAll(() => server.stop());

  it('StickinessQuery matches the reference on random events', async () => {
    const res = await queryClient(server)({
      kind: 'StickinessQuery',
      series: [{ kind: 'EventsNode', event: 'b' }],
      dateRange: { date_from: '2024-05-01', date_to: '2024-05-10' },
    });
    expect(res.status).toBe(200);
    const expected = Array.from({ length: ACTIVITY_DAYS }, () => 0);
    for (const days of activeDays(events, 'b').values())
      expected[days.size - 1] = (expected[days.size - 1] ?? 0) + 1;
    expect((res.json.results as unknown as { data: number[] }[])[0]?.data).toEqual(expected);
  });
});
