import { Hono } from 'hono';
import { readRoutes } from './api/read-routes.ts';
import { AppError } from './errors/app-error.ts';
import { respondWithError } from './http/error-response.ts';
import { captureRoutes } from './ingestion/capture-routes.ts';
import type { IngestionService } from './ingestion/ingestion-service.ts';
import type { ProjectService } from './projects/project-service.ts';
import { remoteConfigRoutes } from './remote-config/remote-config-routes.ts';
import type { Storage } from './storage/storage.ts';
import type { Logger } from './util/logger.ts';

export interface AppDeps {
  projects: ProjectService;
  ingestion: IngestionService;
  storage: Storage;
  logger: Logger;
  maxBodyBytes: number;
  trustProxy: boolean;
  /** False while shutting down, so load balancers stop sending traffic before the process exits. */
  isReady: () => boolean;
}

/** The HTTP surface, built from its services; tests call `app.request()` on it without a socket. */
export function createApp(deps: AppDeps): Hono {
  const app = new Hono({ strict: false });
  app.onError((error, c) => respondWithError(c, error, deps.logger));
  app.notFound((c) =>
    respondWithError(
      c,
      new AppError('NOT_FOUND', `No route for ${c.req.method} ${c.req.path}.`),
      deps.logger,
    ),
  );

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
  app.route('/', remoteConfigRoutes(deps.projects));
  app.route('/', readRoutes(deps.projects, deps.storage));
  return app;
}
