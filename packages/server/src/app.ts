import { Hono } from 'hono';
import { requireScope } from './access/require-scope.ts';
import { type ApiEnv, requirePersonalKey } from './api/api-auth.ts';
import { readRoutes } from './api/read-routes.ts';
import { authRoutes } from './auth/auth-routes.ts';
import type { AuthService } from './auth/auth-service.ts';
import { personalKeyRoutes } from './auth/personal-key-routes.ts';
import { sessionAuthenticator } from './auth/session-auth.ts';
import { cohortRoutes } from './cohorts/cohort-routes.ts';
import type { CohortService } from './cohorts/cohort-service.ts';
import { dashboardRoutes } from './dashboards/dashboard-routes.ts';
import type { DashboardService } from './dashboards/dashboard-service.ts';
import { dashboardTemplateRoutes } from './dashboards/dashboard-template-routes.ts';
import { AppError } from './errors/app-error.ts';
import { experimentRoutes } from './experiments/experiment-routes.ts';
import type { ExperimentService } from './experiments/experiment-service.ts';
import type { ExperimentResultsService } from './experiments/results/experiment-results-service.ts';
import { exportRoutes } from './exports/export-routes.ts';
import { insightCsvRoutes } from './exports/insight-csv-routes.ts';
import type { FlagEvaluationService } from './flags/flag-evaluation-service.ts';
import { flagManagementRoutes } from './flags/flag-management-routes.ts';
import type { FlagService } from './flags/flag-service.ts';
import { definitionsRoutes, flagsRoutes } from './flags/flags-routes.ts';
import { bodyLimit } from './http/body-limit.ts';
import { respondWithError } from './http/error-response.ts';
import { captureRoutes } from './ingestion/capture-routes.ts';
import type { IngestionService } from './ingestion/ingestion-service.ts';
import { insightRoutes } from './insights/insight-routes.ts';
import type { InsightService } from './insights/insight-service.ts';
import { queryRoutes } from './insights/query-routes.ts';
import type { QueryService } from './insights/query-service.ts';
import { memberAuthRoutes } from './members/member-auth-routes.ts';
import { memberRoutes } from './members/member-routes.ts';
import type { MemberService } from './members/member-service.ts';
import { oidcRoutes } from './oidc/oidc-routes.ts';
import type { SsoService } from './oidc/sso-service.ts';
import { openApiDocument } from './openapi/openapi-document.ts';
import { projectRoutes } from './projects/project-routes.ts';
import type { ProjectService } from './projects/project-service.ts';
import { remoteConfigRoutes } from './remote-config/remote-config-routes.ts';
import type { Storage } from './storage/storage.ts';
import type { Logger } from './util/logger.ts';
import { webAppRoutes } from './web-app/web-app-routes.ts';

const AUTH_BODY_LIMIT = 16 * 1024;

export interface AppDeps {
  projects: ProjectService;
  ingestion: IngestionService;
  flags: FlagService;
  flagEvaluation: FlagEvaluationService;
  cohorts: CohortService;
  queries: QueryService;
  insights: InsightService;
  dashboards: DashboardService;
  experiments: ExperimentService;
  experimentResults: ExperimentResultsService;
  auth: AuthService;
  members: MemberService;
  storage: Storage;
  logger: Logger;
  /** The built web app, served at `/`. */
  webDir: string;
  maxBodyBytes: number;
  trustProxy: boolean;
  /** Single sign-on, when configured. */
  sso?: SsoService | undefined;
  /** SIGNPOST_PUBLIC_URL, where single sign-on sends the browser back to. */
  publicUrl?: string | undefined;
  /** SIGNPOST_OIDC_ONLY: the sign-in page hides the password form. */
  oidcOnly?: boolean;
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
  // Every body is read under a limit; sign-in and setup take a few hundred bytes and are reachable without a
  // key, so they get a small one (a 300 MB password must not be buffered before it is rejected).
  app.use('*', bodyLimit(deps.maxBodyBytes));
  app.use('/_auth/*', bodyLimit(AUTH_BODY_LIMIT));
  // Registered before any route: Hono runs handlers in registration order, so nothing under /api can answer
  // before the key is checked.
  const auth = requirePersonalKey(deps.projects, sessionAuthenticator(deps.auth), (userId, projectId) =>
    deps.auth.roleOf(userId, projectId),
  );
  app.use('/api/*', auth, requireScope());
  app.use('/flags/definitions', auth, requireScope());

  const openApi = JSON.stringify(openApiDocument());
  app.get('/openapi.json', (c) => c.body(openApi, 200, { 'content-type': 'application/json' }));
  app.get('/_health', (c) => {
    if (!deps.isReady()) return c.json({ status: 'shutting_down' }, 503);
    // A supervisor or load balancer must see a storage outage here, not only in failing writes.
    const storage = deps.storage.health?.() ?? { ok: true };
    return storage.ok
      ? c.json({ status: 'ok' })
      : c.json({ status: 'unavailable', reason: storage.reason }, 503);
  });
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
  app.route('/', insightCsvRoutes({ insights: deps.insights, queries: deps.queries }));
  app.route('/', queryRoutes(deps.queries));
  const saved = { insights: deps.insights, dashboards: deps.dashboards, queries: deps.queries };
  app.route('/', insightRoutes(saved));
  app.route('/', dashboardRoutes(saved));
  app.route('/', dashboardTemplateRoutes());
  app.route(
    '/',
    experimentRoutes({ experiments: deps.experiments, results: deps.experimentResults, flags: deps.flags }),
  );
  app.route('/', exportRoutes(deps.storage.eventExport));
  app.route('/', projectRoutes(deps.projects));
  app.route('/', readRoutes(deps.storage));
  app.route('/', personalKeyRoutes(deps.projects));
  app.route('/', memberRoutes(deps.members, deps.trustProxy));
  app.route(
    '/',
    memberAuthRoutes({
      auth: deps.auth,
      members: deps.members,
      projects: deps.projects,
      trustProxy: deps.trustProxy,
    }),
  );
  app.route(
    '/',
    authRoutes({
      auth: deps.auth,
      projects: deps.projects,
      trustProxy: deps.trustProxy,
      signInMethods: { sso: deps.sso !== undefined, password: !deps.oidcOnly },
    }),
  );
  app.route(
    '/',
    oidcRoutes({
      sso: deps.sso,
      publicUrl: deps.publicUrl,
      trustProxy: deps.trustProxy,
      logger: deps.logger,
    }),
  );
  // Last: the app's client-side routes answer only GETs nothing above claimed.
  app.route('/', webAppRoutes(deps.webDir));
  return app;
}
