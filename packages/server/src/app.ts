import { Hono } from 'hono';
import { requireScope } from './access/require-scope.ts';
import type { ChangeContext } from './activity-log/activity-entry.ts';
import { activityLogRoutes } from './activity-log/activity-log-routes.ts';
import type { ActivityLogService, NewEntry } from './activity-log/activity-log-service.ts';
import { auditWrites } from './activity-log/audit-middleware.ts';
import { auditedCollections, auditedPersonalKeys, auditedProject } from './activity-log/audited-resources.ts';
import { changeContextFrom } from './activity-log/change-context.ts';
import { flagActivityRoutes } from './activity-log/flag-revert-routes.ts';
import { alertRoutes } from './alerts/alert-routes.ts';
import type { AlertService } from './alerts/alert-service.ts';
import { annotationRoutes } from './annotations/annotation-routes.ts';
import type { AnnotationService } from './annotations/annotation-service.ts';
import { type ApiEnv, requirePersonalKey } from './api/api-auth.ts';
import { readRoutes } from './api/read-routes.ts';
import { authRoutes } from './auth/auth-routes.ts';
import type { AuthService } from './auth/auth-service.ts';
import { currentUserRoutes } from './auth/current-user-routes.ts';
import { personalKeyRoutes } from './auth/personal-key-routes.ts';
import { sessionAuthenticator } from './auth/session-auth.ts';
import { backupHealth, backupRoutes } from './backup/backup-routes.ts';
import type { BackupService } from './backup/backup-service.ts';
import { captureV1Routes } from './capture-v1/capture-v1-routes.ts';
import { changeRequestRoutes } from './change-requests/change-request-routes.ts';
import type { ChangeRequestService } from './change-requests/change-request-service.ts';
import { flagChangeGate, unreviewableWriteCheck } from './change-requests/flag-change-gate.ts';
import { cohortRoutes } from './cohorts/cohort-routes.ts';
import type { CohortService } from './cohorts/cohort-service.ts';
import { dashboardRoutes } from './dashboards/dashboard-routes.ts';
import type { DashboardService } from './dashboards/dashboard-service.ts';
import { dashboardTemplateRoutes } from './dashboards/dashboard-template-routes.ts';
import { dataSettingsChanges } from './data-settings/data-settings-json.ts';
import { auditDataSettings, dataSettingsRoutes } from './data-settings/data-settings-routes.ts';
import type { DataSettingsService } from './data-settings/data-settings-service.ts';
import { definitionRoutes } from './definitions/definition-routes.ts';
import type { DefinitionService } from './definitions/definition-service.ts';
import { earlyAccessRoutes } from './early-access/early-access-routes.ts';
import type { EarlyAccessService } from './early-access/early-access-service.ts';
import { publicEarlyAccessRoutes } from './early-access/public-early-access-routes.ts';
import { erasureRoutes } from './erasure/erasure-routes.ts';
import type { ErasureService } from './erasure/erasure-service.ts';
import { AppError } from './errors/app-error.ts';
import { isRunning } from './experiments/experiment.ts';
import { experimentRoutes } from './experiments/experiment-routes.ts';
import type { ExperimentService } from './experiments/experiment-service.ts';
import type { ExperimentResultsService } from './experiments/results/experiment-results-service.ts';
import { exportRoutes } from './exports/export-routes.ts';
import { insightCsvRoutes } from './exports/insight-csv-routes.ts';
import type { FlagLifecycleService } from './flag-usage/flag-lifecycle-service.ts';
import type { FlagUsageTracker } from './flag-usage/flag-usage-tracker.ts';
import { flagEnvironmentRoutes } from './flags/flag-environment-routes.ts';
import type { FlagEvaluationService } from './flags/flag-evaluation-service.ts';
import { flagManagementRoutes } from './flags/flag-management-routes.ts';
import type { FlagService } from './flags/flag-service.ts';
import { definitionsRoutes, flagsRoutes } from './flags/flags-routes.ts';
import { bodyLimit } from './http/body-limit.ts';
import { respondWithError } from './http/error-response.ts';
import { callerRateLimit } from './http/rate-limit/rate-limit-middleware.ts';
import type { RateLimits } from './http/rate-limit/rate-limits.ts';
import { sdkGuard } from './http/rate-limit/sdk-guard.ts';
import { throttleHeaders } from './http/rate-limit/throttle-headers.ts';
import { personImportRoutes } from './imports/person-import-routes.ts';
import type { PersonImportService } from './imports/person-import-service.ts';
import { CAPTURE_PATHS, captureRoutes } from './ingestion/capture-routes.ts';
import type { IngestionService } from './ingestion/ingestion-service.ts';
import { insightRoutes } from './insights/insight-routes.ts';
import type { InsightService } from './insights/insight-service.ts';
import { queryRoutes } from './insights/query-routes.ts';
import type { QueryService } from './insights/query-service.ts';
import type { Mailer } from './members/mailer.ts';
import { memberAuthRoutes } from './members/member-auth-routes.ts';
import { memberRoutes } from './members/member-routes.ts';
import type { MemberService } from './members/member-service.ts';
import { metricsRoutes } from './metrics/metrics-routes.ts';
import { observeSignIn } from './metrics/observe-middleware.ts';
import type { PrometheusMetrics } from './metrics/prometheus-metrics.ts';
import { ofrepRoutes } from './ofrep/ofrep-routes.ts';
import { oidcRoutes } from './oidc/oidc-routes.ts';
import type { SsoService } from './oidc/sso-service.ts';
import { openApiDocument } from './openapi/openapi-document.ts';
import { environmentRoutes } from './projects/environment-routes.ts';
import { type AnonymizeIpsPort, projectRoutes } from './projects/project-routes.ts';
import type { ProjectService } from './projects/project-service.ts';
import { remoteConfigRoutes } from './remote-config/remote-config-routes.ts';
import { scheduleRoutes } from './schedules/schedule-routes.ts';
import type { ScheduleService } from './schedules/schedule-service.ts';
import { outOfScopeRoutes } from './sdk-compat/out-of-scope-routes.ts';
import type { ProjectSecretKeyService } from './secret-keys/project-secret-key-service.ts';
import { secretKeyRoutes } from './secret-keys/secret-key-routes.ts';
import type { Storage } from './storage/storage.ts';
import type { Logger } from './util/logger.ts';
import { webAppRoutes } from './web-app/web-app-routes.ts';
import { webhookRoutes } from './webhooks/webhook-routes.ts';
import type { WebhookService } from './webhooks/webhook-service.ts';

const AUTH_BODY_LIMIT = 16 * 1024;

export interface AppDeps {
  /** Online backups: `POST /api/backups`, and the last one on `/_health`. */
  backups?: BackupService;
  projects: ProjectService;
  /** Per-project personal-data controls, retention and stale days; absent in tests that build a bare app. */
  dataSettings?: DataSettingsService;
  /** Clock of the data-usage days (tests move it). */
  now?: () => Date;
  ingestion: IngestionService;
  /** Persons imported whole (`import` command); absent, the route answers 404. */
  personImport?: PersonImportService;
  flags: FlagService;
  flagEvaluation: FlagEvaluationService;
  /** Flag usage counters and the staleness verdicts built on them; absent, flags carry no usage. */
  flagUsage?: FlagUsageTracker;
  flagLifecycle?: FlagLifecycleService;
  cohorts: CohortService;
  queries: QueryService;
  insights: InsightService;
  dashboards: DashboardService;
  experiments: ExperimentService;
  experimentResults: ExperimentResultsService;
  earlyAccess: EarlyAccessService;
  annotations: AnnotationService;
  definitions: DefinitionService;
  /** Person erasure (GDPR); absent, its routes answer 404. */
  erasure?: ErasureService;
  auth: AuthService;
  members: MemberService;
  /** Mails invitation and reset links when SMTP is configured. */
  mailer: Mailer | undefined;
  activityLog: ActivityLogService;
  webhooks: WebhookService;
  /** Insight alerts and flag guardrails; absent, their routes answer 404. */
  alerts?: AlertService;
  /** Flag changes held for approval where a project or environment asks for it; absent, changes apply at once. */
  changeRequests?: ChangeRequestService;
  /** Scheduled flag changes and rollout plans; absent in apps built without a scheduler. */
  schedules?: ScheduleService;
  /** The project an environment id belongs to (webhooks are the project's). */
  projectIdOf: (environmentId: number) => number;
  secretKeys: ProjectSecretKeyService;
  metrics: PrometheusMetrics;
  /** Bearer token for /metrics; unset, loopback callers only. */
  metricsToken: string | undefined;
  rateLimits: RateLimits;
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
  // The public SDK endpoints: measured, then limited per client address before any body is read (per project
  // key once the handler has decoded it, through `admit`).
  const guard = { limits: deps.rateLimits, metrics: deps.metrics, trustProxy: deps.trustProxy };
  const captureGuard = sdkGuard({ route: 'capture', ...guard });
  for (const path of CAPTURE_PATHS) app.use(path, captureGuard);
  const flagsGuard = sdkGuard({ route: 'flags', ...guard });
  app.use('/flags', flagsGuard);
  app.use('/decide', flagsGuard);
  app.use('/_auth/login', observeSignIn(deps.metrics));
  // The one public /api path (posthog-js reads it with the project key): it must answer before the personal-key
  // check below, which would refuse that key.
  app.route('/', publicEarlyAccessRoutes(deps.projects, deps.earlyAccess));
  // PostHog's newer spelling of the project routes: answered as the same request under /api/projects/ (which
  // then passes the key check and the route table like any other).
  app.all('/api/environments/*', (c) => {
    const url = new URL(c.req.url);
    url.pathname = url.pathname.replace(/^\/api\/environments\//, '/api/projects/');
    return app.fetch(new Request(url, c.req.raw), c.env);
  });
  // Registered before any route: Hono runs handlers in registration order, so nothing under /api can answer
  // before the key is checked.
  const auth = requirePersonalKey(deps.projects, sessionAuthenticator(deps.auth), {
    roleOf: (userId, projectId) => deps.auth.roleOf(userId, projectId),
    secretKeys: deps.secretKeys,
  });
  const apiThrottle = throttleHeaders({ sdk: false });
  const apiLimit = callerRateLimit(deps.rateLimits);
  app.use('/api/*', apiThrottle, auth, apiLimit, requireScope());
  app.use('/flags/definitions', apiThrottle, auth, apiLimit, requireScope());
  const changeOf = changeContextFrom(deps.projects, deps.auth);
  app.use(
    '/api/*',
    auditWrites(
      deps.activityLog,
      {
        collections: auditedCollections(deps),
        project: auditedProject(deps.projects),
        personalKeys: auditedPersonalKeys(deps.projects),
      },
      changeOf,
    ),
  );

  // Built on the first request: converting every schema takes ~250 ms of CPU that a start should not spend.
  let openApi: string | undefined;
  app.get('/openapi.json', (c) => {
    openApi ??= JSON.stringify(openApiDocument());
    return c.body(openApi, 200, { 'content-type': 'application/json' });
  });
  app.get('/_health', (c) => {
    if (!deps.isReady()) return c.json({ status: 'shutting_down' }, 503);
    // A supervisor or load balancer must see a storage outage here, not only in failing writes.
    const storage = deps.storage.health?.() ?? { ok: true };
    // Shown once a backup has run: a server that never backs up keeps the plain answer monitors expect.
    const last = deps.backups && backupHealth(deps.backups);
    const backup = last ? { last_backup: last } : {};
    return storage.ok
      ? c.json({ status: 'ok', ...backup })
      : c.json({ status: 'unavailable', reason: storage.reason, ...backup }, 503);
  });
  app.route(
    '/',
    captureRoutes({
      ingestion: deps.ingestion,
      maxBodyBytes: deps.maxBodyBytes,
      trustProxy: deps.trustProxy,
    }),
  );
  app.route(
    '/',
    captureV1Routes({
      ingestion: deps.ingestion,
      maxBodyBytes: deps.maxBodyBytes,
      trustProxy: deps.trustProxy,
    }),
  );
  app.route('/', outOfScopeRoutes(deps.maxBodyBytes));
  const hasFlags = (projectId: number) => deps.flags.servedFlags(projectId).length > 0;
  app.route('/', remoteConfigRoutes(deps.projects, hasFlags));
  app.route('/', definitionsRoutes(deps.flagEvaluation, deps.flagUsage));
  app.route(
    '/',
    flagsRoutes({
      projects: deps.projects,
      evaluation: deps.flagEvaluation,
      hasFlags,
      maxBodyBytes: deps.maxBodyBytes,
      admit: (token) => deps.rateLimits.check('flags', 'project_key', token),
    }),
  );
  app.route(
    '/',
    ofrepRoutes({
      projects: deps.projects,
      evaluation: deps.flagEvaluation,
      ingestion: deps.ingestion,
      maxBodyBytes: deps.maxBodyBytes,
    }),
  );
  // Every write that changes what SDKs are served passes the same gate (approvals, and the admin bypass).
  const gate = deps.changeRequests && flagChangeGate(deps.changeRequests, changeOf);
  const mayChangeFlags = deps.changeRequests && unreviewableWriteCheck(deps.changeRequests, changeOf);
  app.route('/', flagActivityRoutes(deps.flags, deps.activityLog, changeOf, gate));
  // Before the flag routes: `environment_diff` and `promote` would otherwise read as flag ids.
  app.route('/', flagEnvironmentRoutes(deps.flags, deps.projects, changeOf, gate));
  app.route(
    '/',
    flagManagementRoutes(deps.flags, deps.flagEvaluation, changeOf, deps.flagLifecycle, deps.flagUsage, gate),
  );
  if (deps.changeRequests) app.route('/', changeRequestRoutes(deps.changeRequests, changeOf));
  if (deps.schedules) app.route('/', scheduleRoutes(deps.schedules, changeOf, mayChangeFlags));
  app.route('/', activityLogRoutes(deps.activityLog));
  app.route('/', cohortRoutes(deps.cohorts));
  app.route('/', insightCsvRoutes({ insights: deps.insights, queries: deps.queries }));
  app.route('/', queryRoutes(deps.queries));
  const saved = { insights: deps.insights, dashboards: deps.dashboards, queries: deps.queries };
  app.route('/', insightRoutes(saved));
  app.route('/', dashboardRoutes(saved));
  app.route('/', dashboardTemplateRoutes());
  app.route(
    '/',
    experimentRoutes({
      experiments: deps.experiments,
      results: deps.experimentResults,
      flags: deps.flags,
      changeOf,
      mayChangeFlags,
    }),
  );
  app.route('/', earlyAccessRoutes(deps.earlyAccess, changeOf, mayChangeFlags));
  app.route('/', annotationRoutes(deps.annotations, changeOf));
  app.route('/', definitionRoutes(deps.definitions, changeOf));
  app.route(
    '/',
    exportRoutes(deps.storage.eventExport, (environmentId) =>
      deps.dataSettings ? deps.dataSettings.personalKeysOf(deps.projectIdOf(environmentId)) : [],
    ),
  );
  if (deps.backups) app.route('/', backupRoutes(deps.backups));
  const forgetEnvironment = (environmentId: number) => deps.flags.forgetEnvironment(environmentId);
  const dataSettings = deps.dataSettings;
  const retention = deps.storage.retention;
  const record = (entry: NewEntry, by: ChangeContext) => deps.activityLog.record(entry, by);
  const anonymizeIps: AnonymizeIpsPort | undefined = dataSettings && {
    anonymizeIps: (projectId) => dataSettings.of(projectId).ipHandling !== 'keep',
    setAnonymizeIps: async (c, project, anonymize) => {
      const change = await dataSettings.update(project.id, dataSettingsChanges({ anonymize_ips: anonymize }));
      await auditDataSettings({ record }, project, change, changeOf(c));
    },
  };
  if (dataSettings)
    app.route(
      '/',
      dataSettingsRoutes({
        settings: dataSettings,
        volume: retention && ((ids, since) => retention.volume(ids, since)),
        environmentIdsOf: (projectId) => deps.projects.environmentsOf(projectId).map((e) => e.id),
        record,
        changeOf,
        ...(deps.now ? { now: deps.now } : {}),
      }),
    );
  app.route(
    '/',
    projectRoutes({
      projects: deps.projects,
      grantAdmin: (projectId, userId) =>
        deps.auth.putMembership({ projectId, userId, role: 'admin', createdAt: new Date() }),
      memberProjects: (userId) =>
        deps.projects
          .listProjects()
          .filter((p) => deps.auth.roleOf(userId, p.id) !== undefined)
          .map((p) => p.id),
      hasRunningExperiments: (projectId) => deps.experiments.list(projectId).some(isRunning),
      forgetEnvironment,
      approvals: deps.changeRequests,
      anonymizeIps,
    }),
  );
  app.route('/', environmentRoutes(deps.projects, forgetEnvironment, deps.changeRequests));
  app.route('/', currentUserRoutes(deps.auth, deps.projects));
  app.route('/', readRoutes(deps.storage));
  if (deps.erasure) app.route('/', erasureRoutes(deps.erasure));
  if (deps.personImport) app.route('/', personImportRoutes(deps.personImport));
  app.route('/', personalKeyRoutes(deps.projects));
  app.route(
    '/',
    memberRoutes({
      members: deps.members,
      trustProxy: deps.trustProxy,
      mailer: deps.mailer,
      logger: deps.logger,
      publicUrl: deps.publicUrl,
      audit: async (c, m) => {
        const changes = m.changes.map((ch) => ({
          type: 'Member' as const,
          action: 'changed' as const,
          ...ch,
        }));
        const entry = {
          scope: 'Member' as const,
          itemId: m.userId,
          activity: m.activity,
          name: m.email,
          changes,
        };
        await deps.activityLog.record({ ...entry, projectId: c.get('project').id }, changeOf(c));
      },
    }),
  );
  app.route(
    '/',
    memberAuthRoutes({
      auth: deps.auth,
      members: deps.members,
      projects: deps.projects,
      trustProxy: deps.trustProxy,
    }),
  );
  app.route('/', secretKeyRoutes(deps.secretKeys));
  app.route('/', webhookRoutes(deps.webhooks, deps.projectIdOf));
  if (deps.alerts) app.route('/', alertRoutes(deps.alerts));
  app.route('/', metricsRoutes(deps.metrics, deps.metricsToken));
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
