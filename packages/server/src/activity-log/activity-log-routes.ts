import { Hono } from 'hono';
import { type ApiEnv, projectOf } from '../api/api-auth.ts';
import { AppError } from '../errors/app-error.ts';
import { activityJson } from './activity-json.ts';
import type { ActivityLogService } from './activity-log-service.ts';
import { activityPage } from './activity-page.ts';

const BASE = '/api/projects/:projectId/activity_log';

/** `GET /api/projects/@current/activity_log/` and one entry by id. The log is read-only over HTTP. */
export function activityLogRoutes(log: ActivityLogService): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>({ strict: false });

  app.get(BASE, async (c) => c.json(await activityPage(c, log, projectOf(c).id)));

  app.get(`${BASE}/:entryId`, async (c) =>
    c.json(activityJson(await log.get(projectOf(c).id, c.req.param('entryId')))),
  );

  // Named, so a client trying to edit history learns it is refused by design, not that the URL is wrong.
  app.on(['POST', 'PUT', 'PATCH', 'DELETE'], [BASE, `${BASE}/:entryId`], () => {
    throw new AppError(
      'METHOD_NOT_ALLOWED',
      'The activity log is append-only: entries cannot be changed or deleted.',
    );
  });
  return app;
}
