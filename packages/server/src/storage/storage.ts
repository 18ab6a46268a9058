import type { CohortStore } from '../cohorts/cohort-store.ts';
import type { EventStore } from '../events/event-store.ts';
import type { FlagStore } from '../flags/flag-store.ts';
import type { GroupStore } from '../groups/group-store.ts';
import type { IngestionStore } from '../ingestion/write-set.ts';
import type { PersonStore } from '../persons/person-store.ts';
import type { ProjectStore } from '../projects/project-store.ts';

/** Every store port, as one storage backend (DuckDB embedded, in-memory for tests, ClickHouse later) provides them. */
export interface Storage {
  projects: ProjectStore;
  events: EventStore;
  persons: PersonStore;
  groups: GroupStore;
  ingestion: IngestionStore;
  flags: FlagStore;
  cohorts: CohortStore;
  /** Folds buffered writes (a WAL) into the main file; called when ingestion has been idle for a while. */
  checkpoint?(): Promise<void>;
  close(): Promise<void>;
}
