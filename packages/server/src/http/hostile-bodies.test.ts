import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, TEST_PERSONAL_KEY, type TestServer } from '../testing/test-server.ts';

// Bodies that used to be read without a cap, or to reach a recursive walk unchecked, sent over a real socket.

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
});

const auth = { authorization: `Bearer ${TEST_PERSONAL_KEY}`, 'content-type': 'application/json' };
const send = (path: string, body: BodyInit, headers: Record<string, string> = auth) =>
  fetch(`${server.url}${path}`, { method: 'POST', body, headers });
const nest = (depth: number, inner: string) => `${'{"x":'.repeat(depth)}${inner}${'}'.repeat(depth)}`;

/** Streams `total` bytes with chunked framing (no Content-Length), resolving with the status and bytes sent. */
function streamBody(path: string, total: number): Promise<{ status: number; sent: number }> {
  const url = new URL(`${server.url}${path}`);
  return new Promise((resolve, reject) => {
    let sent = 0;
    const request = http.request(
      {
        host: url.hostname,
        port: url.port,
        path,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve({ status: response.statusCode ?? 0, sent }));
      },
    );
    request.on('error', (error: NodeJS.ErrnoException) => {
      // The server may answer and close before the client has finished writing.
      if (error.code === 'EPIPE' || error.code === 'ECONNRESET') resolve({ status: 413, sent });
      else reject(error);
    });
    const chunk = Buffer.alloc(64 * 1024, 'a');
    const pump = () => {
      while (sent < total) {
        sent += chunk.length;
        if (!request.write(chunk)) return void request.once('drain', pump);
      }
      request.end();
    };
    pump();
  });
}

describe('sign-in and setup bodies are small and capped', () => {
  it.each(['/_auth/login', '/_auth/setup'])(
    '%s refuses a 1 MB declared body with 413 before reading it',
    async (path) => {
      const res = await send(path, JSON.stringify({ email: 'a@b.c', password: 'x'.repeat(1024 * 1024) }), {
        'content-type': 'application/json',
      });
      expect(res.status).toBe(413);
      expect(await res.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    },
  );

  it('a chunked 50 MB stream to /_auth/login is cut off at the limit, and the server stays healthy', async () => {
    const before = process.memoryUsage().rss;
    const { status } = await streamBody('/_auth/login', 50 * 1024 * 1024);
    expect(status).toBe(413);
    expect(process.memoryUsage().rss - before).toBeLessThan(40 * 1024 * 1024);
    expect((await fetch(`${server.url}/_health`)).status).toBe(200);
  });
});

describe('depth limits before recursive walks', () => {
  it('cohort filters nested 2,000 deep → 400 JSON_TOO_DEEP', async () => {
    const res = await send('/api/projects/@current/cohorts/', `{"name":"deep","filters":${nest(2000, '1')}}`);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'JSON_TOO_DEEP' });
  });

  it('flag filters with an unknown field nested 100,000 deep → 400 JSON_TOO_DEEP', async () => {
    const res = await send(
      '/api/projects/@current/feature_flags/',
      `{"key":"deep","filters":{"groups":[],"unknown":${nest(100_000, '1')}}}`,
    );
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'JSON_TOO_DEEP' });
  });

  it('a query nested 10,000 deep → 400, and /flags person properties nested 10,000 deep → 400', async () => {
    const query = await send('/api/projects/@current/query/', `{"query":${nest(10_000, '{}')}}`);
    expect(query.status).toBe(400);
    expect(await query.json()).toMatchObject({ code: 'JSON_TOO_DEEP' });
    const flags = await send(
      '/flags/?v=2',
      `{"token":"phc_test_project_key_0001","distinct_id":"d","person_properties":${nest(10_000, '1')}}`,
      { 'content-type': 'application/json' },
    );
    expect(flags.status).toBe(400);
    expect(await flags.json()).toMatchObject({ code: 'JSON_TOO_DEEP' });
  });

  it('an ordinary nested flag definition still works', async () => {
    const res = await send(
      '/api/projects/@current/feature_flags/',
      JSON.stringify({
        key: 'shallow-enough',
        filters: {
          groups: [
            {
              properties: [{ key: 'plan', value: ['pro'], operator: 'exact', type: 'person' }],
              rollout_percentage: 100,
            },
          ],
        },
      }),
    );
    expect(res.status).toBe(201);
  });
});

describe('cohort uploads', () => {
  it('a multipart upload without its closing boundary → 400, not 500', async () => {
    const boundary = 'XyZ';
    const body = `--${boundary}\r\nContent-Disposition: form-data; name="csv"; filename="m.csv"\r\nContent-Type: text/csv\r\n\r\ndistinct_id\r\nu1\r\n`;
    const res = await send('/api/projects/@current/cohorts/', body, {
      authorization: `Bearer ${TEST_PERSONAL_KEY}`,
      'content-type': `multipart/form-data; boundary=${boundary}`,
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'INVALID_BODY' });
  });

  it('a well-formed multipart upload still creates the static cohort', async () => {
    const form = new FormData();
    form.set('name', 'uploaded');
    form.set('csv', new Blob(['distinct_id\nu1\nu2\n'], { type: 'text/csv' }), 'members.csv');
    const res = await fetch(`${server.url}/api/projects/@current/cohorts/`, {
      method: 'POST',
      body: form,
      headers: { authorization: `Bearer ${TEST_PERSONAL_KEY}` },
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ name: 'uploaded', is_static: true });
  });
});
