import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../testing/api-client.ts';
import { type InProcess, inProcess, STORAGE_KINDS } from '../testing/in-process.ts';
import { TEST_PROJECT_KEY } from '../testing/test-server.ts';

const BASE = '/api/projects/@current/annotations/';

type Listed = { count: number; next: string | null; previous: string | null; results: { content: string }[] };

describe.each(STORAGE_KINDS)('annotations API on %s', (kind) => {
  let sp: InProcess;
  let api: ReturnType<typeof apiClient>;
  beforeAll(async () => {
    sp = await inProcess(kind);
    api = apiClient(sp.signpost);
  });
  afterAll(async () => {
    await sp?.stop();
  });

  const list = async (query = '') => {
    const res = await api.get(`${BASE}${query}`);
    expect(res.status).toBe(200);
    return res.json as unknown as Listed;
  };
  const asKey = (key: string, method: string, path: string, body?: unknown) =>
    sp.signpost.app.request(path, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  it('creates, retrieves and edits an annotation in PostHog’s shape, logging each change', async () => {
    const created = await api.post(BASE, {
      content: 'TimeTracker 2.9.0 released',
      date_marker: '2026-02-10T09:30:00Z',
    });
    expect(created.status).toBe(201);
    expect(created.json).toEqual({
      id: expect.any(Number),
      content: 'TimeTracker 2.9.0 released',
      date_marker: '2026-02-10T09:30:00.000Z',
      scope: 'project',
      dashboard_item: null,
      creation_type: 'USR',
      created_by: expect.stringContaining('phx_'),
      created_at: expect.any(String),
      updated_at: expect.any(String),
      deleted: false,
    });
    const url = `${BASE}${created.json.id}/`;
    expect((await api.get(url)).json).toEqual(created.json);

    const edited = await api.patch(url, { content: '2.9.1 released', date_marker: '2026-02-11' });
    expect(edited.status).toBe(200);
    expect(edited.json).toMatchObject({ content: '2.9.1 released', date_marker: '2026-02-11T00:00:00.000Z' });
    expect((await api.get(url)).json).toMatchObject({ content: '2.9.1 released' });

    const log = await api.get(
      `/api/projects/@current/activity_log/?scope=Annotation&item_id=${created.json.id}`,
    );
    const entries = log.json.results as { activity: string; detail: { changes: { field: string }[] } }[];
    expect(entries.map((e) => e.activity)).toEqual(['updated', 'created']);
    expect(entries[0]?.detail.changes.map((c) => c.field).sort()).toEqual(['content', 'date_marker']);
  });

  it('pages newest date first with a total and next/previous links, and searches the content', async () => {
    for (let day = 1; day <= 5; day += 1)
      await api.post(BASE, { content: `Paged note ${day}`, date_marker: `2025-06-0${day}T00:00:00Z` });
    const first = await list('?search=paged&limit=2');
    expect(first.count).toBe(5);
    expect(first.results.map((a) => a.content)).toEqual(['Paged note 5', 'Paged note 4']);
    expect(first.previous).toBeNull();
    const next = new URL(first.next ?? '');
    expect(next.searchParams.get('offset')).toBe('2');
    const last = await list(`${next.search.replace('offset=2', 'offset=4')}`);
    expect(last.results.map((a) => a.content)).toEqual(['Paged note 1']);
    expect(last.next).toBeNull();
    expect(last.previous).not.toBeNull();
    expect((await list('?search=PAGED NOTE 3')).results.map((a) => a.content)).toEqual(['Paged note 3']);
    const range = await list('?after=2025-06-02&before=2025-06-03T00:00:00Z');
    expect(range.results.map((a) => a.content)).toEqual(['Paged note 3', 'Paged note 2']);
  });

  it('soft-deletes by PATCH deleted:true (as PostHog’s app does) and by DELETE; a restore brings it back', async () => {
    const a = await api.post(BASE, { content: 'Gone soon', date_marker: '2025-07-01T00:00:00Z' });
    const b = await api.post(BASE, { content: 'Gone too', date_marker: '2025-07-02T00:00:00Z' });
    expect((await api.patch(`${BASE}${a.json.id}/`, { deleted: true })).json).toMatchObject({
      deleted: true,
    });
    expect((await api.delete(`${BASE}${b.json.id}/`)).status).toBe(204);
    expect((await list('?search=gone')).count).toBe(0);
    expect(await api.get(`${BASE}${a.json.id}/`)).toMatchObject({
      status: 404,
      json: { code: 'ANNOTATION_NOT_FOUND' },
    });
    expect(await api.patch(`${BASE}${a.json.id}/`, { content: 'x' })).toMatchObject({ status: 404 });
    expect((await api.delete(`${BASE}${a.json.id}/`)).status).toBe(404);
    // Still stored: the log keeps its history and a restore finds it.
    expect((await api.patch(`${BASE}${a.json.id}/`, { deleted: false })).json).toMatchObject({
      deleted: false,
    });
    expect((await list('?search=gone')).results.map((x) => x.content)).toEqual(['Gone soon']);
    const log = await api.get(`/api/projects/@current/activity_log/?scope=Annotation&item_id=${b.json.id}`);
    expect((log.json.results as { activity: string }[]).map((e) => e.activity)).toEqual([
      'deleted',
      'created',
    ]);
  });

  it('pins a note to an insight of this project only', async () => {
    const insight = await api.post('/api/projects/@current/insights/', {
      name: 'Signups',
      query: {
        kind: 'InsightVizNode',
        source: { kind: 'TrendsQuery', series: [{ kind: 'EventsNode', event: 'x' }] },
      },
    });
    const pinned = await api.post(BASE, { content: 'On the chart', dashboard_item: insight.json.id });
    expect(pinned).toMatchObject({
      status: 201,
      json: { scope: 'dashboard_item', dashboard_item: insight.json.id },
    });
    expect(await api.post(BASE, { content: 'x', dashboard_item: 987_654 })).toMatchObject({
      status: 400,
      json: { code: 'INVALID_ANNOTATION', attr: 'dashboard_item' },
    });
    expect(await api.post(BASE, { content: 'x', scope: 'dashboard_item' })).toMatchObject({
      status: 400,
      json: { code: 'INVALID_ANNOTATION' },
    });
  });

  it.each([
    [{}, 'content'],
    [{ content: '   ' }, 'content'],
    [{ content: 'x'.repeat(401) }, 'content'],
    [{ content: 'x', date_marker: 'yesterday' }, 'date_marker'],
    [{ content: 'x', date_marker: '2026-02-30' }, 'date_marker'],
    [{ content: 'x', scope: 'galaxy' }, 'scope'],
    [{ content: 'x', creation_type: 'BOT' }, 'creation_type'],
    [{ content: 'x', dashboard_item: 'seven' }, 'dashboard_item'],
  ])('refuses %j with INVALID_BODY on %s', async (body, attr) => {
    expect(await api.post(BASE, body)).toMatchObject({ status: 400, json: { code: 'INVALID_BODY', attr } });
  });

  it('keeps 400 content exactly, and refuses bad list parameters with INVALID_QUERY', async () => {
    expect((await api.post(BASE, { content: 'é'.repeat(400) })).status).toBe(201);
    for (const q of ['?limit=0', '?limit=abc', '?offset=-1', '?after=soon', `?search=${'s'.repeat(201)}`])
      expect(await api.get(`${BASE}${q}`), q).toMatchObject({ status: 400, json: { code: 'INVALID_QUERY' } });
    expect(await api.get(`${BASE}12345678/`)).toMatchObject({
      status: 404,
      json: { code: 'ANNOTATION_NOT_FOUND' },
    });
  });

  it('needs a personal key with the annotation scopes: a phc_ key is refused, a read-only key cannot write', async () => {
    const project = await asKey(TEST_PROJECT_KEY, 'GET', BASE);
    expect(project.status).toBe(403);
    expect((await asKey(TEST_PROJECT_KEY, 'POST', BASE, { content: 'x' })).status).toBe(403);
    expect((await sp.signpost.app.request(BASE)).status).toBe(401);

    const key = await api.post('/api/personal_api_keys/', { label: 'charts', scopes: ['annotation:read'] });
    const readOnly = String((key.json as { value?: unknown }).value);
    expect((await asKey(readOnly, 'GET', BASE)).status).toBe(200);
    const refused = await asKey(readOnly, 'POST', BASE, { content: 'nope' });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ required_scope: 'annotation:write' });
    expect((await list('?search=nope')).count).toBe(0);
  });
});
