import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server.ts';
import { silentLogger } from '../util/logger.ts';
import { api, capture, DAY_MS, eventsOverDays, storedUuids } from './retention.test-kit.ts';
import { RetentionJob, retentionHorizon } from './retention-job.ts';

// Retention through the real capture endpoint and the real store, with the clock moved by the test.

const servers: TestServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.stop();
});

const NOW = Date.parse('2025-06-01T12:00:00Z');

describe.each(['memory', 'duckdb'] as const)('retention on %s', (storage) => {
  async function start(clock: { ms: number }) {
    const server = await startTestServer({ storage, now: () => new Date(clock.ms) });
    servers.push(server);
    const environmentId = server.signpost.projects.firstProject()?.id ?? 0;
    return { signpost: server.signpost, environmentId };
  }

  it('deletes exactly the events of days before the horizon, and nothing until a limit is set', async () => {
    const clock = { ms: NOW };
    const { signpost, environmentId } = await start(clock);
    const sent = eventsOverDays(new Date(NOW), 90, 3);
    await capture(signpost, sent);
    expect((await signpost.retention?.runOnce())?.deleted).toEqual(new Map());
    expect(await storedUuids(signpost, environmentId)).toHaveLength(270);

    expect((await api(signpost, 'PATCH', '/data_settings/', { event_retention_days: 30 })).status).toBe(200);
    const horizon = retentionHorizon(new Date(NOW), 30);
    expect(horizon.toISOString()).toBe('2025-05-02T00:00:00.000Z');
    const kept = sent.filter((e) => Date.parse(e.timestamp) >= horizon.getTime()).map((e) => e.uuid);
    // The 30 whole days before today (the test sent nothing for today itself).
    expect(kept).toHaveLength(30 * 3);
    const run = await signpost.retention?.runOnce();
    expect(run?.deleted.get(environmentId)).toBe(270 - kept.length);
    expect(await storedUuids(signpost, environmentId)).toEqual(kept.sort());

    // A day later, one more day expires; the events API agrees with the store.
    clock.ms += DAY_MS;
    expect((await signpost.retention?.runOnce())?.deleted.get(environmentId)).toBe(3);
    const page = await api(signpost, 'GET', '/events/?limit=1000');
    expect((page.json.results as unknown[]).length).toBe(kept.length - 3);
  });

  it('loses no event captured while a slow run deletes in small slices', async () => {
    const clock = { ms: NOW };
    const { signpost, environmentId } = await start(clock);
    const old = eventsOverDays(new Date(NOW - 60 * DAY_MS), 30, 40);
    await capture(signpost, old);
    const store = signpost.storage.retention;
    if (!store) throw new Error('no retention store');
    const job = new RetentionJob({
      store,
      policies: () => [{ projectId: environmentId, days: 30, rollups: false }],
      environmentsOf: () => [environmentId],
      logger: silentLogger,
      now: () => new Date(clock.ms),
      sliceSize: 25,
    });
    // 1,200 old events in slices of 25 (48 transactions) while 40 requests of fresh events arrive.
    const fresh = eventsOverDays(new Date(NOW), 2, 200);
    const sending = (async () => {
      for (let i = 0; i < fresh.length; i += 10) await capture(signpost, fresh.slice(i, i + 10));
    })();
    const [run] = await Promise.all([job.runOnce(), sending]);
    expect(run.deleted.get(environmentId)).toBe(old.length);
    expect(await storedUuids(signpost, environmentId)).toEqual(fresh.map((e) => e.uuid).sort());
  });

  it('reports stored events and approximate bytes per day for the last 30 days', async () => {
    const clock = { ms: NOW };
    const { signpost } = await start(clock);
    await capture(signpost, eventsOverDays(new Date(NOW), 40, 2));
    await capture(signpost, eventsOverDays(new Date(NOW + DAY_MS), 1, 5));
    const usage = (await api(signpost, 'GET', '/data_usage/')).json as {
      total: { events: number; approximate_bytes: number };
      days: { day: string; events: number; approximate_bytes: number }[];
    };
    expect(usage.total.events).toBe(85);
    expect(usage.days).toHaveLength(30);
    expect(usage.days[0]?.day).toBe('2025-05-03');
    expect(usage.days.at(-1)).toMatchObject({ day: '2025-06-01', events: 5 });
    expect(usage.days.at(-2)).toMatchObject({ day: '2025-05-31', events: 2 });
    // Each row: its properties' JSON plus the fixed overhead, the same estimate on every engine.
    const perEvent = (usage.days.at(-2)?.approximate_bytes ?? 0) / 2;
    expect(perEvent).toBeGreaterThan(120 + 50);
    expect(perEvent).toBeLessThan(120 + 400);
    expect(usage.total.approximate_bytes).toBeGreaterThan(85 * 170);
  });
});
