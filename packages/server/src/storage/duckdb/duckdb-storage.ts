import type { Storage } from '../storage.ts';
import { DuckDbActivityLogStore } from './duckdb-activity-log-store.ts';
import { DuckDbAlertStore } from './duckdb-alert-store.ts';
import { DuckDbAnnotationStore } from './duckdb-annotation-store.ts';
import { DuckDbAuthStore } from './duckdb-auth-store.ts';
import { DuckDbBackup } from './duckdb-backup.ts';
import { DuckDbChangeRequestStore } from './duckdb-change-request-store.ts';
import { DuckDbCohortStore } from './duckdb-cohort-store.ts';
import { DuckDbDashboardStore } from './duckdb-dashboard-store.ts';
import { DuckDbDataSettingsStore } from './duckdb-data-settings-store.ts';
import { DuckDbDatabase, type DuckDbOptions } from './duckdb-database.ts';
import { DuckDbDefinitionScan } from './duckdb-definition-scan.ts';
import { duckDbDefinitionStore } from './duckdb-definition-store.ts';
import { DuckDbEarlyAccessStore } from './duckdb-early-access-store.ts';
import { DuckDbErasureStore } from './duckdb-erasure-store.ts';
import { DuckDbEventExportStore } from './duckdb-event-export-store.ts';
import { DuckDbEventRetentionStore } from './duckdb-event-retention-store.ts';
import { DuckDbEventStore } from './duckdb-event-store.ts';
import { DuckDbExperimentStore } from './duckdb-experiment-store.ts';
import { DuckDbFlagStore } from './duckdb-flag-store.ts';
import { DuckDbFlagUsageStore } from './duckdb-flag-usage-store.ts';
import { DuckDbGroupStore } from './duckdb-group-store.ts';
import { DuckDbIngestionStore } from './duckdb-ingestion-store.ts';
import { DuckDbInsightStore } from './duckdb-insight-store.ts';
import { DuckDbPersonEraser } from './duckdb-person-eraser.ts';
import { DuckDbPersonStore } from './duckdb-person-store.ts';
import { DuckDbProjectSecretKeyStore } from './duckdb-project-secret-key-store.ts';
import { DuckDbProjectStore } from './duckdb-project-store.ts';
import { DuckDbQueryRunner } from './duckdb-query-runner.ts';
import { DuckDbScheduledChangeStore } from './duckdb-scheduled-change-store.ts';
import { DuckDbWebhookStore } from './duckdb-webhook-store.ts';

export async function openDuckDbStorage(dataDir: string, options: DuckDbOptions = {}): Promise<Storage> {
  const db = await DuckDbDatabase.open(dataDir, options);
  return {
    projects: new DuckDbProjectStore(db),
    secretKeys: new DuckDbProjectSecretKeyStore(db),
    dataSettings: new DuckDbDataSettingsStore(db),
    events: new DuckDbEventStore(db, dataDir),
    persons: new DuckDbPersonStore(db),
    groups: new DuckDbGroupStore(db),
    ingestion: new DuckDbIngestionStore(db),
    flags: new DuckDbFlagStore(db),
    flagUsage: new DuckDbFlagUsageStore(db),
    cohorts: new DuckDbCohortStore(db),
    insights: new DuckDbInsightStore(db),
    dashboards: new DuckDbDashboardStore(db),
    experiments: new DuckDbExperimentStore(db),
    earlyAccess: new DuckDbEarlyAccessStore(db),
    annotations: new DuckDbAnnotationStore(db),
    definitions: duckDbDefinitionStore(db),
    definitionScan: new DuckDbDefinitionScan(db),
    analytics: new DuckDbQueryRunner(db, options.queryConcurrency),
    auth: new DuckDbAuthStore(db),
    activity: new DuckDbActivityLogStore(db),
    webhooks: new DuckDbWebhookStore(db),
    alerts: new DuckDbAlertStore(db),
    changeRequests: new DuckDbChangeRequestStore(db),
    schedules: new DuckDbScheduledChangeStore(db),
    eventExport: new DuckDbEventExportStore(db),
    backup: new DuckDbBackup(db, dataDir),
    retention: new DuckDbEventRetentionStore(db),
    erasures: new DuckDbErasureStore(db),
    eraser: new DuckDbPersonEraser(db),
    checkpoint: () => db.checkpointIfIdle(),
    health: () => db.health(),
    close: () => db.close(),
  };
}
