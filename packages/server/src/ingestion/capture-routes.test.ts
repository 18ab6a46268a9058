import { gzipSync } from 'node:zlib';
import lzString from 'lz-string';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MemoryStorage } from '../storage/memory/memory-storage.ts';
import { type InProcess, inProcess } from '../testing/in-process.ts';
import { TEST_PERSONAL_KEY, TEST_PROJECT_KEY } from '../testing/test-server.ts';
import { CAPTURE_PATHS } from './capture-routes.ts';

interface EventJson {
  uuid: string;
  event: string;
  distinct_id: string;
  properties: Record<string, unknown>;
  timestamp: string;
}

let sp: InProcess;
beforeEach(async () => {
  sp = await inProcess('memory', {
    SIGNPOST_MAX_BODY_BYTES: '50000',
    SIGNPOST_MAX_DECODED_BYTES: '200000',
    SIGNPOST_TRUST_PROXY: 'true',
  });
});
afterEach(async () => {
  await sp.stop();
});

const events = async (query = '') =>
  (await sp.api<{ results: EventJson[] }>(`/api/projects/@current/events/?${query}`)).results;
const post = async (path: string, body: BodyInit, headers: Record<string, string> = {}) =>
  sp.signpost.app.request(path, { method: 'POST', body, headers });
const one = (name: string, extra: Record<string, unknown> = {}) => ({
  event: name,
  distinct_id: 'd1',
  ...extra,
});
const envelope = (name: string) => JSON.stringify({ api_key: TEST_PROJECT_KEY, batch: [one(name)] });

describe('capture endpoints', () => {
  const paths = CAPTURE_PATHS.flatMap((p) => [p, `${p}/`]);
  it.each(paths)('POST %s stores the batch and answers exactly 200 {"status":1}', async (path) => {
    const res = await post(path, envelope(`on ${path}`), { 'content-type': 'application/json' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 1 });
    expect((await events()).map((e) => e.event)).toEqual([`on ${path}`]);
  });

  it.each(paths)('GET %s?data= (base64) stores the event', async (path) => {
    const data = Buffer.from(JSON.stringify({ ...one('via get'), token: TEST_PROJECT_KEY })).toString(
      'base64',
    );
    const res = await sp.signpost.app.request(`${path}?data=${encodeURIComponent(data)}`);
    expect(res.status).toBe(200);
    expect((await events()).map((e) => e.event)).toEqual(['via get']);
  });

  const encodings: [string, () => Promise<Response>][] = [
    [
      'gzip by Content-Encoding',
      () =>
        post('/batch/', gzipSync(envelope('x')), {
          'content-type': 'application/json',
          'content-encoding': 'gzip',
        }),
    ],
    [
      'gzip by ?compression=gzip-js',
      () => post('/e/?compression=gzip-js', gzipSync(envelope('x')), { 'content-type': 'text/plain' }),
    ],
    [
      'gzip by magic bytes on text/plain',
      () => post('/e/', gzipSync(envelope('x')), { 'content-type': 'text/plain' }),
    ],
    [
      'base64 data= form body',
      () =>
        post(
          '/e/?compression=base64',
          `data=${encodeURIComponent(Buffer.from(envelope('x')).toString('base64'))}`,
          {
            'content-type': 'application/x-www-form-urlencoded',
          },
        ),
    ],
    [
      'form body whose + became spaces',
      () => {
        let json = JSON.stringify({
          api_key: TEST_PROJECT_KEY,
          batch: [one('x', { properties: { q: '>>>~~~' } })],
        });
        // Pad until the encoding contains a '+', which form decoding turns into a space.
        while (!Buffer.from(json).toString('base64').includes('+')) json += ' ';
        const b64 = Buffer.from(json).toString('base64');
        return post('/e/', `data=${b64.replace(/\+/g, ' ')}`, {
          'content-type': 'application/x-www-form-urlencoded',
        });
      },
    ],
    [
      'lz64',
      () =>
        post('/e/?compression=lz64', `data=${encodeURIComponent(lzString.compressToBase64(envelope('x')))}`, {
          'content-type': 'application/x-www-form-urlencoded',
        }),
    ],
    [
      'plain base64 body',
      () => post('/e/', Buffer.from(envelope('x')).toString('base64'), { 'content-type': 'text/plain' }),
    ],
    [
      'bare array with per-event token',
      () =>
        post('/e/', JSON.stringify([{ ...one('x'), token: TEST_PROJECT_KEY }]), {
          'content-type': 'application/json',
        }),
    ],
    [
      'single event with properties.token',
      () =>
        post('/e/', JSON.stringify({ ...one('x'), properties: { token: TEST_PROJECT_KEY } }), {
          'content-type': 'application/json',
        }),
    ],
    [
      '$token and $distinct_id aliases',
      () =>
        post('/capture/', JSON.stringify({ event: 'x', $distinct_id: 'd1', $token: TEST_PROJECT_KEY }), {}),
    ],
    [
      'NaN values from Python clients',
      () =>
        post(
          '/batch/',
          `{"api_key":"${TEST_PROJECT_KEY}","batch":[{"event":"x","distinct_id":"d1","properties":{"v":NaN}}]}`,
        ),
    ],
  ];
  it.each(encodings)('accepts %s', async (_name, send) => {
    const res = await send();
    expect(res.status, await res.clone().text()).toBe(200);
    const stored = await events();
    expect(stored.map((e) => [e.event, e.distinct_id])).toEqual([['x', 'd1']]);
  });

  it('answers CORS preflights mirroring the origin, with credentials', async () => {
    const res = await sp.signpost.app.request('/e/', {
      method: 'OPTIONS',
      headers: {
        origin: 'https://app.example.com',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-custom',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('x-custom');
  });

  it('serves remote config as JSON and as JS, advertising gzip-js', async () => {
    const json = await sp.signpost.app.request(`/array/${TEST_PROJECT_KEY}/config`);
    expect(json.status).toBe(200);
    expect(await json.json()).toMatchObject({
      token: TEST_PROJECT_KEY,
      supportedCompression: ['gzip', 'gzip-js'],
    });
    const js = await sp.signpost.app.request(`/array/${TEST_PROJECT_KEY}/config.js`);
    expect(js.headers.get('content-type')).toContain('javascript');
    expect(await js.text()).toMatch(/^\(function\(\)\{window\._POSTHOG_CONFIG = \{.*"supportedCompression"/);
    expect((await sp.signpost.app.request('/array/phc_unknown_token/config')).status).toBe(401);
  });
});

describe('bad input', () => {
  const errors: [string, () => Promise<Response>, number, string][] = [
    [
      'malformed JSON',
      () => post('/batch/', '{"api_key": "x", "batch": [', { 'content-type': 'application/json' }),
      400,
      'INVALID_JSON',
    ],
    [
      'broken gzip',
      () => post('/batch/', Buffer.from([0x1f, 0x8b, 1, 2, 3, 4]), { 'content-encoding': 'gzip' }),
      400,
      'INVALID_COMPRESSION',
    ],
    ['empty body', () => post('/batch/', ''), 400, 'EMPTY_BODY'],
    ['not an event', () => post('/batch/', '"hello"'), 400, 'INVALID_PAYLOAD'],
    [
      'batch that is not a list',
      () => post('/batch/', JSON.stringify({ api_key: TEST_PROJECT_KEY, batch: 3 })),
      400,
      'INVALID_PAYLOAD',
    ],
    ['missing token', () => post('/batch/', JSON.stringify({ batch: [one('x')] })), 401, 'MISSING_TOKEN'],
    [
      'unknown token',
      () => post('/batch/', JSON.stringify({ api_key: 'phc_nope_nope_nope', batch: [one('x')] })),
      401,
      'INVALID_TOKEN',
    ],
    [
      'personal key as token',
      () => post('/batch/', JSON.stringify({ api_key: TEST_PERSONAL_KEY, batch: [one('x')] })),
      401,
      'PERSONAL_KEY_AS_TOKEN',
    ],
    [
      'mixed tokens',
      () =>
        post(
          '/e/',
          JSON.stringify([
            { ...one('a'), token: TEST_PROJECT_KEY },
            { ...one('b'), token: 'phc_other_other' },
          ]),
        ),
      400,
      'MIXED_TOKENS',
    ],
    [
      'body over the limit',
      () =>
        post(
          '/batch/',
          JSON.stringify({
            api_key: TEST_PROJECT_KEY,
            batch: [one('x', { properties: { pad: 'x'.repeat(60000) } })],
          }),
        ),
      413,
      'PAYLOAD_TOO_LARGE',
    ],
    [
      'gzip bomb',
      () => post('/batch/', gzipSync(Buffer.alloc(400_000, 32)), { 'content-encoding': 'gzip' }),
      413,
      'PAYLOAD_TOO_LARGE',
    ],
    [
      'a batch of only invalid events',
      () => post('/batch/', JSON.stringify({ api_key: TEST_PROJECT_KEY, batch: [{ distinct_id: 'd' }] })),
      400,
      'INVALID_EVENTS',
    ],
  ];
  it.each(errors)('%s → %s %s in the contract error shape', async (_name, send, status, code) => {
    const res = await send();
    expect(res.status).toBe(status);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ code });
    expect(typeof body.type).toBe('string');
    expect(typeof body.detail).toBe('string');
    expect('attr' in body).toBe(true);
    expect(await events()).toEqual([]);
  });

  it('stores the valid events of a partly invalid batch and lists what was dropped, and why', async () => {
    const batch = [
      one('good-1'),
      { distinct_id: 'd1' },
      { event: 'no-id' },
      one('bad-time', { timestamp: 'yesterday-ish' }),
      one('bad-uuid', { uuid: 'not-a-uuid' }),
      'not an object',
      one('good-2'),
    ];
    const res = await post('/batch/', JSON.stringify({ api_key: TEST_PROJECT_KEY, batch }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: number; dropped: { index: number; code: string }[] };
    expect(body.status).toBe(1);
    expect(body.dropped.map((d) => [d.index, d.code])).toEqual([
      [1, 'MISSING_EVENT_NAME'],
      [2, 'MISSING_DISTINCT_ID'],
      [3, 'INVALID_TIMESTAMP'],
      [4, 'INVALID_UUID'],
      [5, 'NOT_AN_OBJECT'],
    ]);
    expect((await events()).map((e) => e.event).sort()).toEqual(['good-1', 'good-2']);
  });

  it('answers 503 when storage fails, caches nothing, and stores the retried request', async () => {
    (sp.storage as MemoryStorage).failNextCommit = true;
    const body = JSON.stringify({
      api_key: TEST_PROJECT_KEY,
      batch: [
        {
          event: 'e',
          distinct_id: 'new-user',
          uuid: '0190b6a2-0000-7000-8000-000000000001',
          properties: { $set: { a: 1 } },
        },
      ],
    });
    const failed = await post('/batch/', body);
    expect(failed.status).toBe(503);
    expect(((await failed.json()) as { code: string }).code).toBe('STORAGE_UNAVAILABLE');
    const retried = await post('/batch/', body);
    expect(retried.status).toBe(200);
    expect(await events()).toHaveLength(1);
    const persons = await sp.api<{ results: { properties: Record<string, unknown> }[] }>(
      '/api/projects/@current/persons/',
    );
    expect(persons.results.map((p) => p.properties)).toEqual([{ a: 1 }]);
  });
});

describe('event processing', () => {
  it('de-duplicates by uuid within a batch and across requests', async () => {
    const uuid = '0190b6a2-1111-7000-8000-00000000000a';
    const batch = [one('a', { uuid }), one('a', { uuid: uuid.toUpperCase() })];
    await post('/batch/', JSON.stringify({ api_key: TEST_PROJECT_KEY, batch }));
    await post('/batch/', JSON.stringify({ api_key: TEST_PROJECT_KEY, batch: [one('a', { uuid })] }));
    expect((await events()).map((e) => e.uuid)).toEqual([uuid]);
  });

  it('corrects client clock skew with sent_at, and uses offset when there is no timestamp', async () => {
    const skew = 3600_000; // the client's clock runs an hour ahead
    const clientNow = Date.now() + skew;
    await post(
      '/batch/',
      JSON.stringify({
        api_key: TEST_PROJECT_KEY,
        sent_at: new Date(clientNow).toISOString(),
        batch: [one('skewed', { timestamp: new Date(clientNow - 60_000).toISOString() })],
      }),
    );
    await post(
      '/batch/',
      JSON.stringify({ api_key: TEST_PROJECT_KEY, batch: [one('offset', { offset: 120_000 })] }),
    );
    const [skewed, offset] = await events();
    expect(Math.abs(Date.parse(skewed?.timestamp ?? '') - (Date.now() - 60_000))).toBeLessThan(5_000);
    expect(Math.abs(Date.parse(offset?.timestamp ?? '') - (Date.now() - 120_000))).toBeLessThan(5_000);
  });

  it('keeps timestamps of historical migrations as sent', async () => {
    const ts = '2024-03-01T10:00:00.000Z';
    await post(
      '/batch/',
      JSON.stringify({
        api_key: TEST_PROJECT_KEY,
        historical_migration: true,
        sent_at: new Date().toISOString(),
        batch: [one('old', { timestamp: ts })],
      }),
    );
    expect((await events())[0]?.timestamp).toBe(ts);
  });

  it('sets $ip from the request and derives browser, OS and device from the user agent', async () => {
    const ua =
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
    await post('/batch/', envelope('ua'), { 'user-agent': ua, 'x-forwarded-for': '203.0.113.9, 10.0.0.1' });
    const [e] = await events();
    expect(e?.properties).toMatchObject({
      $ip: '203.0.113.9',
      $browser: 'Chrome',
      $browser_version: '124.0',
      $os: 'Mac OS X',
      $device_type: 'Desktop',
    });
  });

  it('does not overwrite what the client sent, and derives nothing from a server library UA', async () => {
    await post(
      '/batch/',
      JSON.stringify({
        api_key: TEST_PROJECT_KEY,
        batch: [one('x', { properties: { $browser: 'Firefox', $ip: '1.2.3.4' } })],
      }),
      {
        'user-agent': 'posthog-node/5.70.0',
      },
    );
    const [e] = await events();
    expect(e?.properties.$browser).toBe('Firefox');
    expect(e?.properties.$ip).toBe('1.2.3.4');
    expect(e?.properties.$os).toBeUndefined();
  });

  it('merges top-level $set into properties, the top level winning', async () => {
    await sp.capture({
      api_key: TEST_PROJECT_KEY,
      batch: [one('$identify', { $set: { plan: 'top' }, properties: { $set: { plan: 'inner', x: 1 } } })],
    });
    const persons = await sp.api<{ results: { properties: Record<string, unknown> }[] }>(
      '/api/projects/@current/persons/',
    );
    expect(persons.results[0]?.properties).toEqual({ plan: 'top', x: 1 });
  });

  it('adds $initial_ properties once and keeps current ones up to date', async () => {
    const page = (url: string) => one('$pageview', { properties: { $current_url: url, $browser: 'Chrome' } });
    await sp.capture({ api_key: TEST_PROJECT_KEY, batch: [page('https://a.example/1')] });
    await sp.capture({ api_key: TEST_PROJECT_KEY, batch: [page('https://a.example/2')] });
    const persons = await sp.api<{ results: { properties: Record<string, unknown> }[] }>(
      '/api/projects/@current/persons/',
    );
    expect(persons.results[0]?.properties).toMatchObject({
      $current_url: 'https://a.example/2',
      $initial_current_url: 'https://a.example/1',
      $browser: 'Chrome',
      $initial_browser: 'Chrome',
    });
  });

  it('applies $set_once before $set and $unset last', async () => {
    await sp.capture({
      api_key: TEST_PROJECT_KEY,
      batch: [one('$set', { properties: { $set: { a: 1, b: 1 }, $set_once: { c: 1 } } })],
    });
    await sp.capture({
      api_key: TEST_PROJECT_KEY,
      batch: [
        one('$set', { properties: { $set_once: { a: 2, c: 2, d: 2 }, $set: { d: 3 }, $unset: ['b'] } }),
      ],
    });
    const persons = await sp.api<{ results: { properties: Record<string, unknown> }[] }>(
      '/api/projects/@current/persons/',
    );
    expect(persons.results[0]?.properties).toEqual({ a: 1, c: 1, d: 3 });
  });

  it('creates no person for personless events and strips their person updates', async () => {
    await sp.capture({
      api_key: TEST_PROJECT_KEY,
      batch: [one('anon', { properties: { $process_person_profile: false, $set: { a: 1 } } })],
    });
    const persons = await sp.api<{ results: unknown[] }>('/api/projects/@current/persons/');
    expect(persons.results).toEqual([]);
    const [e] = await events();
    expect(e?.properties.$set).toBeUndefined();
  });
});
