import type { ActivityEntry } from '../activity-log/activity-entry.ts';
import type { FeatureFlag } from './feature-flag.ts';

export interface FlagStore {
  /** Every flag of every project, deleted ones included (they keep their id and history). */
  listFlags(): Promise<FeatureFlag[]>;
  /**
   * Inserts or replaces the flag with this id and appends its activity-log entry, in one transaction: a flag
   * change without its entry (or the reverse) would make history, and reverts, lie.
   */
  saveFlag(flag: FeatureFlag, entry: ActivityEntry): Promise<void>;
  listHashKeyOverrides(): Promise<HashKeyOverride[]>;
  insertHashKeyOverride(override: HashKeyOverride): Promise<void>;
}

/** Experience continuity: the id a person keeps being bucketed by for one flag after identifying. */
export interface HashKeyOverride {
  projectId: number;
  personId: string;
  flagKey: string;
  hashKey: string;
}
