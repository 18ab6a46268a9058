import { Hono } from 'hono';
import { type ApiEnv, queryTargetOf } from '../api/api-auth.ts';
import { readJson } from '../http/read-json.ts';
import type { QueryService } from './query-service.ts';

/** `POST /api/projects/:projectId/query/`, PostHog's single entry point for every insight query. */
export function queryRoutes(service: QueryService): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>({ strict: false });
  app.post('/api/projects/:projectId/query', async (c) => {
    return c.json(await service.run(queryTargetOf(c), await readJson(c)));
  });
  return app;
}
