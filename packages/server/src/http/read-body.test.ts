import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startTestServer,
  TEST_PERSONAL_KEY,
  TEST_PROJECT_KEY,
  type TestServer,
} from '../testing/test-server.ts';

// Request bodies over a real socket, both framings HTTP/1.1 allows: a declared Content-Length (read in one go)
// and chunked transfer (streamed, cut off at the limit).

const LIMIT = 4096;

interface Reply {
  status: number;
  json: Record<string, unknown>;
}

function post(server: TestServer, chunks: string[], framing: 'length' | 'chunked'): Promise<Reply> {
  const url = new URL(`${server.url}/flags/?v=2`);
  const total = chunks.reduce((s, c) => s + Buffer.byteLength(c), 0);
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: `${url.pathname}${url.search}`,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(framing === 'length'
            ? { 'content-length': String(total) }
            : { 'transfer-encoding': 'chunked' }),
        },
      },
      (response) => {
        let text = '';
        response.on('data', (d: Buffer) => {
          text += d.toString();
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, json: JSON.parse(text) }));
      },
    );
    // A refused upload may be answered before it is fully sent; the answer is what the test checks.
    request.on('error', reject);
    for (const chunk of chunks) request.write(chunk);
    request.end();
  });
}

const body = (distinctId: string, plan: string, pad = '') =>
  JSON.stringify({ token: TEST_PROJECT_KEY, distinct_id: distinctId, person_properties: { plan, pad } });

/** Splits a string into `n` roughly equal pieces, so the server receives several chunks. */
const pieces = (s: string, n: number) =>
  Array.from({ length: n }, (_, i) => s.slice((i * s.length) / n, ((i + 1) * s.length) / n));

const enabled = (reply: Reply) =>
  (reply.json.flags as Record<string, { enabled: boolean }> | undefined)?.['pro-only']?.enabled;

describe('request bodies over HTTP', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { SIGNPOST_MAX_BODY_BYTES: String(LIMIT) } });
    const created = await fetch(`${server.url}/api/projects/@current/feature_flags/`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_PERSONAL_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        key: 'pro-only',
        filters: { groups: [{ properties: [{ key: 'plan', operator: 'exact', value: 'pro' }] }] },
      }),
    });
    expect(created.status).toBe(201);
  });
  afterAll(async () => {
    await server.stop();
  });

  it.each(['length', 'chunked'] as const)(
    'reads a whole %s-framed body sent in several writes',
    async (framing) => {
      const pro = await post(server, pieces(body('u1', 'pro', 'x'.repeat(3000)), 7), framing);
      expect(pro.status).toBe(200);
      expect(enabled(pro)).toBe(true);
      const free = await post(server, pieces(body('u2', 'free'), 3), framing);
      expect(free.status).toBe(200);
      expect(enabled(free)).toBe(false);
    },
  );

  it.each(['length', 'chunked'] as const)(
    'refuses a %s-framed body over the limit with 413',
    async (framing) => {
      const reply = await post(server, pieces(body('u3', 'pro', 'x'.repeat(LIMIT)), 4), framing);
      expect(reply.status).toBe(413);
      expect(reply.json).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', attr: null });
      // The connection's next request is still served.
      expect(enabled(await post(server, [body('u4', 'pro')], 'length'))).toBe(true);
    },
  );
});
