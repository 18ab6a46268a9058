import { describe, expect, it } from 'vitest';
import { PosthogClient } from './posthog-client.ts';

/** A client over a scripted fetch: each call answers the next response and records the URL and headers. */
function scripted(responses: (() => Response)[]) {
  const calls: { url: string; authorization: string | null }[] = [];
  const waits: number[] = [];
  const client = new PosthogClient({
    host: 'https://posthog.example.com/',
    personalApiKey: 'phx_key',
    maxRetries: 2,
    sleep: async (ms) => {
      waits.push(ms);
    },
    fetch: async (input, init) => {
      calls.push({ url: String(input), authorization: new Headers(init?.headers).get('authorization') });
      const next = responses.shift();
      if (!next) throw new Error('no more responses');
      return next();
    },
  });
  return { client, calls, waits };
}

const json =
  (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  () =>
    new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json', ...headers },
    });

describe('PosthogClient', () => {
  it('keeps the key on its own host when a next URL names another', async () => {
    const { client, calls } = scripted([json({ results: [] })]);
    await client.get('https://attacker.example/api/projects/1/persons/?offset=100');
    expect(calls).toEqual([
      {
        url: 'https://posthog.example.com/api/projects/1/persons/?offset=100',
        authorization: 'Bearer phx_key',
      },
    ]);
  });

  it('reads Retry-After as seconds or as a date, and backs off doubling without one', async () => {
    const inTwoSeconds = new Date(Date.now() + 2000).toUTCString();
    const { client, waits } = scripted([
      json({}, 429, { 'retry-after': '3' }),
      json({}, 503),
      json({ ok: 1 }),
    ]);
    expect(await client.get('/api/x/')).toEqual({ ok: 1 });
    expect(waits).toEqual([3000, 2000]);
    const dated = scripted([json({}, 429, { 'retry-after': inTwoSeconds }), json({ ok: 2 })]);
    expect(await dated.client.get('/api/x/')).toEqual({ ok: 2 });
    expect(dated.waits[0]).toBeGreaterThan(0);
    expect(dated.waits[0]).toBeLessThanOrEqual(2000);
  });

  it('stops after its retries with the last status as the reason', async () => {
    const { client, calls } = scripted([json({}, 502), json({}, 502), json({ detail: 'bad gateway' }, 502)]);
    await expect(client.get('/api/x/')).rejects.toMatchObject({
      code: 'POSTHOG_BAD_RESPONSE',
      message: 'GET /api/x/ answered 502: bad gateway',
    });
    expect(calls).toHaveLength(3);
  });
});
