import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { createSignpost, type Signpost } from '../server.ts';
import { MemoryStorage } from '../storage/memory/memory-storage.ts';
import { openPostgresStorage } from '../storage/postgres/postgres-storage.ts';
import type { Storage } from '../storage/storage.ts';
import { type PostgresCluster, startPostgresCluster } from '../testing/postgres/postgres-cluster.ts';
import { silentLogger } from '../util/logger.ts';

// Two Signpost nodes on one PostgreSQL database, both running their scheduler when the steps come due.

const KEY = 'phx_two_nodes_schedules_key';
const T0 = Date.parse('2026-03-02T08:00:00Z');
const HOUR = 3600e3;

describe('scheduled changes on two nodes sharing PostgreSQL', () => {
  let cluster: PostgresCluster;
  const nodes: Signpost[] = [];
  const clock = { ms: T0 };
  beforeAll(async () => {
    cluster = await startPostgresCluster();
    const url = await cluster.createDatabase();
    const config = loadConfig({ SIGNPOST_PERSONAL_API_KEY: KEY });
    for (let i = 0; i < 2; i++) {
      const storage: Storage = { ...new MemoryStorage(), ...(await openPostgresStorage(url)) };
      nodes.push(
        await createSignpost({ config, storage, logger: silentLogger, now: () => new Date(clock.ms) }),
      );
    }
  }, 60_000);
  afterAll(async () => {
    await Promise.all(nodes.map((n) => n.close()));
    await cluster.stop();
  });

  const send = async (node: Signpost, method: string, path: string, body?: unknown) => {
    const r = await node.app.request(`/api/projects/@current/${path}`, {
      method,
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return (await r.json()) as Record<string, unknown>;
  };

  it('apply each due step once between them', async () => {
    const [a, b] = nodes as [Signpost, Signpost];
    const flag = await send(a, 'POST', 'feature_flags/', {
      key: 'shared',
      filters: { groups: [{ properties: [], rollout_percentage: 0 }] },
    });
    const id = Number(flag.id);
    const at = (h: number) => new Date(T0 + h * HOUR).toISOString();
    const steps = [10, 20, 30, 40, 50, 60].map((value, i) => ({
      scheduled_at: at(i + 1),
      payload: { operation: 'update_rollout', value },
    }));
    await send(a, 'POST', `feature_flags/${id}/rollout_plans/`, { steps });
    clock.ms = T0 + 10 * HOUR;
    // A's own timer may be mid-pass too (woken when the plan was made); each runDue waits for its node's pass.
    const [x, y] = await Promise.all([a.scheduler.runDue(), b.scheduler.runDue()]);
    expect(x + y).toBeLessThanOrEqual(6);
    const history = (await send(b, 'GET', `feature_flags/${id}/activity`)).results as {
      actor: { name: string };
      detail: { reason: string };
    }[];
    const byScheduler = history.filter((e) => e.actor.name === 'scheduler');
    expect(byScheduler.map((e) => e.detail.reason.replace(/.*step /, '')).sort()).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
    ]);
    const plans = (await send(a, 'GET', `feature_flags/${id}/rollout_plans/`)).results as {
      status: string;
      steps: { failure_reason: string | null }[];
    }[];
    expect(plans[0]?.status).toBe('completed');
    expect(plans[0]?.steps.every((s) => s.failure_reason === null)).toBe(true);
  });
});
