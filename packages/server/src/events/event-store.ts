import type { StoredEvent } from './event.ts';

export type GroupIndex = 0 | 1 | 2 | 3 | 4;

export interface EventQuery {
  projectId: number;
  event?: string | undefined;
  distinctIds?: string[] | undefined;
  after?: Date | undefined;
  before?: Date | undefined;
  /** Only events sent with this group (`$groups`): the group type's index 0–4 and the group's key. */
  group?: { index: GroupIndex; key: string } | undefined;
  limit: number;
  offset: number;
}

export interface EventStore {
  /** Newest first (timestamp, then uuid). */
  listEvents(query: EventQuery): Promise<StoredEvent[]>;
  /** The most recently written uuids, as `${projectId}:${uuid}`, newest first, to re-arm de-duplication. */
  recentEventUuids(limit: number): Promise<string[]>;
  /** The same keys a page at a time, so loading a window of millions never holds them all as strings. */
  recentEventUuidPages(limit: number): AsyncIterable<string[]>;
  /**
   * Which of these uuids (valid, lower case) of a project are stored: decides duplicates while the
   * de-duplication window is still loading after a start.
   */
  storedEventUuids(projectId: number, uuids: string[]): Promise<string[]>;
}
