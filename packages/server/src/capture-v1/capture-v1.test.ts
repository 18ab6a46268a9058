import { randomUUID } from 'node:crypto';
import { deflateSync, gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type InProcess, inProcess, STORAGE_KINDS, type StorageKind } from '../testing/in-process.ts';
import { TEST_PERSONAL_KEY, TEST_PROJECT_KEY } from '../testing/test-server.ts';

interface EventJson {
  uuid: string;
  event: string;
  distinct_id: string;
  properties: Record<string, unknown>;
  timestamp: string;
}

// The request posthog-python (capture_mode="v1") and posthog-go (CaptureModeAnalyticsV1) send: Bearer token,
// the PostHog-* headers, an envelope with created_at and no api_key/sent_at, sentinels lifted into options.
const v1Headers = (extra: Record<string, string> = {}) => ({
  authorization: `Bearer ${TEST_PROJECT_KEY}`,
  'content-type': 'application/json',
  'user-agent': 'posthog-python/7.0.0',
  'posthog-sdk-info': 'posthog-python/7.0.0',
  'posthog-attempt': '1',
  'posthog-request-id': randomUUID(),
  'posthog-request-timestamp': new Date().toISOString(),
  ...extra,
});
const v1Event = (event: string, extra: Record<string, unknown> = {}) => ({
  event,
  uuid: randomUUID(),
  distinct_id: 'user-1',
  timestamp: new Date().toISOString(),
  options: {},
  properties: { plan: 'pro' },
  ...extra,
});

describe.each(STORAGE_KINDS)('POST /i/v1/analytics/events on %s', (kind: StorageKind) => {
  let sp: InProcess;
  beforeEach(async () => {
    sp = await inProcess(kind);
  });
  afterEach(async () => {
    await sp.stop();
  });
  const post = (body: BodyInit, headers: Record<string, string> = v1Headers()) =>
    sp.signpost.app.request('/i/v1/analytics/events', { method: 'POST', body, headers });
  const stored = async () =>
    (await sp.api<{ results: EventJson[] }>('/api/projects/@current/events/?limit=100')).results;

  it('stores each event with the sentinels put back and answers ok per uuid', async () => {
    const a = v1Event('signed up', {
      session_id: 'sess-1',
      window_id: 'win-1',
      options: { process_person_profile: true, disable_skew_correction: true },
      properties: { plan: 'pro', $set: { email: 'a@example.com' } },
    });
    const b = v1Event('paid');
    const res = await post(JSON.stringify({ created_at: new Date().toISOString(), batch: [a, b] }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ results: { [a.uuid]: { result: 'ok' }, [b.uuid]: { result: 'ok' } } });
    const events = await stored();
    const signedUp = events.find((e) => e.uuid === a.uuid);
    expect(signedUp?.properties).toMatchObject({
      plan: 'pro',
      $session_id: 'sess-1',
      $window_id: 'win-1',
      $process_person_profile: true,
      $lib: 'posthog-python',
      $lib_version: '7.0.0',
    });
    expect(events.map((e) => e.event).sort()).toEqual(['paid', 'signed up']);
  });

  it('reads gzip and zlib-deflate bodies, as capture_compression sends them', async () => {
    const gz = v1Event('gz');
    const df = v1Event('deflated');
    const body = (e: unknown) => JSON.stringify({ created_at: new Date().toISOString(), batch: [e] });
    const r1 = await post(gzipSync(body(gz)), v1Headers({ 'content-encoding': 'gzip' }));
    const r2 = await post(deflateSync(body(df)), v1Headers({ 'content-encoding': 'deflate' }));
    expect([r1.status, r2.status]).toEqual([200, 200]);
    expect((await stored()).map((e) => e.event).sort()).toEqual(['deflated', 'gz']);
  });

  it('drops only the invalid events, per uuid, and keeps the rest', async () => {
    const good = v1Event('kept');
    const bad = v1Event('', { distinct_id: '' });
    const res = await post(JSON.stringify({ created_at: new Date().toISOString(), batch: [good, bad] }));
    const body = (await res.json()) as { results: Record<string, { result: string; details?: string }> };
    expect(res.status).toBe(200);
    expect(body.results[good.uuid]).toEqual({ result: 'ok' });
    expect(body.results[bad.uuid]?.result).toBe('drop');
    expect((await stored()).map((e) => e.event)).toEqual(['kept']);
  });

  it('answers a batch of only invalid events with 200 and drops, so the SDK does not retry them', async () => {
    const bad = v1Event('', { distinct_id: '' });
    const res = await post(JSON.stringify({ created_at: new Date().toISOString(), batch: [bad] }));
    expect(res.status).toBe(200);
    expect(((await res.json()) as { results: Record<string, { result: string }> }).results).toMatchObject({
      [bad.uuid]: { result: 'drop' },
    });
  });

  it.each([
    ['no Authorization header', { authorization: '' }, 401, 'MISSING_TOKEN'],
    ['an unknown key', { authorization: 'Bearer phc_nope' }, 401, 'INVALID_TOKEN'],
    ['a personal key', { authorization: `Bearer ${TEST_PERSONAL_KEY}` }, 401, 'PERSONAL_KEY_AS_TOKEN'],
    ['an unknown encoding', { 'content-encoding': 'br' }, 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['corrupt deflate', { 'content-encoding': 'deflate' }, 400, 'INVALID_COMPRESSION'],
  ])('refuses %s with a terminal 4xx and stores nothing', async (_name, headers, status, code) => {
    const body = JSON.stringify({ created_at: new Date().toISOString(), batch: [v1Event('x')] });
    const res = await post(body, v1Headers(headers));
    expect(res.status).toBe(status);
    expect(await res.json()).toMatchObject({ code });
    expect(await stored()).toEqual([]);
  });

  it.each([
    ['not JSON', '{nope', 'INVALID_JSON'],
    ['no batch', JSON.stringify({ created_at: 'x' }), 'INVALID_PAYLOAD'],
    ['a bare event', JSON.stringify(v1Event('x')), 'INVALID_PAYLOAD'],
  ])('answers %s with 400', async (_name, body, code) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code });
  });
});

describe('POST /i/v0/ai/batch/ (posthog-python AI events)', () => {
  it('stores the /batch/ envelope posthog-python sends there', async () => {
    const sp = await inProcess('memory');
    try {
      const res = await sp.capture(
        {
          api_key: TEST_PROJECT_KEY,
          sent_at: new Date().toISOString(),
          batch: [{ event: '$ai_generation', distinct_id: 'u', properties: { $ai_model: 'gpt' } }],
        },
        '/i/v0/ai/batch/',
      );
      expect(res.status).toBe(200);
      const { results } = await sp.api<{ results: EventJson[] }>('/api/projects/@current/events/');
      expect(results.map((e) => [e.event, e.properties.$ai_model])).toEqual([['$ai_generation', 'gpt']]);
    } finally {
      await sp.stop();
    }
  });
});
