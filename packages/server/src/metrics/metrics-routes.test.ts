import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inProcess } from '../testing/in-process.ts';
import {
  startTestServer,
  TEST_PERSONAL_KEY,
  TEST_PROJECT_KEY,
  type TestServer,
} from '../testing/test-server.ts';

// GET /metrics on a real socket: who may read it, and that traffic moves the numbers it should.

const TOKEN = 'metrics-token-0123456789';
const ADMIN = { email: 'ops@example.com', password: 'correct horse battery' };

type Samples = Map<string, number>;

function parse(text: string): Samples {
  const samples: Samples = new Map();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    samples.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return samples;
}

describe('/metrics with a token', () => {
  let server: TestServer;
  const scrape = async (): Promise<Samples> => {
    const response = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    return parse(await response.text());
  };
  const value = (samples: Samples, name: string) => samples.get(name) ?? 0;

  beforeAll(async () => {
    server = await startTestServer({
      env: {
        SIGNPOST_METRICS_TOKEN: TOKEN,
        SIGNPOST_ADMIN_EMAIL: ADMIN.email,
        SIGNPOST_ADMIN_PASSWORD: ADMIN.password,
      },
    });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('refuses a missing (401) or wrong (403) token, from anywhere', async () => {
    const missing = await fetch(`${server.url}/metrics`);
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ code: 'METRICS_TOKEN_REQUIRED' });
    const wrong = await fetch(`${server.url}/metrics`, {
      headers: { authorization: 'Bearer not-the-token-at-all' },
    });
    expect(wrong.status).toBe(403);
    expect(await wrong.json()).toMatchObject({ code: 'METRICS_TOKEN_INVALID' });
    // A personal key is not a metrics token.
    const key = await fetch(`${server.url}/metrics`, {
      headers: { authorization: `Bearer ${TEST_PERSONAL_KEY}` },
    });
    expect(key.status).toBe(403);
  });

  it('counts ingested events, commits, /flags latency, queries and sign-ins after traffic', async () => {
    const before = await scrape();
    expect(before.has('signpost_ingestion_queue_depth')).toBe(true);

    const events = Array.from({ length: 7 }, (_, i) => ({ event: 'metric.test', distinct_id: `m-${i}` }));
    const captured = await fetch(`${server.url}/batch/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ api_key: TEST_PROJECT_KEY, batch: events }),
    });
    expect(captured.status).toBe(200);
    for (let i = 0; i < 3; i++) {
      const flags = await fetch(`${server.url}/flags?v=2`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token: TEST_PROJECT_KEY, distinct_id: `m-${i}` }),
      });
      expect(flags.status).toBe(200);
    }
    const query = await fetch(`${server.url}/api/projects/@current/query/`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_PERSONAL_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        query: {
          kind: 'TrendsQuery',
          series: [{ kind: 'EventsNode', event: 'metric.test' }],
          dateRange: { date_from: '-1d' },
        },
        refresh: 'force_blocking',
      }),
    });
    expect(query.status).toBe(200);
    const login = (password: string) =>
      fetch(`${server.url}/_auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: ADMIN.email, password }),
      });
    expect((await login('wrong password')).status).toBe(401);
    expect((await login(ADMIN.password)).status).toBe(200);

    const after = await scrape();
    const delta = (name: string) => value(after, name) - value(before, name);
    expect(delta('signpost_events_ingested_total')).toBe(7);
    expect(delta('signpost_ingestion_commit_duration_seconds_count{outcome="ok"}')).toBeGreaterThanOrEqual(1);
    expect(delta('signpost_flags_request_duration_seconds_count')).toBe(3);
    expect(delta('signpost_flags_request_duration_seconds_bucket{le="+Inf"}')).toBe(3);
    expect(delta('signpost_query_duration_seconds_count{outcome="ok"}')).toBeGreaterThanOrEqual(1);
    expect(delta('signpost_sign_ins_total{outcome="failure"}')).toBe(1);
    expect(delta('signpost_sign_ins_total{outcome="success"}')).toBe(1);
    expect(value(after, 'signpost_ingestion_queue_depth')).toBe(0);
  });
});

describe('/metrics without a token', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ storage: 'memory' });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('answers a direct loopback caller, and refuses anything forwarded or without a socket (403)', async () => {
    const direct = await fetch(`${server.url}/metrics`);
    expect(direct.status).toBe(200);
    expect(await direct.text()).toContain('# TYPE signpost_events_ingested_total counter');
    const forwarded = await fetch(`${server.url}/metrics`, {
      headers: { 'x-forwarded-for': '198.51.100.4' },
    });
    expect(forwarded.status).toBe(403);
    expect(await forwarded.json()).toMatchObject({ code: 'METRICS_LOOPBACK_ONLY' });
    const viaProxy = await fetch(`${server.url}/metrics`, { headers: { forwarded: 'for=198.51.100.4' } });
    expect(viaProxy.status).toBe(403);

    const sp = await inProcess('memory');
    try {
      expect((await sp.signpost.app.request('/metrics')).status).toBe(403);
    } finally {
      await sp.stop();
    }
  });
});
