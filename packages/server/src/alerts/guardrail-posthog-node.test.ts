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

// The guide's incident story without a human: posthog-node captures `$exception` with `$feature/<key>` on every
// event, a critical guardrail sees the error rate of the flag's users cross its line, turns the flag off, and
// posthog-node's local evaluation follows on its next definitions poll.

const P = '/api/projects/@current';
let offsetMs = 0;
let server: TestServer;
const receiver = new WebhookReceiver();

async function call(method: string, path: string, body?: unknown) {
  const r = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${TEST_PERSONAL_KEY}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await r.text();
  return { status: r.status, json: (text ? JSON.parse(text) : null) as Record<string, unknown> };
}

async function total(event: string): Promise<number> {
  const r = await call('POST', `${P}/query/`, {
    query: {
      kind: 'TrendsQuery',
      series: [{ kind: 'EventsNode', event }],
      dateRange: { date_from: '-1d' },
      trendsFilter: { display: 'BoldNumber' },
    },
    refresh: true,
  });
  return Number((r.json.results as { aggregated_value: number }[])[0]?.aggregated_value ?? 0);
}

let flagId = 0;

beforeAll(async () => {
  server = await startTestServer({ now: () => new Date(Date.now() + offsetMs) });
  await receiver.start();
  const hook = await call('POST', `${P}/webhooks/`, { url: receiver.url, events: ['guardrail.tripped'] });
  receiver.secret = String(hook.json.secret);
  const flag = await call('POST', `${P}/feature_flags/`, {
    key: 'new-checkout',
    filters: { groups: [{ properties: [], rollout_percentage: 50 }] },
  });
  flagId = Number(flag.json.id);
});
afterAll(async () => {
  await server.stop();
  await receiver.stop();
});

describe('guardrails', () => {
  it('refuses a guardrail on an unknown flag or without a threshold, and saves nothing', async () => {
    const unknown = await call('POST', `${P}/feature_flags/999999/guardrails/`, {
      event: '$exception',
      threshold: 1,
    });
    expect([unknown.status, unknown.json.code]).toEqual([400, 'ALERT_FLAG_NOT_FOUND']);
    const bare = await call('POST', `${P}/feature_flags/${flagId}/guardrails/`, { event: '$exception' });
    expect([bare.status, bare.json.code]).toEqual([400, 'ALERT_THRESHOLD_MISSING']);
    expect((await call('GET', `${P}/feature_flags/${flagId}/guardrails/`)).json.count).toBe(0);
  });

  it('trips on the error rate of users with the flag on, turns it off, and posthog-node follows', async () => {
    const client = new PostHog(TEST_PROJECT_KEY, {
      host: server.url,
      personalApiKey: TEST_SECRET_KEY,
      fetchRetryCount: 0,
      flushAt: 1000,
    });
    try {
      await client.reloadFeatureFlags();
      const users = Array.from({ length: 30 }, (_, i) => `user-${i}`);
      const on: string[] = [];
      for (const u of users)
        if ((await client.getFeatureFlag('new-checkout', u, { onlyEvaluateLocally: true })) === true)
          on.push(u);
      const off = users.length - on.length;
      expect(on.length).toBeGreaterThan(0);
      expect(off).toBeGreaterThan(0);
      // Every user views the page; users with the flag on fail once each, users without it twice: counting the
      // flag's users alone gives a rate of exactly 1, counting everyone would not.
      for (const u of users) {
        client.capture({ distinctId: u, event: '$pageview', sendFeatureFlags: true });
        const failures = on.includes(u) ? 1 : 2;
        for (let i = 0; i < failures; i++)
          client.capture({
            distinctId: u,
            event: '$exception',
            properties: { $exception_list: [{ type: 'TypeError', value: 'checkout broke' }] },
            sendFeatureFlags: true,
          });
      }
      await client.flush();
      await until(async () => (await total('$exception')) === on.length + 2 * off);

      const watching = await call('POST', `${P}/feature_flags/${flagId}/guardrails/`, {
        name: 'Checkout errors',
        event: '$exception',
        denominator_event: '$pageview',
        threshold: 0.5,
        window_minutes: 60,
        critical: true,
        check_interval_minutes: 5,
      });
      expect(watching.status).toBe(201);
      const id = String(watching.json.id);
      expect(await server.signpost.alertChecks.runDue()).toBe(1);
      const tripped = (await call('GET', `${P}/feature_flags/${flagId}/guardrails/`)).json.results as Record<
        string,
        unknown
      >[];
      expect(tripped[0]).toMatchObject({ id, state: 'Firing', last_value: 1 });
      expect(String(tripped[0]?.last_message)).toContain(`$exception rate 1 (${on.length}/${on.length})`);

      expect((await call('GET', `${P}/feature_flags/${flagId}`)).json.active).toBe(false);
      const history = (await call('GET', `${P}/feature_flags/${flagId}/activity`)).json.results as {
        user: unknown;
        detail: { reason?: string | null };
      }[];
      expect(JSON.stringify(history[0]?.user)).toContain(`alert #${id}`);
      expect(history[0]?.detail.reason).toContain('Checkout errors: $exception rate 1');

      await until(async () => receiver.received.length > 0);
      const note = JSON.parse(receiver.received[0]?.body ?? '{}') as {
        event: string;
        data: Record<string, unknown>;
      };
      expect(note).toMatchObject({
        event: 'guardrail.tripped',
        data: { state: 'firing', critical: true, flag: { id: flagId }, disabled_flag: { id: flagId } },
      });

      // posthog-node polls definitions: the flag is off for everyone it was on for.
      await client.reloadFeatureFlags();
      for (const u of on)
        expect(await client.getFeatureFlag('new-checkout', u, { onlyEvaluateLocally: true })).toBe(false);

      // Two hours on, the errors have left the window: the guardrail resolves, the flag stays off for a human.
      offsetMs = 2 * 3600_000;
      expect(await server.signpost.alertChecks.runDue()).toBe(1);
      const later = (await call('GET', `${P}/feature_flags/${flagId}/guardrails/`)).json.results as Record<
        string,
        unknown
      >[];
      expect(later[0]).toMatchObject({ state: 'Not firing', last_value: 0 });
      expect((await call('GET', `${P}/feature_flags/${flagId}`)).json.active).toBe(false);
    } finally {
      await client.shutdown();
    }
  });
});
