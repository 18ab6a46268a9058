import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { GUIDE_EVENTS } from '../insights/guide-dataset.ts';
import { seed, type TrendResult } from '../insights/query-test-kit.ts';
import { createSignpost } from '../server.ts';
import { openDuckDbStorage } from '../storage/duckdb/duckdb-storage.ts';
import { apiClient } from '../testing/api-client.ts';
import { type InProcess, inProcess } from '../testing/in-process.ts';
import { TEST_PERSONAL_KEY, TEST_PROJECT_KEY } from '../testing/test-server.ts';
import { silentLogger } from '../util/logger.ts';

const DASHBOARDS = '/api/projects/@current/dashboards/';
const INSIGHTS = '/api/projects/@current/insights/';
const loginsQuery = {
  kind: 'InsightVizNode',
  source: {
    kind: 'TrendsQuery',
    series: [{ kind: 'EventsNode', event: 'auth.login' }],
    dateRange: { date_from: '2024-03-01', date_to: '2024-03-07' },
  },
};

interface Tile {
  id: number;
  insight: { id: number; name: string; result: TrendResult[] | null } | null;
  text: { body: string } | null;
  layouts: Record<string, { x: number; y: number; w: number; h: number }>;
  color: string | null;
}
const tilesOf = (json: unknown) => (json as { tiles: Tile[] }).tiles;

describe('/api/projects/@current/dashboards/', () => {
  let server: InProcess;
  let api: ReturnType<typeof apiClient>;
  beforeAll(async () => {
    server = await inProcess('duckdb');
    api = apiClient(server.signpost);
    await seed(server, GUIDE_EVENTS);
  });
  afterAll(() => server.stop());

  async function dashboardWithLogins() {
    const dashboard = await api.post(DASHBOARDS, { name: 'Engagement', description: 'logins' });
    expect(dashboard.status).toBe(201);
    const insight = await api.post(INSIGHTS, {
      name: 'Logins',
      query: loginsQuery,
      dashboards: [dashboard.json.id],
    });
    expect(insight.json.dashboards).toEqual([dashboard.json.id]);
    return { dashboardId: dashboard.json.id, insightId: insight.json.id };
  }

  it('shows tiles with their insights and results', async () => {
    const { dashboardId, insightId } = await dashboardWithLogins();
    const got = await api.get(`${DASHBOARDS}${dashboardId}/`);
    expect(got.json).toMatchObject({ id: dashboardId, name: 'Engagement', filters: { date_from: null } });
    const [tile] = tilesOf(got.json);
    expect(tile?.insight).toMatchObject({ id: insightId, name: 'Logins' });
    expect(tile?.insight?.result?.[0]?.count).toBe(4);
    expect(tile?.insight?.result?.[0]?.data).toEqual([2, 1, 1, 0, 0, 0, 0]);
    const list = await api.get(DASHBOARDS);
    expect((list.json.results as { id: number }[]).map((d) => d.id)).toContain(dashboardId);
  });

  it('applies the dashboard date range to every tile, and forgets it when cleared', async () => {
    const { dashboardId } = await dashboardWithLogins();
    const patched = await api.patch(`${DASHBOARDS}${dashboardId}/`, {
      filters: { date_from: '2024-03-02', date_to: '2024-03-03' },
    });
    expect(patched.json.filters).toEqual({ date_from: '2024-03-02', date_to: '2024-03-03' });
    const narrowed = tilesOf(patched.json)[0]?.insight?.result?.[0];
    expect(narrowed?.count).toBe(2);
    expect(narrowed?.data).toEqual([1, 1]);
    const cleared = await api.patch(`${DASHBOARDS}${dashboardId}/`, { filters: { date_from: null } });
    expect(tilesOf(cleared.json)[0]?.insight?.result?.[0]?.count).toBe(4);
  });

  it('adds text tiles and moves tiles', async () => {
    const { dashboardId } = await dashboardWithLogins();
    const before = tilesOf((await api.get(`${DASHBOARDS}${dashboardId}/`)).json);
    const insightTile = before[0] as Tile;
    const patched = await api.patch(`${DASHBOARDS}${dashboardId}/`, {
      tiles: [
        { text: { body: '## Read me' }, color: 'blue' },
        { id: insightTile.id, layouts: { sm: { x: 6, y: 0, w: 6, h: 4 } } },
      ],
    });
    const tiles = tilesOf(patched.json);
    expect(tiles.map((t) => [t.text?.body ?? null, t.insight?.name ?? null, t.color])).toEqual([
      [null, 'Logins', null],
      ['## Read me', null, 'blue'],
    ]);
    expect(tiles[0]?.layouts.sm).toMatchObject({ x: 6, y: 0, w: 6, h: 4 });
    expect(tiles[1]?.layouts.sm?.y).toBeGreaterThanOrEqual(5);
    const removed = await api.patch(`${DASHBOARDS}${dashboardId}/`, {
      tiles: [{ id: tiles[1]?.id, deleted: true }],
    });
    expect(tilesOf(removed.json)).toHaveLength(1);
  });

  it('drops a soft-deleted insight from its dashboard', async () => {
    const { dashboardId, insightId } = await dashboardWithLogins();
    expect(tilesOf((await api.get(`${DASHBOARDS}${dashboardId}/`)).json)).toHaveLength(1);
    expect((await api.patch(`${INSIGHTS}${insightId}/`, { deleted: true })).status).toBe(200);
    expect(tilesOf((await api.get(`${DASHBOARDS}${dashboardId}/`)).json)).toEqual([]);
  });

  it('moves an insight between dashboards through its `dashboards` field', async () => {
    const { dashboardId, insightId } = await dashboardWithLogins();
    const other = await api.post(DASHBOARDS, { name: 'Other' });
    const moved = await api.patch(`${INSIGHTS}${insightId}/`, { dashboards: [other.json.id] });
    expect(moved.json.dashboards).toEqual([other.json.id]);
    expect(tilesOf((await api.get(`${DASHBOARDS}${dashboardId}/`)).json)).toEqual([]);
    expect(tilesOf((await api.get(`${DASHBOARDS}${other.json.id}/`)).json)).toHaveLength(1);
  });

  it.each([
    [{ filters: { date_from: 'someday' } }, 'filters.date_from'],
    [{ filters: { date_to: '2024-01-01' } }, 'filters.date_from'],
    [{ tiles: [{ insight: 99_999 }] }, 'tiles.0.insight'],
    [{ tiles: [{ id: 99_999, color: 'red' }] }, 'tiles.0.id'],
    [{ tiles: [{ color: 'red' }] }, 'tiles.0'],
    [{ use_template: 'nope' }, 'use_template'],
    [{ use_template: 'constructor' }, 'use_template'],
  ])('refuses %j', async (body, attr) => {
    const res = await api.post(DASHBOARDS, body);
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ type: 'validation_error', code: 'INVALID_BODY', attr });
  });

  it('soft deletes a dashboard', async () => {
    const { dashboardId, insightId } = await dashboardWithLogins();
    expect((await api.delete(`${DASHBOARDS}${dashboardId}/`)).status).toBe(204);
    expect((await api.get(`${DASHBOARDS}${dashboardId}/`)).json).toMatchObject({
      code: 'DASHBOARD_NOT_FOUND',
    });
    expect((await api.get(`${INSIGHTS}${insightId}/`)).json.dashboards).toEqual([]);
  });

  it('needs a personal key and stays inside its project', async () => {
    const app = server.signpost.app;
    expect((await app.request(DASHBOARDS)).status).toBe(401);
    const withProjectKey = await app.request(DASHBOARDS, {
      headers: { authorization: `Bearer ${TEST_PROJECT_KEY}` },
    });
    expect(withProjectKey.status).toBe(403);
    // Another project's ids are not found (cross-project refusals: projects/project-isolation.test.ts).
    const other = await api.get('/api/projects/2/dashboards/1/');
    expect(other.json).toMatchObject({ code: 'PROJECT_NOT_FOUND' });
  });
});

describe('dashboards on DuckDB across a restart', () => {
  it('keeps dashboards, tiles and insights', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'signpost-dashboards-'));
    const start = async () =>
      createSignpost({
        config: loadConfig({
          SIGNPOST_DATA_DIR: dataDir,
          SIGNPOST_PROJECT_API_KEY: TEST_PROJECT_KEY,
          SIGNPOST_PERSONAL_API_KEY: TEST_PERSONAL_KEY,
        }),
        storage: await openDuckDbStorage(dataDir),
        logger: silentLogger,
      });
    try {
      const first = await start();
      const created = await apiClient(first).post(DASHBOARDS, { use_template: 'installation-health' });
      const before = tilesOf(created.json).map((t) => [t.id, t.insight?.id, t.insight?.name]);
      await first.close();
      const second = await start();
      const api = apiClient(second);
      const after = await api.get(`${DASHBOARDS}${created.json.id}/`);
      expect(tilesOf(after.json).map((t) => [t.id, t.insight?.id, t.insight?.name])).toEqual(before);
      const fresh = await api.post(INSIGHTS, { query: loginsQuery, dashboards: [created.json.id] });
      const ids = tilesOf(created.json).map((t) => t.insight?.id ?? 0);
      expect(fresh.json.id).toBeGreaterThan(Math.max(...ids));
      await second.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
