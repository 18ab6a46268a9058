import { Hono } from 'hono';
import { type ApiEnv, projectOf } from '../api/api-auth.ts';
import { AppError } from '../errors/app-error.ts';
import type { QueryService } from './query-service.ts';

/** `POST /api/projects/:projectId/query/`, PostHog's single entry point for every insight query. */
export function queryRoutes(service: QueryService): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>({ strict: false });
  app.post('/api/projects/:projectId/query', async (c) => {
    const project = projectOf(c);
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      throw new AppError('INVALID_BODY', 'The request body must be a JSON object.');
    }
    return c.json(await service.run(project, body));
  });
  return app;
}
