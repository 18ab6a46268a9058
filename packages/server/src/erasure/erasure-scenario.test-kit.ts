import { randomUUID } from 'node:crypto';
import { PostHog } from 'posthog-node';
import { expect } from 'vitest';

/** A running Signpost reached over HTTP, as the erasure scenario needs it. */
export interface ErasureTarget {
  url: string;
  projectKey: string;
  personalKey: string;
  /** Whether insights and the raw export exist (absent on the in-memory fake). */
  analytics: boolean;
}

interface ApiEvent {
  uuid: string;
  distinct_id: string;
  person_id: string;
  event: string;
  properties: Record<string, unknown>;
}
interface ApiPerson {
  id: string;
  distinct_ids: string[];
  properties: Record<string, unknown>;
}
interface Page<T> {
  results: T[];
}

const API = '/api/projects/@current';

export function erasureClient(target: ErasureTarget) {
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${target.url}${API}${path}`, {
      method,
      headers: { authorization: `Bearer ${target.personalKey}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {}, text };
  };
  const ok = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await call(method, path, body);
    if (res.status !== 200 && res.status !== 201) throw new Error(`${method} ${path} → ${res.status} ${res.text}`);
    return res.json as T;
  };
  const events = async (query: Record<string, string> = {}) =>
    (await ok<Page<ApiEvent>>('GET', `/events/?${new URLSearchParams({ limit: '1000', ...query })}`)).results;
  const personsOf = async (distinctId: string) =>
    (await ok<Page<ApiPerson>>('GET', `/persons/?${new URLSearchParams({ distinct_id: distinctId })}`)).results;
  const pageViews = async (math?: 'dau') => {
    const res = await ok<{ results: { count: number }[] }>('POST', '/query/', {
      query: {
        kind: 'TrendsQuery',
        series: [{ kind: 'EventsNode', event: 'page', ...(math ? { math } : {}) }],
        dateRange: { date_from: '-7d' },
      },
      refresh: 'force_blocking',
    });
    return res.results[0]?.count ?? 0;
  };
  const exported = async () => {
    const res = await fetch(`${target.url}${API}/events/export?format=ndjson`, {
      headers: { authorization: `Bearer ${target.personalKey}` },
    });
    expect(res.status).toBe(200);
    return res.text();
  };
  return { call, ok, events, personsOf, pageViews, exported };
}

/** One person known by two distinct ids (merged by alias), plus a bystander; sent through posthog-node. */
export async function sendPerson(target: ErasureTarget, tag: string) {
  const anon = `anon-${tag}-${randomUUID()}`;
  const user = `${tag}-${randomUUID()}@example.com`;
  const bystander = `bystander-${tag}-${randomUUID()}`;
  const client = new PostHog(target.projectKey, { host: target.url, flushAt: 1000, flushInterval: 0 });
  const errors: unknown[] = [];
  client.on('error', (e: unknown) => errors.push(e));
  const personal = { email: user, $ip: '203.0.113.7', plan: 'pro' };
  client.capture({ distinctId: anon, event: 'page', properties: personal });
  client.capture({ distinctId: anon, event: 'page', properties: { ...personal, $anon_distinct_id: anon } });
  client.alias({ distinctId: user, alias: anon });
  client.capture({ distinctId: user, event: 'page', properties: { ...personal, $set: { email: user } } });
  client.capture({ distinctId: bystander, event: 'page', properties: { plan: 'free' } });
  client.capture({ distinctId: bystander, event: 'page', properties: { plan: 'free' } });
  await client.shutdown();
  expect(errors).toEqual([]);
  return { anon, user, bystander };
}

/** No string of the export, the events API or the persons API names any of these ids any more. */
export async function expectNoTrace(target: ErasureTarget, ids: string[]): Promise<void> {
  const api = erasureClient(target);
  const everything = JSON.stringify(await api.events());
  for (const id of ids) expect(everything).not.toContain(id);
  if (target.analytics) {
    const dump = await api.exported();
    for (const id of ids) expect(dump).not.toContain(id);
  }
  for (const id of ids) expect(await api.personsOf(id)).toEqual([]);
}
