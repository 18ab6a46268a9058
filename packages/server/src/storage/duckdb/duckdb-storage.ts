import type { Storage } from '../storage.ts';
import { DuckDbCohortStore } from './duckdb-cohort-store.ts';
import { DuckDbDatabase } from './duckdb-database.ts';
import { DuckDbEventStore } from './duckdb-event-store.ts';
import { DuckDbFlagStore } from './duckdb-flag-store.ts';
import { DuckDbGroupStore } from './duckdb-group-store.ts';
import { DuckDbIngestionStore } from './duckdb-ingestion-store.ts';
import { DuckDbPersonStore } from './duckdb-person-store.ts';
import { DuckDbProjectStore } from './duckdb-project-store.ts';

export async function openDuckDbStorage(dataDir: string): Promise<Storage> {
  const db = await DuckDbDatabase.open(dataDir);
  return {
    projects: new DuckDbProjectStore(db),
    events: new DuckDbEventStore(db),
    persons: new DuckDbPersonStore(db),
    groups: new DuckDbGroupStore(db),
    ingestion: new DuckDbIngestionStore(db),
    flags: new DuckDbFlagStore(db),
    cohorts: new DuckDbCohortStore(db),
    checkpoint: () => db.checkpointIfIdle(),
    close: () => db.close(),
  };
}
