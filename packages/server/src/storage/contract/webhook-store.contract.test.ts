import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WebhookSubscription } from '../../webhooks/webhook.ts';
import type { WebhookDelivery } from '../../webhooks/webhook-delivery.ts';
import type { StateStorage } from '../postgres/postgres-storage.ts';
import { at, stateEngines } from './state-engines.test-kit.ts';

const subscription = (id: string, projectId: number, createdAt: string): WebhookSubscription => ({
  id,
  projectId,
  url: `https://hooks.example.com/${id}`,
  events: ['flag.changed', 'flag.deleted'],
  format: 'json',
  enabled: true,
  secret: `whsec_${id}`,
  createdAt: at(createdAt),
  createdBy: 'ana@example.com',
  consecutiveFailures: 0,
  failing: false,
});

const delivery = (id: string, subscriptionId: string, due: string, createdAt = due): WebhookDelivery => ({
  id,
  subscriptionId,
  projectId: 1,
  event: 'flag.changed',
  body: `{"id":"${id}","data":{"text":"ü \\u0000"}}`,
  status: 'pending',
  attempts: 0,
  nextAttemptAt: at(due),
  createdAt: at(createdAt),
  responseStatus: null,
  durationMs: null,
  response: null,
  lastAttemptAt: null,
});

describe.each(stateEngines())('WebhookStore on $name', (engine) => {
  let s: StateStorage;
  beforeEach(async () => {
    s = await engine.open();
  });
  afterEach(() => s.close());

  it('keeps subscriptions per project, updates what people edit, deletes one with its deliveries', async () => {
    const a = subscription('a', 1, '2026-01-01T00:00:00.001Z');
    const b = subscription('b', 1, '2026-01-02T00:00:00Z');
    await s.webhooks.insertSubscription(b);
    await s.webhooks.insertSubscription(a);
    await s.webhooks.insertSubscription(subscription('other', 2, '2026-01-01T00:00:00Z'));
    expect(await s.webhooks.listSubscriptions(1)).toEqual([a, b]);
    const edited = {
      ...a,
      url: 'https://x.example.com/',
      events: ['alert.fired' as const],
      format: 'slack' as const,
      enabled: false,
    };
    await s.webhooks.updateSubscription({ ...edited, secret: 'ignored', consecutiveFailures: 9 });
    expect(await s.webhooks.getSubscription('a')).toEqual(edited);
    await s.webhooks.enqueue([
      delivery('d1', 'a', '2026-01-03T00:00:00Z'),
      delivery('d2', 'b', '2026-01-03T00:00:00Z'),
    ]);
    await s.webhooks.deleteSubscription('a');
    expect(await s.webhooks.getSubscription('a')).toBeUndefined();
    expect(await s.webhooks.listDeliveries('a', 10)).toEqual([]);
    expect((await s.webhooks.listDeliveries('b', 10)).map((d) => d.id)).toEqual(['d2']);
  });

  it('claims due deliveries once, oldest first, within the limit, and again only when the lease expires', async () => {
    await s.webhooks.insertSubscription(subscription('a', 1, '2026-01-01T00:00:00Z'));
    await s.webhooks.enqueue([
      delivery('late', 'a', '2026-01-01T00:10:00Z'),
      delivery('d2', 'a', '2026-01-01T00:00:02Z'),
      delivery('d1', 'a', '2026-01-01T00:00:01Z'),
      delivery('d3', 'a', '2026-01-01T00:00:03Z'),
    ]);
    const now = at('2026-01-01T00:01:00Z');
    const lease = at('2026-01-01T00:02:00Z');
    const first = await s.webhooks.claimDue(now, lease, 2);
    expect(first.map((d) => d.id).sort()).toEqual(['d1', 'd2']);
    expect(first[0]).toMatchObject({
      status: 'sending',
      nextAttemptAt: lease,
      body: delivery('d1', 'a', '2026-01-01T00:00:01Z').body,
    });
    expect((await s.webhooks.claimDue(now, lease, 10)).map((d) => d.id)).toEqual(['d3']);
    expect(await s.webhooks.claimDue(now, lease, 10)).toEqual([]);
    // A worker that died holding d1/d2/d3: after the lease they are due again.
    const after = await s.webhooks.claimDue(at('2026-01-01T00:02:00Z'), at('2026-01-01T00:03:00Z'), 10);
    expect(after.map((d) => d.id).sort()).toEqual(['d1', 'd2', 'd3']);
  });

  it('hands each due delivery to one of two claims made at the same moment', async () => {
    await s.webhooks.insertSubscription(subscription('a', 1, '2026-01-01T00:00:00Z'));
    const many = Array.from({ length: 20 }, (_, i) =>
      delivery(`d${String(i).padStart(2, '0')}`, 'a', '2026-01-01T00:00:00Z'),
    );
    await s.webhooks.enqueue(many);
    const now = at('2026-01-01T00:00:01Z');
    const lease = at('2026-01-01T00:01:00Z');
    const [x, y] = await Promise.all([
      s.webhooks.claimDue(now, lease, 15),
      s.webhooks.claimDue(now, lease, 15),
    ]);
    const ids = [...(x ?? []), ...(y ?? [])].map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual(many.map((d) => d.id));
  });

  it('records attempts, counts failures in a row on the subscription, and lists the log newest first', async () => {
    await s.webhooks.insertSubscription(subscription('a', 1, '2026-01-01T00:00:00Z'));
    await s.webhooks.enqueue([
      delivery('old', 'a', '2026-01-01T00:00:00Z'),
      delivery('new', 'a', '2026-01-01T00:00:05Z'),
    ]);
    const failed = {
      deliveryId: 'old',
      status: 'pending' as const,
      attempts: 1,
      nextAttemptAt: at('2026-01-01T00:00:30Z'),
      responseStatus: 500,
      durationMs: 12,
      response: 'boom',
      at: at('2026-01-01T00:00:00.250Z'),
    };
    await s.webhooks.recordAttempt(failed, 'a', 2);
    expect(await s.webhooks.getSubscription('a')).toMatchObject({ consecutiveFailures: 1, failing: false });
    await s.webhooks.recordAttempt(
      { ...failed, deliveryId: 'new', status: 'failed', response: null, responseStatus: null },
      'a',
      2,
    );
    expect(await s.webhooks.getSubscription('a')).toMatchObject({ consecutiveFailures: 2, failing: true });
    const log = await s.webhooks.listDeliveries('a', 10);
    expect(log.map((d) => d.id)).toEqual(['new', 'old']);
    expect(log[1]).toMatchObject({
      status: 'pending',
      attempts: 1,
      nextAttemptAt: at('2026-01-01T00:00:30Z'),
      responseStatus: 500,
      durationMs: 12,
      response: 'boom',
      lastAttemptAt: at('2026-01-01T00:00:00.250Z'),
    });
    expect(log[0]).toMatchObject({ status: 'failed', responseStatus: null, response: null });
    await s.webhooks.recordAttempt({ ...failed, status: 'delivered', responseStatus: 204 }, 'a', 2);
    expect(await s.webhooks.getSubscription('a')).toMatchObject({ consecutiveFailures: 0, failing: false });
    // A dropped delivery (subscription disabled) is written without counting.
    await s.webhooks.recordAttempt({ ...failed, deliveryId: 'new', status: 'failed' }, null, 2);
    expect(await s.webhooks.getSubscription('a')).toMatchObject({ consecutiveFailures: 0 });
    expect(await s.webhooks.listDeliveries('a', 1)).toHaveLength(1);
  });

  it.skipIf(!engine.relational)('goes with the project', async () => {
    const p = await s.projects.insertProject(
      { name: 'A', apiToken: 'phc_a', timezone: 'UTC', createdAt: at('2026-01-01T00:00:00Z') },
      'production',
    );
    await s.webhooks.insertSubscription(subscription('a', p.id, '2026-01-01T00:00:00Z'));
    await s.webhooks.enqueue([{ ...delivery('d', 'a', '2026-01-01T00:00:00Z'), projectId: p.id }]);
    await s.projects.deleteProject(p.id);
    expect(await s.webhooks.listSubscriptions(p.id)).toEqual([]);
    expect(await s.webhooks.listDeliveries('a', 10)).toEqual([]);
  });
});
