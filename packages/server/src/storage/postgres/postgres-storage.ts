import { type Logger, silentLogger } from '../../util/logger.ts';
import type { ChangeFeed } from '../change-feed.ts';
import type { Storage } from '../storage.ts';
import { migrate } from './migrations.ts';
import { PostgresActivityLogStore } from './postgres-activity-log-store.ts';
import { PostgresAlertStore } from './postgres-alert-store.ts';
import { PostgresAnnotationStore } from './postgres-annotation-store.ts';
import { PostgresAuthStore } from './postgres-auth-store.ts';
import { openPostgresChangeFeed } from './postgres-change-feed.ts';
import { PostgresChangeRequestStore } from './postgres-change-request-store.ts';
import { PostgresCohortStore } from './postgres-cohort-store.ts';
import { PostgresDataSettingsStore } from './postgres-data-settings-store.ts';
import { PostgresDatabase } from './postgres-database.ts';
import { postgresDefinitionStore } from './postgres-definition-store.ts';
import { PostgresErasureStore } from './postgres-erasure-store.ts';
import { PostgresFlagStore } from './postgres-flag-store.ts';
import { PostgresFlagUsageStore } from './postgres-flag-usage-store.ts';
import { PostgresProjectSecretKeyStore } from './postgres-project-secret-key-store.ts';
import { PostgresProjectStore } from './postgres-project-store.ts';
import {
  PostgresDashboardStore,
  PostgresEarlyAccessStore,
  PostgresExperimentStore,
  PostgresInsightStore,
} from './postgres-saved-object-stores.ts';
import { PostgresScheduledChangeStore } from './postgres-scheduled-change-store.ts';
import { PostgresWebhookStore } from './postgres-webhook-store.ts';

/** The ports PostgreSQL holds in distributed mode: everything transactional; events go to ClickHouse (issue 13). */
export type StateStorage = Pick<
  Storage,
  | 'projects'
  | 'secretKeys'
  | 'dataSettings'
  | 'auth'
  | 'activity'
  | 'flags'
  | 'flagUsage'
  | 'cohorts'
  | 'insights'
  | 'dashboards'
  | 'experiments'
  | 'earlyAccess'
  | 'annotations'
  | 'definitions'
  | 'bootstrapLock'
  | 'retentionLock'
  | 'webhooks'
  | 'alerts'
  | 'changeRequests'
  | 'schedules'
  | 'erasures'
  | 'changes'
  | 'close'
>;

/** Any fixed 64-bit number, the same in every build: the session lock first-start bootstrap runs under. */
const BOOTSTRAP_LOCK = 0x5167_6e70_0002;
/** The session lock held by the node running the retention job. */
const RETENTION_LOCK = 0x5167_6e70_0003;

/**
 * Connects, migrates (once, under an advisory lock, however many nodes start together) and returns the stores,
 * with the feed of what other nodes change. The feed listens before any cache is loaded from the stores, so a
 * change committed after a load is always announced.
 */
export async function openPostgresStorage(
  connectionString: string,
  logger: Logger = silentLogger,
): Promise<StateStorage & { changes: ChangeFeed; database: PostgresDatabase }> {
  const db = PostgresDatabase.create(connectionString);
  let changes: ChangeFeed;
  try {
    await migrate(db);
    changes = await openPostgresChangeFeed(connectionString, logger);
  } catch (error) {
    await db.close();
    throw error;
  }
  return {
    projects: new PostgresProjectStore(db),
    secretKeys: new PostgresProjectSecretKeyStore(db),
    dataSettings: new PostgresDataSettingsStore(db),
    auth: new PostgresAuthStore(db),
    activity: new PostgresActivityLogStore(db),
    flags: new PostgresFlagStore(db),
    flagUsage: new PostgresFlagUsageStore(db),
    cohorts: new PostgresCohortStore(db),
    insights: new PostgresInsightStore(db),
    dashboards: new PostgresDashboardStore(db),
    experiments: new PostgresExperimentStore(db),
    earlyAccess: new PostgresEarlyAccessStore(db),
    annotations: new PostgresAnnotationStore(db),
    definitions: postgresDefinitionStore(db),
    bootstrapLock: async () => {
      const client = await db.connect();
      await client.query('SELECT pg_advisory_lock($1)', [BOOTSTRAP_LOCK]);
      return async () => {
        await client.query('SELECT pg_advisory_unlock($1)', [BOOTSTRAP_LOCK]).catch(() => undefined);
        client.release();
      };
    },
    // Held on one pooled connection for the run; a node that dies mid-run drops it with its connection.
    retentionLock: async () => {
      const client = await db.connect();
      const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [
        RETENTION_LOCK,
      ]);
      if (rows[0]?.ok !== true) {
        client.release();
        return undefined;
      }
      return async () => {
        await client.query('SELECT pg_advisory_unlock($1)', [RETENTION_LOCK]).catch(() => undefined);
        client.release();
      };
    },
    webhooks: new PostgresWebhookStore(db),
    alerts: new PostgresAlertStore(db),
    changeRequests: new PostgresChangeRequestStore(db),
    schedules: new PostgresScheduledChangeStore(db),
    erasures: new PostgresErasureStore(db),
    changes,
    database: db,
    close: async () => {
      await changes.close();
      await db.close();
    },
  };
}
