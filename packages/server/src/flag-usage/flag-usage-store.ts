import type { FlagUsageRow } from './flag-usage.ts';

export interface FlagUsageStore {
  /**
   * Adds each row's count to what is stored for its (environment, flag, day, value): several nodes flush their
   * own counters into one database, so a flush must add, never replace.
   */
  addUsage(rows: readonly FlagUsageRow[]): Promise<void>;
  /** An environment's rows from `sinceDay` (inclusive, `YYYY-MM-DD`) on, ordered by flag, day and value. */
  listUsage(environmentId: number, sinceDay: string): Promise<FlagUsageRow[]>;
  /** Each flag's last day with any count in an environment (`last_evaluated_at`), however long ago. */
  lastUsedDays(environmentId: number): Promise<Map<string, string>>;
}
