import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InProcess, inProcess } from '../testing/in-process.ts';
import { API, client, type LoggedEntry, rollout } from './activity-log.test-kit.ts';

describe('GET /api/projects/@current/activity_log/ on duckdb', () => {
  let sp: InProcess;
  let api: ReturnType<typeof client>;
  let flagIds: number[];
  let cohortId: number;
  beforeAll(async () => {
    sp = await inProcess('duckdb');
    api = client(sp.signpost);
    flagIds = [];
    for (const key of ['a', 'b', 'c']) {
      const flag = await api.post(`${API}/feature_flags/`, { key, filters: rollout(10) });
      flagIds.push(flag.json.id);
      await api.patch(`${API}/feature_flags/${flag.json.id}/`, { filters: rollout(20) });
    }
    cohortId = (await api.post(`${API}/cohorts/`, { name: 'S', is_static: true, distinct_ids: ['x'] })).json
      .id;
  });
  afterAll(() => sp.stop());

  const all = async () => (await api.log()).results;

  it('answers PostHog’s shape, newest first', async () => {
    const page = await api.log();
    expect(page.next).toBeNull();
    expect(page.results.map((e) => [e.scope, e.activity])).toEqual([
      ['Cohort', 'created'],
      ...['c', 'b', 'a'].flatMap(() => [
        ['FeatureFlag', 'updated'],
        ['FeatureFlag', 'created'],
      ]),
    ]);
    const times = page.results.map((e) => Date.parse(e.created_at));
    expect([...times].sort((x, y) => y - x)).toEqual(times);
    const one = await api.get(`${API}/activity_log/${page.results[1]?.id}/`);
    expect(one.json).toMatchObject({
      id: page.results[1]?.id,
      scope: 'FeatureFlag',
      item_id: String(flagIds[2]),
    });
  });

  it('filters by scope, item, actor and time', async () => {
    expect((await api.log('?scope=Cohort')).results.map((e) => e.item_id)).toEqual([String(cohortId)]);
    const ofB = (await api.log(`?scope=FeatureFlag&item_id=${flagIds[1]}`)).results;
    expect(ofB.map((e) => e.activity)).toEqual(['updated', 'created']);
    const everything = await all();
    const keyId = everything[0]?.actor.id;
    expect((await api.log(`?user=${keyId}`)).results).toHaveLength(everything.length);
    expect((await api.log('?user=someone-else')).results).toHaveLength(0);
    expect((await api.log('?actor_kind=member')).results).toHaveLength(0);
    expect((await api.log('?actor_kind=personal_key')).results).toHaveLength(everything.length);
    // `after` is inclusive and `before` exclusive, so splitting at one entry's time partitions the log.
    const pivot = everything[3]?.created_at ?? '';
    const newer = (await api.log(`?after=${encodeURIComponent(pivot)}`)).results;
    const older = (await api.log(`?before=${encodeURIComponent(pivot)}`)).results;
    expect(newer.length + older.length).toBe(everything.length);
    expect(newer.every((e) => e.created_at >= pivot)).toBe(true);
    expect(older.every((e) => e.created_at < pivot)).toBe(true);
  });

  it('pages with a cursor that neither skips nor repeats, even while entries are added', async () => {
    const expected = (await all()).map((e) => e.id);
    const seen: string[] = [];
    let url: string | null = `${API}/activity_log/?limit=2`;
    let pages = 0;
    while (url) {
      const answer = await api.get(url.replace(/^https?:\/\/[^/]+/, ''));
      const page = answer.json as unknown as { results: LoggedEntry[]; next: string | null };
      expect(page.results.length).toBeLessThanOrEqual(2);
      seen.push(...page.results.map((e) => e.id));
      if (pages === 0) await api.patch(`${API}/feature_flags/${flagIds[0]}/`, { name: 'added mid-walk' });
      url = page.next;
      pages += 1;
    }
    expect(pages).toBe(4);
    expect(seen).toEqual(expected);
  });

  it('refuses bad filters with a 400 naming the parameter', async () => {
    for (const [query, attr] of [
      ['?scope=Everything', 'scope'],
      ['?after=yesterday', 'after'],
      ['?limit=0', 'limit'],
      ['?limit=101', 'limit'],
      ['?actor_kind=robot', 'actor_kind'],
      ['?cursor=bm9wZQ', 'cursor'],
    ] as const) {
      const answer = await api.get(`${API}/activity_log/${query}`);
      expect(answer.status, query).toBe(400);
      expect(answer.json).toMatchObject({ code: 'INVALID_QUERY', attr });
    }
    const missing = await api.get(`${API}/activity_log/0190a0a0-0000-7000-8000-000000000000/`);
    expect(missing.status).toBe(404);
    expect(missing.json).toMatchObject({ code: 'ACTIVITY_NOT_FOUND' });
  });

  it('is documented in /openapi.json from the schema that validates it', async () => {
    const doc = (await (await sp.signpost.app.request('/openapi.json')).json()) as {
      paths: Record<string, { get?: { parameters: { name: string }[] } }>;
    };
    const list = doc.paths['/api/projects/{projectId}/activity_log/']?.get;
    expect(list?.parameters.map((p) => p.name)).toEqual([
      'projectId',
      'scope',
      'item_id',
      'user',
      'actor_kind',
      'after',
      'before',
      'cursor',
      'limit',
    ]);
  });

  it('has no route that edits or deletes an entry', async () => {
    const before = await all();
    const entry = before[0];
    const entryPaths = [`${API}/activity_log/`, `${API}/activity_log/${entry?.id}/`];
    for (const path of entryPaths) {
      for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
        const answer = await api.send(method, path, method === 'DELETE' ? undefined : { activity: 'x' });
        expect(answer.status, `${method} ${path}`).toBe(405);
        expect(answer.json).toMatchObject({ code: 'METHOD_NOT_ALLOWED' });
      }
    }
    const flagEntry = `${API}/feature_flags/${entry?.item_id}/activity/${entry?.id}/`;
    for (const method of ['PUT', 'PATCH', 'DELETE']) {
      expect((await api.send(method, flagEntry, method === 'DELETE' ? undefined : {})).status).toBe(404);
    }
    expect(await all()).toEqual(before);
  });
});
