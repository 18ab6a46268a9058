import { Hono } from 'hono';
import type { z } from 'zod';
import { type ApiEnv, environmentOf } from '../api/api-auth.ts';
import { parseJsonBody } from '../api/json-body.ts';
import { page, parseQuery } from '../api/query-params.ts';
import { AppError } from '../errors/app-error.ts';
import type { ErasureRecord } from './erasure.ts';
import {
  bulkErasureSchema,
  erasureByDistinctIdQuerySchema,
  erasureByIdQuerySchema,
  type erasureResponseSchema,
  erasuresQuerySchema,
} from './erasure-schemas.ts';
import type { ErasureService, PersonRef } from './erasure-service.ts';

const recordJson = (r: ErasureRecord): z.infer<typeof erasureResponseSchema> => ({
  id: r.id,
  mode: r.mode,
  requested_by: r.requestedBy,
  created_at: r.createdAt.toISOString(),
  counts: r.counts,
});

/**
 * Person erasure: PostHog's `DELETE /persons/<id>/` plus, by distinct id, `DELETE /persons/?distinct_id=`.
 * Both need `person:write`, which only admins hold: erasure cannot be undone, and it is the admin who answers
 * the data subject's request.
 */
export function erasureRoutes(service: ErasureService): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>({ strict: false });

  app.delete('/api/projects/:projectId/persons/:id', async (c) => {
    const q = parseQuery(c, erasureByIdQuerySchema);
    const record = await service.erase({
      projectId: environmentOf(c).id,
      person: { personId: c.req.param('id') },
      mode: q.mode,
      requestedBy: c.get('principal').name,
      personalKeys: q.personal_keys,
    });
    return c.json(recordJson(record));
  });

  app.delete('/api/projects/:projectId/persons', async (c) => {
    const q = parseQuery(c, erasureByDistinctIdQuerySchema);
    const record = await service.erase({
      projectId: environmentOf(c).id,
      person: { distinctId: q.distinct_id },
      mode: q.mode,
      requestedBy: c.get('principal').name,
      personalKeys: q.personal_keys,
    });
    return c.json(recordJson(record));
  });

  app.post('/api/projects/:projectId/persons/bulk_delete', async (c) => {
    const body = await parseJsonBody(c, bulkErasureSchema);
    const mode = body.mode ?? (body.keep_person ? 'events_only' : 'erase');
    const refs: [string, PersonRef][] = [
      ...body.ids.map((id): [string, PersonRef] => [id, { personId: id }]),
      ...body.distinct_ids.map((d): [string, PersonRef] => [d, { distinctId: d }]),
    ];
    const results: ErasureRecord[] = [];
    const notFound: string[] = [];
    // One after another: each takes the writer's exclusive section on its own, so ingestion runs in between.
    for (const [given, person] of refs) {
      try {
        results.push(
          await service.erase({
            projectId: environmentOf(c).id,
            person,
            mode,
            requestedBy: c.get('principal').name,
            personalKeys: body.personal_keys,
          }),
        );
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== 'PERSON_NOT_FOUND') throw error;
        notFound.push(given);
      }
    }
    return c.json({ results: results.map(recordJson), not_found: notFound });
  });

  app.get('/api/projects/:projectId/erasures', async (c) => {
    const q = parseQuery(c, erasuresQuerySchema);
    const records = await service.list(environmentOf(c).id, q.limit, q.offset);
    return c.json(page(c, records.map(recordJson), q.limit, q.offset));
  });
  return app;
}
