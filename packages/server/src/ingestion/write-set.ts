import type { StoredEvent } from '../events/event.ts';
import type { Group, GroupType } from '../groups/group.ts';
import type { Person } from '../persons/person.ts';

/** Everything one group commit writes, in one transaction: all of it becomes durable, or none of it. */
export interface WriteSet {
  events: StoredEvent[];
  /** New versions of persons; `deleted` marks persons merged away. */
  persons: { person: Person; deleted: boolean }[];
  distinctIds: { projectId: number; distinctId: string; personId: string; version: number }[];
  groups: Group[];
  groupTypes: GroupType[];
  /**
   * What each identity change was computed from. A store shared by several nodes (PostgreSQL) writes a change
   * only if the stored row still matches and throws IdentityConflictError otherwise; a single writer ignores it.
   */
  bases?: WriteBases;
}

/** Keys are `distinctKey`/`groupKey` (ingestion-state.ts) and person ids; `null` means "did not exist". */
export interface WriteBases {
  /** person id → the version it had before this commit. */
  persons: Map<string, number | null>;
  /** distinctKey → the person it pointed at before this commit. */
  distinctIds: Map<string, string | null>;
  /** groupKey → the version it had before this commit. */
  groups: Map<string, number | null>;
}

export interface IngestionStore {
  commit(writeSet: WriteSet): Promise<void>;
  /**
   * Whether a commit error was caused by the data written (a value the store cannot hold) rather than by the
   * store itself (disk, I/O). Data errors make the queue retry each request alone so one bad event cannot fail
   * the others' commit; store errors fail the whole commit with a retryable 503.
   */
  isDataError?(error: unknown): boolean;
  /** The highest distinct-id mapping version written so far, to continue the sequence after a restart. */
  maxDistinctIdVersion(): Promise<number>;
  /** Visits every distinct id that was ever mapped and every stored group (each at least once), in any order. */
  scanIdentities(visit: IdentityVisitor): Promise<void>;
}

export interface IdentityVisitor {
  distinctId(projectId: number, distinctId: string): void;
  group(projectId: number, groupTypeIndex: number, groupKey: string): void;
}
