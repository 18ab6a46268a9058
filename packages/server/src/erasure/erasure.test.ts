import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, TEST_PERSONAL_KEY, TEST_PROJECT_KEY, type TestServer } from '../testing/test-server.ts';
import { type ErasureTarget, erasureClient, expectNoTrace, sendPerson } from './erasure-scenario.test-kit.ts';

// Person erasure end to end: posthog-node sends, the API erases, and the read API, insights, the export and
// static cohorts are asked afterwards (issue 15 §1).

describe.each(['memory', 'duckdb'] as const)('person erasure on %s', (storage) => {
  let server: TestServer;
  let target: ErasureTarget;
  let api: ReturnType<typeof erasureClient>;

  beforeAll(async () => {
    server = await startTestServer({ storage });
    target = {
      url: server.url,
      projectKey: TEST_PROJECT_KEY,
      personalKey: TEST_PERSONAL_KEY,
      analytics: server.signpost.storage.analytics !== undefined,
    };
    api = erasureClient(target);
  });
  afterAll(() => server?.stop());

  it('erase removes the merged person, all its events and its static cohort membership', async () => {
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
    expect((await api.call('DELETE', `/persons/${person?.id}/`)).json).toMatchObject({ code: 'PERSON_NOT_FOUND' });
    expect(await api.events({ distinct_id: anon })).toEqual([]);
    expect(await api.events({ distinct_id: user })).toEqual([]);
    expect(await api.events({ distinct_id: bystander })).toHaveLength(2);
    if (target.analytics) {
      const pagesOfPerson = ofPerson.filter((e) => e.event === 'page').length;
      expect(await api.pageViews()).toBe(pagesBefore - pagesOfPerson);
      expect(await api.pageViews('dau')).toBe(usersBefore - 1);
    }
    await expectNoTrace(target, [anon, user]);
    const members = await api.ok<{ results: { distinct_ids: string[] }[] }>('GET', `/cohorts/${cohort.id}/persons/`);
    expect(members.results.flatMap((p) => p.distinct_ids)).toEqual([bystander]);

    // The erasure is on record, without the erased ids.
    const records = await api.ok<{ results: Record<string, unknown>[] }>('GET', '/erasures/');
    expect(records.results[0]).toMatchObject({ id: res.json.id, mode: 'erase', counts: res.json.counts });
    expect(JSON.stringify(records)).not.toContain(anon);

    // The same distinct id later is a new person, with nothing of the old one.
    const { PostHog } = await import('posthog-node');
    const client = new PostHog(TEST_PROJECT_KEY, { host: server.url, flushAt: 100, flushInterval: 0 });
    client.capture({ distinctId: user, event: 'page', properties: { plan: 'new' } });
    await client.shutdown();
    const [fresh] = await api.personsOf(user);
    expect(fresh?.distinct_ids).toEqual([user]);
    expect(fresh?.properties.email).toBeUndefined();
    expect(await api.events({ distinct_id: user })).toHaveLength(1);
  });

  it('anonymise keeps the counts but no id, $ip or personal key of the person', async () => {
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
  });

  it('events_only removes the events and keeps the person', async () => {
    const { anon, user } = await sendPerson(target, 'events');
    const res = await api.call('DELETE', `/persons/?${new URLSearchParams({ distinct_id: user, mode: 'events_only' })}`);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ mode: 'events_only' });
    expect(Object.keys(res.json.counts as object)).toEqual(['events']);
    expect(await api.events({ distinct_id: anon })).toEqual([]);
    expect(await api.events({ distinct_id: user })).toEqual([]);
    expect((await api.personsOf(anon))[0]?.distinct_ids.sort()).toEqual([anon, user].sort());
  });

  it('answers 404 for an unknown person and 400 for an unknown mode', async () => {
    const unknown = await api.call('DELETE', '/persons/?distinct_id=nobody-at-all');
    expect(unknown.status).toBe(404);
    expect(unknown.json).toMatchObject({ code: 'PERSON_NOT_FOUND' });
    expect((await api.call('DELETE', '/persons/not-a-uuid/')).status).toBe(404);
    const mode = await api.call('DELETE', '/persons/?distinct_id=x&mode=shred');
    expect(mode.status).toBe(400);
    expect(mode.json).toMatchObject({ code: 'INVALID_QUERY' });
  });
});
