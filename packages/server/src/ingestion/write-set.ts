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
