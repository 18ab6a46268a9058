/** What an erasure request removes (issue 15 §1). */
export const ERASURE_MODES = ['erase', 'anonymise', 'events_only'] as const;
export type ErasureMode = (typeof ERASURE_MODES)[number];

/** Rows touched per table (table names come from the engines, never from users); the record keeps only these. */
export type ErasureCounts = Record<string, number>;

/**
 * Everything one engine needs to forget a person, resolved beforehand by the service. `personIds` holds the
 * person, those merged into it and the deterministic id of each of its distinct ids: events carry the person id
 * they were written with, which is any of those.
 */
export interface ErasurePlan {
  projectId: number;
  mode: ErasureMode;
  personIds: string[];
  distinctIds: string[];
  /** Set in anonymise mode: what the person's events carry instead, and which property keys go. */
  anonymise?: { distinctId: string; personId: string; personalKeys: readonly string[] };
}

/**
 * Events an engine deleted before the writer's exclusive section (the long scan, while ingestion keeps
 * committing). `covers`: the person had no id then that it lacks now, so only events stamped `created_at >=
 * since` can remain; otherwise the engine scans everything again.
 */
export interface EarlyEventDeletion {
  deleted: number;
  since: Date;
  covers: boolean;
}

/** One erasure request as remembered afterwards: who, when, how, how many rows; never what was erased. */
export interface ErasureRecord {
  id: string;
  /** The environment the person lived in. */
  projectId: number;
  mode: ErasureMode;
  /** Who asked, as named in the audit log. */
  requestedBy: string;
  createdAt: Date;
  counts: ErasureCounts;
}
