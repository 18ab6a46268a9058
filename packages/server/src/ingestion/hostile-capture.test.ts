import { gzipSync } from 'node:zlib';
import lzString from 'lz-string';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, TEST_PROJECT_KEY, type TestServer } from '../testing/test-server.ts';

// Hostile capture bodies from the hardening probe, sent over a real socket to a DuckDB-backed server. Each must
// be refused alone (its own 4xx, or a `dropped` entry) while every other client's events are stored.

let server: TestServer;
const MAX_DECODED = 1_000_000;
beforeAll(async () => {
  server = await startTestServer({
    env: { SIGNPOST_MAX_BATCH_EVENTS: '5000', SIGNPOST_MAX_DECODED_BYTES: String(MAX_DECODED) },
  });
});
afterAll(async () => {
  await server.stop();
});

const post = (path: string, body: BodyInit, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${path}`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', ...headers },
  });
// Events as JSON text: a 5,000-deep value is easy to send but overflows JSON.stringify in a test worker.
const batchText = (events: string[]) => `{"api_key":"${TEST_PROJECT_KEY}","batch":[${events.join(',')}]}`;
const batch = (events: unknown[]) => batchText(events.map((e) => JSON.stringify(e)));
const nest = (depth: number) => `${'{"next":'.repeat(depth)}"bottom"${'}'.repeat(depth)}`;
/**
 * An lz64 stream of one character repeated: lz-string's LZW emits the codes 4, 5, 6… each standing for one more
 * `a` than the last, so n codes expand to ~n²/2 characters (lz-string itself needs minutes to compress that).
 */
function lz64RunBomb(codes: number): string {
  const bits: number[] = [];
  const put = (value: number, width: number) => {
    for (let i = 0; i < width; i++) bits.push((value >> i) & 1);
  };
  put(0, 2);
  put('a'.charCodeAt(0), 8);
  let width = 3;
  let room = 4;
  for (let next = 4; next < 4 + codes; next++) {
    put(next, width);
    if (--room === 0) {
      room = 1 << width;
      width++;
    }
  }
  put(2, width);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let out = '';
  for (let i = 0; i < bits.length; i += 6) {
    let v = 0;
    for (let j = 0; j < 6; j++) v = (v << 1) | (bits[i + j] ?? 0);
    out += alphabet[v];
  }
  return out;
}

const countOf = async (event: string) =>
  (await server.api<{ results: unknown[] }>(`/api/projects/@current/events/?event=${event}&limit=1000`))
    .results.length;

const poisons: [string, string][] = [
  ['offset 1e308', '{"event":"poison","distinct_id":"p","offset":1e308}'],
  ['sent_at 1e300 with a timestamp', '{"event":"poison","distinct_id":"p","timestamp":1000,"sent_at":1e300}'],
  [
    'properties nested 5,000 deep',
    `{"event":"poison","distinct_id":"p","properties":{"deep":${nest(5000)}}}`,
  ],
  ['$set nested 5,000 deep', `{"event":"poison","distinct_id":"p","$set":{"deep":${nest(5000)}}}`],
];

describe('poison events', () => {
  it.each(poisons)('%s is dropped alone with its code; its batch-mates are stored', async (name, poison) => {
    const tag = `mate-${name.replace(/\W/g, '')}`;
    const mate = JSON.stringify({ event: tag, distinct_id: 'm' });
    const res = await post('/batch/', batchText([mate, poison, mate]));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { dropped: { index: number; code: string }[] };
    expect(body.dropped).toHaveLength(1);
    expect(body.dropped[0]?.index).toBe(1);
    expect(['INVALID_TIMESTAMP', 'EVENT_TOO_DEEP']).toContain(body.dropped[0]?.code);
    expect(await countOf(tag)).toBe(2);
  });

  it('a poison-only request gets 400, and 200 normal requests sent alongside all succeed', async () => {
    const normal = Array.from({ length: 200 }, (_, i) =>
      post('/batch/', batch([{ event: 'crowd', distinct_id: `c${i}`, properties: { i } }])),
    );
    const hostile = poisons.map(([, p]) => post('/batch/', batchText([p])));
    const [normals, hostiles] = await Promise.all([Promise.all(normal), Promise.all(hostile)]);
    expect(normals.map((r) => r.status)).toEqual(normals.map(() => 200));
    for (const r of hostiles) {
      expect(r.status).toBe(400);
      expect(await r.json()).toMatchObject({ code: 'INVALID_EVENTS' });
    }
    expect(await countOf('crowd')).toBe(200);
    expect(await countOf('poison')).toBe(0);
  });
});

describe('prototype names as person properties', () => {
  it('$set / $set_once with __proto__, constructor and toString are stored as ordinary properties', async () => {
    const set = '{"__proto__":{"polluted":true},"constructor":"c","toString":"t"}';
    const once = '{"hasOwnProperty":"h","valueOf":1}';
    const res = await post(
      '/batch/',
      batchText([`{"event":"e","distinct_id":"proto-user","$set":${set},"$set_once":${once}}`]),
    );
    expect(res.status).toBe(200);
    const persons = await server.api<{ results: { properties: Record<string, unknown> }[] }>(
      '/api/projects/@current/persons/?distinct_id=proto-user',
    );
    const props = persons.results[0]?.properties ?? {};
    expect(Object.hasOwn(props, '__proto__')).toBe(true);
    expect(JSON.parse(JSON.stringify(props))).toMatchObject({
      constructor: 'c',
      toString: 't',
      hasOwnProperty: 'h',
      valueOf: 1,
    });
    expect(JSON.stringify(props)).toContain('"__proto__":{"polluted":true}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('decoder output caps', () => {
  it('an lz64 bomb is refused with 413 on capture and on /flags, and the server keeps answering', async () => {
    // 8,000 codes expand to 32M characters, 32× the cap, from 12 KB (the probe's 122 KB expanded to 450M).
    const bomb = lz64RunBomb(8000);
    expect(bomb.length).toBeLessThan(20_000);
    expect(lzString.decompressFromBase64(lz64RunBomb(50))).toBe('a'.repeat((51 * 52) / 2));
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    for (const path of ['/batch/?compression=lz64', '/flags/?v=2&compression=lz64']) {
      const started = Date.now();
      const res = await post(path, `data=${encodeURIComponent(bomb)}`, form);
      expect(res.status).toBe(413);
      expect(await res.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
      expect(Date.now() - started).toBeLessThan(5_000);
    }
    expect((await fetch(`${server.url}/_health`)).status).toBe(200);
  });

  it('?compression=lz64 on a body that is not lz64 is a 400, not a 500', async () => {
    for (const path of ['/batch/?compression=lz64', '/e/?compression=lz64', '/flags/?v=2&compression=lz64']) {
      const res = await post(path, batch([{ event: 'x', distinct_id: 'd' }]));
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ code: 'INVALID_COMPRESSION' });
    }
  });

  it('a real lz64 body from posthog-js still works', async () => {
    const body = lzString.compressToBase64(batch([{ event: 'lz-ok', distinct_id: 'd' }]));
    const res = await post('/e/?compression=lz64', `data=${encodeURIComponent(body)}`, {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(res.status).toBe(200);
    expect(await countOf('lz-ok')).toBe(1);
  });

  it('a million tiny events in one small gzip body are refused fast while /_health answers', async () => {
    const tiny = JSON.stringify({ event: 'e', distinct_id: 'd' });
    const text = `{"api_key":"${TEST_PROJECT_KEY}","batch":[${Array.from({ length: 600_000 }, () => tiny).join(',')}]}`;
    const gz = gzipSync(text);
    expect(gz.length).toBeLessThan(200_000);
    const started = Date.now();
    const big = post('/batch/', gz, { 'content-encoding': 'gzip' });
    const health = (async () => {
      await new Promise((r) => setTimeout(r, 20));
      const t = Date.now();
      const res = await fetch(`${server.url}/_health`);
      return { status: res.status, ms: Date.now() - t };
    })();
    const res = await big;
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect((await health).status).toBe(200);
  });

  it('more events in one request than SIGNPOST_MAX_BATCH_EVENTS is a 413 naming the limit', async () => {
    const res = await post(
      '/batch/',
      batch(Array.from({ length: 5001 }, () => ({ event: 'over', distinct_id: 'o' }))),
    );
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      detail: expect.stringContaining('at most 5000'),
    });
    expect(await countOf('over')).toBe(0);
  });

  it('/_health answers while a large batch is being normalised and committed in slices', async () => {
    const events = Array.from({ length: 5000 }, (_, i) => ({
      event: 'slice',
      distinct_id: `s${i % 50}`,
      properties: { i },
    }));
    let captureDone = 0;
    const capture = post('/batch/', batch(events)).then((r) => {
      captureDone = Date.now();
      return r;
    });
    await new Promise((r) => setTimeout(r, 30));
    const health = await fetch(`${server.url}/_health`);
    const healthDone = Date.now();
    expect(health.status).toBe(200);
    expect((await capture).status).toBe(200);
    expect(healthDone).toBeLessThanOrEqual(captureDone);
    expect(await countOf('slice')).toBe(1000);
  });
});
