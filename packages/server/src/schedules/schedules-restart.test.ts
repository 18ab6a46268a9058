import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PostHog } from 'posthog-node';
import { afterEach, describe, expect, it } from 'vitest';
import {
  startTestServer,
  TEST_PERSONAL_KEY,
  TEST_PROJECT_KEY,
  TEST_SECRET_KEY,
  type TestServer,
} from '../testing/test-server.ts';

// A real server on a DuckDB folder, stopped and started again with the clock moved past due steps; posthog-node's
// local evaluation (definitions polled with the secret key) is what has to follow the rollout.

const API = '/api/projects/@current';
const T0 = Date.parse('2026-03-02T08:00:00Z');
const HOUR = 3600e3;

const dirs: string[] = [];
const servers: TestServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.stop();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function start(dataDir: string, clock: { ms: number }): Promise<TestServer> {
  const server = await startTestServer({ dataDir, now: () => new Date(clock.ms) });
  servers.push(server);
  return server;
}

async function send(server: TestServer, method: string, pathAndQuery: string, body?: unknown) {
  const r = await fetch(`${server.url}${pathAndQuery}`, {
    method,
    headers: { authorization: `Bearer ${TEST_PERSONAL_KEY}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: r.status, json: (await r.json()) as Record<string, unknown> };
}

/** How many of 200 users posthog-node's local evaluation gives the flag to, after polling definitions. */
async function locallyOn(server: TestServer, key: string): Promise<number> {
  const client = new PostHog(TEST_PROJECT_KEY, {
    host: server.url,
    personalApiKey: TEST_SECRET_KEY,
    fetchRetryCount: 0,
  });
  try {
    await client.reloadFeatureFlags();
    let on = 0;
    for (let i = 0; i < 200; i++) {
      const value = await client.getFeatureFlag(key, `user-${i}`, {
        onlyEvaluateLocally: true,
        sendFeatureFlagEvents: false,
      });
      if (value === true) on += 1;
    }
    return on;
  } finally {
    await client.shutdown();
  }
}

const schedulerEntries = async (server: TestServer, id: number) =>
  (
    (await send(server, 'GET', `${API}/feature_flags/${id}/activity`)).json.results as {
      actor: { name: string };
    }[]
  ).filter((e) => e.actor.name === 'scheduler').length;

describe('rollout plans across restarts', () => {
  it('runs steps that came due while the server was down once, in order, and posthog-node follows', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'signpost-plans-'));
    dirs.push(dir);
    const clock = { ms: T0 };
    let server = await start(dir, clock);
    const flag = await send(server, 'POST', `${API}/feature_flags/`, {
      key: 'gradual',
      filters: { groups: [{ properties: [], rollout_percentage: 0 }] },
    });
    const id = Number(flag.json.id);
    const at = (h: number) => new Date(T0 + h * HOUR).toISOString();
    const plan = await send(server, 'POST', `${API}/feature_flags/${id}/rollout_plans/`, {
      steps: [
        { scheduled_at: at(1), payload: { operation: 'update_rollout', value: 10 } },
        { scheduled_at: at(2), payload: { operation: 'update_rollout', value: 50 } },
        { scheduled_at: at(100), payload: { operation: 'update_rollout', value: 100 } },
      ],
    });
    expect(plan.status).toBe(201);
    expect(await locallyOn(server, 'gradual')).toBe(0);
    await server.stop();
    servers.splice(0);

    // Down past steps 1 and 2: both run at start, in order, so 50% (not 10%) is what is left.
    clock.ms = T0 + 3 * HOUR;
    server = await start(dir, clock);
    expect(await schedulerEntries(server, id)).toBe(2);
    const half = await locallyOn(server, 'gradual');
    expect(half).toBeGreaterThan(70);
    expect(half).toBeLessThan(130);
    await server.stop();
    servers.splice(0);

    // Started again at the same time: nothing runs twice.
    server = await start(dir, clock);
    expect(await schedulerEntries(server, id)).toBe(2);
    const plans = (await send(server, 'GET', `${API}/feature_flags/${id}/rollout_plans/`)).json.results as {
      steps: { status: string }[];
    }[];
    expect(plans[0]?.steps.map((s) => s.status)).toEqual(['executed', 'executed', 'pending']);

    clock.ms = T0 + 101 * HOUR;
    expect(await server.signpost.scheduler.runDue()).toBe(1);
    expect(await locallyOn(server, 'gradual')).toBe(200);
    expect(await schedulerEntries(server, id)).toBe(3);
  });
});
