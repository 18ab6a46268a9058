import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startTestServer,
  TEST_PERSONAL_KEY,
  TEST_PROJECT_KEY,
  type TestServer,
} from '../testing/test-server.ts';
import {
  anonymiseScenario,
  type ErasureTarget,
  eraseScenario,
  erasureClient,
  eventsOnlyScenario,
  sendPerson,
} from './erasure-scenario.test-kit.ts';

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

  // Not checked against the data files: after a DELETE or UPDATE and a checkpoint, DuckDB may leave the old
  // bytes in free blocks of the file (no table holds them; seen with erased ids still in signpost.duckdb, in
  // both modes, not on every run). README "Erasure".
  it('erase removes the merged person, all its events and its static cohort membership', async () => {
    await eraseScenario(target);
  });

  it('anonymise keeps the counts but no id, $ip or personal key of the person', async () => {
    await anonymiseScenario(target);
  });

  it('events_only removes the events and keeps the person', () => eventsOnlyScenario(target));

  it('bulk_delete (PostHog’s shape) erases by uuid and distinct id, and lists what named nobody', async () => {
    const first = await sendPerson(target, 'bulk1');
    const second = await sendPerson(target, 'bulk2');
    const [person] = await api.personsOf(first.user);
    const res = await api.call('POST', '/persons/bulk_delete/', {
      ids: [person?.id],
      distinct_ids: [second.anon, 'nobody-here'],
      keep_person: true,
    });
    expect(res.status).toBe(200);
    const body = res.json as { results: { mode: string }[]; not_found: string[] };
    expect(body.results.map((r) => r.mode)).toEqual(['events_only', 'events_only']);
    expect(body.not_found).toEqual(['nobody-here']);
    expect(await api.events({ distinct_id: first.anon })).toEqual([]);
    expect(await api.events({ distinct_id: second.user })).toEqual([]);
    expect(await api.personsOf(second.user)).toHaveLength(1);
    const empty = await api.call('POST', '/persons/bulk_delete/', { ids: [] });
    expect(empty.status).toBe(400);
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
