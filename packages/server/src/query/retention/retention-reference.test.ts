import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryClient, seed } from '../../insights/query-test-kit.ts';
import { queryBackends, queryServer } from '../../testing/clickhouse/query-backends.ts';
import type { InProcess } from '../../testing/in-process.ts';
import { ACTIVITY_DAYS, activeDays, randomActivity } from '../random-activity.ts';

const { events, seed: seedEvents } = randomActivity(11);

/** Cohorts of `a` per day (first ever, or every day), then how many did `b` on each later day. */
function reference(firstTime: boolean): number[][] {
  const targets = activeDays(events, 'a');
  const returns = activeDays(events, 'b');
  return Array.from({ length: ACTIVITY_DAYS }, (_, c) => {
    const day = c + 1;
    const cohort = [...targets].filter(([, days]) => (firstTime ? Math.min(...days) === day : days.has(day)));
    return Array.from({ length: ACTIVITY_DAYS - c }, (_, j) =>
      j === 0 ? cohort.length : cohort.filter(([user]) => returns.get(user)?.has(day + j)).length,
    );
  });
}

describe.each(queryBackends(process.env))('on %s', (backend) => {
  let server: InProcess;
  beforeAll(async () => {
    server = await queryServer(backend);
    await seed(server, seedEvents);
  });
  afterAll(() => server.stop());

  it.each(['retention_first_time', 'retention_recurring'])(
    '%s matches the reference on random events',
    async (type) => {
      const res = await queryClient(server)({
        kind: 'RetentionQuery',
        dateRange: { date_to: '2024-05-10' },
        retentionFilter: {
          retentionType: type,
          period: 'Day',
          totalIntervals: ACTIVITY_DAYS,
          targetEntity: { id: 'a', type: 'events' },
          returningEntity: { id: 'b', type: 'events' },
        },
      });
      expect(res.status).toBe(200);
      const got = (res.json.results as unknown as { values: { count: number }[] }[]).map((c) =>
        c.values.map((v) => v.count),
      );
      const expected = reference(type === 'retention_first_time');
      expect(got).toEqual(expected);
      expect(expected.flat().some((n, i) => n > 0 && i > 0)).toBe(true);
    },
  );
});
