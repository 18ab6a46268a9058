import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { createSignpost, type Signpost } from '../server.ts';
import { MemoryStorage } from '../storage/memory/memory-storage.ts';
import { apiClient } from '../testing/api-client.ts';
import { TEST_PERSONAL_KEY, TEST_PROJECT_KEY } from '../testing/test-server.ts';
import { silentLogger } from '../util/logger.ts';

// The in-memory storage has no SQL engine, so no guardrail can be read: a step that waits on one pauses its
// plan (a rollout never goes on blind) until a member resumes it.

const API = '/api/projects/@current';
const HOUR = 3_600_000;
let sp: Signpost | undefined;
afterEach(async () => {
  await sp?.close();
  sp = undefined;
});

describe('plan steps waiting on guardrails, on the in-memory storage', () => {
  it('pause when the guardrail cannot be read, and apply once a member resumes', async () => {
    const clock = { ms: Date.parse('2026-03-02T08:00:00Z') };
    const config = loadConfig({
      SIGNPOST_DATA_DIR: '/nonexistent',
      SIGNPOST_PROJECT_API_KEY: TEST_PROJECT_KEY,
      SIGNPOST_PERSONAL_API_KEY: TEST_PERSONAL_KEY,
    });
    sp = await createSignpost({
      config,
      storage: new MemoryStorage(),
      logger: silentLogger,
      now: () => new Date(clock.ms),
    });
    const api = apiClient(sp);
    const flag = await api.post(`${API}/feature_flags/`, {
      key: 'checkout',
      filters: { groups: [{ properties: [], rollout_percentage: 0 }] },
    });
    const id = Number(flag.json.id);
    const guard = await api.post(`${API}/feature_flags/${id}/guardrails/`, {
      event: '$exception',
      denominator_event: '$pageview',
      threshold: 0.02,
    });
    expect(guard.status).toBe(201);
    const plan = await api.post(`${API}/feature_flags/${id}/rollout_plans/`, {
      steps: [
        { payload: { operation: 'update_rollout', value: 10 } },
        {
          scheduled_at: new Date(clock.ms + HOUR).toISOString(),
          payload: { operation: 'update_rollout', value: 50 },
          guardrails: [guard.json.id],
        },
        {
          scheduled_at: new Date(clock.ms + 2 * HOUR).toISOString(),
          payload: { operation: 'update_rollout', value: 100 },
        },
      ],
    });
    expect(plan.status).toBe(201);
    const rollout = async () =>
      (
        (await api.get(`${API}/feature_flags/${id}`)).json as unknown as {
          filters: { groups: { rollout_percentage: number }[] };
        }
      ).filters.groups[0]?.rollout_percentage;
    expect(await rollout()).toBe(10);

    clock.ms += 2 * HOUR;
    await sp.scheduler.runDue();
    const plans = (await api.get(`${API}/feature_flags/${id}/rollout_plans/`)).json.results as {
      status: string;
      pause_reason: string;
      steps: { status: string }[];
    }[];
    expect(plans[0]?.status).toBe('paused');
    expect(plans[0]?.pause_reason).toContain('could not be checked');
    expect(plans[0]?.steps.map((s) => s.status)).toEqual(['executed', 'paused', 'paused']);
    expect(await rollout()).toBe(10);

    const resumed = await api.post(`${API}/feature_flags/${id}/rollout_plans/${plan.json.id}/resume`, {});
    expect(resumed.status).toBe(200);
    expect(resumed.json).toMatchObject({ status: 'completed', pause_reason: null });
    expect(await rollout()).toBe(100);
  });
});
