import { Hono } from 'hono';
import type { ChangeContextOf } from '../activity-log/change-context.ts';
import { type ApiEnv, projectOf } from '../api/api-auth.ts';
import { idParam, parseJsonBody } from '../api/json-body.ts';
import { parseQuery } from '../api/query-params.ts';
import { annotationJson } from './annotation-json.ts';
import {
  createAnnotationSchema,
  listAnnotationsQuerySchema,
  updateAnnotationSchema,
} from './annotation-schemas.ts';
import type { AnnotationService } from './annotation-service.ts';

const BASE = '/api/projects/:projectId/annotations';

/** PostHog's annotations API: list (paged, `?search=`, date bounds), create, retrieve, PATCH, soft delete. */
export function annotationRoutes(annotations: AnnotationService, changeOf: ChangeContextOf): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>({ strict: false });

  app.get(BASE, async (c) => {
    const q = parseQuery(c, listAnnotationsQuerySchema);
    const { total, results } = await annotations.list({ projectId: projectOf(c).id, ...q });
    const nextUrl = q.offset + q.limit < total ? new URL(c.req.url) : null;
    nextUrl?.searchParams.set('offset', String(q.offset + q.limit));
    const previousUrl = q.offset > 0 ? new URL(c.req.url) : null;
    previousUrl?.searchParams.set('offset', String(Math.max(0, q.offset - q.limit)));
    return c.json({
      count: total,
      next: nextUrl?.toString() ?? null,
      previous: previousUrl?.toString() ?? null,
      results: results.map(annotationJson),
    });
  });

  app.post(BASE, async (c) => {
    const input = await parseJsonBody(c, createAnnotationSchema);
    return c.json(annotationJson(await annotations.create(projectOf(c).id, input, changeOf(c))), 201);
  });

  app.get(`${BASE}/:id`, async (c) =>
    c.json(annotationJson(await annotations.get(projectOf(c).id, idParam(c)))),
  );

  app.patch(`${BASE}/:id`, async (c) => {
    const input = await parseJsonBody(c, updateAnnotationSchema);
    const updated = await annotations.update(projectOf(c).id, idParam(c), input, changeOf(c));
    return c.json(annotationJson(updated));
  });

  // PostHog's own API refuses DELETE and its app PATCHes `deleted: true`; both are a soft delete here.
  app.delete(`${BASE}/:id`, async (c) => {
    await annotations.update(projectOf(c).id, idParam(c), { deleted: true }, changeOf(c));
    return c.body(null, 204);
  });
  return app;
}
