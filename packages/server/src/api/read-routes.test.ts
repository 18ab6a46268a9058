import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type InProcess, inProcess, STORAGE_KINDS } from '../testing/in-process.ts';
import { TEST_PERSONAL_KEY, TEST_PROJECT_KEY } from '../testing/test-server.ts';

describe.each(STORAGE_KINDS)('read API on %s', (kind) => {
  let sp: InProcess;
  beforeEach(async () => {
    sp = await inProcess(kind);
  });
  afterEach(async () => {
    await sp.stop();
  });
  const get = (path: string, key: string | null = TEST_PERSONAL_KEY) =>
    sp.signpost.app.request(path, { headers: key ? { authorization: `Bearer ${key}` } : {} });

  it('refuses missing, unknown and project keys, and other projects', async () => {
    const cases: [string, string | null, number, string][] = [
      ['/api/projects/@current/events/', null, 401, 'AUTHENTICATION_REQUIRED'],
      ['/api/projects/@current/events/', 'phx_wrong_wrong_wrong', 401, 'INVALID_PERSONAL_KEY'],
      ['/api/projects/@current/persons/', TEST_PROJECT_KEY, 403, 'PROJECT_KEY_NOT_ALLOWED'],
      ['/api/projects/2/events/', TEST_PERSONAL_KEY, 404, 'PROJECT_NOT_FOUND'],
    ];
    for (const [path, key, status, code] of cases) {
      const res = await get(path, key);
      expect(res.status, path).toBe(status);
      expect(await res.json()).toMatchObject({ code });
    }
  });

  it('describes the current project', async () => {
    const res = await get('/api/projects/@current/');
    expect(await res.json()).toMatchObject({ id: 1, api_token: TEST_PROJECT_KEY, name: 'Default project' });
    expect((await get('/api/projects/1/')).status).toBe(200);
  });

  it('lists events newest first, filtered and paginated with next links', async () => {
    const base = Date.parse('2026-01-01T00:00:00Z');
    const batch = Array.from({ length: 25 }, (_, i) => ({
      event: i % 2 ? 'odd' : 'even',
      distinct_id: `u${i % 3}`,
      timestamp: new Date(base + i * 60_000).toISOString(),
    }));
    await sp.capture({ api_key: TEST_PROJECT_KEY, batch });
    type Page = { results: { event: string; distinct_id: string; timestamp: string }[]; next: string | null };
    const first = await sp.api<Page>('/api/projects/@current/events/?limit=10');
    expect(first.results.map((e) => e.timestamp)).toEqual(
      batch
        .slice(15)
        .reverse()
        .map((e) => e.timestamp),
    );
    expect(first.next).toContain('offset=10');
    const all: Page['results'] = [];
    let next: string | null = '/api/projects/@current/events/?limit=10';
    while (next) {
      const pageUrl: URL = new URL(next, 'http://x');
      const p: Page = await sp.api<Page>(`${pageUrl.pathname}${pageUrl.search}`);
      all.push(...p.results);
      next = p.next;
    }
    expect(all).toHaveLength(25);
    const odd = await sp.api<Page>('/api/projects/@current/events/?event=odd&distinct_id=u1');
    expect(odd.results.every((e) => e.event === 'odd' && e.distinct_id === 'u1')).toBe(true);
    expect(odd.results.length).toBe(batch.filter((e) => e.event === 'odd' && e.distinct_id === 'u1').length);
    const window = await sp.api<Page>(
      `/api/projects/@current/events/?after=${new Date(base + 4 * 60_000).toISOString()}&before=${new Date(base + 8 * 60_000).toISOString()}`,
    );
    expect(window.results).toHaveLength(3);
  });

  it('rejects invalid query parameters with the parameter named', async () => {
    for (const [query, attr] of [
      ['limit=0', 'limit'],
      ['limit=abc', 'limit'],
      ['after=not-a-date', 'after'],
    ]) {
      const res = await get(`/api/projects/@current/events/?${query}`);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ code: 'INVALID_QUERY', attr });
    }
    const groups = await get('/api/projects/@current/groups/?group_type_index=7');
    expect(groups.status).toBe(400);
  });

  it('lists the events sent with one group, and wants the group type and key together', async () => {
    await sp.capture({
      api_key: TEST_PROJECT_KEY,
      batch: [
        { event: 'report.run', distinct_id: 'alice', properties: { $groups: { company: 'acme' } } },
        { event: 'report.run', distinct_id: 'bob', properties: { $groups: { company: 'globex' } } },
        { event: 'report.run', distinct_id: 'carol', properties: { $groups: { company: 'acme' } } },
        { event: 'report.run', distinct_id: 'dave' },
      ],
    });
    type Events = { results: { distinct_id: string }[] };
    const acme = await sp.api<Events>('/api/projects/@current/events/?group_type_index=0&group_key=acme');
    expect(acme.results.map((e) => e.distinct_id).sort()).toEqual(['alice', 'carol']);
    const other = await sp.api<Events>('/api/projects/@current/events/?group_type_index=1&group_key=acme');
    expect(other.results).toEqual([]);
    const alone = await sp.api<Events>('/api/projects/@current/events/?group_type_index=0');
    expect(alone.results).toHaveLength(4);
    for (const bad of ['group_key=acme', 'group_type_index=5&group_key=acme']) {
      const res = await get(`/api/projects/@current/events/?${bad}`);
      expect(res.status, bad).toBe(400);
    }
  });

  it('finds persons by distinct id and by search', async () => {
    await sp.capture({
      api_key: TEST_PROJECT_KEY,
      batch: [
        { event: '$identify', distinct_id: 'alice', properties: { $set: { email: 'alice@acme.io' } } },
        { event: '$identify', distinct_id: 'bob', properties: { $set: { email: 'bob@other.io' } } },
      ],
    });
    type Persons = {
      results: { distinct_ids: string[]; name: string; is_identified: boolean }[];
      count: number;
      next: string | null;
    };
    const byId = await sp.api<Persons>('/api/projects/@current/persons/?distinct_id=alice');
    expect(byId.results.map((p) => p.distinct_ids)).toEqual([['alice']]);
    expect(byId.count).toBe(1);
    const firstPage = await sp.api<Persons>('/api/projects/@current/persons/?limit=1');
    expect(firstPage.results).toHaveLength(1);
    expect(firstPage.count).toBe(2);
    expect(firstPage.next).toContain('offset=1');
    expect(byId.results[0]?.name).toBe('alice@acme.io');
    const bySearch = await sp.api<Persons>('/api/projects/@current/persons/?search=OTHER.io');
    expect(bySearch.results.map((p) => p.distinct_ids)).toEqual([['bob']]);
    const none = await sp.api<Persons>('/api/projects/@current/persons/?distinct_id=carol');
    expect(none.results).toEqual([]);
  });

  it('maps group types to indexes, at most five, and applies $groupidentify with set semantics', async () => {
    const types = ['company', 'project', 'team', 'org', 'region', 'sixth'];
    await sp.capture({
      api_key: TEST_PROJECT_KEY,
      batch: [
        {
          event: 'x',
          distinct_id: 'u',
          properties: { $groups: Object.fromEntries(types.map((t) => [t, `${t}-1`])) },
        },
        {
          event: '$groupidentify',
          distinct_id: '$company_acme',
          properties: { $group_type: 'company', $group_key: 'acme', $group_set: { plan: 'free', seats: 3 } },
        },
      ],
    });
    await sp.capture({
      api_key: TEST_PROJECT_KEY,
      batch: [
        {
          event: '$groupidentify',
          distinct_id: '$company_acme',
          properties: { $group_type: 'company', $group_key: 'acme', $group_set: { plan: 'pro' } },
        },
      ],
    });
    const mapping = await sp.api<{ group_type: string; group_type_index: number }[]>(
      '/api/projects/@current/groups_types/',
    );
    expect(mapping.map((m) => [m.group_type, m.group_type_index])).toEqual(
      types.slice(0, 5).map((t, i) => [t, i]),
    );
    const group = await sp.api<{ group_properties: Record<string, unknown> }>(
      '/api/projects/@current/groups/find?group_type_index=0&group_key=acme',
    );
    expect(group.group_properties).toEqual({ plan: 'pro', seats: 3 });
    const listed = await sp.api<{ results: { group_key: string }[] }>(
      '/api/projects/@current/groups/?group_type_index=0',
    );
    expect(listed.results.map((g) => g.group_key)).toEqual(['acme']);
    const events = await sp.api<{ results: { event: string; properties: Record<string, unknown> }[] }>(
      '/api/projects/@current/events/?event=x',
    );
    expect(events.results[0]?.properties).toMatchObject({ $group_0: 'company-1', $group_4: 'region-1' });
    expect(events.results[0]?.properties.$group_5).toBeUndefined();
    const missing = await get('/api/projects/@current/groups/find?group_type_index=0&group_key=nope');
    expect(missing.status).toBe(404);
    // $groupidentify never creates a person.
    const persons = await sp.api<{ results: { distinct_ids: string[] }[] }>(
      '/api/projects/@current/persons/',
    );
    expect(persons.results.flatMap((p) => p.distinct_ids)).toEqual(['u']);
  });
});
