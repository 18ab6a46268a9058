import type { ActivityEntry } from '../activity-log/activity-entry.ts';
import type { EnvironmentConfig, FeatureFlag } from './feature-flag.ts';

/** One flag's change: its row, the environment settings it touched, and its activity-log entry. */
export interface FlagWrite {
  flag: FeatureFlag;
  configs: EnvironmentConfig[];
  entry: ActivityEntry;
}

export interface FlagStore {
  /**
   * The id for a new object, from a sequence every node shares (PostgreSQL); absent where one process is the only
   * writer, which then counts ids itself.
   */
  allocateId?(): Promise<number>;
  /** Every flag of every project, deleted ones included (they keep their id and history). */
  listFlags(): Promise<FeatureFlag[]>;
  listEnvironmentConfigs(): Promise<EnvironmentConfig[]>;
  /**
   * Inserts or replaces each flag, its environment settings, and appends its activity-log entry, all in one
   * transaction: a change without its entry (or half of a promotion) would make history, and reverts, lie.
   */
  saveFlags(writes: FlagWrite[]): Promise<void>;
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
