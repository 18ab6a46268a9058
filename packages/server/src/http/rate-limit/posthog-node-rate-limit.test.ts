import { PostHog } from 'posthog-node';
import { afterEach, describe, expect, it } from 'vitest';
import {
  startTestServer,
  TEST_PERSONAL_KEY,
  TEST_PROJECT_KEY,
  TEST_SECRET_KEY,
  type TestServer,
} from '../../testing/test-server.ts';

// The real posthog-node against a real Signpost with tiny limits: it sees the refusals, backs off, retries, and
// nothing is lost.

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const METRICS_TOKEN = 'metrics-token-0123456789';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

/** posthog-node's `fetch` option, recording each answer's path and status. */
function recordingFetch(seen: string[]): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    seen.push(`${new URL(String(input)).pathname} ${response.status}`);
    return response;
  };
}

async function rateLimited(labels: string): Promise<number> {
  const text = await (
    await fetch(`${server?.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
  ).text();
  const line = text.split('\n').find((l) => l.startsWith(`signpost_rate_limited_requests_total{${labels}}`));
  return line === undefined ? 0 : Number(line.split(' ').at(-1));
}

describe('posthog-node under rate limits', () => {
  it('retries refused capture batches until every event is stored', async () => {
    server = await startTestServer({
      env: {
        SIGNPOST_RATE_LIMIT_CAPTURE_PER_KEY: '2',
        SIGNPOST_RATE_LIMIT_BURST_SECONDS: '1',
        SIGNPOST_METRICS_TOKEN: METRICS_TOKEN,
      },
    });
    const seen: string[] = [];
    const client = new PostHog(TEST_PROJECT_KEY, {
      host: server.url,
      flushAt: 1,
      flushInterval: 0,
      fetchRetryDelay: 400,
      fetch: recordingFetch(seen),
    });
    // One request per event, as an app flushing after each does: the third finds the bucket empty.
    for (let i = 0; i < 6; i++) {
      client.capture({ distinctId: 'limited-user', event: `step-${i}` });
      await client.flush();
    }
    await client.shutdown(15_000);
    const batches = seen.filter((s) => s.startsWith('/batch/'));
    expect(batches).toContain('/batch/ 503');
    expect(batches.filter((s) => s === '/batch/ 200').length).toBeGreaterThanOrEqual(1);
    const stored = await server.api<{ results: { event: string }[] }>(
      '/api/projects/@current/events/?distinct_id=limited-user',
    );
    expect(stored.results.map((e) => e.event).sort()).toEqual([0, 1, 2, 3, 4, 5].map((i) => `step-${i}`));
    expect(await rateLimited('route="capture",by="project_key"')).toBeGreaterThanOrEqual(1);
  }, 30_000);

  it('backs off definitions polling on 429 and picks up changes once the bucket refills', async () => {
    server = await startTestServer({
      env: {
        SIGNPOST_RATE_LIMIT_API_PER_CALLER: '1',
        SIGNPOST_RATE_LIMIT_BURST_SECONDS: '1',
        SIGNPOST_METRICS_TOKEN: METRICS_TOKEN,
      },
    });
    const created = await fetch(`${server.url}/api/projects/@current/feature_flags/`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_PERSONAL_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ key: 'gate', filters: { groups: [{ rollout_percentage: 100 }] } }),
    });
    const flagId = ((await created.json()) as { id: number }).id;
    const seen: string[] = [];
    const errors: unknown[] = [];
    const client = new PostHog(TEST_PROJECT_KEY, {
      host: server.url,
      personalApiKey: TEST_SECRET_KEY,
      featureFlagsPollingInterval: 200,
      fetch: recordingFetch(seen),
    });
    client.on('error', (error) => errors.push(error));
    const local = { onlyEvaluateLocally: true, sendFeatureFlagEvents: false };
    try {
      expect(await client.waitForLocalEvaluationReady(10_000)).toBe(true);
      expect(await client.getFeatureFlag('gate', 'u', local)).toBe(true);
      // The admin's key has a bucket of its own (spent on the create a moment ago: wait for its next token); the
      // change goes through while the SDK's key is throttled.
      await sleep(1_100);
      const patched = await fetch(`${server.url}/api/projects/@current/feature_flags/${flagId}/`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${TEST_PERSONAL_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ filters: { groups: [{ rollout_percentage: 0 }] } }),
      });
      expect(patched.status).toBe(200);
      const deadline = Date.now() + 10_000;
      while ((await client.getFeatureFlag('gate', 'u', local)) !== false && Date.now() < deadline)
        await sleep(100);
      expect(await client.getFeatureFlag('gate', 'u', local)).toBe(false);
    } finally {
      await client.shutdown();
    }
    const polls = seen.filter((s) => s.startsWith('/flags/definitions'));
    const firstRefusal = polls.indexOf('/flags/definitions 429');
    expect(firstRefusal).toBeGreaterThan(0);
    expect(polls.slice(firstRefusal).some((s) => s.endsWith(' 200'))).toBe(true);
    // posthog-node reported each refusal as an error (and doubled its polling interval).
    expect(errors.length).toBeGreaterThan(0);
    expect(await rateLimited('route="api",by="caller"')).toBe(polls.filter((s) => s.endsWith(' 429')).length);
  }, 30_000);
});
