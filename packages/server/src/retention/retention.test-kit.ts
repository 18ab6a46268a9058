import { randomUUID } from 'node:crypto';
import type { Signpost } from '../server.ts';
import { TEST_PERSONAL_KEY, TEST_PROJECT_KEY } from '../testing/test-server.ts';

export const DAY_MS = 86_400_000;

export interface SentEvent {
  uuid: string;
  event: string;
  distinct_id: string;
  timestamp: string;
}

/** `perDay` events on each of the `days` days before `end` (at 00:00, 11:59 and 23:59:59.999 of each day). */
export function eventsOverDays(end: Date, days: number, perDay: number, event = 'pageview'): SentEvent[] {
  const offsets = [0, 11 * 3_600_000 + 59 * 60_000, DAY_MS - 1];
  const first = Math.floor(end.getTime() / DAY_MS) * DAY_MS - days * DAY_MS;
  return Array.from({ length: days * perDay }, (_, i) => ({
    uuid: randomUUID(),
    event,
    distinct_id: `user-${i % 7}`,
    timestamp: new Date(first + Math.floor(i / perDay) * DAY_MS + (offsets[i % 3] ?? 0)).toISOString(),
  }));
}

/** Sends through the capture endpoint, as SDKs do; `historical_migration` keeps the timestamps as sent. */
export async function capture(signpost: Signpost, batch: SentEvent[]): Promise<void> {
  const r = await signpost.app.request('/batch/', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      api_key: TEST_PROJECT_KEY,
      historical_migration: true,
      batch: batch.map((e) => ({ ...e, properties: { $current_url: `https://example.com/${e.uuid}` } })),
    }),
  });
  if (r.status !== 200) throw new Error(`capture → ${r.status} ${await r.text()}`);
}

export async function api(signpost: Signpost, method: 'GET' | 'PATCH', path: string, body?: unknown) {
  const r = await signpost.app.request(`/api/projects/@current${path}`, {
    method,
    headers: { authorization: `Bearer ${TEST_PERSONAL_KEY}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: r.status, json: (await r.json()) as Record<string, unknown> };
}

/** Every stored event's uuid, sorted, read from the store itself (no page limit). */
export async function storedUuids(signpost: Signpost, environmentId: number): Promise<string[]> {
  const rows = await signpost.storage.events.listEvents({
    projectId: environmentId,
    limit: 1_000_000,
    offset: 0,
  });
  return rows.map((e) => e.uuid).sort();
}
