import type { ActivityLogStore } from '../activity-log/activity-log-store.ts';
import type { AlertStore } from '../alerts/alert-store.ts';
import type { AnnotationStore } from '../annotations/annotation-store.ts';
import type { AuthStore } from '../auth/auth-store.ts';
import type { DatabaseBackup } from '../backup/database-backup.ts';
import type { ChangeRequestStore } from '../change-requests/change-request-store.ts';
import type { CohortStore } from '../cohorts/cohort-store.ts';
import type { DashboardStore } from '../dashboards/dashboard-store.ts';
import type { DataSettingsStore } from '../data-settings/data-settings-store.ts';
import type { DefinitionScan } from '../definitions/definition-scan.ts';
import type { DefinitionStore } from '../definitions/definition-store.ts';
import type { EarlyAccessStore } from '../early-access/early-access-store.ts';
import type { ErasureStore } from '../erasure/erasure-store.ts';
import type { PersonEraser } from '../erasure/person-eraser.ts';
import type { EventStore } from '../events/event-store.ts';
import type { ExperimentStore } from '../experiments/experiment-store.ts';
import type { EventExportStore } from '../exports/event-export-store.ts';
import type { FlagUsageStore } from '../flag-usage/flag-usage-store.ts';
import type { FlagStore } from '../flags/flag-store.ts';
import type { GroupStore } from '../groups/group-store.ts';
import type { IngestionStore } from '../ingestion/write-set.ts';
import type { InsightStore } from '../insights/insight-store.ts';
import type { PersonStore } from '../persons/person-store.ts';
import type { ProjectStore } from '../projects/project-store.ts';
import type { QueryRunner } from '../query/query-runner.ts';
import type { EventRetentionStore } from '../retention/event-retention-store.ts';
import type { ScheduledChangeStore } from '../schedules/scheduled-change-store.ts';
import type { ProjectSecretKeyStore } from '../secret-keys/project-secret-key-store.ts';
import type { WebhookStore } from '../webhooks/webhook-store.ts';
import type { ChangeFeed } from './change-feed.ts';

/** Whether storage can take writes now; `reason` is one line for operators (shown by `/_health`). */
export type StorageHealth = { ok: true } | { ok: false; reason: string };

/** Every store port, as one storage backend (DuckDB embedded, in-memory for tests, ClickHouse later) provides them. */
export interface Storage {
  projects: ProjectStore;
  secretKeys: ProjectSecretKeyStore;
  /** Per-project personal-data controls, retention and stale-flag days (cached in memory by every node). */
  dataSettings: DataSettingsStore;
  events: EventStore;
  persons: PersonStore;
  groups: GroupStore;
  ingestion: IngestionStore;
  flags: FlagStore;
  /** Per-day evaluation counters of flags, flushed from memory (additive, so nodes can share it). */
  flagUsage: FlagUsageStore;
  cohorts: CohortStore;
  insights: InsightStore;
  dashboards: DashboardStore;
  experiments: ExperimentStore;
  earlyAccess: EarlyAccessStore;
  /** Dated notes drawn on time charts; queried in place (they grow with every release). */
  annotations: AnnotationStore;
  /** Every event name and property key seen per environment, merged in by the definitions recorder. */
  definitions: DefinitionStore;
  /** Reads definitions back out of stored events for the backfill; absent where events live elsewhere. */
  definitionScan?: DefinitionScan;
  /** Runs insight SQL; absent on backends without a SQL engine (the in-memory fake). */
  analytics?: QueryRunner;
  auth: AuthStore;
  /** The append-only change log; the flag store appends to it in the same transaction as the flag. */
  activity: ActivityLogStore;
  /** Webhook subscriptions and their outbox (durable: a pending delivery survives a restart). */
  webhooks: WebhookStore;
  /** Insight alerts and flag guardrails with their check state (claimed per check when nodes share storage). */
  alerts: AlertStore;
  /** Flag change requests awaiting approval, and how many approvals each project and environment asks for. */
  changeRequests: ChangeRequestStore;
  /** Scheduled flag changes and rollout plan steps (durable: a step due while the server was down runs at start). */
  schedules: ScheduledChangeStore;
  /** Consistent online backups of the embedded database; absent where other tools back storage up. */
  backup?: DatabaseBackup;
  /** Deletes expired events in slices, rolls them up, and measures what is stored; absent where events are not held. */
  retention?: EventRetentionStore;
  /** Records of person erasures (who, when, how many rows), and the secret anonymised tokens are made with. */
  erasures: ErasureStore;
  /** Removes or anonymises one person's events and identities (issue 15 §1). */
  eraser: PersonEraser;
  /** Streams raw events out for exports; absent on the in-memory fake. */
  eventExport?: EventExportStore;
  /**
   * Waits until no other node sharing this storage is bootstrapping, and returns the release: first-start
   * bootstrap (default project, keys, first admin) must happen once however many nodes start together. Absent on
   * single-process backends. A failed start ends the process, whose connection close releases the lock too.
   */
  bootstrapLock?(): Promise<() => Promise<void>>;
  /**
   * Takes the lock that makes one node at a time run the retention job, without waiting: undefined when another
   * node holds it. Absent on single-process backends.
   */
  retentionLock?(): Promise<(() => Promise<void>) | undefined>;
  /** Folds buffered writes (a WAL) into the main file; called when ingestion has been idle for a while. */
  checkpoint?(): Promise<void>;
  /** Absent on backends that cannot fail (the in-memory fake), which are always healthy. */
  health?(): StorageHealth;
  /** What other nodes change in storage shared by several nodes; absent where this node is the only writer. */
  changes?: ChangeFeed;
  close(): Promise<void>;
}
