import { PostHog } from 'posthog-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startTestServer,
  TEST_PERSONAL_KEY,
  TEST_PROJECT_KEY,
  TEST_SECRET_KEY,
  type TestServer,
} from '../testing/test-server.ts';
import { WebhookReceiver } from '../webhooks/webhook-receiver.test-kit.ts';
import { until } from '../webhooks/webhook-signpost.test-kit.ts';

// Rollout plans whose second step waits on an `$exception`-rate guardrail, on DuckDB with the server's clock
// moved by the test. Two flags get the same plan shape: one whose users stay healthy (its step applies) and one
// whose users fail (its plan pauses, the receiver gets a signed `plan.paused`, the third step stays put until a
// member resumes). The events go through posthog-node, which stamps `$feature/<key>` on each.

const P = '/api/projects/@current';
const MIN = 60_000;
const HOUR = 60 * MIN;
let offsetMs = 0;
let server: TestServer;
const receiver = new WebhookReceiver();
const T0 = Date.now();
const at = (ms: number) => new Date(T0 + ms).toISOString();

type Json = Record<string, unknown>;
type Step = { status: string; executed_at: string | null; guardrails: string[]; pause_reason: string | null };
type Plan = { id: string; status: string; pause_reason: string | null; steps: Step[] };

async function call(method: string, path: string, body?: unknown) {
  const r = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${TEST_PERSONAL_KEY}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await r.text();
  return { status: r.status, json: (text ? JSON.parse(text) : null) as Json };
}

async function flag(key: string, variants = false): Promise<number> {
  const r = await call('POST', `${P}/feature_flags/`, {
    key,
    filters: {
      groups: [{ properties: [], rollout_percentage: 0 }],
      ...(variants
        ? {
            multivariate: {
              variants: [
                { key: 'a', rollout_percentage: 50 },
                { key: 'b', rollout_percentage: 50 },
              ],
            },
          }
        : {}),
    },
  });
  expect(r.status).toBe(201);
  return Number(r.json.id);
}

const errorRate = (flagId: number, threshold = 0.2) =>
  call('POST', `${P}/feature_flags/${flagId}/guardrails/`, {
    name: 'Checkout errors',
    event: '$exception',
    denominator_event: '$pageview',
    threshold,
    window_minutes: 180,
  });

const rollout = (value: number) => ({ operation: 'update_rollout', value });

/** 50% now, 80% at `second` if the guardrail holds, 100% an hour later. */
const threeSteps = (guardrail: string, second: number) => [
  { payload: rollout(50) },
  { scheduled_at: at(second), payload: rollout(80), guardrails: [guardrail] },
  { scheduled_at: at(second + HOUR), payload: rollout(100) },
];

const rolloutOf = async (flagId: number) => {
  const f = (await call('GET', `${P}/feature_flags/${flagId}`)).json as {
    filters: { groups: { rollout_percentage: number }[] };
  };
  return f.filters.groups[0]?.rollout_percentage;
};

const planOf = async (flagId: number): Promise<Plan> =>
  ((await call('GET', `${P}/feature_flags/${flagId}/rollout_plans/`)).json.results as Plan[])[0] as Plan;

const runDue = () => server.signpost.scheduler.runDue();

/** `$exception` events stored with `$feature/<key>` set. */
async function exceptionsOf(key: string): Promise<number> {
  const r = await call('POST', `${P}/query/`, {
    query: {
      kind: 'TrendsQuery',
      series: [
        {
          kind: 'EventsNode',
          event: '$exception',
          properties: [{ key: `$feature/${key}`, operator: 'is_set', type: 'event' }],
        },
      ],
      dateRange: { date_from: '-2d' },
      trendsFilter: { display: 'BoldNumber' },
    },
    refresh: true,
  });
  return Number((r.json.results as { aggregated_value: number }[] | undefined)?.[0]?.aggregated_value ?? 0);
}

beforeAll(async () => {
  server = await startTestServer({ now: () => new Date(Date.now() + offsetMs) });
  await receiver.start();
  const hook = await call('POST', `${P}/webhooks/`, { url: receiver.url, events: ['plan.paused'] });
  receiver.secret = String(hook.json.secret);
});
afterAll(async () => {
  await server.stop();
  await receiver.stop();
});

describe('plan steps that wait on guardrails', () => {
  it('refuses an unknown guardrail, an SRM check on a boolean flag, a threshold out of range; saves nothing', async () => {
    const id = await flag('validated');
    const other = await flag('other');
    const split = await flag('split', true);
    const foreign = String((await errorRate(other)).json.id);
    const codeOf = async (p: ReturnType<typeof call>) => {
      const r = await p;
      return [r.status, r.json.code, r.json.attr];
    };
    const plan = (steps: Json[]) => call('POST', `${P}/feature_flags/${id}/rollout_plans/`, { steps });
    const guarded = (guardrail: string) => [
      { payload: rollout(10) },
      { scheduled_at: at(HOUR), payload: rollout(20), guardrails: [guardrail] },
    ];
    expect(await codeOf(plan(guarded('no-such-guardrail')))).toEqual([
      400,
      'PLAN_GUARDRAIL_NOT_FOUND',
      'steps.1.guardrails.0',
    ]);
    // Another flag's guardrail watches other users: refused like an unknown one.
    expect(await codeOf(plan(guarded(foreign)))).toEqual([
      400,
      'PLAN_GUARDRAIL_NOT_FOUND',
      'steps.1.guardrails.0',
    ]);
    expect((await call('GET', `${P}/feature_flags/${id}/rollout_plans/`)).json.count).toBe(0);
    expect(await rolloutOf(id)).toBe(0);

    const guardrail = (flagId: number, body: Json) =>
      call('POST', `${P}/feature_flags/${flagId}/guardrails/`, body);
    expect(await codeOf(guardrail(id, { type: 'srm' }))).toEqual([
      400,
      'GUARDRAIL_FLAG_NOT_MULTIVARIATE',
      'type',
    ]);
    expect(await codeOf(guardrail(split, { type: 'srm', threshold: 1.5 }))).toEqual([
      400,
      'GUARDRAIL_THRESHOLD_OUT_OF_RANGE',
      'threshold',
    ]);
    expect(await codeOf(guardrail(split, { type: 'srm', threshold: 0 }))).toEqual([
      400,
      'GUARDRAIL_THRESHOLD_OUT_OF_RANGE',
      'threshold',
    ]);
    expect(await codeOf(errorRate(id, 2))).toEqual([400, 'GUARDRAIL_THRESHOLD_OUT_OF_RANGE', 'threshold']);
    for (const f of [id, split])
      expect((await call('GET', `${P}/feature_flags/${f}/guardrails/`)).json.count).toBe(0);
  });

  it('applies a step whose guardrail holds, pauses the plan whose guardrail fails, and resumes it', async () => {
    const healthy = await flag('healthy-checkout');
    const risky = await flag('risky-checkout');
    const healthyGuard = String((await errorRate(healthy)).json.id);
    const riskyGuard = String((await errorRate(risky)).json.id);
    for (const [flagId, guard, second] of [
      [healthy, healthyGuard, HOUR],
      [risky, riskyGuard, HOUR + 30 * MIN],
    ] as const) {
      const created = await call('POST', `${P}/feature_flags/${flagId}/rollout_plans/`, {
        steps: threeSteps(guard, second),
      });
      expect(created.status).toBe(201);
      expect((created.json.steps as Step[]).map((s) => s.guardrails)).toEqual([[], [guard], []]);
      expect(await rolloutOf(flagId)).toBe(50);
    }

    const client = new PostHog(TEST_PROJECT_KEY, {
      host: server.url,
      personalApiKey: TEST_SECRET_KEY,
      fetchRetryCount: 0,
      flushAt: 1000,
    });
    try {
      await client.reloadFeatureFlags();
      const users = Array.from({ length: 40 }, (_, i) => `user-${i}`);
      const riskyUsers: string[] = [];
      for (const u of users)
        if ((await client.getFeatureFlag('risky-checkout', u, { onlyEvaluateLocally: true })) === true)
          riskyUsers.push(u);
      expect(riskyUsers.length).toBeGreaterThan(0);

      // First hour: everyone views the page, nobody fails. The healthy plan's second step is due and applies.
      for (const u of users) client.capture({ distinctId: u, event: '$pageview', sendFeatureFlags: true });
      await client.flush();
      offsetMs = HOUR;
      expect(await runDue()).toBe(1);
      expect(await rolloutOf(healthy)).toBe(80);
      expect((await planOf(healthy)).steps.map((s) => s.status)).toEqual(['executed', 'executed', 'pending']);

      // Then every user of risky-checkout fails once per view: a rate of 1 among its users, above 0.2.
      for (const u of riskyUsers)
        client.capture({
          distinctId: u,
          event: '$exception',
          properties: { $exception_list: [{ type: 'TypeError', value: 'checkout broke' }] },
          sendFeatureFlags: true,
        });
      await client.flush();
      // Capture answers before the events are committed: wait until the guardrail's query can see them.
      await until(async () => (await exceptionsOf('risky-checkout')) === riskyUsers.length);
      offsetMs = HOUR + 30 * MIN;
      await runDue();
      expect(await rolloutOf(risky)).toBe(50);
      const paused = await planOf(risky);
      expect(paused.status).toBe('paused');
      expect(paused.steps.map((s) => s.status)).toEqual(['executed', 'paused', 'paused']);
      const rate = `$exception rate 1 (${riskyUsers.length}/${riskyUsers.length})`;
      expect(paused.pause_reason).toContain(`Checkout errors: ${rate}`);

      const [delivery] = await receiver.waitFor(1);
      expect(delivery?.verdict).toBe('ok');
      const note = JSON.parse(delivery?.body ?? '{}') as { event: string; data: Json };
      expect(note.event).toBe('plan.paused');
      expect(note.data).toMatchObject({
        flag: { id: risky, key: 'risky-checkout' },
        plan_id: paused.id,
        step: 2,
        steps: 3,
        status: 'paused',
        guardrails: [{ id: riskyGuard, passed: false, value: 1, critical: false, flag_disabled: false }],
      });
      expect(String(note.data.reason)).toContain(rate);

      const history = (await call('GET', `${P}/feature_flags/${risky}/activity`)).json.results as {
        id: string;
        revertable: boolean;
        detail: { reason?: string | null; changes: { field: string; after: Json }[] };
      }[];
      // The pause changed no setting of the flag: nothing for a revert to restore.
      expect(history[0]?.revertable).toBe(false);
      const revert = await call('POST', `${P}/feature_flags/${risky}/activity/${history[0]?.id}/revert`);
      expect([revert.status, revert.json.code]).toEqual([409, 'ACTIVITY_NOT_REVERTIBLE']);
      expect(history[0]?.detail.changes[0]).toMatchObject({
        field: 'rollout_plan',
        after: { status: 'paused' },
      });
      expect(history[0]?.detail.reason).toContain(rate);

      // The third step's time comes: the paused plan holds it, the healthy plan completes.
      offsetMs = 2 * HOUR + 30 * MIN;
      await runDue();
      expect(await rolloutOf(risky)).toBe(50);
      expect(await rolloutOf(healthy)).toBe(100);
      expect((await planOf(risky)).steps.map((s) => s.status)).toEqual(['executed', 'paused', 'paused']);
      // A paused plan still holds its flag: no second plan beside it.
      const second = await call('POST', `${P}/feature_flags/${risky}/rollout_plans/`, {
        steps: [{ payload: rollout(5) }],
      });
      expect([second.status, second.json.code]).toEqual([400, 'PLAN_ALREADY_ACTIVE']);
      expect(receiver.received).toHaveLength(1);

      // A member resumes: the held step applies with its guardrail waived, and the step past its time follows.
      const resumed = await call('POST', `${P}/feature_flags/${risky}/rollout_plans/${paused.id}/resume/`);
      expect(resumed.status).toBe(200);
      expect(resumed.json.status).toBe('completed');
      expect(await rolloutOf(risky)).toBe(100);
      const again = await call('POST', `${P}/feature_flags/${risky}/rollout_plans/${paused.id}/resume/`);
      expect([again.status, again.json.code]).toEqual([409, 'PLAN_NOT_PAUSED']);
      const after = (await call('GET', `${P}/feature_flags/${risky}/activity`)).json.results as {
        detail: { changes: { field: string; after: Json }[] };
      }[];
      const planEntries = after.flatMap((e) => e.detail.changes.filter((c) => c.field === 'rollout_plan'));
      expect(planEntries.map((c) => c.after.status)).toEqual(['active', 'paused']);
    } finally {
      await client.shutdown();
    }
  });

  it('cancels a paused plan: its held steps never apply', async () => {
    const id = await flag('cancelled-checkout');
    const guard = String((await errorRate(id)).json.id);
    offsetMs = 3 * HOUR;
    const created = await call('POST', `${P}/feature_flags/${id}/rollout_plans/`, {
      steps: [
        { payload: rollout(50) },
        { scheduled_at: at(3 * HOUR + 10 * MIN), payload: rollout(80), guardrails: [guard] },
      ],
    });
    const planId = String(created.json.id);
    // The guardrail's flag is deleted from under it: unreadable, so the plan pauses rather than go on blind.
    const deleted = await call('DELETE', `${P}/feature_flags/${id}/guardrails/${guard}/`);
    expect(deleted.status).toBe(204);
    offsetMs = 3 * HOUR + 10 * MIN;
    await runDue();
    const paused = await planOf(id);
    expect(paused.status).toBe('paused');
    expect(paused.pause_reason).toContain(`guardrail ${guard} no longer exists`);
    const cancelled = await call('DELETE', `${P}/feature_flags/${id}/rollout_plans/${planId}/`);
    expect(cancelled.json.status).toBe('cancelled');
    offsetMs = 4 * HOUR;
    await runDue();
    expect(await rolloutOf(id)).toBe(50);
    const resumed = await call('POST', `${P}/feature_flags/${id}/rollout_plans/${planId}/resume/`);
    expect([resumed.status, resumed.json.code]).toEqual([409, 'PLAN_NOT_PAUSED']);
  });
  it('pauses the plan when a critical guardrail trips on its own check, as well as turning the flag off', async () => {
    offsetMs = 5 * HOUR;
    const id = await flag('critical-checkout');
    const guard = await call('POST', `${P}/feature_flags/${id}/guardrails/`, {
      name: 'Hard errors',
      event: '$exception',
      threshold: 1,
      window_minutes: 600,
      critical: true,
    });
    const created = await call('POST', `${P}/feature_flags/${id}/rollout_plans/`, {
      steps: [{ payload: rollout(50) }, { scheduled_at: at(6 * HOUR), payload: rollout(100) }],
    });
    expect(created.status).toBe(201);
    const batch = await fetch(`${server.url}/batch/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        api_key: TEST_PROJECT_KEY,
        batch: [
          { event: '$exception', distinct_id: 'u-1', properties: { '$feature/critical-checkout': true } },
        ],
      }),
    });
    expect(batch.status).toBe(200);
    // Stored before the check (checked earlier, it would pass and wait its interval).
    await until(async () => (await exceptionsOf('critical-checkout')) === 1);
    await server.signpost.alertChecks.runDue();
    const g = (await call('GET', `${P}/feature_flags/${id}/guardrails/`)).json.results as Json[];
    expect(g.find((x) => x.id === guard.json.id)?.state).toBe('Firing');
    expect((await call('GET', `${P}/feature_flags/${id}`)).json.active).toBe(false);
    const plan = await planOf(id);
    expect(plan.status).toBe('paused');
    expect(plan.pause_reason).toContain('Hard errors: 1 $exception events');
    offsetMs = 6 * HOUR;
    await runDue();
    expect(await rolloutOf(id)).toBe(50);
  });
  it('turns the flag off as well as pausing when a critical guardrail fails at a step', async () => {
    offsetMs = 7 * HOUR;
    const id = await flag('step-critical');
    // Disabled: its own schedule leaves it alone, so only the plan step checks it here.
    const guard = await call('POST', `${P}/feature_flags/${id}/guardrails/`, {
      name: 'Step errors',
      event: '$exception',
      threshold: 1,
      window_minutes: 600,
      critical: true,
      enabled: false,
    });
    const created = await call('POST', `${P}/feature_flags/${id}/rollout_plans/`, {
      steps: [
        { payload: rollout(50) },
        { scheduled_at: at(8 * HOUR), payload: rollout(100), guardrails: [guard.json.id] },
      ],
    });
    expect(created.status).toBe(201);
    const batch = await fetch(`${server.url}/batch/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        api_key: TEST_PROJECT_KEY,
        batch: [{ event: '$exception', distinct_id: 'u-2', properties: { '$feature/step-critical': true } }],
      }),
    });
    expect(batch.status).toBe(200);
    // Stored before the step comes due (checked earlier, the guardrail would pass and the step apply).
    await until(async () => (await exceptionsOf('step-critical')) === 1);
    offsetMs = 8 * HOUR;
    await runDue();
    expect((await planOf(id)).status).toBe('paused');
    expect((await planOf(id)).pause_reason).toContain('Step errors: 1 $exception events');
    expect((await planOf(id)).pause_reason).toContain('flag turned off');
    expect((await call('GET', `${P}/feature_flags/${id}`)).json.active).toBe(false);
    expect(await rolloutOf(id)).toBe(50);
  });
});
