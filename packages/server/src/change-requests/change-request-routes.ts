import { type Context, Hono } from 'hono';
import type { ChangeContextOf } from '../activity-log/change-context.ts';
import { type ApiEnv, environmentOf } from '../api/api-auth.ts';
import { parseJsonBody } from '../api/json-body.ts';
import { parseQuery } from '../api/query-params.ts';
import { changeRequestJson } from './change-request-json.ts';
import { listChangeRequestsQuerySchema, rejectChangeRequestSchema } from './change-request-schemas.ts';
import type { ChangeRequestService } from './change-request-service.ts';
import { reviewerOf } from './flag-change-gate.ts';

const BASE = '/api/projects/:projectId/change_requests';

/** Review of held-back flag changes: list, read, approve, reject (with a comment), withdraw (the author). */
export function changeRequestRoutes(service: ChangeRequestService, changeOf: ChangeContextOf): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>({ strict: false });
  const id = (c: Context<ApiEnv>) => c.req.param('id') ?? '';
  const reviewer = (c: Context<ApiEnv>) => reviewerOf(c, changeOf(c));

  app.get(BASE, async (c) => {
    const q = parseQuery(c, listChangeRequestsQuerySchema);
    const results = (await service.list(environmentOf(c).id, q.status)).map(changeRequestJson);
    return c.json({ count: results.length, next: null, previous: null, results });
  });

  app.get(`${BASE}/:id`, async (c) =>
    c.json(changeRequestJson(await service.get(environmentOf(c).id, id(c)))),
  );

  app.post(`${BASE}/:id/approve`, async (c) =>
    c.json(changeRequestJson(await service.approve(environmentOf(c).id, id(c), reviewer(c)))),
  );

  app.post(`${BASE}/:id/reject`, async (c) => {
    const { comment } = await parseJsonBody(c, rejectChangeRequestSchema);
    return c.json(changeRequestJson(await service.reject(environmentOf(c).id, id(c), reviewer(c), comment)));
  });

  app.post(`${BASE}/:id/withdraw`, async (c) =>
    c.json(changeRequestJson(await service.withdraw(environmentOf(c).id, id(c), reviewer(c)))),
  );
  return app;
}
