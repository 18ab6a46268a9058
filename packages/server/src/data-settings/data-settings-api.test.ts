import { PostHog } from 'posthog-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startTestServer,
  TEST_PERSONAL_KEY,
  TEST_PROJECT_KEY,
  type TestServer,
} from '../testing/test-server.ts';

// Personal-data controls through the HTTP API, and their effect on what the real posthog-node client sends.

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

const API = '/api/projects/@current';

async function send(method: 'GET' | 'PATCH', path: string, body?: unknown) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${TEST_PERSONAL_KEY}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

/** Sends one event per ip through posthog-node and returns the `$ip` each was stored with. */
async function storedIps(ips: string[]): Promise<unknown[]> {
  const client = new PostHog(TEST_PROJECT_KEY, { host: server.url, flushAt: 100, flushInterval: 0 });
  const marker = `ip-${Math.random().toString(36).slice(2)}`;
  ips.forEach((ip, i) => {
    client.capture({ distinctId: marker, event: 'ip check', properties: { $ip: ip, order: i } });
  });
  await client.shutdown();
  const page = await server.api<{ results: { properties: Record<string, unknown> }[] }>(
    `${API}/events/?distinct_id=${marker}`,
  );
  return page.results
    .sort((a, b) => Number(a.properties.order) - Number(b.properties.order))
    .map((e) => e.properties.$ip);
}

describe('data settings API', () => {
  it('starts at the defaults and refuses retention under a day, bad values and unknown fields', async () => {
    expect((await send('GET', `${API}/data_settings/`)).json).toEqual({
      ip_handling: 'keep',
      anonymize_ips: false,
      personal_property_keys: [],
      event_retention_days: null,
      rollups_enabled: false,
      stale_days: 30,
    });
    for (const days of [0, -3]) {
      const r = await send('PATCH', `${API}/data_settings/`, { event_retention_days: days });
      expect(r.status).toBe(400);
      expect(r.json.code).toBe('RETENTION_TOO_SHORT');
    }
    for (const body of [
      { ip_handling: 'hash' },
      { stale_days: 0 },
      { retention: 5 },
      { event_retention_days: 1.5 },
    ])
      expect((await send('PATCH', `${API}/data_settings/`, body)).status).toBe(400);
    expect((await send('GET', `${API}/data_settings/`)).json.event_retention_days).toBeNull();
  });

  it('truncates, drops or keeps $ip sent by posthog-node, and maps PostHog’s anonymize_ips', async () => {
    const ips = ['203.0.113.77', '2001:db8:85a3:8d3:1319:8a2e:370:7348', 'not an ip'];
    expect(await storedIps(ips)).toEqual(ips);

    expect((await send('PATCH', `${API}/data_settings/`, { ip_handling: 'truncate' })).json).toMatchObject({
      ip_handling: 'truncate',
      anonymize_ips: true,
    });
    expect(await storedIps(ips)).toEqual(['203.0.113.0', '2001:db8:85a3::', undefined]);

    // PostHog's project field: true drops the address entirely, as PostHog does.
    const patched = await send('PATCH', `${API}/`, { anonymize_ips: false });
    expect(patched.json.anonymize_ips).toBe(false);
    expect(await storedIps(ips)).toEqual(ips);
    expect((await send('PATCH', `${API}/`, { anonymize_ips: true })).json.anonymize_ips).toBe(true);
    expect((await send('GET', `${API}/data_settings/`)).json.ip_handling).toBe('drop');
    expect(await storedIps(ips)).toEqual([undefined, undefined, undefined]);
  });

  it('keeps personal keys in the order given without duplicates, and logs each change', async () => {
    const r = await send('PATCH', `${API}/data_settings/`, {
      personal_property_keys: ['email', 'phone', 'email'],
      event_retention_days: 90,
      rollups_enabled: true,
    });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({
      personal_property_keys: ['email', 'phone'],
      event_retention_days: 90,
      rollups_enabled: true,
    });
    expect(
      server.signpost.dataSettings.personalKeysOf(server.signpost.projects.firstProject()?.id ?? 0),
    ).toEqual(['email', 'phone']);
    const log = await server.api<{
      results: { activity: string; detail: { changes: { field: string }[] } }[];
    }>(`${API}/activity_log/?scope=Project`);
    expect(log.results[0]?.detail.changes.map((c) => c.field)).toEqual([
      'personal_property_keys',
      'event_retention_days',
      'rollups_enabled',
    ]);
    // Exports mask the personal keys, at the top level and in the person updates an event carries.
    const client = new PostHog(TEST_PROJECT_KEY, { host: server.url, flushAt: 100, flushInterval: 0 });
    client.capture({
      distinctId: 'masked-user',
      event: 'signed up',
      properties: { email: 'a@example.com', plan: 'pro', $set: { phone: '+33 6', name: 'Ann' } },
    });
    await client.shutdown();
    const exported = await fetch(`${server.url}${API}/events/export?format=ndjson&event=signed%20up`, {
      headers: { authorization: `Bearer ${TEST_PERSONAL_KEY}` },
    });
    const text = await exported.text();
    expect(text).not.toContain('a@example.com');
    expect(text).not.toContain('+33 6');
    const row = JSON.parse(text.trim()) as { properties: Record<string, unknown> };
    expect(row.properties).toMatchObject({ email: '***', plan: 'pro', $set: { phone: '***', name: 'Ann' } });
    const parquet = await fetch(`${server.url}${API}/events/export?format=parquet`, {
      headers: { authorization: `Bearer ${TEST_PERSONAL_KEY}` },
    });
    expect(parquet.status).toBe(400);
    expect(((await parquet.json()) as { attr: string }).attr).toBe('format');

    // The same settings again change nothing, and log nothing.
    await send('PATCH', `${API}/data_settings/`, { event_retention_days: 90 });
    const again = await server.api<{ results: unknown[] }>(`${API}/activity_log/?scope=Project`);
    expect(again.results).toHaveLength(log.results.length);
  });
});
