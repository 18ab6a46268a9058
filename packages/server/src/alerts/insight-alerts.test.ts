import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startTestServer,
  TEST_PERSONAL_KEY,
  TEST_PROJECT_KEY,
  type TestServer,
} from '../testing/test-server.ts';
import { WebhookReceiver } from '../webhooks/webhook-receiver.test-kit.ts';
import { until } from '../webhooks/webhook-signpost.test-kit.ts';

// An alert on a saved trends insight, end to end on DuckDB: events captured with their own timestamps, the
// server's clock moved by the test, the scheduler run by hand, notifications read by a real webhook receiver.

const P = '/api/projects/@current';
let clock = new Date('2026-03-02T10:30:00Z');
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

async function capture(event: string, isoTimes: string[]) {
  const batch = isoTimes.map((timestamp, i) => ({ event, distinct_id: `u${i}`, properties: {}, timestamp }));
  const r = await fetch(`${server.url}/batch/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ api_key: TEST_PROJECT_KEY, batch }),
  });
  expect(r.status).toBe(200);
}

async function exceptionsAt(hour: string): Promise<number> {
  const r = await call('POST', `${P}/query/`, {
    query: {
      kind: 'TrendsQuery',
      series: [{ kind: 'EventsNode', event: '$exception' }],
      interval: 'hour',
      dateRange: { date_from: '-6h' },
    },
    refresh: true,
  });
  const [series] = r.json.results as { data: number[]; days: string[] }[];
  const index = series?.days.findIndex((d) => d.startsWith(hour)) ?? -1;
  return series?.data[index] ?? 0;
}

const received = () =>
  receiver.received.map((r) => JSON.parse(r.body) as { event: string; data: Record<string, unknown> });

let flagId = 0;
let trendsId = 0;
let funnelId = 0;

beforeAll(async () => {
  server = await startTestServer({ now: () => clock });
  await receiver.start();
  const hook = await call('POST', `${P}/webhooks/`, { url: receiver.url, events: ['alert.fired'] });
  expect(hook.status).toBe(201);
  receiver.secret = String(hook.json.secret);
  const flag = await call('POST', `${P}/feature_flags/`, {
    key: 'checkout-v3',
    filters: { groups: [{ properties: [], rollout_percentage: 100 }] },
  });
  flagId = Number(flag.json.id);
  const trends = await call('POST', `${P}/insights/`, {
    name: 'Errors per hour',
    query: {
      kind: 'InsightVizNode',
      source: {
        kind: 'TrendsQuery',
        series: [{ kind: 'EventsNode', event: '$exception' }],
        interval: 'hour',
        dateRange: { date_from: '-6h' },
        trendsFilter: { display: 'BoldNumber' },
      },
    },
  });
  expect(trends.status).toBe(201);
  trendsId = Number(trends.json.id);
  const funnel = await call('POST', `${P}/insights/`, {
    name: 'Checkout funnel',
    query: {
      kind: 'FunnelsQuery',
      series: [
        { kind: 'EventsNode', event: '$pageview' },
        { kind: 'EventsNode', event: 'purchase' },
      ],
    },
  });
  expect(funnel.status).toBe(201);
  funnelId = Number(funnel.json.id);
});
afterAll(async () => {
  await server.stop();
  await receiver.stop();
});

describe('insight alerts', () => {
  it('refuses bad input with a code and saves nothing', async () => {
    const valid = {
      insight: trendsId,
      threshold: { configuration: { type: 'absolute', bounds: { upper: 3 } } },
    };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...valid, insight: funnelId }, 'ALERT_INSIGHT_NOT_TRENDS'],
      [{ ...valid, insight: 999_999 }, 'ALERT_INSIGHT_NOT_FOUND'],
      [{ ...valid, action: { type: 'disable_flag', flag: 999_999 } }, 'ALERT_FLAG_NOT_FOUND'],
      [{ insight: trendsId }, 'ALERT_THRESHOLD_MISSING'],
      [
        { ...valid, threshold: { configuration: { bounds: { lower: null, upper: null } } } },
        'ALERT_THRESHOLD_MISSING',
      ],
      [{ ...valid, condition: { type: 'sideways' } }, 'INVALID_BODY'],
    ];
    for (const [body, code] of cases) {
      const r = await call('POST', `${P}/alerts/`, body);
      expect({ status: r.status, code: r.json.code }).toEqual({ status: 400, code });
    }
    expect((await call('GET', `${P}/alerts/`)).json.count).toBe(0);
    const missing = await call('GET', `${P}/alerts/00000000-0000-0000-0000-000000000000`);
    expect([missing.status, missing.json.code]).toEqual([404, 'ALERT_NOT_FOUND']);
  });

  it('fires on the latest complete interval, turns the flag off with the reason, then resolves', async () => {
    // 09:xx is the latest complete hour at 10:30; the 10:xx events are in the interval still under way.
    await capture('$exception', [
      '2026-03-02T09:05:00Z',
      '2026-03-02T09:20:00Z',
      '2026-03-02T09:40:00Z',
      '2026-03-02T09:55:00Z',
      '2026-03-02T10:05:00Z',
      '2026-03-02T10:10:00Z',
      '2026-03-02T10:15:00Z',
      '2026-03-02T10:20:00Z',
      '2026-03-02T10:25:00Z',
    ]);
    await until(async () => (await exceptionsAt('2026-03-02 10')) === 5);
    const created = await call('POST', `${P}/alerts/`, {
      name: 'Too many errors',
      insight: trendsId,
      condition: { type: 'absolute_value' },
      threshold: { configuration: { type: 'absolute', bounds: { upper: 3 } } },
      check_interval_minutes: 15,
      action: { type: 'disable_flag', flag: flagId },
    });
    expect(created.status).toBe(201);
    const id = String(created.json.id);
    expect(created.json).toMatchObject({ state: 'Not firing', insight: trendsId, last_checked_at: null });

    expect(await server.signpost.alertChecks.runDue()).toBe(1);
    const fired = (await call('GET', `${P}/alerts/${id}`)).json;
    expect(fired).toMatchObject({ state: 'Firing', last_value: 4, last_checked_at: clock.toISOString() });
    expect(String(fired.last_message)).toContain('value 4 is above 3');
    const flag = (await call('GET', `${P}/feature_flags/${flagId}`)).json;
    expect(flag.active).toBe(false);
    const history = (await call('GET', `${P}/feature_flags/${flagId}/activity`)).json.results as {
      user: { first_name?: string; email?: string } | null;
      detail: { reason?: string | null; changes: { field: string; after: unknown }[] };
    }[];
    const killed = history[0];
    expect(JSON.stringify(killed?.user)).toContain(`alert #${id}`);
    expect(killed?.detail.reason).toContain('Too many errors: value 4 is above 3');
    expect(killed?.detail.changes).toContainEqual(expect.objectContaining({ field: 'active', after: false }));

    // Not due again until its interval has passed: nothing is checked twice.
    expect(await server.signpost.alertChecks.runDue()).toBe(0);
    await until(async () => received().some((n) => n.event === 'alert.fired'));
    expect(received()[0]?.data).toMatchObject({
      state: 'firing',
      value: 4,
      alert: { id, kind: 'insight' },
      disabled_flag: { id: flagId },
    });

    // An hour on, the latest complete interval (10:xx) holds 5: still firing, and nothing is sent again.
    clock = new Date('2026-03-02T11:30:00Z');
    expect(await server.signpost.alertChecks.runDue()).toBe(1);
    expect((await call('GET', `${P}/alerts/${id}`)).json).toMatchObject({ state: 'Firing', last_value: 5 });
    // Two hours on, 11:xx had none: resolved, and said so.
    clock = new Date('2026-03-02T12:30:00Z');
    expect(await server.signpost.alertChecks.runDue()).toBe(1);
    expect((await call('GET', `${P}/alerts/${id}`)).json).toMatchObject({
      state: 'Not firing',
      last_value: 0,
    });
    await until(async () => received().length === 2);
    expect(received().map((n) => n.data.state)).toEqual(['firing', 'resolved']);
  });

  it('compares with the previous interval for "changed by more than N%"', async () => {
    clock = new Date('2026-03-02T10:30:00Z');
    const created = await call('POST', `${P}/alerts/`, {
      insight: trendsId,
      condition: { type: 'relative_increase' },
      threshold: { configuration: { type: 'percentage', bounds: { upper: 0.5 } } },
    });
    expect(created.status).toBe(201);
    // 08:xx had none and 09:xx four: a rise from nothing counts as more than any percentage.
    await server.signpost.alertChecks.runDue();
    const checked = (await call('GET', `${P}/alerts/${created.json.id}`)).json;
    expect(checked).toMatchObject({ state: 'Firing' });
    const edited = await call('PATCH', `${P}/alerts/${created.json.id}`, {
      condition: { type: 'relative_decrease' },
    });
    expect(edited.json).toMatchObject({
      condition: { type: 'relative_decrease' },
      next_check_at: clock.toISOString(),
    });
    await server.signpost.alertChecks.runDue();
    expect((await call('GET', `${P}/alerts/${created.json.id}`)).json).toMatchObject({ state: 'Not firing' });
    expect((await call('DELETE', `${P}/alerts/${created.json.id}`)).status).toBe(204);
  });
});
