import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SeedEvent, seed, type TrendResult } from '../insights/query-test-kit.ts';
import { apiClient } from '../testing/api-client.ts';
import { type InProcess, inProcess } from '../testing/in-process.ts';

const DASHBOARDS = '/api/projects/@current/dashboards/';
const HOUR = 3_600_000;
const ago = (hours: number) => new Date(Date.now() - hours * HOUR).toISOString();
const RECENT = ago(2);

const health = (id: string, version: string, platform: string, at = RECENT): SeedEvent => ({
  event: 'telemetry.health',
  distinct_id: id,
  timestamp: at,
  properties: { app_version: version, platform },
});
const user = (event: string, id: string, properties: Record<string, unknown> = {}): SeedEvent => ({
  event,
  distinct_id: id,
  timestamp: RECENT,
  properties,
});

/** The guide's event names, relative to now because the templates ask for "-24h" and "-30d". */
const EVENTS: SeedEvent[] = [
  health('inst-1', '3.0.0', 'Linux'),
  health('inst-1', '3.0.0', 'Linux', ago(5)),
  health('inst-2', '2.9.0', 'Windows'),
  health('inst-3', '3.0.0', 'Linux', ago(50)),
  health('inst-4', '3.0.0', 'Linux'),
  {
    event: 'telemetry.update',
    distinct_id: 'inst-2',
    timestamp: ago(30),
    properties: { new_version: '3.0.0' },
  },
  {
    event: 'telemetry.update',
    distinct_id: 'inst-1',
    timestamp: ago(60),
    properties: { new_version: '3.0.0' },
  },
  user('$exception', 'inst-1', { app_version: '3.0.0' }),
  user('$exception', 'inst-1', { app_version: '3.0.0' }),
  user('$exception', 'inst-2', { app_version: '2.9.0' }),
  user('$identify', 'alice', { $set: { role: 'admin' } }),
  user('$identify', 'bob', { $set: { role: 'user' } }),
  user('auth.login', 'alice', { auth_method: 'oidc' }),
  user('auth.login', 'alice', { auth_method: 'oidc' }),
  user('auth.login', 'bob', { auth_method: 'local' }),
  user('timer.started', 'alice'),
  user('timer.started', 'alice'),
  user('timer.started', 'bob'),
  user('project.created', 'alice'),
  user('export.csv', 'alice', { rows: 10 }),
  user('export.csv', 'alice', { rows: 20 }),
  user('export.csv', 'bob', { rows: 5 }),
];

type Result = TrendResult[];
interface Tile {
  insight: { name: string; query: { source: { kind: string } }; result: Result | null };
  layouts: { sm: { x: number; y: number; w: number; h: number } };
}

const total = (r: TrendResult) => r.aggregated_value ?? r.count;
const split = (result: Result | null) =>
  Object.fromEntries((result ?? []).map((r) => [String(r.breakdown_value), total(r)]));

describe('dashboard templates', () => {
  let server: InProcess;
  let api: ReturnType<typeof apiClient>;
  const fromTemplate = async (key: string) => {
    const res = await api.post(DASHBOARDS, { use_template: key });
    expect(res.status).toBe(201);
    const tiles = (res.json as unknown as { tiles: Tile[] }).tiles;
    return { json: res.json, tile: (name: string) => tiles.find((t) => t.insight.name === name), tiles };
  };
  beforeAll(async () => {
    server = await inProcess('duckdb');
    api = apiClient(server.signpost);
    await seed(server, EVENTS);
  });
  afterAll(() => server.stop());

  it('lists both templates with the guide widgets', async () => {
    const res = await api.get('/api/projects/@current/dashboard_templates/');
    const templates = res.json.results as { id: string; template_name: string; tiles: { name: string }[] }[];
    expect(templates.map((t) => [t.id, t.tiles.map((x) => x.name)])).toEqual([
      [
        'installation-health',
        [
          'Active Installations',
          'Version Distribution',
          'Platform Distribution',
          'Update Timeline',
          'Error Rate',
        ],
      ],
      [
        'user-engagement',
        ['Daily Active Users', 'Feature Usage', 'Auth Method Split', 'Timer Usage', 'Export Activity'],
      ],
    ]);
  });

  it('creates Installation Health in one call, every tile answering from the events', async () => {
    const { json, tile, tiles } = await fromTemplate('installation-health');
    expect(json).toMatchObject({ name: 'Installation Health', creation_mode: 'template' });
    expect(tiles.every((t) => t.insight.query.source.kind === 'TrendsQuery')).toBe(true);
    expect(new Set(tiles.map((t) => `${t.layouts.sm.x},${t.layouts.sm.y}`)).size).toBe(5);
    // inst-3 was last seen 50 hours ago.
    expect(tile('Active Installations')?.insight.result?.map(total)).toEqual([3]);
    expect(split(tile('Version Distribution')?.insight.result ?? null)).toEqual({ '3.0.0': 3, '2.9.0': 1 });
    expect(split(tile('Platform Distribution')?.insight.result ?? null)).toEqual({ Linux: 3, Windows: 1 });
    expect(tile('Update Timeline')?.insight.result?.[0]?.count).toBe(2);
    // A rate: today 3.0.0 had 2 errors over 2 reporting installations (inst-1, inst-4), 2.9.0 1 over 1; the day
    // inst-3 reported alone had no errors. Counts would say 2 and 1.
    const rate = tile('Error Rate')?.insight.result ?? [];
    const day = (version: string) =>
      Math.max(...(rate.find((r) => r.breakdown_value === version)?.data ?? [Number.NaN]));
    expect([day('3.0.0'), day('2.9.0')]).toEqual([1, 1]);
  });

  it('creates User Engagement (also as "feature-adoption") with product events only', async () => {
    const { json, tile } = await fromTemplate('feature-adoption');
    expect(json).toMatchObject({ name: 'User Engagement' });
    // Two users were active today; installations' telemetry does not count as users.
    expect(Math.max(...(tile('Daily Active Users')?.insight.result?.[0]?.data ?? []))).toBe(2);
    expect(split(tile('Feature Usage')?.insight.result ?? null)).toEqual({
      'auth.login': 3,
      'timer.started': 3,
      'export.csv': 3,
      'project.created': 1,
    });
    expect(split(tile('Auth Method Split')?.insight.result ?? null)).toEqual({ oidc: 2, local: 1 });
    expect(tile('Timer Usage')?.insight.result?.[0]?.count).toBe(3);
    expect(split(tile('Export Activity')?.insight.result ?? null)).toEqual({ admin: 2, user: 1 });
  });

  it('keeps the template name unless the request names the dashboard', async () => {
    const res = await api.post(DASHBOARDS, { use_template: 'installation-health', name: 'Prod installs' });
    expect(res.json).toMatchObject({ name: 'Prod installs', creation_mode: 'template' });
  });
});
