import { afterEach, describe, expect, it } from 'vitest';
import { type InProcess, inProcess } from '../../testing/in-process.ts';
import { TEST_PERSONAL_KEY, TEST_PROJECT_KEY, TEST_SECRET_KEY } from '../../testing/test-server.ts';

// Every limit hit and recovered in process, with tiny limits (2 requests, 2 per second) so the loops stay short.

const TINY = { SIGNPOST_RATE_LIMIT_BURST_SECONDS: '1', SIGNPOST_METRICS_TOKEN: 'metrics-token-0123456789' };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let sp: InProcess | undefined;
afterEach(async () => {
  await sp?.stop();
  sp = undefined;
});

async function start(env: Record<string, string>): Promise<InProcess> {
  sp = await inProcess('memory', { ...TINY, ...env });
  return sp;
}

const batch = (event: string, headers: Record<string, string> = {}) =>
  sp?.signpost.app.request('/batch/', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ api_key: TEST_PROJECT_KEY, batch: [{ event, distinct_id: 'u1' }] }),
  }) as Promise<Response>;

const flags = (headers: Record<string, string> = {}) =>
  sp?.signpost.app.request('/flags/?v=2', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ token: TEST_PROJECT_KEY, distinct_id: 'u1' }),
  }) as Promise<Response>;

async function scrape(): Promise<string> {
  const response = await sp?.signpost.app.request('/metrics', {
    headers: { authorization: `Bearer ${TINY.SIGNPOST_METRICS_TOKEN}` },
  });
  return (await response?.text()) ?? '';
}

function counter(text: string, name: string, labels: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}}`));
  return line === undefined ? 0 : Number(line.split(' ').at(-1));
}

describe('rate limits', () => {
  it('capture per project key: 503 with Retry-After, nothing stored from the refused request, then recovers', async () => {
    await start({ SIGNPOST_RATE_LIMIT_CAPTURE_PER_KEY: '2' });
    expect((await batch('ok-1')).status).toBe(200);
    expect((await batch('ok-2')).status).toBe(200);
    const refused = await batch('refused');
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(await refused.json()).toMatchObject({
      type: 'throttled_error',
      code: 'CAPTURE_RATE_LIMITED',
      attr: null,
      retry_after: 1,
    });
    await sleep(600);
    expect((await batch('ok-3')).status).toBe(200);
    const stored = await sp?.api<{ results: { event: string }[] }>('/api/projects/@current/events/');
    expect(stored?.results.map((e) => e.event).sort()).toEqual(['ok-1', 'ok-2', 'ok-3']);
    expect(
      counter(await scrape(), 'signpost_rate_limited_requests_total', 'route="capture",by="project_key"'),
    ).toBe(1);
  });

  it('/flags per project key: 429 that posthog-js reads as quota limited, then recovers', async () => {
    await start({ SIGNPOST_RATE_LIMIT_FLAGS_PER_KEY: '2' });
    expect((await flags()).status).toBe(200);
    expect((await flags()).status).toBe(200);
    const refused = await flags();
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(await refused.json()).toMatchObject({
      code: 'RATE_LIMITED',
      quotaLimited: ['feature_flags'],
      errorsWhileComputingFlags: true,
    });
    // /decide shares the bucket.
    const decide = await sp?.signpost.app.request('/decide/?v=3', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: TEST_PROJECT_KEY, distinct_id: 'u1' }),
    });
    expect(decide?.status).toBe(429);
    await sleep(600);
    expect((await flags()).status).toBe(200);
    expect(
      counter(await scrape(), 'signpost_rate_limited_requests_total', 'route="flags",by="project_key"'),
    ).toBe(2);
  });

  it('per client address behind a trusted proxy: the proxy-appended address counts, loopback is exempt', async () => {
    await start({
      SIGNPOST_RATE_LIMIT_CAPTURE_PER_IP: '2',
      SIGNPOST_RATE_LIMIT_FLAGS_PER_IP: '2',
      SIGNPOST_TRUST_PROXY: 'true',
    });
    const from = (address: string, forged = '') => ({
      'x-forwarded-for': forged ? `${forged}, ${address}` : address,
      origin: 'https://app.example.com',
    });
    expect((await batch('a', from('203.0.113.5'))).status).toBe(200);
    // A client rotating the first X-Forwarded-For entry still spends the same bucket.
    expect((await batch('b', from('203.0.113.5', '10.0.0.1'))).status).toBe(200);
    const refused = await batch('c', from('203.0.113.5', '10.0.0.2'));
    expect(refused.status).toBe(503);
    // A browser can read the refusal and its delay across origins.
    expect(refused.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(refused.headers.get('access-control-expose-headers')).toBe('Retry-After');
    // Another address, and the loopback address, are not affected.
    expect((await batch('d', from('198.51.100.7'))).status).toBe(200);
    for (let i = 0; i < 5; i++) expect((await batch(`local-${i}`, from('127.0.0.1'))).status).toBe(200);
    // /flags has buckets of its own.
    expect((await flags(from('203.0.113.5'))).status).toBe(200);
    expect((await flags(from('203.0.113.5'))).status).toBe(200);
    expect((await flags(from('203.0.113.5'))).status).toBe(429);
    // Preflights are never refused.
    const preflight = await sp?.signpost.app.request('/flags/', {
      method: 'OPTIONS',
      headers: from('203.0.113.5'),
    });
    expect(preflight?.status).toBe(204);
    await sleep(600);
    expect((await batch('e', from('203.0.113.5'))).status).toBe(200);
    const text = await scrape();
    expect(counter(text, 'signpost_rate_limited_requests_total', 'route="capture",by="ip"')).toBe(1);
    expect(counter(text, 'signpost_rate_limited_requests_total', 'route="flags",by="ip"')).toBe(1);
  });

  it('/api per caller: each key has its own bucket, and the refusal is 429 without CORS headers', async () => {
    await start({ SIGNPOST_RATE_LIMIT_API_PER_CALLER: '2' });
    const get = (key: string) =>
      sp?.signpost.app.request('/api/projects/@current/', {
        headers: { authorization: `Bearer ${key}`, origin: 'https://evil.example' },
      }) as Promise<Response>;
    expect((await get(TEST_PERSONAL_KEY)).status).toBe(200);
    expect((await get(TEST_PERSONAL_KEY)).status).toBe(200);
    const refused = await get(TEST_PERSONAL_KEY);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    expect(await refused.json()).toMatchObject({ type: 'throttled_error', code: 'RATE_LIMITED' });
    // The secret key's definitions polls are counted apart from the admin's key.
    const definitions = () =>
      sp?.signpost.app.request('/flags/definitions', {
        headers: { authorization: `Bearer ${TEST_SECRET_KEY}` },
      });
    expect((await definitions())?.status).toBe(200);
    expect((await definitions())?.status).toBe(200);
    expect((await definitions())?.status).toBe(429);
    // Unauthenticated requests are refused by authentication before they can spend anyone's bucket.
    expect((await sp?.signpost.app.request('/api/projects/@current/'))?.status).toBe(401);
    await sleep(600);
    expect((await get(TEST_PERSONAL_KEY)).status).toBe(200);
    expect(counter(await scrape(), 'signpost_rate_limited_requests_total', 'route="api",by="caller"')).toBe(
      2,
    );
  });

  it('0 turns a limit off', async () => {
    await start({ SIGNPOST_RATE_LIMIT_FLAGS_PER_KEY: '0', SIGNPOST_RATE_LIMIT_BURST_SECONDS: '0.001' });
    for (let i = 0; i < 20; i++) expect((await flags()).status).toBe(200);
  });
});
