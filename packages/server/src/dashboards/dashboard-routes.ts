import { Hono } from 'hono';
import { z } from 'zod';
import { type ApiEnv, projectOf, queryTargetOf } from '../api/api-auth.ts';
import { idParam, parseJsonBody } from '../api/json-body.ts';
import { parseQuery } from '../api/query-params.ts';
import { storable } from '../api/storable-json.ts';
import { insightResult } from '../insights/insight-results.ts';
import type { InsightService } from '../insights/insight-service.ts';
import type { QueryService } from '../insights/query-service.ts';
import type { Project } from '../projects/project.ts';
import type { Dashboard } from './dashboard.ts';
import { dashboardBasicJson, dashboardJson } from './dashboard-json.ts';
import { createDashboardSchema, updateDashboardSchema } from './dashboard-schemas.ts';
import type { DashboardService } from './dashboard-service.ts';

const BASE = '/api/projects/:projectId/dashboards';
const listQuerySchema = z.object({
  search: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
const retrieveQuerySchema = z.object({
  refresh: z.enum(['true', 'false', '1', '0', 'force_blocking', 'blocking']).optional(),
});

export interface DashboardRouteDeps {
  dashboards: DashboardService;
  insights: InsightService;
  queries: QueryService;
}

/** PostHog's dashboard API; a retrieve runs every tile's query under the dashboard's filters. */
export function dashboardRoutes({ dashboards, insights, queries }: DashboardRouteDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>({ strict: false });

  const render = async (project: Project, target: Project, d: Dashboard, refresh: boolean) => {
    const tiles = await Promise.all(
      dashboards.liveTiles(d).map(async (tile) => {
        const insight = tile.insightId === null ? undefined : insights.find(project.id, tile.insightId);
        if (!insight) return { tile, insight: null, insightTiles: [], result: null };
        return {
          tile,
          insight,
          insightTiles: dashboards.tilesOf(project.id, insight.id),
          result: await insightResult(queries, target, insight, { refresh, filters: d.filters }),
        };
      }),
    );
    return dashboardJson(d, tiles);
  };

  app.get(BASE, (c) => {
    const q = parseQuery(c, listQuerySchema);
    const all = dashboards.list(projectOf(c).id, q.search);
    const results = all.slice(q.offset, q.offset + q.limit).map(dashboardBasicJson);
    const next = q.offset + q.limit < all.length ? new URL(c.req.url) : null;
    next?.searchParams.set('offset', String(q.offset + q.limit));
    return c.json({ count: all.length, next: next?.toString() ?? null, previous: null, results });
  });

  app.post(BASE, async (c) => {
    const project = projectOf(c);
    const input = await parseJsonBody(c, storable(createDashboardSchema));
    const d = await dashboards.create(project.id, input, c.get('actor'));
    return c.json(await render(project, queryTargetOf(c), d, false), 201);
  });

  app.get(`${BASE}/:id`, async (c) => {
    const project = projectOf(c);
    const q = parseQuery(c, retrieveQuerySchema);
    const forced = q.refresh === 'true' || q.refresh === '1' || q.refresh === 'force_blocking';
    return c.json(await render(project, queryTargetOf(c), dashboards.get(project.id, idParam(c)), forced));
  });

  app.patch(`${BASE}/:id`, async (c) => {
    const project = projectOf(c);
    const id = idParam(c);
    const input = await parseJsonBody(c, storable(updateDashboardSchema));
    const d = await dashboards.update(project.id, id, input);
    return c.json(d.deleted ? dashboardBasicJson(d) : await render(project, queryTargetOf(c), d, false));
  });

  app.delete(`${BASE}/:id`, async (c) => {
    await dashboards.update(projectOf(c).id, idParam(c), { deleted: true });
    return c.body(null, 204);
  });
  return app;
}
