import type { StoredEvent } from './event.ts';

export interface EventQuery {
  projectId: number;
  event?: string | undefined;
  distinctIds?: string[] | undefined;
  after?: Date | undefined;
  before?: Date | undefined;
  limit: number;
  offset: number;
}

export interface EventStore {
  /** Newest first (timestamp, then uuid). */
  listEvents(query: EventQuery): Promise<StoredEvent[]>;
  /** The most recently written uuids, as `${projectId}:${uuid}`, newest first, to re-arm de-duplication. */
  recentEventUuids(limit: number): Promise<string[]>;
}
