import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryClient, seed } from '../../insights/query-test-kit.ts';
import { queryBackends, queryServer } from '../../testing/clickhouse/query-backends.ts';
import type { InProcess } from '../../testing/in-process.ts';
import { activeDays, randomActivity } from '../random-activity.ts';

const { events, seed: seedEvents } = randomActivity(23);
const FIRST = 3;
const LAST = 10;

/** Each user's status per day from the sets of days they were active, straight from the definitions. */
function reference(): Record<string, number[]> {
  const out: Record<string, number[]> = {
    new: [],
    returning: [],
    resurrecting: [],
    dormant: [],
  };
  for (let day = FIRST; day <= LAST; day++) {
    const counts = { new: 0, returning: 0, resurrecting: 0, dormant: 0 };
    for (const days of activeDays(events, 'a').values()) {
      if (days.has(day)) {
        if (Math.min(...days) === day) counts.new++;
        else if (days.has(day - 1)) counts.returning++;
        else counts.resurrecting++;
      } else if (days.has(day - 1)) counts.dormant--;
    }
    for (const [k, v] of Object.entries(counts)) out[k]?.push(v);
  }
  return out;
}

describe.each(queryBackends(process.env))('on %s', (backend) => {
  let server: InProcess;
  beforeAll(async () => {
    server = await queryServer(backend);
    await seed(server, seedEvents);
  });
  afterAll(() => server.stop());

  it('LifecycleQuery matches the reference on random events', async () => {
    const res = await queryClient(server)({
      kind: 'LifecycleQuery',
      series: [{ kind: 'EventsNode', event: 'a' }],
      dateRange: { date_from: `2024-05-0${FIRST}`, date_to: `2024-05-${LAST}` },
    });
    expect(res.status).toBe(200);
    const got = Object.fromEntries(
      (res.json.results as unknown as { status: string; data: number[] }[]).map((s) => [s.status, s.data]),
    );
    expect(got).toEqual(reference());
  });
});
