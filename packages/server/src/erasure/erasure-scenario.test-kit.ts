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
    if (res.status !== 200 && res.status !== 201)
      throw new Error(`${method} ${path} → ${res.status} ${res.text}`);
    return res.json as T;
  };
  const events = async (query: Record<string, string> = {}) =>
    (await ok<Page<ApiEvent>>('GET', `/events/?${new URLSearchParams({ limit: '1000', ...query })}`)).results;
  const personsOf = async (distinctId: string) =>
    (await ok<Page<ApiPerson>>('GET', `/persons/?${new URLSearchParams({ distinct_id: distinctId })}`))
      .results;
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

/** Answers the ids no copy of the data may hold any more (the user id comes back with a fresh event). */
export async function eraseScenario(target: ErasureTarget): Promise<string[]> {
  const api = erasureClient(target);
  const { anon, user, bystander } = await sendPerson(target, 'erase');
  const [person] = await api.personsOf(anon);
  expect(person?.distinct_ids.sort()).toEqual([anon, user].sort());
  const ofPerson = await api.events({ person_id: person?.id ?? '' });
  expect(ofPerson.length).toBeGreaterThanOrEqual(3);
  const cohort = await api.ok<{ id: number }>('POST', '/cohorts/', {
    name: 'erasure static',
    is_static: true,
    distinct_ids: [user, bystander],
  });
  const pagesBefore = target.analytics ? await api.pageViews() : 0;
  const usersBefore = target.analytics ? await api.pageViews('dau') : 0;

  const res = await api.call('DELETE', `/persons/${person?.id}/`);
  expect(res.status).toBe(200);
  expect(res.json).toMatchObject({ mode: 'erase', counts: { events: ofPerson.length } });
  expect((res.json.counts as Record<string, number>).persons).toBeGreaterThanOrEqual(1);
  expect(res.json.counts).toMatchObject({ person_distinct_ids: 2, cohort_static_members: 1 });

  expect(await api.personsOf(user)).toEqual([]);
  expect((await api.call('DELETE', `/persons/${person?.id}/`)).json).toMatchObject({
    code: 'PERSON_NOT_FOUND',
  });
  expect(await api.events({ distinct_id: anon })).toEqual([]);
  expect(await api.events({ distinct_id: user })).toEqual([]);
  expect(await api.events({ distinct_id: bystander })).toHaveLength(2);
  if (target.analytics) {
    const pagesOfPerson = ofPerson.filter((e) => e.event === 'page').length;
    expect(await api.pageViews()).toBe(pagesBefore - pagesOfPerson);
    expect(await api.pageViews('dau')).toBe(usersBefore - 1);
  }
  await expectNoTrace(target, [anon, user]);
  const members = await api.ok<{ results: { distinct_ids: string[] }[] }>(
    'GET',
    `/cohorts/${cohort.id}/persons/`,
  );
  expect(members.results.flatMap((p) => p.distinct_ids)).toEqual([bystander]);

  // The erasure is on record, without the erased ids.
  const records = await api.ok<{ results: Record<string, unknown>[] }>('GET', '/erasures/');
  expect(records.results[0]).toMatchObject({ id: res.json.id, mode: 'erase', counts: res.json.counts });
  expect(JSON.stringify(records)).not.toContain(anon);

  // The same distinct id later is a new person, with nothing of the old one.
  const client = new PostHog(target.projectKey, { host: target.url, flushAt: 100, flushInterval: 0 });
  client.capture({ distinctId: user, event: 'page', properties: { plan: 'new' } });
  await client.shutdown();
  const [fresh] = await api.personsOf(user);
  expect(fresh?.distinct_ids).toEqual([user]);
  expect(fresh?.properties.email).toBeUndefined();
  expect(await api.events({ distinct_id: user })).toHaveLength(1);
  return [anon];
}

export async function anonymiseScenario(target: ErasureTarget): Promise<string[]> {
  const api = erasureClient(target);
  const { anon, user } = await sendPerson(target, 'anon');
  const [person] = await api.personsOf(user);
  const ofPerson = await api.events({ person_id: person?.id ?? '' });
  const totalBefore = (await api.events()).length;
  const pagesBefore = target.analytics ? await api.pageViews() : 0;
  const usersBefore = target.analytics ? await api.pageViews('dau') : 0;

  const res = await api.call(
    'DELETE',
    `/persons/?${new URLSearchParams({ distinct_id: anon, mode: 'anonymise', personal_keys: 'email' })}`,
  );
  expect(res.status).toBe(200);
  expect(res.json).toMatchObject({ mode: 'anonymise', counts: { events: ofPerson.length } });

  const all = await api.events();
  expect(all).toHaveLength(totalBefore);
  const rewritten = all.filter((e) => ofPerson.some((o) => o.uuid === e.uuid));
  expect(rewritten).toHaveLength(ofPerson.length);
  // One token for every event of the person, so it still counts as one user.
  expect(new Set(rewritten.map((e) => e.distinct_id)).size).toBe(1);
  for (const e of rewritten) {
    expect(e.properties.$ip).toBeUndefined();
    expect(e.properties.email).toBeUndefined();
    if (e.event === 'page') expect(e.properties.plan).toBe('pro');
  }
  if (target.analytics) {
    expect(await api.pageViews()).toBe(pagesBefore);
    expect(await api.pageViews('dau')).toBe(usersBefore);
  }
  await expectNoTrace(target, [anon, user, person?.id ?? '']);
  return [anon, user];
}

export async function eventsOnlyScenario(target: ErasureTarget): Promise<void> {
  const api = erasureClient(target);
  const { anon, user } = await sendPerson(target, 'events');
  const res = await api.call(
    'DELETE',
    `/persons/?${new URLSearchParams({ distinct_id: user, mode: 'events_only' })}`,
  );
  expect(res.status).toBe(200);
  expect(res.json).toMatchObject({ mode: 'events_only' });
  expect(Object.keys(res.json.counts as object)).toEqual(['events']);
  expect(await api.events({ distinct_id: anon })).toEqual([]);
  expect(await api.events({ distinct_id: user })).toEqual([]);
  expect((await api.personsOf(anon))[0]?.distinct_ids.sort()).toEqual([anon, user].sort());
}
