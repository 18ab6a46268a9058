import { isObject, type JsonObject, numberOf, pick } from './posthog-json.ts';

/**
 * The create body of an insight: its query node, name and labels. `dashboards` is left out on purpose: tiles
 * come with the dashboards, so an insight is not placed twice.
 */
export function mapInsight(insight: JsonObject): JsonObject {
  const body = pick(insight, ['name', 'description', 'query', 'tags', 'favorited']);
  // An unnamed insight shows PostHog's derived name in its UI; keep what the user saw.
  if ((body.name === null || body.name === '') && typeof insight.derived_name === 'string') {
    body.name = insight.derived_name;
  }
  return body;
}

/**
 * A dashboard (as `GET /dashboards/:id/` answers it) and the source ids of the insights on its tiles. Insight
 * tiles keep PostHog's insight id in `insight`; the writer maps it after creating the insights.
 */
export function mapDashboard(dashboard: JsonObject): { body: JsonObject; insightSourceIds: number[] } {
  const body = pick(dashboard, ['name', 'description', 'pinned', 'filters', 'tags']);
  if (typeof body.description !== 'string') delete body.description;
  const insightSourceIds: number[] = [];
  const tiles: JsonObject[] = [];
  for (const tile of Array.isArray(dashboard.tiles) ? dashboard.tiles.filter(isObject) : []) {
    if (tile.deleted === true) continue;
    const layout = pick(tile, ['layouts', 'color']);
    const insightId = isObject(tile.insight) ? numberOf(tile.insight.id) : numberOf(tile.insight);
    if (insightId !== null) {
      if (!insightSourceIds.includes(insightId)) insightSourceIds.push(insightId);
      tiles.push({ insight: insightId, ...layout });
    } else if (isObject(tile.text) && typeof tile.text.body === 'string') {
      tiles.push({ text: { body: tile.text.body }, ...layout });
    }
  }
  body.tiles = tiles;
  return { body, insightSourceIds };
}
