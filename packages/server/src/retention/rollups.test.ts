import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, TEST_PERSONAL_KEY, type TestServer } from '../testing/test-server.ts';
import { api, capture, eventsOverDays, storedUuids } from './retention.test-kit.ts';

// Daily rollups on DuckDB: a 90-day trends insight answers the same before and after retention deleted 60 days.

const servers: TestServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.stop();
});

const NOW = Date.parse('2025-06-01T12:00:00Z');

async function trends(server: TestServer, extra: Record<string, unknown> = {}) {
  const query = {
    kind: 'TrendsQuery',
    series: [{ kind: 'EventsNode', event: 'pageview', math: 'total' }],
    dateRange: { date_from: '-90d' },
    interval: 'day',
    ...extra,
  };
  const answer = await fetch(`${server.url}/api/projects/@current/query/`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TEST_PERSONAL_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  const body = (await answer.json()) as { results: { data: number[]; count: number; days: string[] }[] };
  return body.results;
}

describe('daily rollups', () => {
  it('keep a 90-day trends count equal after retention deletes the raw events of 60 of its days', async () => {
    const clock = { ms: NOW };
    const server = await startTestServer({ now: () => new Date(clock.ms) });
    servers.push(server);
    const { signpost } = server;
    const environmentId = signpost.projects.firstProject()?.id ?? 0;
    await capture(signpost, [
      ...eventsOverDays(new Date(NOW), 89, 3),
      ...eventsOverDays(new Date(NOW), 45, 2, 'signup'),
    ]);
    const before = await trends(server);
    const weeklyBefore = await trends(server, { interval: 'week' });
    const totalBefore = await trends(server, { trendsFilter: { display: 'BoldNumber' } });
    expect(before[0]?.count).toBe(89 * 3);

    await api(signpost, 'PATCH', '/data_settings/', { event_retention_days: 30, rollups_enabled: true });
    await signpost.retention?.runOnce();
    expect(await storedUuids(signpost, environmentId)).toHaveLength(30 * 3 + 30 * 2);
    expect(await trends(server)).toEqual(before);
    expect(await trends(server, { interval: 'week' })).toEqual(weeklyBefore);
    expect(await trends(server, { trendsFilter: { display: 'BoldNumber' } })).toEqual(totalBefore);
    // Unique users read raw events only: the expired days now count nobody.
    const dau = await trends(server, { series: [{ kind: 'EventsNode', event: 'pageview', math: 'dau' }] });
    expect(dau[0]?.data.slice(0, 59).every((n) => n === 0)).toBe(true);
  });

  it('are not written when the project has them off: the expired days read zero', async () => {
    const clock = { ms: NOW };
    const server = await startTestServer({ now: () => new Date(clock.ms) });
    servers.push(server);
    await capture(server.signpost, eventsOverDays(new Date(NOW), 89, 3));
    await api(server.signpost, 'PATCH', '/data_settings/', { event_retention_days: 30 });
    await server.signpost.retention?.runOnce();
    expect((await trends(server))[0]?.count).toBe(30 * 3);
  });
});
