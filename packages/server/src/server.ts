import type { ChangeContext } from './activity-log/activity-entry.ts';
import { ActivityLogService } from './activity-log/activity-log-service.ts';
import type { AlertProbeDeps } from './alerts/alert-probe.ts';
import { AlertScheduler, type AlertSchedulerOptions } from './alerts/alert-scheduler.ts';
import { AlertService } from './alerts/alert-service.ts';
import { planGuardrailGate } from './alerts/plan-guardrail-gate.ts';
import { srmSubjectOf } from './alerts/srm-subject.ts';
import { AnnotationService } from './annotations/annotation-service.ts';
import { createApp } from './app.ts';
import { AuthService } from './auth/auth-service.ts';
import { BackupScheduler } from './backup/backup-scheduler.ts';
import { BackupService } from './backup/backup-service.ts';
import { ChangeRequestService } from './change-requests/change-request-service.ts';
import { cacheReloads } from './changes/cache-reloads.ts';
import { followChanges } from './changes/follow-changes.ts';
import { CohortMembershipJob } from './cohorts/cohort-membership-job.ts';
import { CohortService } from './cohorts/cohort-service.ts';
import type { Config } from './config.ts';
import { DashboardService } from './dashboards/dashboard-service.ts';
import { DataSettingsService } from './data-settings/data-settings-service.ts';
import { DefinitionRecorder } from './definitions/definition-recorder.ts';
import { DefinitionService } from './definitions/definition-service.ts';
import { recordingDefinitions } from './definitions/recording-ingestion-store.ts';
import { EarlyAccessService } from './early-access/early-access-service.ts';
import { ErasureService } from './erasure/erasure-service.ts';
import type { Properties } from './events/event.ts';
import { ExperimentService } from './experiments/experiment-service.ts';
import { ExperimentResultsService } from './experiments/results/experiment-results-service.ts';
import { FlagLifecycleService } from './flag-usage/flag-lifecycle-service.ts';
import { FlagUsageTracker } from './flag-usage/flag-usage-tracker.ts';
import { StaleDigest } from './flag-usage/stale-digest.ts';
import { FlagEvaluationService } from './flags/flag-evaluation-service.ts';
import { FlagService } from './flags/flag-service.ts';
import { enrichWithCountry, openGeoIp } from './geoip/country-lookup.ts';
import { RateLimits } from './http/rate-limit/rate-limits.ts';
import { PersonImportService } from './imports/person-import-service.ts';
import { IngestionQueue } from './ingestion/ingestion-queue.ts';
import { IngestionService } from './ingestion/ingestion-service.ts';
import { InsightService } from './insights/insight-service.ts';
import { QueryService } from './insights/query-service.ts';
import { smtpMailer } from './members/mailer.ts';
import { MemberService } from './members/member-service.ts';
import { PrometheusMetrics } from './metrics/prometheus-metrics.ts';
import { timedIngestionStore, timedQueryRunner } from './metrics/timed-stores.ts';
import { ProjectService } from './projects/project-service.ts';
import { QueryCache } from './query/query-cache.ts';
import { RetentionJob } from './retention/retention-job.ts';
import { FlagScheduler } from './schedules/flag-scheduler.ts';
import type { RecordActivity } from './schedules/plan-history.ts';
import { ScheduleService } from './schedules/schedule-service.ts';
import { ProjectSecretKeyService } from './secret-keys/project-secret-key-service.ts';
import type { Storage } from './storage/storage.ts';
import type { Logger } from './util/logger.ts';
import type { Notifier } from './webhooks/notifier.ts';
import { httpSender } from './webhooks/webhook-sender.ts';
import { WebhookService } from './webhooks/webhook-service.ts';
import { selfAddressesOf } from './webhooks/webhook-url.ts';
import { WebhookWorker, type WebhookWorkerOptions } from './webhooks/webhook-worker.ts';

const IDLE_CHECKPOINT_MS = 5_000;
const DISTRIBUTED_BACKUP_HINT =
  'This server stores its data in PostgreSQL + ClickHouse: back those up with pg_dump and ClickHouse BACKUP (see README "Backup & restore").';
/** A receiver gets this long to answer a webhook; past it the attempt counts as failed and is retried. */
const WEBHOOK_TIMEOUT_MS = 5_000;
/** How often projects are checked for a due weekly stale-flag digest. */
const STALE_DIGEST_CHECK_MS = 3_600_000;
/** Flag usage is flushed this often (and on shutdown): a crash loses at most this much of the counts. */
const FLAG_USAGE_FLUSH_MS = 30_000;
/** How often projects' expired events are looked for (a run that finds none costs one indexed delete each). */
const RETENTION_CHECK_MS = 3_600_000;
/** Most distinct ids one behavioural cohort membership holds per environment (one query row each). */
const MAX_COHORT_MEMBERS = 5_000_000;

export interface Signpost {
  app: ReturnType<typeof createApp>;
  projects: ProjectService;
  /** Per-project data settings (ip handling, personal keys, retention, stale days). */
  dataSettings: DataSettingsService;
  flags: FlagService;
  cohorts: CohortService;
  /** Recomputes behavioural cohorts' memberships; tests call `runAll()` after sending events. */
  cohortMembership: CohortMembershipJob | undefined;
  webhooks: WebhookService;
  /** Checks due alerts and guardrails; tests call `runDue()` after moving the clock. */
  alertChecks: AlertScheduler;
  schedules: ScheduleService;
  /** Applies due scheduled changes; tests move the clock and call `runDue()` instead of waiting for its timer. */
  scheduler: FlagScheduler;
  storage: Storage;
  /** Flag usage counters; tests flush them instead of waiting for the timer. */
  flagUsage: FlagUsageTracker;
  /** Event and property definitions; tests flush them instead of waiting for the timer. */
  definitions: DefinitionRecorder;
  /** Deletes expired events; tests call `runOnce()` after moving the clock. Absent without an event store. */
  retention: RetentionJob | undefined;
  /** The weekly stale-flag digest; tests call `sendDue()` after moving the clock. */
  staleDigest: StaleDigest;
  /** Online backups of the embedded database (absent support answers BACKUP_UNSUPPORTED). */
  backups: BackupService;
  /** Stops accepting events, commits everything accepted, and closes storage. */
  close(): Promise<void>;
}

export interface SignpostOptions {
  config: Config;
  storage: Storage;
  logger: Logger;
  announce?: (lines: string[]) => void;
  /** Node's process metrics on /metrics (main.ts turns them on; tests building many servers leave them off). */
  processMetrics?: boolean;
  /** Tests shorten the webhook retry schedule and poll interval, or pass a clock. */
  webhookWorker?: Pick<WebhookWorkerOptions, 'retryDelaysMs' | 'pollMs' | 'now' | 'failAfter'>;
  /** Tests shorten the alert poll, or pass a clock (`runDue` then checks what is due). */
  alertScheduler?: Pick<AlertSchedulerOptions, 'pollMs' | 'now' | 'leaseMs'>;
  /** The clock of flag changes, usage days and staleness (tests move it); default the system clock. */
  now?: () => Date;
  /** Off only to measure what usage counting costs (bench/flags-http/usage-run.ts); on by default. */
  trackFlagUsage?: boolean;
}

/** The composition root's core, shared by `main.ts` and in-process tests: wires every service to storage. */
export async function createSignpost({
  config,
  storage,
  logger,
  announce,
  processMetrics,
  webhookWorker,
  alertScheduler,
  now,
  trackFlagUsage = true,
}: SignpostOptions): Promise<Signpost> {
  const metrics = new PrometheusMetrics({ processMetrics: processMetrics ?? false });
  const rateLimits = new RateLimits(config.rateLimits, metrics);
  const analytics = storage.analytics && timedQueryRunner(storage.analytics, metrics);
  const projects = new ProjectService(storage.projects, logger);
  // Nodes starting together on one database: one creates the defaults, the others then find them.
  const releaseBootstrap = await storage.bootstrapLock?.();
  await projects.bootstrap({
    projectApiKey: config.projectApiKey,
    personalApiKey: config.personalApiKey,
    announce: announce ?? (() => undefined),
  });
  const secretKeys = new ProjectSecretKeyService(storage.secretKeys);
  await secretKeys.start();
  const firstSecret = await secretKeys.bootstrap(projects.firstProject()?.id ?? 1, config.projectSecretKey);
  if (firstSecret) {
    (announce ?? (() => undefined))([
      `  Project secret key (for local evaluation, shown once): ${firstSecret}`,
    ]);
  }
  const breakGlass = config.adminEmail?.trim().toLowerCase();
  const auth = new AuthService({
    store: storage.auth,
    logger,
    passwordAllowed: config.oidcOnly ? (email) => email === breakGlass : undefined,
  });
  await auth.start({
    email: config.adminEmail,
    password: config.adminPassword,
    projectId: projects.firstProject()?.id ?? 1,
  });
  await releaseBootstrap?.();
  const members = new MemberService({ auth, store: storage.auth });
  await members.start();
  if (config.oidcOnly && !breakGlass)
    logger.warn(
      'SIGNPOST_OIDC_ONLY is set without SIGNPOST_ADMIN_EMAIL/PASSWORD: nobody can sign in while the identity provider is down',
    );
  // openid-client is loaded only when single sign-on is configured.
  const sso = config.oidc
    ? new (await import('./oidc/sso-service.ts')).SsoService({
        settings: config.oidc,
        auth,
        logger,
        projectId: () => projects.firstProject()?.id ?? 1,
      })
    : undefined;
  await sso?.start();
  const queryCache = new QueryCache();
  const definitionRecorder = new DefinitionRecorder({
    store: storage.definitions,
    scan: storage.definitionScan,
    logger,
  });
  // Before the queue: the backfill's cutoff must precede every event this process ingests.
  definitionRecorder.start();
  const queue = new IngestionQueue({
    ingestionStore: recordingDefinitions(timedIngestionStore(storage.ingestion, metrics), definitionRecorder),
    personStore: storage.persons,
    groupStore: storage.groups,
    logger,
    dedupWindow: config.dedupWindow,
    maxCommitEvents: config.maxCommitEvents,
    onCommit: (projectIds) => queryCache.invalidate(projectIds),
  });
  // The dedup window and the known-id sets load in the background, once this start is done: a start must not
  // cost time in proportion to the data (storage decides what they cannot meanwhile).
  let startDone = () => {};
  const warmUpAfter = new Promise<void>((resolve) => {
    startDone = resolve;
  });
  await queue.start(storage.events, { warmUpAfter });
  // Services take environment ids where they read data and map them to the project for what it owns.
  const projectIdOf = (environmentId: number) =>
    projects.environmentById(environmentId)?.projectId ?? environmentId;
  const dataSettings = new DataSettingsService({ store: storage.dataSettings, projectIdOf });
  await dataSettings.start();
  const mailer = config.smtpUrl ? smtpMailer(config.smtpUrl, config.smtpFrom) : undefined;
  const worker = new WebhookWorker({
    store: storage.webhooks,
    sender: httpSender({ timeoutMs: WEBHOOK_TIMEOUT_MS, mailer }),
    logger,
    ...webhookWorker,
  });
  const self = selfAddressesOf(config.host, config.port, config.publicUrl);
  const webhooks = new WebhookService({
    store: storage.webhooks,
    logger,
    selfAddresses: () => self,
    mailAllowed: mailer !== undefined,
    wake: () => worker.wake(),
  });
  // A failing outbox write must not undo or fail the flag change it reports, which is already stored.
  const notifier: Notifier = {
    notify: (n) =>
      webhooks
        .notify(n)
        .catch((error: unknown) =>
          logger.warn('webhook notification not enqueued', { event: n.type, error: String(error) }),
        ),
  };
  const flags = new FlagService({
    store: storage.flags,
    now,
    projectIdOf,
    notifier,
    groupTypeIndexes: (projectId) => new Set(queue.groupTypes(projectId).values()),
    cohortIds: (projectId) => cohorts.ids(projectId),
  });
  const cohorts: CohortService = new CohortService({
    store: storage.cohorts,
    persons: storage.persons,
    isUsedByFlag: (projectId, cohortId) => flags.usesCohort(projectId, cohortId),
    ...(analytics
      ? {
          computeMembers: (environmentId: number, cohortId: number) =>
            queries.cohortMembers(environmentId, cohortId, MAX_COHORT_MEMBERS),
        }
      : {}),
    onBehavioralSaved: (cohort) => cohortMembership?.schedule(cohort.id),
    ...(analytics ? { recomputeIntervalMs: config.cohortRecomputeMs } : {}),
  });
  const erasure = new ErasureService({
    persons: storage.persons,
    eraser: storage.eraser,
    store: storage.erasures,
    writer: queue,
    removeFromStaticCohorts: (environmentId, distinctIds) =>
      cohorts.removeStaticMembers(environmentId, distinctIds),
    // Erasure works per environment (where events live); the personal keys are a setting of its project.
    personalKeysOf: async (environmentId) => dataSettings.personalKeysOf(projectIdOf(environmentId)),
    onErased: (environmentId) => {
      queryCache.invalidate([environmentId]);
      // The erased person's experience-continuity overrides are gone from the store: drop the cached ones, or a
      // new person with the same distinct id (hence the same person id) would inherit them.
      flagEvaluation
        .reload()
        .catch((error: unknown) => logger.warn('flag overrides not reloaded', { error: String(error) }));
    },
    ...(now ? { now } : {}),
  });
  const experiments = new ExperimentService({ store: storage.experiments, flags, now });
  const flagUsage = new FlagUsageTracker({
    store: storage.flagUsage,
    logger,
    ...(now ? { nowMs: () => now().getTime() } : {}),
  });
  flagUsage.start(FLAG_USAGE_FLUSH_MS);
  const flagLifecycle = new FlagLifecycleService({
    store: storage.flagUsage,
    now,
    pending: (environmentId) => flagUsage.pending(environmentId),
    staleDaysOf: (environmentId) => dataSettings.staleDaysOf(environmentId),
    shippedExperiments: (environmentId) =>
      experiments
        .list(projectIdOf(environmentId))
        .flatMap((e) => (e.shippedVariant && e.endDate ? [{ flagId: e.flagId, endDate: e.endDate }] : [])),
  });
  const flagEvaluation = new FlagEvaluationService({
    ...(trackFlagUsage ? { usage: flagUsage } : {}),
    flags,
    cohorts,
    identity: queue,
    store: storage.flags,
    experiments,
    projectIdOf,
  });
  await flags.start();
  await cohorts.start();
  await flagEvaluation.start();
  await experiments.start();
  const earlyAccess = new EarlyAccessService({ store: storage.earlyAccess, flags });
  await earlyAccess.start();
  const queries = new QueryService({
    runner: analytics,
    cohorts,
    projectIdOf,
    environmentIdsOf: (environmentId) => projects.environmentsOf(projectIdOf(environmentId)).map((e) => e.id),
    cache: queryCache,
    timeoutMs: config.queryTimeoutMs,
    maxCells: config.queryMaxCells,
    // An injected clock moves relative date ranges too, so alerts read the intervals their clock says are due.
    ...(now ? { now } : {}),
  });
  // Without an SQL engine (memory storage) behavioural cohorts keep whatever membership was stored.
  const cohortMembership = analytics
    ? new CohortMembershipJob({
        cohorts,
        compute: (environmentId, cohortId) =>
          queries.cohortMembers(environmentId, cohortId, MAX_COHORT_MEMBERS),
        environmentsOf: (projectId) => projects.environmentsOf(projectId).map((e) => e.id),
        intervalMs: config.cohortRecomputeMs,
        logger,
        ...(now ? { now } : {}),
      })
    : undefined;
  cohortMembership?.start();
  const experimentResults = new ExperimentResultsService({
    runner: analytics,
    cohorts,
    projectIdOf,
    cache: queryCache,
    timeoutMs: config.queryTimeoutMs,
    maxCells: config.queryMaxCells,
  });
  const insights = new InsightService(storage.insights);
  await insights.start();
  const dashboards = new DashboardService({ store: storage.dashboards, insights });
  await dashboards.start();
  const liveInsight = (projectId: number, id: number) => {
    const insight = insights.find(projectId, id);
    return insight && !insight.deleted ? insight : undefined;
  };
  const activityLog = new ActivityLogService(storage.activity, now);
  const annotations = new AnnotationService({
    store: storage.annotations,
    activity: activityLog,
    insightExists: (projectId, id) => liveInsight(projectId, id) !== undefined,
    ...(now ? { now } : {}),
  });
  const flagKey = (environmentId: number, flagId: number) =>
    flags.liveFlags(environmentId).find((f) => f.id === flagId)?.key;
  const variantsOf = (environmentId: number, flagId: number) =>
    flags.liveFlags(environmentId).find((f) => f.id === flagId)?.filters.multivariate?.variants ?? [];
  const alerts = new AlertService({
    store: storage.alerts,
    insight: liveInsight,
    flagKey,
    variantCount: (environmentId, flagId) => variantsOf(environmentId, flagId).length,
    projectIdOf,
    now,
  });
  const probeDeps: AlertProbeDeps = {
    runQuery: (target, body) => queries.run(target, body),
    target: (environmentId) => {
      const project = projects.projectOfEnvironment(environmentId);
      return project && { ...project, id: environmentId };
    },
    insight: liveInsight,
    flagKey,
    srmSubject: (environmentId, flagId) =>
      srmSubjectOf(
        flagKey(environmentId, flagId),
        variantsOf(environmentId, flagId),
        experiments.list(projectIdOf(environmentId)).filter((e) => e.flagId === flagId),
      ),
    countExposures: (target, subject, arms, window) =>
      experimentResults.exposures(target, subject, arms, window),
  };
  const disableFlag = async (environmentId: number, flagId: number, by: ChangeContext) => {
    await flags.update(environmentId, flagId, { active: false }, by);
  };
  const record: RecordActivity = (entry, by) => activityLog.record(entry, by);
  const scheduler = new FlagScheduler({
    store: storage.schedules,
    flags,
    logger,
    notifier,
    guardrails: planGuardrailGate({ ...probeDeps, store: storage.alerts, disableFlag }),
    record,
    now,
  });
  const schedules = new ScheduleService({
    store: storage.schedules,
    flags,
    projectIdOf,
    now,
    runDue: () => scheduler.runDue(),
    wake: () => scheduler.wake(),
    isGuardrailOf: (environmentId, flagId, id) => alerts.isGuardrailOf(environmentId, flagId, id),
    record,
  });
  // Steps that came due while the server was down run once, before it serves (each row is claimed first).
  await scheduler.start();
  const alertChecks = new AlertScheduler({
    ...probeDeps,
    store: storage.alerts,
    notifier,
    logger,
    disableFlag,
    pausePlans: (environmentId, flagId, reason) => scheduler.pausePlansOf(environmentId, flagId, reason),
    now,
    ...alertScheduler,
  });
  // Several nodes on shared storage: what the others commit reaches this node's caches through the feed.
  const following =
    storage.changes &&
    followChanges(storage.changes, {
      reloads: cacheReloads({
        projects,
        dataSettings,
        secretKeys,
        auth,
        members,
        flags,
        flagEvaluation,
        cohorts,
        insights,
        dashboards,
        experiments,
        earlyAccess,
      }),
      invalidateQueries: (ids) =>
        queryCache.invalidate(
          ids === 'all'
            ? projects.listProjects().flatMap((p) => projects.environmentsOf(p.id).map((e) => e.id))
            : ids,
        ),
      forgetIdentities: (change) => {
        queue.forget(change);
        if (change.groupTypeProjects.length > 0) queue.refreshGroupTypes(change.groupTypeProjects);
      },
      forgetAllIdentities: () => queue.forgetAll(),
      logger,
    });
  const geoip = config.geoipDb ? openGeoIp(config.geoipDb) : null;
  const ingestion = new IngestionService({
    projects,
    queue,
    maxDecodedBytes: config.maxDecodedBytes,
    maxEventBytes: config.maxEventBytes,
    maxBatchEvents: config.maxBatchEvents,
    admit: (token) => rateLimits.check('capture', 'project_key', token),
    onStored: (environmentId, events) => flagUsage.recordCalledEvents(environmentId, events),
    ipHandling: (environmentId) => dataSettings.ipHandlingOf(environmentId),
    ...(geoip ? { enrich: (properties: Properties) => enrichWithCountry(geoip, properties) } : {}),
  });
  // Checkpoint while nobody is sending, so the automatic one rarely lands inside a busy commit.
  const checkpointTimer = setInterval(() => {
    if (queue.idleMs() > IDLE_CHECKPOINT_MS) {
      storage
        .checkpoint?.()
        .catch((error: unknown) => logger.warn('checkpoint failed', { error: String(error) }));
    }
  }, IDLE_CHECKPOINT_MS);
  checkpointTimer.unref();
  // Deliveries left pending by the last run (or by another node) go out as soon as the server is up.
  worker.start();
  alertChecks.start();
  const backups = new BackupService({
    backup: storage.backup,
    unsupported: config.distributed
      ? DISTRIBUTED_BACKUP_HINT
      : 'This storage backend has no backup support (the in-memory store keeps nothing to back up).',
    logger,
    now,
  });
  const backupScheduler =
    config.backupSchedule &&
    new BackupScheduler({ service: backups, schedule: config.backupSchedule, logger });
  backupScheduler?.start();
  let ready = true;
  const app = createApp({
    backups,
    projects,
    dataSettings,
    ...(now ? { now } : {}),
    ingestion,
    personImport: new PersonImportService(queue),
    flags,
    flagEvaluation,
    flagUsage,
    flagLifecycle,
    cohorts,
    queries,
    insights,
    dashboards,
    experiments,
    experimentResults,
    earlyAccess,
    annotations,
    definitions: new DefinitionService({ store: storage.definitions }),
    erasure,
    auth,
    members,
    mailer,
    webhooks,
    alerts,
    changeRequests: new ChangeRequestService({
      store: storage.changeRequests,
      flags,
      projectIdOf,
      notifier,
      ...(now ? { now } : {}),
    }),
    schedules,
    projectIdOf,
    activityLog,
    secretKeys,
    metrics,
    metricsToken: config.metricsToken,
    rateLimits,
    storage,
    logger,
    webDir: config.webDir,
    maxBodyBytes: config.maxBodyBytes,
    trustProxy: config.trustProxy,
    sso,
    publicUrl: config.publicUrl,
    oidcOnly: config.oidcOnly,
    isReady: () => ready,
  });
  const staleDigest = new StaleDigest({
    lifecycle: flagLifecycle,
    flags: (environmentId) => flags.servedFlags(environmentId),
    environments: () =>
      projects
        .listProjects()
        .flatMap((p) =>
          projects.environmentsOf(p.id).map((e) => ({ id: e.id, projectId: p.id, name: e.name })),
        ),
    activity: storage.activity,
    notifier,
    logger,
    ...(now ? { now } : {}),
  });
  staleDigest.start(STALE_DIGEST_CHECK_MS);
  const retention =
    storage.retention &&
    new RetentionJob({
      store: storage.retention,
      policies: () =>
        [...dataSettings.retentionDays()].map(([projectId, days]) => ({
          projectId,
          days,
          rollups: dataSettings.of(projectId).rollupsEnabled,
        })),
      environmentsOf: (projectId) => projects.environmentsOf(projectId).map((e) => e.id),
      logger,
      onExpired: (ids) => queryCache.invalidate(ids),
      ...(storage.retentionLock
        ? { lock: () => storage.retentionLock?.() ?? Promise.resolve(undefined) }
        : {}),
      ...(now ? { now } : {}),
    });
  retention?.start(RETENTION_CHECK_MS);
  startDone();
  return {
    app,
    projects,
    dataSettings,
    flags,
    cohorts,
    cohortMembership,
    webhooks,
    alertChecks,
    schedules,
    scheduler,
    storage,
    flagUsage,
    definitions: definitionRecorder,
    staleDigest,
    backups,
    retention,
    async close() {
      ready = false;
      staleDigest.stop();
      backupScheduler?.stop();
      await retention?.stop();
      clearInterval(checkpointTimer);
      await cohortMembership?.stop();
      await alertChecks.stop();
      await scheduler.stop();
      await worker.stop();
      sso?.stop();
      following?.stop();
      await queue.close();
      await following?.idle();
      await definitionRecorder.close();
      await flagUsage.stop();
      await storage.close();
    },
  };
}
