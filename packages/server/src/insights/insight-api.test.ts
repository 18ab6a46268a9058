import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../testing/api-client.ts';
import { type InProcess, inProcess } from '../testing/in-process.ts';
import { GUIDE_EVENTS } from './guide-dataset.ts';
import { queryClient, seed, type TrendResult } from './query-test-kit.ts';

const BASE = '/api/projects/@current/insights/';
const logins = (dateRange: Record<string, string>) => ({
  kind: 'TrendsQuery',
  series: [{ kind: 'EventsNode', event: 'auth.login' }],
  dateRange,
  breakdownFilter: { breakdown: 'auth_method' },
});
const WEEK = { date_from: '2024-03-01', date_to: '2024-03-07' };
const viz = (source: Record<string, unknown>) => ({ kind: 'InsightVizNode', source });
const byBreakdown = (result: unknown) =>
  Object.fromEntries((result as TrendResult[]).map((r) => [r.breakdown_value, r.count]));

describe('/api/projects/@current/insights/', () => {
  let server: InProcess;
  let api: ReturnType<typeof apiClient>;
  beforeAll(async () => {
    server = await inProcess('duckdb');
    api = apiClient(server.signpost);
    await seed(server, GUIDE_EVENTS);
  });
  afterAll(() => server.stop());

  it('saves an insight and answers with the same result as the query endpoint', async () => {
    const created = await api.post(BASE, { name: 'Login methods', query: viz(logins(WEEK)) });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ name: 'Login methods', deleted: false, dashboards: [] });
    expect(created.json.short_id).toMatch(/^[a-zA-Z0-9]{8}$/);
    expect(byBreakdown(created.json.result)).toEqual({ oidc: 3, local: 1 });
    const direct = await queryClient(server)(logins(WEEK));
    expect(created.json.result).toEqual(direct.json.results);

    const fetched = await api.get(`${BASE}${created.json.id}/`);
    expect(fetched.json).toMatchObject({ id: created.json.id, is_cached: true });
    const refreshed = await api.get(`${BASE}${created.json.id}/?refresh=true`);
    expect(refreshed.json).toMatchObject({ is_cached: false });
    expect(refreshed.json.result).toEqual(created.json.result);
  });

  it('finds insights by short_id (with the result) and by search', async () => {
    const a = await api.post(BASE, { name: 'Timers by hour', query: viz(logins(WEEK)) });
    await api.post(BASE, { name: 'Something else', query: logins(WEEK) });
    const byShortId = await api.get(`${BASE}?short_id=${String(a.json.short_id)}`);
    const results = byShortId.json.results as Record<string, unknown>[];
    expect(results.map((r) => r.id)).toEqual([a.json.id]);
    expect(byBreakdown(results[0]?.result)).toEqual({ oidc: 3, local: 1 });
    const search = await api.get(`${BASE}?search=TIMERS`);
    expect((search.json.results as { name: string }[]).map((r) => r.name)).toEqual(['Timers by hour']);
  });

  it('recomputes after a PATCH of the query', async () => {
    const a = await api.post(BASE, { name: 'Logins', query: viz(logins(WEEK)) });
    const patched = await api.patch(`${BASE}${a.json.id}/`, {
      name: 'Logins on the 1st',
      query: viz(logins({ date_from: '2024-03-01', date_to: '2024-03-01' })),
    });
    expect(patched.status).toBe(200);
    expect(patched.json.name).toBe('Logins on the 1st');
    expect(byBreakdown(patched.json.result)).toEqual({ oidc: 1, local: 1 });
    expect(Date.parse(String(patched.json.last_modified_at))).toBeGreaterThanOrEqual(
      Date.parse(String(a.json.last_modified_at)),
    );
  });

  it.each([
    [{ query: viz({ kind: 'TrendsQuery', series: [] }) }, 'INVALID_QUERY', 'query.source.series'],
    [{ query: { kind: 'HogQLQuery', query: 'select 1' } }, 'UNSUPPORTED_QUERY_KIND', 'query.kind'],
    [{ query: viz(logins({ date_from: 'soon' })) }, null, null],
    [{ name: 'no query' }, 'INVALID_BODY', 'query'],
    [{ query: viz(logins(WEEK)), dashboards: [999] }, 'DASHBOARD_NOT_FOUND', null],
  ])('refuses %j', async (body, code, attr) => {
    const res = await api.post(BASE, body);
    if (code === null) {
      // A date the engine cannot parse is only found when the query runs: saved, with the error shown.
      expect(res.status).toBe(201);
      expect(res.json).toMatchObject({ result: null, error: { code: 'INVALID_QUERY' } });
      return;
    }
    expect(res.json).toMatchObject({ code, attr });
    expect(res.status).toBe(code === 'DASHBOARD_NOT_FOUND' ? 404 : 400);
  });

  it('soft deletes: gone from retrieve and list', async () => {
    const a = await api.post(BASE, { name: 'Doomed', query: viz(logins(WEEK)) });
    expect((await api.delete(`${BASE}${a.json.id}/`)).status).toBe(204);
    const gone = await api.get(`${BASE}${a.json.id}/`);
    expect(gone.status).toBe(404);
    expect(gone.json).toMatchObject({ type: 'not_found', code: 'INSIGHT_NOT_FOUND' });
    const list = await api.get(`${BASE}?search=Doomed`);
    expect(list.json.results).toEqual([]);
    expect((await api.patch(`${BASE}${a.json.id}/`, { name: 'back' })).status).toBe(404);
  });

  it('needs a personal key and stays inside its project', async () => {
    const app = server.signpost.app;
    expect((await app.request(BASE)).status).toBe(401);
    const other = await api.get('/api/projects/2/insights/');
    expect(other.status).toBe(404);
    expect(other.json).toMatchObject({ code: 'PROJECT_NOT_FOUND' });
  });
});
