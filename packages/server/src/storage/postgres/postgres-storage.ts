import type { Storage } from '../storage.ts';
import { migrate } from './migrations.ts';
import { PostgresActivityLogStore } from './postgres-activity-log-store.ts';
import { PostgresAuthStore } from './postgres-auth-store.ts';
import { PostgresCohortStore } from './postgres-cohort-store.ts';
import { PostgresDatabase } from './postgres-database.ts';
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

/** The ports PostgreSQL holds in distributed mode: everything transactional; events go to ClickHouse (issue 13). */
export type StateStorage = Pick<
  Storage,
  | 'projects'
  | 'secretKeys'
  | 'auth'
  | 'activity'
  | 'flags'
  | 'flagUsage'
  | 'cohorts'
  | 'insights'
  | 'dashboards'
  | 'experiments'
  | 'earlyAccess'
  | 'close'
>;

/** Connects, migrates (once, under an advisory lock, however many nodes start together) and returns the stores. */
export async function openPostgresStorage(connectionString: string): Promise<StateStorage> {
  const db = PostgresDatabase.create(connectionString);
  try {
    await migrate(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return {
    projects: new PostgresProjectStore(db),
    secretKeys: new PostgresProjectSecretKeyStore(db),
    auth: new PostgresAuthStore(db),
    activity: new PostgresActivityLogStore(db),
    flags: new PostgresFlagStore(db),
    flagUsage: new PostgresFlagUsageStore(db),
    cohorts: new PostgresCohortStore(db),
    insights: new PostgresInsightStore(db),
    dashboards: new PostgresDashboardStore(db),
    experiments: new PostgresExperimentStore(db),
    earlyAccess: new PostgresEarlyAccessStore(db),
    close: () => db.close(),
  };
}
