import type { Insight } from './insight.ts';
import type { InsightResult } from './insight-results.ts';

export interface TileRef {
  id: number;
  dashboard_id: number;
  deleted: boolean;
}

const NOT_COMPUTED = {
  result: null,
  hasMore: false,
  is_cached: false,
  last_refresh: null,
  query_status: null,
};

/** PostHog's insight shape; `result` is filled only where it was computed (retrieve, dashboards). */
export function insightJson(i: Insight, tiles: TileRef[], computed?: InsightResult): Record<string, unknown> {
  return {
    id: i.id,
    short_id: i.shortId,
    name: i.name,
    derived_name: null,
    description: i.description,
    query: i.query,
    tags: i.tags,
    favorited: i.favorited,
    deleted: i.deleted,
    saved: true,
    order: null,
    dashboards: [...new Set(tiles.map((t) => t.dashboard_id))],
    dashboard_tiles: tiles,
    created_at: i.createdAt.toISOString(),
    created_by: i.createdBy,
    last_modified_at: i.lastModifiedAt.toISOString(),
    last_modified_by: i.lastModifiedBy,
    updated_at: i.lastModifiedAt.toISOString(),
    ...NOT_COMPUTED,
    ...computed,
  };
}
