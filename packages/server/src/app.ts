import { Hono } from 'hono';
import { type ApiEnv, requirePersonalKey } from './api/api-auth.ts';
import { readRoutes } from './api/read-routes.ts';
import { cohortRoutes } from './cohorts/cohort-routes.ts';
import type { CohortService } from './cohorts/cohort-service.ts';
import { AppError } from './errors/app-error.ts';
import type { FlagEvaluationService } from './flags/flag-evaluation-service.ts';
import { flagManagementRoutes } from './flags/flag-management-routes.ts';
import type { FlagService } from './flags/flag-service.ts';
import { definitionsRoutes, flagsRoutes } from './flags/flags-routes.ts';
import { respondWithError } from './http/error-response.ts';
import { captureRoutes } from './ingestion/capture-routes.ts';
import type { IngestionService } from './ingestion/ingestion-service.ts';
import { openApiDocument } from './openapi/openapi-document.ts';
import type { ProjectService } from './projects/project-service.ts';
import { remoteConfigRoutes } from './remote-config/remote-config-routes.ts';
import type { Storage } from './storage/storage.ts';
import type { Logger } from './util/logger.ts';

export interface AppDeps {
  projects: ProjectService;
  ingestion: IngestionService;
  flags: FlagService;
  flagEvaluation: FlagEvaluationService;
  cohorts: CohortService;
  storage: Storage;
  logger: Logger;
  maxBodyBytes: number;
  trustProxy: boolean;
  /** False while shutting down, so load balancers stop sending traffic before the process exits. */
  isReady: () => boolean;
}

/** The HTTP surface, built from its services; tests call `app.request()` on it without a socket. */
export function createApp(deps: AppDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>({ strict: false });
  app.onError((error, c) => respondWithError(c, error, deps.logger));
  app.notFound((c) =>
    respondWithError(
      c,
      new AppError('NOT_FOUND', `No route for ${c.req.method} ${c.req.path}.`),
      deps.logger,
    ),
  );
  // Registered before any route: Hono runs handlers in registration order, so nothing under /api can answer
  // before the key is checked.
  const auth = requirePersonalKey(deps.projects);
  app.use('/api/*', auth);
  app.use('/flags/definitions', auth);

  const openApi = JSON.stringify(openApiDocument());
  app.get('/openapi.json', (c) => c.body(openApi, 200, { 'content-type': 'application/json' }));
  app.get('/_health', (c) =>
    deps.isReady() ? c.json({ status: 'ok' }) : c.json({ status: 'shutting_down' }, 503),
  );
  app.route(
    '/',
    captureRoutes({
      ingestion: deps.ingestion,
      maxBodyBytes: deps.maxBodyBytes,
      trustProxy: deps.trustProxy,
    }),
  );
  const hasFlags = (projectId: number) => deps.flags.liveFlags(projectId).length > 0;
  app.route('/', remoteConfigRoutes(deps.projects, hasFlags));
  app.route('/', definitionsRoutes(deps.flagEvaluation));
  app.route(
    '/',
    flagsRoutes({
      projects: deps.projects,
      evaluation: deps.flagEvaluation,
      hasFlags,
      maxBodyBytes: deps.maxBodyBytes,
    }),
  );
  app.route('/', flagManagementRoutes(deps.flags, deps.flagEvaluation));
  app.route('/', cohortRoutes(deps.cohorts));
  app.route('/', readRoutes(deps.storage));
  return app;
}
