import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { createSignpost, type Signpost } from '../server.ts';
import { MemoryStorage } from '../storage/memory/memory-storage.ts';
import { apiClient } from '../testing/api-client.ts';
import { TEST_PERSONAL_KEY, TEST_PROJECT_KEY } from '../testing/test-server.ts';
import { silentLogger } from '../util/logger.ts';
import { WebhookReceiver } from '../webhooks/webhook-receiver.test-kit.ts';
import { until } from '../webhooks/webhook-signpost.test-kit.ts';

const API = '/api/projects/@current';
const MONDAY = Date.parse('2026-03-02T08:00:00Z');
const HOUR = 3600e3;
const iso = (ms: number) => new Date(ms).toISOString();

type Json = Record<string, unknown>;
type ChangeJson = { id: string; status: string; executed_at: string | null; failure_reason: string | null };
type PlanJson = { id: string; status: string; steps: ChangeJson[] };

let sp: Signpost | undefined;
let receiver: WebhookReceiver | undefined;
afterEach(async () => {
  await sp?.close();
  await receiver?.stop();
  sp = undefined;
  receiver = undefined;
});

async function open(clock: { ms: number }) {
  const config = loadConfig({
    SIGNPOST_DATA_DIR: '/nonexistent',
    SIGNPOST_PROJECT_API_KEY: TEST_PROJECT_KEY,
    SIGNPOST_PERSONAL_API_KEY: TEST_PERSONAL_KEY,
  });
  const storage = new MemoryStorage();
  sp = await createSignpost({
    config,
    storage,
    logger: silentLogger,
    now: () => new Date(clock.ms),
    webhookWorker: { pollMs: 20 },
  });
  const api = apiClient(sp);
  const flag = async (key: string, rollout = 0) => {
    const r = await api.post(`${API}/feature_flags/`, {
      key,
      filters: { groups: [{ properties: [], rollout_percentage: rollout }] },
    });
    expect(r.status).toBe(201);
    return r.json.id;
  };
  return { api, flag, storage };
}

/** How many of 200 users get the flag, answered by /flags. */
async function servedTo(signpost: Signpost, key: string): Promise<number> {
  let on = 0;
  for (let i = 0; i < 200; i++) {
    const r = await signpost.app.request('/flags?v=2', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: TEST_PROJECT_KEY, distinct_id: `user-${i}` }),
    });
    const body = (await r.json()) as { flags: Record<string, { enabled: boolean }> };
    if (body.flags[key]?.enabled) on += 1;
  }
  return on;
}

const rollout = (value: number) => ({ operation: 'update_rollout', value });

describe('scheduled changes and rollout plans over the API', () => {
  it('refuses bad input with a code and saves nothing', async () => {
    const clock = { ms: MONDAY };
    const { api, flag } = await open(clock);
    const id = await flag('checkout');
    const archived = await flag('old');
    await api.post(`${API}/feature_flags/${archived}/archive`, {});
    const deleted = await flag('gone');
    await api.delete(`${API}/feature_flags/${deleted}/`);
    const change = (body: Json) =>
      api.post(`${API}/scheduled_changes/`, { record_id: id, model_name: 'FeatureFlag', ...body });
    const plan = (flagId: number, steps: Json[]) =>
      api.post(`${API}/feature_flags/${flagId}/rollout_plans/`, { steps });
    const codeOf = async (p: Promise<{ status: number; json: Json }>) => {
      const r = await p;
      return [r.status, r.json.code];
    };
    const later = (h: number) => iso(MONDAY + h * HOUR);

    expect(await codeOf(change({ payload: rollout(101), scheduled_at: later(1) }))).toEqual([
      400,
      'ROLLOUT_OUT_OF_RANGE',
    ]);
    expect(await codeOf(change({ payload: rollout(-1), scheduled_at: later(1) }))).toEqual([
      400,
      'ROLLOUT_OUT_OF_RANGE',
    ]);
    expect(await codeOf(change({ payload: rollout(50), scheduled_at: later(-2) }))).toEqual([
      400,
      'SCHEDULE_IN_PAST',
    ]);
    expect(await codeOf(change({ payload: { operation: 'explode', value: 1 } }))).toEqual([
      400,
      'INVALID_BODY',
    ]);
    expect(await codeOf(change({ record_id: deleted, payload: rollout(5), scheduled_at: later(1) }))).toEqual(
      [400, 'FLAG_NOT_SCHEDULABLE'],
    );
    expect(await codeOf(change({ record_id: 999, payload: rollout(5) }))).toEqual([
      400,
      'FLAG_NOT_SCHEDULABLE',
    ]);
    const variants = {
      variants: [
        { key: 'a', rollout_percentage: 60 },
        { key: 'b', rollout_percentage: 60 },
      ],
    };
    expect(
      await codeOf(
        change({ payload: { operation: 'update_variants', value: variants }, scheduled_at: later(1) }),
      ),
    ).toEqual([400, 'INVALID_FLAG']);

    const steps = [
      { scheduled_at: later(1), payload: rollout(10) },
      { scheduled_at: later(48), payload: rollout(50) },
      { scheduled_at: later(24), payload: rollout(100) },
    ];
    expect(await codeOf(plan(id, steps))).toEqual([400, 'PLAN_STEPS_OUT_OF_ORDER']);
    expect(await codeOf(plan(id, [steps[0] as Json, { ...steps[1], payload: rollout(150) }]))).toEqual([
      400,
      'ROLLOUT_OUT_OF_RANGE',
    ]);
    expect(await codeOf(plan(archived, [steps[0] as Json]))).toEqual([400, 'FLAG_NOT_SCHEDULABLE']);
    expect(await codeOf(plan(deleted, [steps[0] as Json]))).toEqual([400, 'FLAG_NOT_SCHEDULABLE']);
    expect(await codeOf(plan(id, [{ scheduled_at: later(-1), payload: rollout(10) }]))).toEqual([
      400,
      'SCHEDULE_IN_PAST',
    ]);
    expect((await api.get(`${API}/scheduled_changes/`)).json.count).toBe(0);

    expect((await plan(id, [steps[0] as Json, steps[2] as Json])).status).toBe(201);
    expect(await codeOf(plan(id, [{ scheduled_at: later(3), payload: rollout(20) }]))).toEqual([
      400,
      'PLAN_ALREADY_ACTIVE',
    ]);
    expect((await api.get(`${API}/scheduled_changes/`)).json.count).toBe(2);
  });

  it('runs a 10% → 50% → 100% plan at its times through the flag service, logged as the scheduler', async () => {
    const clock = { ms: MONDAY };
    const { api, flag } = await open(clock);
    receiver = await new WebhookReceiver().start();
    const hook = await api.post(`${API}/webhooks/`, { url: receiver.url, events: ['plan.step'] });
    receiver.secret = String(hook.json.secret);
    const id = await flag('new-checkout');
    const at = (h: number) => iso(MONDAY + h * HOUR);
    const created = await api.post(`${API}/feature_flags/${id}/rollout_plans/`, {
      steps: [
        { scheduled_at: at(1), payload: rollout(10) },
        { scheduled_at: at(49), payload: rollout(50) },
        { scheduled_at: at(169), payload: rollout(100) },
      ],
    });
    expect(created.status).toBe(201);
    const planId = String(created.json.id);
    const plan = async () =>
      ((await api.get(`${API}/feature_flags/${id}/rollout_plans/`)).json.results as PlanJson[])[0];
    expect((await plan())?.steps.map((s) => s.status)).toEqual(['pending', 'pending', 'pending']);
    expect(await servedTo(sp as Signpost, 'new-checkout')).toBe(0);

    clock.ms = MONDAY + 30 * 60e3;
    expect(await sp?.scheduler.runDue()).toBe(0);
    clock.ms = MONDAY + 2 * HOUR;
    expect(await sp?.scheduler.runDue()).toBe(1);
    expect(await sp?.scheduler.runDue()).toBe(0);
    const tenth = await servedTo(sp as Signpost, 'new-checkout');
    expect(tenth).toBeGreaterThan(5);
    expect(tenth).toBeLessThan(40);
    expect((await plan())?.steps.map((s) => s.status)).toEqual(['executed', 'pending', 'pending']);

    clock.ms = MONDAY + 50 * HOUR;
    await sp?.scheduler.runDue();
    const half = await servedTo(sp as Signpost, 'new-checkout');
    expect(half).toBeGreaterThan(70);
    expect(half).toBeLessThan(130);
    clock.ms = MONDAY + 200 * HOUR;
    await sp?.scheduler.runDue();
    expect(await servedTo(sp as Signpost, 'new-checkout')).toBe(200);
    expect(await plan()).toMatchObject({ id: planId, status: 'completed' });

    const history = (await api.get(`${API}/feature_flags/${id}/activity`)).json.results as {
      actor: { kind: string; name: string };
      detail: { reason: string | null };
    }[];
    const byScheduler = history.filter((e) => e.actor.name === 'scheduler');
    expect(byScheduler.map((e) => e.actor.kind)).toEqual(['system', 'system', 'system']);
    expect(byScheduler.map((e) => e.detail.reason).sort()).toEqual(
      [1, 2, 3].map((n) => `Rollout plan ${planId}, step ${n}`),
    );
    await until(async () => receiver?.received.length === 3);
    const bodies = receiver.received.map((r) => JSON.parse(r.body) as { data: Json });
    expect(bodies.map((b) => [b.data.step, b.data.steps, b.data.status])).toEqual([
      [1, 3, 'executed'],
      [2, 3, 'executed'],
      [3, 3, 'executed'],
    ]);
    expect(receiver.received.every((r) => r.verdict === 'ok')).toBe(true);
  });

  it('applies a change for "now" at once, runs one at its time, and cancels a pending one', async () => {
    const clock = { ms: MONDAY };
    const { api, flag } = await open(clock);
    const id = await flag('banner', 100);
    const now = await api.post(`${API}/scheduled_changes/`, {
      record_id: String(id),
      model_name: 'FeatureFlag',
      payload: { operation: 'update_status', value: false },
      scheduled_at: 'now',
    });
    expect(now.status).toBe(201);
    expect(now.json).toMatchObject({ status: 'executed', executed_at: iso(MONDAY), record_id: String(id) });
    expect((await api.get(`${API}/feature_flags/${id}/`)).json.active).toBe(false);

    const on = await api.post(`${API}/scheduled_changes/`, {
      record_id: id,
      model_name: 'FeatureFlag',
      payload: { operation: 'update_status', value: true },
      scheduled_at: iso(MONDAY + HOUR),
    });
    const off = await api.post(`${API}/scheduled_changes/`, {
      record_id: id,
      model_name: 'FeatureFlag',
      payload: { operation: 'update_status', value: false },
      scheduled_at: iso(MONDAY + 2 * HOUR),
    });
    expect((await api.delete(`${API}/scheduled_changes/${off.json.id}/`)).status).toBe(204);
    clock.ms = MONDAY + 3 * HOUR;
    expect(await sp?.scheduler.runDue()).toBe(1);
    expect((await api.get(`${API}/feature_flags/${id}/`)).json.active).toBe(true);
    const listed = (await api.get(`${API}/scheduled_changes/?model_name=FeatureFlag&record_id=${id}`)).json;
    expect((listed.results as ChangeJson[]).map((c) => c.status)).toEqual([
      'executed',
      'executed',
      'cancelled',
    ]);
    const again = await api.delete(`${API}/scheduled_changes/${on.json.id}/`);
    expect([again.status, again.json.code]).toEqual([409, 'SCHEDULED_CHANGE_NOT_PENDING']);
    const missing = await api.get(`${API}/scheduled_changes/not-an-id/`);
    expect([missing.status, missing.json.code]).toEqual([404, 'SCHEDULED_CHANGE_NOT_FOUND']);
  });

  it('records a failed step, stops the plan there, and lets a new plan start', async () => {
    const clock = { ms: MONDAY };
    const { api, flag } = await open(clock);
    const id = await flag('fragile');
    const at = (h: number) => iso(MONDAY + h * HOUR);
    const created = await api.post(`${API}/feature_flags/${id}/rollout_plans/`, {
      steps: [
        { scheduled_at: at(1), payload: rollout(10) },
        { scheduled_at: at(2), payload: rollout(50) },
        { scheduled_at: at(3), payload: rollout(100) },
      ],
    });
    clock.ms = MONDAY + 1.5 * HOUR;
    await sp?.scheduler.runDue();
    await api.post(`${API}/feature_flags/${id}/archive`, {});
    clock.ms = MONDAY + 2.5 * HOUR;
    expect(await sp?.scheduler.runDue()).toBe(1);
    const [plan] = (await api.get(`${API}/feature_flags/${id}/rollout_plans/`)).json.results as PlanJson[];
    expect(plan?.id).toBe(created.json.id);
    expect(plan?.status).toBe('failed');
    expect(plan?.steps.map((s) => s.status)).toEqual(['executed', 'failed', 'cancelled']);
    expect(plan?.steps[1]?.failure_reason).toBe('Flag "fragile" is archived.');
    expect(plan?.steps[2]?.failure_reason).toContain('An earlier step of the plan failed');

    await api.post(`${API}/feature_flags/${id}/unarchive`, {});
    const next = await api.post(`${API}/feature_flags/${id}/rollout_plans/`, {
      steps: [
        { scheduled_at: at(6), payload: rollout(30) },
        { scheduled_at: at(7), payload: rollout(60) },
      ],
    });
    expect(next.status).toBe(201);
    const cancelled = await api.delete(`${API}/feature_flags/${id}/rollout_plans/${next.json.id}/`);
    expect(cancelled.json).toMatchObject({ status: 'cancelled' });
    clock.ms = MONDAY + 10 * HOUR;
    expect(await sp?.scheduler.runDue()).toBe(0);
  });

  it('changes the flag only in the environment the change was made in', async () => {
    const clock = { ms: MONDAY };
    const { api, flag } = await open(clock);
    const id = await flag('regional', 100);
    const staging = (await api.post(`${API}/environments/`, { name: 'staging' })).json;
    const created = await api.post(`/api/projects/${staging.id}/scheduled_changes/`, {
      record_id: id,
      model_name: 'FeatureFlag',
      payload: { operation: 'update_status', value: true },
      scheduled_at: iso(MONDAY + HOUR),
    });
    expect(created.json).toMatchObject({ status: 'pending', environment_id: staging.id });
    expect((await api.get(`${API}/scheduled_changes/`)).json.count).toBe(0);
    const other = await api.get(`${API}/scheduled_changes/${created.json.id}/`);
    expect([other.status, other.json.code]).toEqual([404, 'SCHEDULED_CHANGE_NOT_FOUND']);
    clock.ms = MONDAY + 2 * HOUR;
    expect(await sp?.scheduler.runDue()).toBe(1);
    expect((await api.get(`/api/projects/${staging.id}/feature_flags/${id}/`)).json.active).toBe(true);
    expect((await api.get(`${API}/feature_flags/${id}/`)).json.active).toBe(true);
    const staged = await api.post(`/api/projects/${staging.id}/scheduled_changes/`, {
      record_id: id,
      model_name: 'FeatureFlag',
      payload: { operation: 'update_status', value: false },
    });
    expect(staged.json.status).toBe('executed');
    expect((await api.get(`/api/projects/${staging.id}/feature_flags/${id}/`)).json.active).toBe(false);
    expect((await api.get(`${API}/feature_flags/${id}/`)).json.active).toBe(true);
  });
});
