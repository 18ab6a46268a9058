import type { Insight } from '../insights/insight.ts';
import { insightJson, type TileRef } from '../insights/insight-json.ts';
import type { InsightResult } from '../insights/insight-results.ts';
import type { Dashboard, DashboardTile } from './dashboard.ts';
import type { DashboardTemplate } from './dashboard-templates.ts';

// PostHog's permission fields, constant here: every key holder of a project may edit its dashboards.
const EVERYONE_CAN_EDIT = 21;
const CAN_EDIT = 37;

/** The list shape (PostHog's DashboardBasicSerializer): no tiles, nothing computed. */
export function dashboardBasicJson(d: Dashboard): Record<string, unknown> {
  return {
    id: d.id,
    name: d.name,
    description: d.description,
    pinned: d.pinned,
    created_at: d.createdAt.toISOString(),
    created_by: d.createdBy,
    last_accessed_at: null,
    last_modified_at: d.lastModifiedAt.toISOString(),
    is_shared: false,
    deleted: d.deleted,
    creation_mode: d.creationMode,
    tags: d.tags,
    restriction_level: EVERYONE_CAN_EDIT,
    effective_restriction_level: EVERYONE_CAN_EDIT,
    effective_privilege_level: CAN_EDIT,
    team_id: d.projectId,
  };
}

export interface RenderedTile {
  tile: DashboardTile;
  insight: Insight | null;
  insightTiles: TileRef[];
  result: InsightResult | null;
}

/** The full shape: filters and every live tile with its insight and (dashboard-filtered) result. */
export function dashboardJson(d: Dashboard, tiles: RenderedTile[]): Record<string, unknown> {
  const refreshed = tiles
    .map((t) => t.result?.last_refresh)
    .filter((r): r is string => typeof r === 'string');
  return {
    ...dashboardBasicJson(d),
    filters: d.filters,
    persisted_filters: d.filters,
    variables: {},
    last_refresh: refreshed.sort().at(0) ?? null,
    tiles: tiles.map(({ tile, insight, insightTiles, result }, order) => ({
      id: tile.id,
      insight: insight ? insightJson(insight, insightTiles, result ?? undefined) : null,
      text: tile.text ? { id: tile.id, body: tile.text.body } : null,
      layouts: tile.layouts,
      color: tile.color,
      order,
      last_refresh: result?.last_refresh ?? null,
      is_cached: result?.is_cached ?? false,
      ...(result?.error ? { error: result.error } : {}),
    })),
  };
}

export function templateJson(t: DashboardTemplate): Record<string, unknown> {
  return {
    id: t.id,
    template_name: t.template_name,
    dashboard_description: t.dashboard_description,
    dashboard_filters: t.dashboard_filters,
    tags: t.tags,
    tiles: t.tiles,
    variables: [],
    image_url: null,
    scope: 'global',
  };
}
