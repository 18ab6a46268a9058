import { Hono } from 'hono';
import { z } from 'zod';
import { type ApiEnv, projectOf, queryTargetOf } from '../api/api-auth.ts';
import { idParam, parseJsonBody } from '../api/json-body.ts';
import { parseQuery } from '../api/query-params.ts';
import { storable } from '../api/storable-json.ts';
import type { DashboardService } from '../dashboards/dashboard-service.ts';
import type { Project } from '../projects/project.ts';
import type { Insight } from './insight.ts';
import { insightJson } from './insight-json.ts';
import { insightResult } from './insight-results.ts';
import { createInsightSchema, updateInsightSchema } from './insight-schemas.ts';
import type { InsightService } from './insight-service.ts';
import type { QueryService } from './query-service.ts';

const BASE = '/api/projects/:projectId/insights';
const truthy = z.enum(['true', 'false', '1', '0', 'force_blocking', 'blocking']).optional();

export const listInsightsQuerySchema = z.object({
  search: z.string().max(200).optional(),
  short_id: z.string().max(20).optional(),
  favorited: z.enum(['true', 'false']).optional(),
  refresh: truthy,
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
const retrieveQuerySchema = z.object({ refresh: truthy });

export interface InsightRouteDeps {
  insights: InsightService;
  dashboards: DashboardService;
  queries: QueryService;
}

const isForced = (refresh: string | undefined) =>
  refresh === 'true' || refresh === '1' || refresh === 'force_blocking';

/** PostHog's saved-insight API; a retrieve computes the result through the query service and its cache. */
export function insightRoutes({ insights, dashboards, queries }: InsightRouteDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>({ strict: false });
  const plain = (i: Insight) => insightJson(i, dashboards.tilesOf(i.projectId, i.id));
  const computed = async (project: Project, i: Insight, refresh: boolean) =>
    insightJson(
      i,
      dashboards.tilesOf(i.projectId, i.id),
      await insightResult(queries, project, i, { refresh }),
    );

  app.get(BASE, async (c) => {
    const project = projectOf(c);
    const q = parseQuery(c, listInsightsQuerySchema);
    const all = insights.list(project.id, {
      search: q.search,
      shortId: q.short_id,
      favorited: q.favorited === undefined ? undefined : q.favorited === 'true',
    });
    const slice = all.slice(q.offset, q.offset + q.limit);
    // PostHog's UI opens an insight with `?short_id=`, and expects its result in the answer.
    const results = q.short_id
      ? await Promise.all(slice.map((i) => computed(queryTargetOf(c), i, isForced(q.refresh))))
      : slice.map(plain);
    const more = q.offset + q.limit < all.length;
    const next = more ? new URL(c.req.url) : null;
    next?.searchParams.set('offset', String(q.offset + q.limit));
    return c.json({ count: all.length, next: next?.toString() ?? null, previous: null, results });
  });

  app.post(BASE, async (c) => {
    const project = projectOf(c);
    const input = await parseJsonBody(c, storable(createInsightSchema));
    if (input.dashboards) for (const id of input.dashboards) dashboards.get(project.id, id);
    const insight = await insights.create(project.id, input, c.get('actor'));
    if (input.dashboards) await dashboards.setInsightDashboards(project.id, insight.id, input.dashboards);
    return c.json(await computed(queryTargetOf(c), insight, false), 201);
  });

  app.get(`${BASE}/:id`, async (c) => {
    const project = projectOf(c);
    const q = parseQuery(c, retrieveQuerySchema);
    return c.json(
      await computed(queryTargetOf(c), insights.get(project.id, idParam(c)), isForced(q.refresh)),
    );
  });

  app.patch(`${BASE}/:id`, async (c) => {
    const project = projectOf(c);
    const id = idParam(c);
    const input = await parseJsonBody(c, storable(updateInsightSchema));
    insights.get(project.id, id);
    if (input.dashboards) for (const d of input.dashboards) dashboards.get(project.id, d);
    const insight = await insights.update(project.id, id, input, c.get('actor'));
    if (input.dashboards) await dashboards.setInsightDashboards(project.id, id, input.dashboards);
    return c.json(insight.deleted ? plain(insight) : await computed(queryTargetOf(c), insight, false));
  });

  app.delete(`${BASE}/:id`, async (c) => {
    const project = projectOf(c);
    await insights.update(project.id, idParam(c), { deleted: true }, c.get('actor'));
    return c.body(null, 204);
  });
  return app;
}
