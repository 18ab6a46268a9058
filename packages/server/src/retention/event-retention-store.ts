/** One UTC day of stored events. `bytes` is approximate: the properties' JSON length plus a fixed row overhead. */
export interface DailyVolume {
  day: string;
  events: number;
  bytes: number;
}

/** Rows are estimated at this many bytes besides their properties (uuid, ids, names, times, group columns). */
export const ROW_OVERHEAD_BYTES = 120;

/** The event store seen from the retention job and the data-usage card. Environment ids, as events are keyed. */
export interface EventRetentionStore {
  /**
   * Deletes a slice of about `limit` of the environment's events timed before `before` (a target, not a cap:
   * DuckDB slices by time window) and says how many went; 0 once none is left. Small slices keep each
   * transaction short, so ingestion's commits wait behind at most one of them.
   */
  deleteEventsBefore(environmentId: number, before: Date, limit: number): Promise<number>;
  /**
   * Adds per day and event name the count (and distinct persons) of the environment's events timed before
   * `before` to the rollups; called once, just before those events are deleted. Absent where rollups are not kept.
   */
  rollUpBefore?(environmentId: number, before: Date): Promise<void>;
  /** Stored events per UTC day from `since` on, and in total (every day, however old). */
  volume(
    environmentIds: readonly number[],
    since: Date,
  ): Promise<{ days: DailyVolume[]; total: Omit<DailyVolume, 'day'> }>;
}
