import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InProcess, inProcess } from '../testing/in-process.ts';
import { TEST_PERSONAL_KEY, TEST_PROJECT_KEY } from '../testing/test-server.ts';

// Bad input on the OFREP endpoints: a clear 4xx whose body carries the OFREP errorCode (for providers) and the
// stable Signpost code (for people), never a 500, never an evaluation.
describe('OFREP bad input', () => {
  let sp: InProcess;
  beforeAll(async () => {
    sp = await inProcess('memory');
    const res = await sp.signpost.app.request('/api/projects/@current/feature_flags/', {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_PERSONAL_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ key: 'on', filters: { groups: [{ rollout_percentage: 100 }] } }),
    });
    expect(res.status).toBe(201);
  });
  afterAll(async () => {
    await sp.stop();
  });

  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    sp.signpost.app.request(path, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${TEST_PROJECT_KEY}`,
        'content-type': 'application/json',
        ...headers,
      },
      body,
    });
  const paths = ['/ofrep/v1/evaluate/flags/on', '/ofrep/v1/evaluate/flags'];
  const ok = JSON.stringify({ context: { targetingKey: 'u' } });

  it.each(paths)('%s: a wrong, missing or personal key is 401', async (path) => {
    for (const [headers, code] of [
      [{ authorization: 'Bearer phc_wrong' }, 'INVALID_TOKEN'],
      [{ authorization: '' }, 'MISSING_TOKEN'],
      [{ authorization: `Bearer ${TEST_PERSONAL_KEY}` }, 'PERSONAL_KEY_AS_TOKEN'],
      [{ authorization: '', 'x-api-key': 'phc_wrong' }, 'INVALID_TOKEN'],
    ] as const) {
      const res = await post(path, ok, headers);
      expect(res.status, code).toBe(401);
      expect(await res.json()).toMatchObject({ code });
    }
    expect((await post(path, ok, { authorization: '', 'x-api-key': TEST_PROJECT_KEY })).status).toBe(200);
  });

  it('an unknown flag is 404 in the OFREP FLAG_NOT_FOUND shape', async () => {
    const res = await post('/ofrep/v1/evaluate/flags/nope', ok);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({
      key: 'nope',
      errorCode: 'FLAG_NOT_FOUND',
      code: 'FLAG_NOT_FOUND',
    });
  });

  const malformed: [string, string, string][] = [
    ['not JSON', '{"context":', 'PARSE_ERROR'],
    ['a JSON array', '[]', 'INVALID_CONTEXT'],
    ['a string context', '{"context":"u"}', 'INVALID_CONTEXT'],
    ['an array context', '{"context":[1]}', 'INVALID_CONTEXT'],
    ['no targetingKey', '{"context":{"plan":"pro"}}', 'TARGETING_KEY_MISSING'],
    ['an empty body', '', 'TARGETING_KEY_MISSING'],
    ['an object targetingKey', '{"context":{"targetingKey":{"a":1}}}', 'INVALID_CONTEXT'],
    ['groups as a list', '{"context":{"targetingKey":"u","groups":["acme"]}}', 'INVALID_CONTEXT'],
    ['a group key object', '{"context":{"targetingKey":"u","groups":{"company":{}}}}', 'INVALID_CONTEXT'],
    [
      'groupProperties of a string',
      '{"context":{"targetingKey":"u","groupProperties":{"company":"x"}}}',
      'INVALID_CONTEXT',
    ],
    [
      'personProperties as a list',
      '{"context":{"targetingKey":"u","personProperties":[]}}',
      'INVALID_CONTEXT',
    ],
  ];
  it.each(paths)('%s: a malformed body or context is 400 with the OFREP error code', async (path) => {
    for (const [name, body, errorCode] of malformed) {
      const res = await post(path, body);
      expect(res.status, name).toBe(400);
      const json = (await res.json()) as Record<string, unknown>;
      expect(json, name).toMatchObject({ errorCode, type: 'validation_error' });
      expect(typeof json.code, name).toBe('string');
      expect(typeof json.errorDetails, name).toBe('string');
    }
  });

  it('fuzzed bodies never crash: every answer is 200 or a 4xx with a code', async () => {
    const pieces = [
      '{',
      '}',
      '"context"',
      ':',
      '"targetingKey"',
      '1',
      'null',
      '[',
      ']',
      ',',
      '"x"',
      'true',
      '1e999',
    ];
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let i = 0; i < 300; i++) {
      const body = Array.from(
        { length: 1 + Math.floor(random() * 12) },
        () => pieces[Math.floor(random() * pieces.length)],
      ).join('');
      for (const path of paths) {
        const res = await post(path, body);
        expect([200, 400], body).toContain(res.status);
        if (res.status === 400) expect(await res.json(), body).toHaveProperty('errorCode');
      }
    }
  });

  it('bulk answers 304 to a matching If-None-Match and 200 with a new ETag when the answer changes', async () => {
    const first = await post('/ofrep/v1/evaluate/flags', ok);
    const etag = first.headers.get('etag') ?? '';
    expect(etag).toMatch(/^".+"$/);
    expect((await first.json()) as unknown).toMatchObject({ flags: [{ key: 'on', value: true }] });
    const again = await post('/ofrep/v1/evaluate/flags', ok, { 'if-none-match': etag });
    expect(again.status).toBe(304);
    const other = await post(
      '/ofrep/v1/evaluate/flags',
      JSON.stringify({ context: { targetingKey: 'u', plan: 'x' } }),
      {
        'if-none-match': 'W/"stale"',
      },
    );
    expect(other.status).toBe(200);
  });

  it('answers CORS preflights for browsers and the configuration endpoint', async () => {
    const pre = await sp.signpost.app.request('/ofrep/v1/evaluate/flags', {
      method: 'OPTIONS',
      headers: {
        origin: 'https://app.example.com',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    expect(pre.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(pre.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    const config = await sp.signpost.app.request('/ofrep/v1/configuration', {
      headers: { authorization: `Bearer ${TEST_PROJECT_KEY}` },
    });
    expect(await config.json()).toMatchObject({ name: 'Signpost', capabilities: { cacheInvalidation: {} } });
  });
});
