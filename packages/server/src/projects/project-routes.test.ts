import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startTestServer,
  TEST_PERSONAL_KEY,
  TEST_PROJECT_KEY,
  type TestServer,
} from '../testing/test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

const patch = (body: unknown, key = TEST_PERSONAL_KEY) =>
  fetch(`${server.url}/api/projects/@current/`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

async function trendDays(): Promise<number[]> {
  const response = await fetch(`${server.url}/api/projects/@current/query/`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TEST_PERSONAL_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      query: {
        kind: 'TrendsQuery',
        series: [{ kind: 'EventsNode', event: 'late.night' }],
        interval: 'day',
        dateRange: { date_from: '2026-03-01', date_to: '2026-03-03' },
      },
    }),
  });
  expect(response.status).toBe(200);
  const json = (await response.json()) as { results: { data: number[] }[] };
  return json.results[0]?.data ?? [];
}

describe('PATCH /api/projects/@current/', () => {
  it('sets the timezone insights bucket by, visible on the next read and the next query', async () => {
    // 23:30 UTC on 1 March is 00:30 on 2 March in Berlin (UTC+1 in winter).
    await fetch(`${server.url}/batch/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        api_key: TEST_PROJECT_KEY,
        batch: [{ event: 'late.night', distinct_id: 'tz-user', timestamp: '2026-03-01T23:30:00Z' }],
      }),
    });
    expect(await trendDays()).toEqual([1, 0, 0]);

    const response = await patch({ timezone: 'Europe/Berlin', name: 'TimeTracker' });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ timezone: 'Europe/Berlin', name: 'TimeTracker' });
    expect(await server.api('/api/projects/@current/')).toMatchObject({ timezone: 'Europe/Berlin' });
    expect(await trendDays()).toEqual([0, 1, 0]);
  });

  it('refuses an unknown timezone, unknown fields and an empty name with a field-level 400', async () => {
    for (const [body, attr] of [
      [{ timezone: 'Mars/Olympus' }, 'timezone'],
      [{ name: '' }, 'name'],
      [{ api_token: 'phc_x' }, null],
    ] as const) {
      const response = await patch(body);
      expect(response.status).toBe(400);
      const json = (await response.json()) as { code: string; attr: string | null };
      expect(json.code).toBe('INVALID_BODY');
      if (attr) expect(json.attr).toBe(attr);
    }
  });

  it('is not open to the public project key', async () => {
    expect((await patch({ name: 'x' }, TEST_PROJECT_KEY)).status).toBeGreaterThanOrEqual(401);
  });
});
