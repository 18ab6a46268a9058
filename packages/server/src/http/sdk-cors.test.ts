import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, TEST_PROJECT_KEY, type TestServer } from '../testing/test-server.ts';

// The SDK endpoints' CORS headers, both ways a request can reach the app: over a real socket (headers go onto
// Node's response) and in process through `app.request` (headers go through Hono).

const ORIGIN = 'https://app.example.com';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
});

type Send = (path: string, init: RequestInit) => Promise<Response>;
const ways: [string, () => Send][] = [
  ['over a socket', () => (path, init) => fetch(`${server.url}${path}`, init)],
  ['in process', () => (path, init) => Promise.resolve(server.signpost.app.request(path, init))],
];

describe.each(ways)('SDK CORS %s', (_way, sender) => {
  const flags = (body: unknown, headers: Record<string, string>) =>
    sender()('/flags/?v=2', { method: 'POST', headers, body: JSON.stringify(body) });

  it('mirrors the origin on an answer, with credentials, and leaves the body and its type alone', async () => {
    const res = await flags({ token: TEST_PROJECT_KEY, distinct_id: 'u' }, { origin: ORIGIN });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    expect(res.headers.get('vary')).toBe('Origin');
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toMatchObject({ errorsWhileComputingFlags: false, flags: {} });
  });

  it('answers * without an origin, and keeps the headers on an error answer', async () => {
    const res = await flags({ token: 'phc_not_a_known_project', distinct_id: 'u' }, {});
    expect(res.status).toBe(401);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(await res.json()).toMatchObject({ code: 'INVALID_TOKEN', attr: 'token' });
  });

  it('answers a preflight with 204, the methods and the requested headers', async () => {
    const res = await sender()('/e/', {
      method: 'OPTIONS',
      headers: {
        origin: ORIGIN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, x-custom',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(res.headers.get('access-control-allow-methods')).toBe('GET,POST,OPTIONS');
    expect(res.headers.get('access-control-allow-headers')).toBe('content-type,x-custom');
    expect(res.headers.get('access-control-max-age')).toBe('86400');
    expect(res.headers.get('vary')).toBe('Origin, Access-Control-Request-Headers');
    expect(await res.text()).toBe('');
  });
});
