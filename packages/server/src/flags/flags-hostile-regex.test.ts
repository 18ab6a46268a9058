import { afterEach, describe, expect, it } from 'vitest';
import { apiClient } from '../testing/api-client.ts';
import { startTestServer, TEST_PROJECT_KEY, type TestServer } from '../testing/test-server.ts';

// A flag regex with nested quantifiers against a long stored person property took seconds per request with
// a backtracking RegExp (doubling per character) and blocked the event loop for every other request. The
// flag engine's matcher is linear-time, so this must stay fast on a real server over real HTTP.

const HOSTILE = '^(a+)+$';
const LONG_EMAIL = `${'a'.repeat(50_000)}!`;

async function flagsOf(url: string, distinctId: string): Promise<Record<string, boolean>> {
  const res = await fetch(`${url}/flags/?v=1`, {
    method: 'POST',
    body: JSON.stringify({ token: TEST_PROJECT_KEY, distinct_id: distinctId }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { featureFlags: Record<string, boolean> }).featureFlags;
}

describe('/flags with a catastrophic-backtracking regex', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  it('answers promptly for a person whose stored property is 50,000 characters, while others keep answering', async () => {
    server = await startTestServer();
    const { url } = server;
    const api = apiClient(server.signpost);
    const flags = {
      hostile: { key: 'email', value: HOSTILE, operator: 'regex' },
      'has-email': { key: 'email', value: 'is_set', operator: 'is_set' },
    };
    for (const [key, property] of Object.entries(flags)) {
      const res = await api.post('/api/projects/@current/feature_flags/', {
        key,
        filters: { groups: [{ properties: [{ ...property, type: 'person' }], rollout_percentage: 100 }] },
      });
      expect(res.status, JSON.stringify(res.json)).toBe(201);
    }
    const identify = (distinctId: string, email: string) => ({
      event: '$identify',
      distinct_id: distinctId,
      properties: { $set: { email } },
    });
    const captured = await fetch(`${url}/batch/`, {
      method: 'POST',
      body: JSON.stringify({
        api_key: TEST_PROJECT_KEY,
        batch: [identify('victim', LONG_EMAIL), identify('plain', 'aaaa')],
      }),
    });
    expect(captured.status).toBe(200);

    const started = performance.now();
    const [victim, ...others] = await Promise.all([
      flagsOf(url, 'victim'),
      ...Array.from({ length: 20 }, (_, i) => flagsOf(url, i % 2 ? 'plain' : `someone-${i}`)),
    ]);
    const elapsed = performance.now() - started;

    // The long value was stored and read (is_set), and the pattern still evaluates correctly both ways.
    expect(victim).toEqual({ hostile: false, 'has-email': true });
    expect(others[0]).toEqual({ hostile: false, 'has-email': false });
    expect(others[1]).toEqual({ hostile: true, 'has-email': true });
    // A backtracking engine needs longer than the age of the universe here; the budget is for a slow CI box.
    expect(elapsed).toBeLessThan(2000);
  });

  it('refuses, with 400 INVALID_FLAG, patterns the engine would evaluate as false for every value', async () => {
    server = await startTestServer({ storage: 'memory' });
    const api = apiClient(server.signpost);
    for (const value of ['(?=a)', '(a)\\1', 'a{5000}', '{}']) {
      const res = await api.post('/api/projects/@current/feature_flags/', {
        key: 'refused',
        filters: { groups: [{ properties: [{ key: 'email', value, operator: 'regex', type: 'person' }] }] },
      });
      expect(res.status, value).toBe(400);
      expect(res.json).toMatchObject({ code: 'INVALID_FLAG', attr: 'filters.groups.0.properties.0.value' });
    }
  });
});
