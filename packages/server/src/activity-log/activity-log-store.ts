import type { ActivityEntry, ActivityScope, ActorKind } from './activity-entry.ts';

/** A position in the newest-first order: entries strictly older than this one come next. */
export interface ActivityCursor {
  at: Date;
  id: string;
}

export interface ActivityQuery {
  projectId: number;
  scope?: ActivityScope | undefined;
  itemId?: string | undefined;
  actorId?: string | undefined;
  actorKind?: ActorKind | undefined;
  /** Inclusive lower bound on the entry's time. */
  after?: Date | undefined;
  /** Exclusive upper bound on the entry's time. */
  before?: Date | undefined;
  cursor?: ActivityCursor | undefined;
  limit: number;
}

/**
 * Append-only by design: the port has no update or delete, so no adapter, route or bug can rewrite history.
 * Flag changes are appended by the flag store in the flag's own transaction; everything else through `append`.
 */
export interface ActivityLogStore {
  append(entry: ActivityEntry): Promise<void>;
  /** Newest first (time, then id), at most `limit` entries. */
  list(query: ActivityQuery): Promise<ActivityEntry[]>;
  get(projectId: number, id: string): Promise<ActivityEntry | undefined>;
}
