import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Signpost, SignpostOptions } from '../server.ts';
import { MemoryStorage } from '../storage/memory/memory-storage.ts';
import { apiClient } from '../testing/api-client.ts';
import { headerOf, WebhookReceiver } from './webhook-receiver.test-kit.ts';
import { verifySignature } from './webhook-signature.ts';
import { startSignpost, until } from './webhook-signpost.test-kit.ts';

const HOOKS = '/api/projects/@current/webhooks/';
const FLAGS = '/api/projects/@current/feature_flags/';

describe('webhooks over the API', () => {
  let receiver: WebhookReceiver;
  let sp: Signpost;
  let api: ReturnType<typeof apiClient>;
  const open = async (worker: SignpostOptions['webhookWorker'] = {}, env: Record<string, string> = {}) => {
    sp = await startSignpost(new MemoryStorage(), worker, env);
    api = apiClient(sp);
  };
  const subscribe = async (body: Record<string, unknown> = {}) => {
    const created = await api.post(HOOKS, { url: receiver.url, events: ['flag.changed'], ...body });
    expect(created.status).toBe(201);
    receiver.secret = String(created.json.secret);
    return String(created.json.id);
  };
  const deliveries = async (id: string) =>
    (await api.get(`${HOOKS}${id}/deliveries/`)).json.results as Record<string, unknown>[];

  beforeEach(async () => {
    receiver = await new WebhookReceiver().start();
  });
  afterEach(async () => {
    await receiver.stop();
    await sp.close();
  });

  it('shows the signing secret once, and refuses bad URLs, the server itself and unknown events with codes', async () => {
    await open({}, { SIGNPOST_PUBLIC_URL: 'https://signpost.example.com' });
    const created = await api.post(HOOKS, { url: receiver.url, events: ['flag.changed', 'flag.deleted'] });
    expect(created.status).toBe(201);
    expect(created.json.secret).toMatch(/^whsec_[0-9a-f]{48}$/);
    const id = String(created.json.id);
    expect((await api.get(`${HOOKS}${id}/`)).json).not.toHaveProperty('secret');
    const listed = await api.get(HOOKS);
    expect(listed.json).toMatchObject({ count: 1, results: [{ id, url: receiver.url, format: 'json' }] });
    expect(JSON.stringify(listed.json)).not.toContain(String(created.json.secret));

    const refused = async (body: Record<string, unknown>) => {
      const r = await api.post(HOOKS, { events: ['flag.changed'], ...body });
      return [r.status, (r.json as { code?: string }).code];
    };
    expect(await refused({ url: 'ftp://example.com/x' })).toEqual([400, 'INVALID_WEBHOOK_URL']);
    expect(await refused({ url: 'not a url' })).toEqual([400, 'INVALID_WEBHOOK_URL']);
    expect(await refused({ url: 'mailto:ops@example.com' })).toEqual([400, 'INVALID_WEBHOOK_URL']);
    expect(await refused({ url: 'http://127.0.0.1:8000/api/x' })).toEqual([400, 'WEBHOOK_URL_IS_SELF']);
    expect(await refused({ url: 'http://localhost:8000/' })).toEqual([400, 'WEBHOOK_URL_IS_SELF']);
    expect(await refused({ url: 'https://signpost.example.com/hook' })).toEqual([400, 'WEBHOOK_URL_IS_SELF']);
    expect(await refused({ url: receiver.url, events: ['flag.renamed'] })).toEqual([
      400,
      'UNKNOWN_WEBHOOK_EVENT',
    ]);
    expect(await refused({ url: receiver.url, events: [] })).toEqual([400, 'UNKNOWN_WEBHOOK_EVENT']);
    // Same host, another port; same port, another host: not this server.
    expect((await api.post(HOOKS, { url: 'http://127.0.0.1:8001/', events: ['flag.changed'] })).status).toBe(
      201,
    );
    expect(
      (await api.post(HOOKS, { url: 'https://signpost.example.com:8443/', events: ['alert.fired'] })).status,
    ).toBe(201);
    expect((await api.patch(`${HOOKS}${id}/`, { url: 'http://[::1]:8000/' })).json).toMatchObject({
      code: 'WEBHOOK_URL_IS_SELF',
    });
    expect((await api.patch(`${HOOKS}${id}/`, { enabled: false })).json).toMatchObject({ enabled: false });
    expect((await api.delete(`${HOOKS}${id}/`)).status).toBe(204);
    expect((await api.get(`${HOOKS}${id}/`)).status).toBe(404);
    expect((await api.get(HOOKS)).json.count).toBe(2);
  });

  it('posts a signed flag.changed with the key, the diff and who made it; the log keeps the answer', async () => {
    await open();
    const id = await subscribe();
    const flag = await api.post(FLAGS, {
      key: 'new-checkout',
      filters: { groups: [{ rollout_percentage: 10 }] },
    });
    await api.patch(`${FLAGS}${flag.json.id}/`, { active: false });
    const [created, changed] = await receiver.waitFor(2);
    if (!created || !changed) throw new Error('unreachable');
    expect(changed.verdict).toBe('ok');
    expect(headerOf(changed, 'x-signpost-event')).toBe('flag.changed');
    const payload = JSON.parse(changed.body);
    expect(headerOf(changed, 'x-signpost-delivery')).toBe(payload.id);
    expect(payload).toMatchObject({
      event: 'flag.changed',
      environment_id: expect.any(Number),
      data: {
        flag: { id: flag.json.id, key: 'new-checkout' },
        activity: 'updated',
        actor: { kind: 'personal_key' },
        changes: [{ field: 'active', before: true, after: false }],
      },
    });
    expect(JSON.parse(created.body).data.activity).toBe('created');
    await until(async () => (await deliveries(id)).every((d) => d.status === 'delivered'));
    const [newest] = await deliveries(id);
    expect(newest).toMatchObject({ id: payload.id, status: 'delivered', attempts: 1, response_status: 200 });
    expect(String(newest?.response)).toMatch(/^answered 200 x+$/);
    expect(String(newest?.response).length).toBe(1024);
    expect(newest?.duration_ms).toEqual(expect.any(Number));
  });

  it('refuses a replay: the same signed request five minutes later fails the receiver check', async () => {
    await open();
    await subscribe();
    await api.post(FLAGS, { key: 'replayed' });
    const [original] = await receiver.waitFor(1);
    if (!original) throw new Error('unreachable');
    const header = headerOf(original, 'x-signpost-signature');
    const later = new Date(Date.now() + 301_000);
    expect(verifySignature(receiver.secret, original.body, header, new Date())).toEqual({ ok: true });
    expect(verifySignature(receiver.secret, original.body, header, later)).toEqual({
      ok: false,
      reason: 'expired',
    });
    expect(verifySignature(receiver.secret, `${original.body} `, header, new Date())).toMatchObject({
      ok: false,
    });
    expect(verifySignature('whsec_other', original.body, header, new Date())).toMatchObject({ ok: false });
    // Replayed to the receiver itself, with its clock past the window: refused.
    receiver.now = () => later;
    const replay = await fetch(receiver.url, {
      method: 'POST',
      headers: { 'x-signpost-signature': header, 'content-type': 'application/json' },
      body: original.body,
    });
    expect(replay.status).toBe(401);
  });

  it('retries a receiver that answers 500, then 200, and logs both attempts as one delivery', async () => {
    await open({ retryDelaysMs: [50, 50] });
    const id = await subscribe();
    receiver.answer([500], 200);
    await api.post(FLAGS, { key: 'retried' });
    await receiver.waitFor(2);
    expect(receiver.received.map((r) => [r.verdict, r.answered])).toEqual([
      ['ok', 500],
      ['ok', 200],
    ]);
    const [first, second] = receiver.received;
    expect(headerOf(second!, 'x-signpost-delivery')).toBe(headerOf(first!, 'x-signpost-delivery'));
    await until(async () => (await deliveries(id))[0]?.status === 'delivered');
    expect((await deliveries(id))[0]).toMatchObject({ attempts: 2, response_status: 200 });
    expect((await api.get(`${HOOKS}${id}/`)).json).toMatchObject({ failing: false, consecutive_failures: 0 });
  });

  it('gives up after the last retry and marks the subscription failing', async () => {
    await open({ retryDelaysMs: [10, 10], failAfter: 3 });
    const id = await subscribe();
    receiver.answer([], 500);
    await api.post(FLAGS, { key: 'doomed' });
    await until(async () => (await deliveries(id))[0]?.status === 'failed');
    expect(receiver.received).toHaveLength(3);
    expect((await deliveries(id))[0]).toMatchObject({
      attempts: 3,
      response_status: 500,
      next_attempt_at: null,
    });
    expect((await api.get(`${HOOKS}${id}/`)).json).toMatchObject({ failing: true, consecutive_failures: 3 });
  });

  it('answers a flag PATCH at once while the receiver hangs, and the hung delivery holds up no other', async () => {
    await open();
    await subscribe();
    receiver.answer(['hang'], 200);
    const flag = await api.post(FLAGS, { key: 'hung' });
    await receiver.waitFor(1);
    const started = performance.now();
    const patched = await api.patch(`${FLAGS}${flag.json.id}/`, { active: false });
    const elapsed = performance.now() - started;
    expect(patched.status).toBe(200);
    // The first delivery still hangs (it waits on its 5 s timeout); the change did not wait on it.
    expect(elapsed).toBeLessThan(250);
    const [hung, next] = await receiver.waitFor(2, 2000);
    expect([hung?.answered, next?.answered]).toEqual(['hang', 200]);
    expect(JSON.parse(next!.body).data.changes).toEqual([
      expect.objectContaining({ field: 'active', after: false }),
    ]);
  });

  it('sends Slack-shaped messages and a test ping on request', async () => {
    await open();
    const id = await subscribe({ format: 'slack', events: ['flag.deleted'] });
    const ping = await api.post(`${HOOKS}${id}/test/`, {});
    expect(ping.status).toBe(202);
    const flag = await api.post(FLAGS, { key: 'to-remove' });
    expect(flag.status).toBe(201);
    await api.delete(`${FLAGS}${flag.json.id}/`);
    const [pinged, deleted] = await receiver.waitFor(2);
    expect(headerOf(pinged!, 'x-signpost-event')).toBe('ping');
    expect(headerOf(deleted!, 'x-signpost-event')).toBe('flag.deleted');
    const message = JSON.parse(deleted!.body);
    expect(message.text).toBe('Flag to-remove deleted');
    expect(message.blocks[0]).toEqual({
      type: 'section',
      text: { type: 'mrkdwn', text: '*Flag to-remove deleted*' },
    });
    expect(message.blocks[1].text.text).toContain('deleted: false → true');
    expect(receiver.received).toHaveLength(2);
  });
});
