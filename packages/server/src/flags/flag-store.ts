import type { FeatureFlag, FlagActivity } from './feature-flag.ts';

export interface FlagStore {
  /** Every flag of every project, deleted ones included (they keep their id and history). */
  listFlags(): Promise<FeatureFlag[]>;
  /** Inserts or replaces the flag with this id, together with its activity entry. */
  saveFlag(flag: FeatureFlag, activity: FlagActivity): Promise<void>;
  listActivity(projectId: number, flagId: number): Promise<FlagActivity[]>;
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
